package admin

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/fault"
	"github.com/panelpulse/panelpulse/internal/paging"
	"github.com/panelpulse/panelpulse/internal/store"
)

// BusinessFilter narrows a business listing; empty fields keep all.
type BusinessFilter struct {
	Sector, SizeBand, Search string
}

// BusinessPage lists one page of the tenant's businesses in import order
// and the token of the next page ("" at the end).
func (s *Service) BusinessPage(ctx context.Context, tenantID int64, f BusinessFilter, pageSize int32, pageToken string) ([]dbsqlc.BusinessPageRow, string, error) {
	p, err := paging.Parse(pageSize, pageToken, f.Sector+"|"+f.SizeBand+"|"+f.Search)
	if err != nil {
		return nil, "", err
	}
	rows, err := s.st.Q.BusinessPage(ctx, dbsqlc.BusinessPageParams{
		TenantID: tenantID, After: p.After, Sector: f.Sector, SizeBand: f.SizeBand, Search: f.Search, Lim: p.Limit(),
	})
	if err != nil {
		return nil, "", fmt.Errorf("admin.BusinessPage: %w", err)
	}
	page, next := paging.Next(p, rows, func(r dbsqlc.BusinessPageRow) int64 { return r.ID })
	return page, next, nil
}

// Business returns one of the tenant's businesses by ref.
func (s *Service) Business(ctx context.Context, tenantID int64, ref string) (dbsqlc.BusinessPageRow, error) {
	return businessByRef(ctx, s.st.Q, tenantID, ref)
}

func businessByRef(ctx context.Context, q *dbsqlc.Queries, tenantID int64, ref string) (dbsqlc.BusinessPageRow, error) {
	b, err := q.BusinessByRef(ctx, dbsqlc.BusinessByRefParams{TenantID: tenantID, Ref: ref})
	if errors.Is(err, store.ErrNotFound) {
		return dbsqlc.BusinessPageRow{}, fault.New(fault.NotFound, "no business has ref %s", quote(ref))
	}
	if err != nil {
		return dbsqlc.BusinessPageRow{}, fmt.Errorf("admin.Business: %w", err)
	}
	return dbsqlc.BusinessPageRow(b), nil
}

// BusinessChange is an edit of a business: each field set replaces the
// stored value, each nil field keeps it.
type BusinessChange struct {
	Name, SIC, District *string
	Employees           *int32
}

// UpdateBusiness applies c to the business with ref under the rules of
// ImportBusinesses (values trimmed as a CSV cell is); the sector follows
// from the SIC code through the tenant's sector map and the size band from
// employees. A refused change stores nothing.
func (s *Service) UpdateBusiness(ctx context.Context, tenantID int64, ref string, c BusinessChange) (dbsqlc.BusinessPageRow, error) {
	var out dbsqlc.BusinessPageRow
	err := s.st.InTx(ctx, func(q *dbsqlc.Queries) error {
		cur, err := businessByRef(ctx, q, tenantID, ref)
		if err != nil {
			return err
		}
		in := BusinessFields{Ref: cur.Ref, Name: cur.Name, SIC: cur.Sic, Employees: strconv.Itoa(int(cur.Employees)), District: cur.District}
		set(&in.Name, c.Name)
		set(&in.SIC, c.SIC)
		set(&in.District, c.District)
		if c.Employees != nil {
			in.Employees = strconv.Itoa(int(*c.Employees))
		}
		emp, _, msg := checkBusiness(in, nil)
		if msg != "" {
			return invalid(msg)
		}
		m, err := sectorMap(ctx, q, tenantID)
		if err != nil {
			return err
		}
		if _, err := q.BusinessUpdate(ctx, dbsqlc.BusinessUpdateParams{
			TenantID: tenantID, ID: cur.ID, Name: in.Name, Sic: in.SIC, Sector: m.Lookup(in.SIC),
			SizeBand: SizeBand(int(emp)), Employees: int32(emp), District: in.District,
		}); err != nil {
			return err
		}
		out, err = businessByRef(ctx, q, tenantID, ref)
		return err
	})
	if err != nil {
		return dbsqlc.BusinessPageRow{}, fmt.Errorf("admin.UpdateBusiness: %w", err)
	}
	return out, nil
}

