package admin

import (
	"context"
	"fmt"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
)

// Panellists lists the tenant's panellists with their business, status and
// device count, in import order.
func (s *Service) Panellists(ctx context.Context, tenantID int64) ([]dbsqlc.PanellistListRow, error) {
	rows, err := s.st.Q.PanellistList(ctx, tenantID)
	if err != nil {
		return nil, fmt.Errorf("admin.Panellists: %w", err)
	}
	return rows, nil
}

// FormatClock formats minutes after midnight as "HH:MM".
func FormatClock(minute int32) string {
	return fmt.Sprintf("%02d:%02d", minute/60, minute%60)
}
