package panel

import (
	"context"
	"fmt"
	"time"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/answer"
	"github.com/panelpulse/panelpulse/internal/auth"
	"github.com/panelpulse/panelpulse/internal/bank"
	"github.com/panelpulse/panelpulse/internal/calendar"
	"github.com/panelpulse/panelpulse/internal/schedule"
)

// Open is an open assignment with its question and the latest answer.
type Open struct {
	AssignmentID int64
	Question     bank.Question
	Day          calendar.Date
	OpensAt      time.Time
	ClosesAt     time.Time
	Status       string
	Answer       *answer.Value
	Revision     int32
}

// Progress is where the panellist stands in the current wave.
type Progress struct {
	Wave     string
	Day      int32
	OfDays   int32
	Answered int32
	Streak   int32
}

// Today lists the caller's open assignments, oldest day first, and their
// progress in the wave of the newest one.
func (s *Service) Today(ctx context.Context, who auth.Principal) ([]Open, Progress, error) {
	now := s.clock.Now()
	rows, err := s.st.Q.AssignmentListOpen(ctx, dbsqlc.AssignmentListOpenParams{TenantID: who.TenantID, PanellistID: who.PanellistID, Now: now})
	if err != nil {
		return nil, Progress{}, fmt.Errorf("panel.Today: %w", err)
	}
	out := make([]Open, 0, len(rows))
	for _, r := range rows {
		spec, err := bank.DecodeSpec(r.Spec)
		if err != nil {
			return nil, Progress{}, err
		}
		o := Open{
			AssignmentID: r.ID, Day: calendar.DateOf(r.Day), OpensAt: r.OpensAt, ClosesAt: r.ClosesAt, Status: r.Status,
			Question: bank.Question{Key: r.Key, Theme: r.Theme, Version: r.Version, Title: r.Title, Wording: r.Wording, Spec: spec},
		}
		if r.AnswerValue != nil {
			v, err := answer.Decode(&spec, r.AnswerValue)
			if err != nil {
				return nil, Progress{}, fmt.Errorf("panel.Today: stored answer: %w", err)
			}
			o.Answer = &v
			o.Revision = *r.AnswerRevision
		}
		out = append(out, o)
	}
	var prog Progress
	if len(rows) > 0 {
		prog, err = s.progress(ctx, who, rows[len(rows)-1].WaveID, now)
		if err != nil {
			return nil, Progress{}, err
		}
	}
	return out, prog, nil
}

// progress counts days in the wave so far, days answered and the run of
// answered days ending with the latest day that has closed or been answered.
func (s *Service) progress(ctx context.Context, who auth.Principal, waveID int64, now time.Time) (Progress, error) {
	w, err := s.st.Q.WaveGet(ctx, dbsqlc.WaveGetParams{TenantID: who.TenantID, ID: waveID})
	if err != nil {
		return Progress{}, fmt.Errorf("panel.progress: %w", err)
	}
	t, err := s.st.Q.TenantGet(ctx, who.TenantID)
	if err != nil {
		return Progress{}, fmt.Errorf("panel.progress: %w", err)
	}
	cal, loc, err := schedule.Calendar(ctx, s.st.Q, t)
	if err != nil {
		return Progress{}, err
	}
	days, err := s.st.Q.AssignmentWaveDays(ctx, dbsqlc.AssignmentWaveDaysParams{TenantID: who.TenantID, PanellistID: who.PanellistID, WaveID: waveID, Now: now})
	if err != nil {
		return Progress{}, fmt.Errorf("panel.progress: %w", err)
	}
	p := Progress{Wave: w.Name, OfDays: w.WorkingDays}
	if idx, ok := cal.WorkingDayIndex(calendar.DateOf(w.StartDate), calendar.DateOf(now.In(loc))); ok {
		p.Day = int32(min(idx+1, int(w.WorkingDays)))
	}
	for i, d := range days {
		if d.Answered {
			p.Answered++
			p.Streak++
		} else if i < len(days)-1 {
			// Today's unanswered question does not break the streak yet.
			p.Streak = 0
		}
	}
	return p, nil
}
