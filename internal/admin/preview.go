package admin

import (
	"context"
	"fmt"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/calendar"
	"github.com/panelpulse/panelpulse/internal/counts"
	"github.com/panelpulse/panelpulse/internal/fault"
	"github.com/panelpulse/panelpulse/internal/schedule"
)

// PreviewWave is the dry run of a wave: per working day and plan item how
// many panellists would receive the question, with the panel as it is now,
// computed without writing anything; and the daily cap it counts.
func (s *Service) PreviewWave(ctx context.Context, tenantID, waveID int64) ([]schedule.PreviewRow, int32, error) {
	t, err := s.st.Q.TenantGet(ctx, tenantID)
	if err != nil {
		return nil, 0, fmt.Errorf("admin.PreviewWave: %w", err)
	}
	rows, err := schedule.Preview(ctx, s.st.Q, t, waveID)
	if err != nil {
		return nil, 0, fmt.Errorf("admin.PreviewWave: %w", err)
	}
	return rows, t.DailyCap, nil
}

// SendAdHoc sends the question with key to a segment outside the plan, now
// or on the next weekday (see schedule.Planner.SendAdHoc).
func (s *Service) SendAdHoc(ctx context.Context, tenantID int64, key, segment string, when schedule.When) (schedule.AdHoc, error) {
	qs, err := s.st.Q.QuestionIDsByKey(ctx, dbsqlc.QuestionIDsByKeyParams{TenantID: tenantID, Keys: []string{key}})
	if err != nil {
		return schedule.AdHoc{}, fmt.Errorf("admin.SendAdHoc: %w", err)
	}
	if len(qs) == 0 {
		return schedule.AdHoc{}, fault.New(fault.NotFound, "question_key: question %q does not exist", key)
	}
	return s.planner.SendAdHoc(ctx, tenantID, qs[0].ID, segment, when)
}

// PlanStatus returns per day from..to ("YYYY-MM-DD", inclusive) the counts
// of the tenant's assignments over every wave.
func (s *Service) PlanStatus(ctx context.Context, tenantID int64, from, to string) ([]counts.Row, error) {
	f, err := calendar.ParseDate(from)
	if err != nil {
		return nil, fault.New(fault.Invalid, "from_day: %q is not a date (YYYY-MM-DD)", from)
	}
	l, err := calendar.ParseDate(to)
	if err != nil {
		return nil, fault.New(fault.Invalid, "to_day: %q is not a date (YYYY-MM-DD)", to)
	}
	if l.Before(f) || f.DaysUntil(l) > 366 {
		return nil, fault.New(fault.Invalid, "to_day must be on or after from_day and at most a year later")
	}
	return counts.Read(ctx, s.st.Q, tenantID, counts.Filter{From: f, To: l})
}
