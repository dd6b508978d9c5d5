package audit

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/fault"
	"github.com/panelpulse/panelpulse/internal/paging"
)

// Filter narrows a listing; zero values keep everything.
type Filter struct {
	// Procedure keeps events whose procedure contains it, case ignored.
	Procedure  string
	StaffKeyID int64
	// From (included) and To (excluded) bound the time.
	From, To *time.Time
}

func (f Filter) String() string {
	s := f.Procedure + "|" + strconv.FormatInt(f.StaffKeyID, 10)
	if f.From != nil {
		s += "|" + f.From.UTC().Format(time.RFC3339Nano)
	}
	s += "|"
	if f.To != nil {
		s += f.To.UTC().Format(time.RFC3339Nano)
	}
	return s
}

// List returns one page of a tenant's events, newest first, and the token
// of the next page ("" at the end).
func (r *Recorder) List(ctx context.Context, tenantID int64, f Filter, pageSize int32, pageToken string) ([]dbsqlc.AuditEventListRow, string, error) {
	if f.From != nil && f.To != nil && !f.From.Before(*f.To) {
		return nil, "", fault.New(fault.Invalid, "from must be before to")
	}
	p, err := paging.Parse(pageSize, pageToken, f.String())
	if err != nil {
		return nil, "", err
	}
	rows, err := r.st.Q.AuditEventList(ctx, dbsqlc.AuditEventListParams{
		TenantID: tenantID, Before: p.After, Procedure: f.Procedure, StaffKeyID: f.StaffKeyID,
		FromAt: f.From, ToAt: f.To, Lim: p.Limit(),
	})
	if err != nil {
		return nil, "", fmt.Errorf("audit.List: %w", err)
	}
	page, next := paging.Next(p, rows, func(r dbsqlc.AuditEventListRow) int64 { return r.ID })
	return page, next, nil
}
