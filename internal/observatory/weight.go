package observatory

import (
	"context"
	"fmt"

	"github.com/panelpulse/panelpulse/internal/stats"
)

// frame loads the tenant's population frame (nil when none was imported).
func (s *Service) frame(ctx context.Context, tenantID int64) (stats.Frame, error) {
	rows, err := s.st.Q.PopulationStratumList(ctx, tenantID)
	if err != nil {
		return nil, fmt.Errorf("observatory.frame: %w", err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	f := stats.Frame{}
	for _, r := range rows {
		f[stats.Stratum{Sector: r.Sector, SizeBand: r.SizeBand}] = float64(r.Businesses)
	}
	return f, nil
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
