// Package admin is what a programme admin does: the sector map, the panel
// import, waves with their plans, invites and the response-rate monitor.
package admin

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/auth"
	"github.com/panelpulse/panelpulse/internal/calendar"
	"github.com/panelpulse/panelpulse/internal/clock"
	"github.com/panelpulse/panelpulse/internal/counts"
	"github.com/panelpulse/panelpulse/internal/fault"
	"github.com/panelpulse/panelpulse/internal/schedule"
	"github.com/panelpulse/panelpulse/internal/sector"
	"github.com/panelpulse/panelpulse/internal/store"
)

// InviteTTL is how long an invite code stays usable.
const InviteTTL = 30 * 24 * time.Hour

// Service runs admin operations; every method takes the tenant.
type Service struct {
	st      *store.Store
	clock   clock.Clock
	planner *schedule.Planner
}

// New returns a Service that sends ad-hoc questions through the process's
// planner.
func New(st *store.Store, clk clock.Clock, planner *schedule.Planner) (*Service, error) {
	if st == nil || clk == nil || planner == nil {
		return nil, errors.New("admin.New: store, clock and planner are required")
	}
	return &Service{st: st, clock: clk, planner: planner}, nil
}

// SectorMap returns the tenant's rules.
func (s *Service) SectorMap(ctx context.Context, tenantID int64) ([]sector.Rule, error) {
	return sectorRules(ctx, s.st.Q, tenantID)
}

func sectorRules(ctx context.Context, q *dbsqlc.Queries, tenantID int64) ([]sector.Rule, error) {
	rows, err := q.SectorRuleList(ctx, tenantID)
	if err != nil {
		return nil, fmt.Errorf("admin.SectorMap: %w", err)
	}
	out := make([]sector.Rule, len(rows))
	for i, r := range rows {
		out[i] = sector.Rule{Prefix: r.SicPrefix, Sector: r.Sector}
	}
	return out, nil
}

// sectorMap is the tenant's stored sector map, as imports and edits of
// businesses apply it.
func sectorMap(ctx context.Context, q *dbsqlc.Queries, tenantID int64) (*sector.Map, error) {
	rules, err := sectorRules(ctx, q, tenantID)
	if err != nil {
		return nil, err
	}
	m, err := sector.NewMap(rules)
	if err != nil {
		return nil, fmt.Errorf("admin: stored sector map: %w", err)
	}
	return m, nil
}

// SetSectorMap replaces the rules and re-derives every business's sector;
// it returns how many businesses changed sector.
func (s *Service) SetSectorMap(ctx context.Context, tenantID int64, rules []sector.Rule) (int64, error) {
	m, err := sector.NewMap(rules)
	if err != nil {
		return 0, fault.New(fault.Invalid, "sector map: %v", err)
	}
	var changed int64
	err = s.st.InTx(ctx, func(q *dbsqlc.Queries) error {
		if err := q.SectorRuleDeleteAll(ctx, tenantID); err != nil {
			return err
		}
		p := dbsqlc.SectorRuleInsertManyParams{TenantID: tenantID}
		for _, r := range rules {
			p.Prefixes = append(p.Prefixes, r.Prefix)
			p.Sectors = append(p.Sectors, r.Sector)
		}
		if err := q.SectorRuleInsertMany(ctx, p); err != nil {
			return err
		}
		bs, err := q.BusinessListSIC(ctx, tenantID)
		if err != nil {
			return err
		}
		u := dbsqlc.BusinessSetSectorsParams{TenantID: tenantID}
		for _, b := range bs {
			u.Ids = append(u.Ids, b.ID)
			u.Sectors = append(u.Sectors, m.Lookup(b.Sic))
		}
		changed, err = q.BusinessSetSectors(ctx, u)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("admin.SetSectorMap: %w", err)
	}
	return changed, nil
}

// Invite is an invite code issued to a panellist.
type Invite struct {
	PanellistRef string
	Code         string
}

// CreateInvites issues a code to each named panellist not yet enrolled
// (all of them when refs is empty). Codes are shown once; only hashes are
// kept. A new code revokes the panellist's earlier unused codes.
func (s *Service) CreateInvites(ctx context.Context, tenantID int64, refs []string) ([]Invite, error) {
	var out []Invite
	err := s.st.InTx(ctx, func(q *dbsqlc.Queries) error {
		ps, err := q.PanellistListForInvite(ctx, dbsqlc.PanellistListForInviteParams{TenantID: tenantID, Refs: refs})
		if err != nil {
			return err
		}
		if len(refs) > 0 && len(ps) != len(refs) {
			return fault.New(fault.NotFound, "%d of the %d panellists named are unknown or already enrolled", len(refs)-len(ps), len(refs))
		}
		now := s.clock.Now()
		expires := now.Add(InviteTTL)
		for _, p := range ps {
			// A new code replaces the panellist's earlier unused ones, so
			// at most one code per panellist is live.
			if err := q.InviteRevokeUnused(ctx, dbsqlc.InviteRevokeUnusedParams{TenantID: tenantID, PanellistID: p.ID, Now: now}); err != nil {
				return err
			}
			code, hash, err := auth.NewInviteCode()
			if err != nil {
				return err
			}
			if err := q.InviteInsert(ctx, dbsqlc.InviteInsertParams{TenantID: tenantID, CodeHash: hash, PanellistID: p.ID, ExpiresAt: expires}); err != nil {
				return err
			}
			out = append(out, Invite{PanellistRef: p.Ref, Code: code})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("admin.CreateInvites: %w", err)
	}
	return out, nil
}

// ResponseRates returns the counts of a wave's assignments per day.
func (s *Service) ResponseRates(ctx context.Context, tenantID, waveID int64) ([]counts.Row, error) {
	w, err := s.wave(ctx, tenantID, waveID)
	if err != nil {
		return nil, fmt.Errorf("admin.ResponseRates: %w", err)
	}
	return counts.Read(ctx, s.st.Q, tenantID, waveDays(w, ""))
}

// wave reads a wave of the tenant, NotFound when it has none of that id.
func (s *Service) wave(ctx context.Context, tenantID, waveID int64) (dbsqlc.Wave, error) {
	w, err := s.st.Q.WaveGet(ctx, dbsqlc.WaveGetParams{TenantID: tenantID, ID: waveID})
	if errors.Is(err, store.ErrNotFound) {
		return w, fault.New(fault.NotFound, "wave %d does not exist", waveID)
	}
	return w, err
}

// waveDays picks a wave's assignments (of every day it has) split by
// dimension.
func waveDays(w dbsqlc.Wave, dimension string) counts.Filter {
	// Every day: ad-hoc items held by the tenant's holder wave may fall on
	// any day.
	return counts.Filter{WaveID: w.ID, From: firstDay, To: lastDay, Dimension: dimension}
}

// firstDay and lastDay bound every day counts can be read for.
var firstDay, lastDay = calendar.MustParseDate("2000-01-01"), calendar.MustParseDate("2999-12-31")
