package demo

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"time"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/auth"
	"github.com/panelpulse/panelpulse/internal/calendar"
	"github.com/panelpulse/panelpulse/internal/clock"
	"github.com/panelpulse/panelpulse/internal/demo/content"
	"github.com/panelpulse/panelpulse/internal/observatory"
	"github.com/panelpulse/panelpulse/internal/panel"
	"github.com/panelpulse/panelpulse/internal/schedule"
	"github.com/panelpulse/panelpulse/internal/store"
)

// Simulator answers the demo panellists' open questions with plausible
// values, as the phones of the pilot panel would.
type Simulator struct {
	st         *store.Store
	obs        *observatory.Service
	clock      clock.Clock
	log        *slog.Logger
	tenant     dbsqlc.Tenant
	cal        *calendar.Calendar
	loc        *time.Location
	panellists map[int64]content.Business
	questions  map[string]content.Question
	// waveStart is the first day of the demo wave, for the simulated drift.
	waveStart calendar.Date
}

// NewSimulator prepares a simulator for the demo tenant on the process
// clock, reading sector results from the process's observatory.
func NewSimulator(ctx context.Context, st *store.Store, obs *observatory.Service, clk clock.Clock, log *slog.Logger) (*Simulator, error) {
	if st == nil || obs == nil || clk == nil || log == nil {
		return nil, errors.New("demo.NewSimulator: store, observatory, clock and logger are required")
	}
	t, err := st.Q.TenantGetBySlug(ctx, Slug)
	if err != nil {
		return nil, fmt.Errorf("demo.NewSimulator: %w", err)
	}
	cal, loc, err := schedule.Calendar(ctx, st.Q, t)
	if err != nil {
		return nil, err
	}
	byRef := map[string]content.Business{}
	for _, b := range content.Businesses(Seed) {
		byRef[b.Panellist.Ref] = b
	}
	ps, err := st.Q.PanellistList(ctx, t.ID)
	if err != nil {
		return nil, fmt.Errorf("demo.NewSimulator: %w", err)
	}
	s := &Simulator{st: st, obs: obs, clock: clk, log: log, tenant: t, cal: cal, loc: loc, panellists: map[int64]content.Business{}, questions: map[string]content.Question{}}
	for _, p := range ps {
		if b, ok := byRef[p.Ref]; ok {
			s.panellists[p.ID] = b
		}
	}
	for _, q := range content.QuestionBank() {
		s.questions[q.Key] = q
	}
	ws, err := st.Q.WaveListActiveOn(ctx, dbsqlc.WaveListActiveOnParams{TenantID: t.ID, Day: calendar.DateOf(clk.Now().In(loc)).Time(nil)})
	if err != nil {
		return nil, fmt.Errorf("demo.NewSimulator: %w", err)
	}
	if len(ws) > 0 {
		s.waveStart = calendar.DateOf(ws[0].StartDate)
	}
	if len(s.panellists) == 0 {
		return nil, errors.New("demo.NewSimulator: the demo tenant has no demo panellists")
	}
	return s, nil
}

// Backfill plans and answers the wave's working days before today, so the
// observatory has a history the moment the demo starts. The pushes of those
// days are found expired or answered by the dispatcher and never reach a phone.
func (s *Simulator) Backfill(ctx context.Context, now time.Time) (int, error) {
	if s.waveStart.IsZero() {
		return 0, nil
	}
	total := 0
	for _, d := range s.cal.WorkingDaysBetween(s.waveStart, calendar.DateOf(now.In(s.loc)).AddDays(-1)) {
		// Plan as of that morning: today's clock would find the day closed.
		planner, err := schedule.NewPlanner(s.st, clock.NewFake(calendar.DeliveryInstant(d, s.loc, 7*60)), s.log)
		if err != nil {
			return total, err
		}
		if _, err := planner.PlanDay(ctx, s.tenant, d); err != nil {
			return total, err
		}
		n, err := s.AnswerOpen(ctx, clock.NewFake(calendar.DeliveryInstant(d, s.loc, 15*60)))
		if err != nil {
			return total, err
		}
		total += n
	}
	return total, nil
}

// AnswerOpen answers, as of clk, the open questions that the simulated
// panellist chooses to answer (about seven in ten, decided once per
// assignment so repeated runs agree).
func (s *Simulator) AnswerOpen(ctx context.Context, clk clock.Clock) (int, error) {
	pan, err := panel.New(s.st, s.obs, clk)
	if err != nil {
		return 0, err
	}
	n := 0
	for id, b := range s.panellists {
		who := auth.Principal{TenantID: s.tenant.ID, PanellistID: id}
		open, _, err := pan.Today(ctx, who)
		if err != nil {
			return n, err
		}
		for _, o := range open {
			q, ok := s.questions[o.Question.Key]
			if o.Answer != nil || !ok {
				continue
			}
			r := rand.New(rand.NewPCG(uint64(o.AssignmentID), Seed))
			day, _ := s.cal.WorkingDayIndex(s.waveStart, o.Day)
			v, answers := content.Simulate(q, b, min(day, content.WaveDays-1), r)
			if !answers {
				continue
			}
			_, err := pan.Submit(ctx, who, panel.Submission{
				AssignmentID: o.AssignmentID, IdempotencyKey: fmt.Sprintf("sim-%d", o.AssignmentID),
				Value: v, AnsweredAt: clk.Now(),
			})
			if err != nil {
				return n, fmt.Errorf("demo: answer %d: %w", o.AssignmentID, err)
			}
			n++
		}
	}
	return n, nil
}

// Run answers open questions every interval of the clock until ctx ends.
func (s *Simulator) Run(ctx context.Context, every time.Duration) error {
	for {
		n, err := s.AnswerOpen(ctx, s.clock)
		if err != nil && ctx.Err() == nil {
			s.log.ErrorContext(ctx, "simulation failed", "err", err)
		} else if n > 0 {
			s.log.InfoContext(ctx, "simulated answers", "answers", n)
		}
		if clock.Sleep(ctx, s.clock, every) != nil {
			return nil
		}
	}
}
