package admin

import (
	"context"
	"fmt"

	"github.com/panelpulse/panelpulse/internal/counts"
	"github.com/panelpulse/panelpulse/internal/paging"
)

// ResponseMonitor reports per day and segment (split by dimension, one of
// counts.Dimensions; empty means "all") the counts of a wave's
// assignments.
func (s *Service) ResponseMonitor(ctx context.Context, tenantID, waveID int64, dimension string) ([]counts.Row, error) {
	w, err := s.wave(ctx, tenantID, waveID)
	if err != nil {
		return nil, fmt.Errorf("admin.ResponseMonitor: %w", err)
	}
	return counts.Read(ctx, s.st.Q, tenantID, waveDays(w, dimension))
}

// DefaultStoppedDays is how many unanswered assigned days in a row make a
// panellist one who stopped answering, when the admin gives no number.
const DefaultStoppedDays = 3

// StoppedPanellists pages through the panellists of a wave whose last days
// assigned days that are over (closed by now, or answered) have no answer
// (days 0 means DefaultStoppedDays).
func (s *Service) StoppedPanellists(ctx context.Context, tenantID, waveID int64, days int, size int32, token string) ([]counts.Stopped, string, error) {
	if days <= 0 {
		days = DefaultStoppedDays
	}
	p, err := paging.Parse(size, token, fmt.Sprintf("stopped/%d/%d", waveID, days))
	if err != nil {
		return nil, "", err
	}
	if _, err := s.wave(ctx, tenantID, waveID); err != nil {
		return nil, "", fmt.Errorf("admin.StoppedPanellists: %w", err)
	}
	rows, err := counts.ReadStopped(ctx, s.st.Q, tenantID, waveID, days, s.clock.Now(), p.After, int(p.Limit()))
	if err != nil {
		return nil, "", fmt.Errorf("admin.StoppedPanellists: %w", err)
	}
	rows, next := paging.Next(p, rows, func(r counts.Stopped) int64 { return r.ID })
	return rows, next, nil
}