// Panellist returns one of the tenant's panellists by ref.
func (s *Service) Panellist(ctx context.Context, tenantID int64, ref string) (dbsqlc.PanellistPageRow, error) {
	return panellistByRef(ctx, s.st.Q, tenantID, ref)
}

func panellistByRef(ctx context.Context, q *dbsqlc.Queries, tenantID int64, ref string) (dbsqlc.PanellistPageRow, error) {
	p, err := q.PanellistByRef(ctx, dbsqlc.PanellistByRefParams{TenantID: tenantID, Ref: ref})
	if errors.Is(err, store.ErrNotFound) {
		return dbsqlc.PanellistPageRow{}, fault.New(fault.NotFound, "no panellist has ref %s", quote(ref))
	}
	if err != nil {
		return dbsqlc.PanellistPageRow{}, fmt.Errorf("admin.Panellist: %w", err)
	}
	return dbsqlc.PanellistPageRow(p), nil
}

// PanellistChange is an edit of a panellist's details: each field set
// replaces the stored value, each nil field keeps it.
type PanellistChange struct {
	Name, Email, Role, DeliveryTime, TimeZone *string
}

// UpdatePanellist applies c to the panellist with ref under the rules of
// ImportPanellists (values trimmed as a CSV cell is; an empty time zone
// is DefaultTimeZone, an empty delivery time DefaultDeliveryMinute). A
// withdrawn panellist cannot be changed; the status is never changed
// here. A refused change stores nothing.
func (s *Service) UpdatePanellist(ctx context.Context, tenantID int64, ref string, c PanellistChange) (dbsqlc.PanellistPageRow, error) {
	var out dbsqlc.PanellistPageRow
	err := s.st.InTx(ctx, func(q *dbsqlc.Queries) error {
		cur, err := panellistByRef(ctx, q, tenantID, ref)
		if err != nil {
			return err
		}
		if cur.Status == "withdrawn" {
			return fault.New(fault.FailedPrecondition, "panellist %s has withdrawn from the panel, so their details can no longer be changed", quote(ref))
		}
		in := PanellistFields{Ref: cur.Ref, BusinessRef: cur.BusinessRef, Name: cur.Name, Email: cur.Email, Role: cur.Role,
			TimeZone: cur.TimeZone, DeliveryTime: FormatClock(cur.DeliveryMinute)}
		set(&in.Name, c.Name)
		set(&in.Email, c.Email)
		set(&in.Role, c.Role)
		set(&in.DeliveryTime, c.DeliveryTime)
		set(&in.TimeZone, c.TimeZone)
		tz, minute, _, msg := checkPanellist(in, nil)
		if msg != "" {
			return invalid(msg)
		}
		n, err := q.PanellistUpdate(ctx, dbsqlc.PanellistUpdateParams{
			TenantID: tenantID, ID: cur.ID, Name: in.Name, Email: in.Email, Role: in.Role, TimeZone: tz, DeliveryMinute: minute,
		})
		if err != nil {
			return err
		}
		if n == 0 {
			return fault.New(fault.FailedPrecondition, "panellist %s has withdrawn from the panel, so their details can no longer be changed", quote(ref))
		}
		out, err = panellistByRef(ctx, q, tenantID, ref)
		return err
	})
	if err != nil {
		return dbsqlc.PanellistPageRow{}, fmt.Errorf("admin.UpdatePanellist: %w", err)
	}
	return out, nil
}

// set replaces *dst with the trimmed *v when v is not nil.
func set(dst, v *string) {
	if v != nil {
		*dst = strings.TrimSpace(*v)
	}
}

// invalid is the refusal of an edit breaking an import rule; msg already
// quotes the caller's values in short (quote), so it is kept whole.
func invalid(msg string) error {
	return &fault.Error{Kind: fault.Invalid, Message: msg}
}
