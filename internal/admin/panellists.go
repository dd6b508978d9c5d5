package admin

import (
	"context"
	"fmt"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/paging"
)

// PanellistFilter narrows a panellist listing; empty fields keep all.
type PanellistFilter struct {
	Sector, Status, Search string
}

// PanellistPage lists one page of the tenant's panellists in import order
// and the token of the next page ("" at the end).
func (s *Service) PanellistPage(ctx context.Context, tenantID int64, f PanellistFilter, pageSize int32, pageToken string) ([]dbsqlc.PanellistPageRow, string, error) {
	p, err := paging.Parse(pageSize, pageToken, f.Sector+"|"+f.Status+"|"+f.Search)
	if err != nil {
		return nil, "", err
	}
	rows, err := s.st.Q.PanellistPage(ctx, dbsqlc.PanellistPageParams{
		TenantID: tenantID, After: p.After, Sector: f.Sector, Status: f.Status, Search: f.Search, Lim: p.Limit(),
	})
	if err != nil {
		return nil, "", fmt.Errorf("admin.PanellistPage: %w", err)
	}
	page, next := paging.Next(p, rows, func(r dbsqlc.PanellistPageRow) int64 { return r.ID })
	return page, next, nil
}

// FormatClock formats minutes after midnight as "HH:MM".
func FormatClock(minute int32) string {
	return fmt.Sprintf("%02d:%02d", minute/60, minute%60)
}
