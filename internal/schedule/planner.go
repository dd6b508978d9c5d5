// Package schedule turns waves and their plans into assignments and
// delivery pushes: weekdays of the tenant's calendar, at each panellist's
// local delivery time, within the daily cap, in a seeded order.
package schedule

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/calendar"
	"github.com/panelpulse/panelpulse/internal/clock"
	"github.com/panelpulse/panelpulse/internal/store"
)

// Planner plans days. Planning is idempotent, so several replicas may run it.
type Planner struct {
	st    *store.Store
	clock clock.Clock
	log   *slog.Logger
}

// NewPlanner returns a Planner.
func NewPlanner(st *store.Store, clk clock.Clock, log *slog.Logger) (*Planner, error) {
	if st == nil || clk == nil || log == nil {
		return nil, errors.New("schedule.NewPlanner: store, clock and logger are required")
	}
	return &Planner{st: st, clock: clk, log: log}, nil
}

// DayResult counts what planning a day made.
type DayResult struct {
	Assignments int64
	Deliveries  int64
	Reminders   int64
}

// PlanDay plans one day of one tenant in one transaction: assignments for
// every wave running that day, then one delivery push per panellist and
// one reminder push where a reminder is due. Nothing happens on a
// non-working day. Pushes are not made for assignments already closed.
func (p *Planner) PlanDay(ctx context.Context, t dbsqlc.Tenant, day calendar.Date) (DayResult, error) {
	var res DayResult
	err := p.st.InTx(ctx, func(q *dbsqlc.Queries) error {
		cal, _, err := Calendar(ctx, q, t)
		if err != nil {
			return err
		}
		if !cal.IsWorkingDay(day) {
			return nil
		}
		waves, err := q.WaveListActiveOn(ctx, dbsqlc.WaveListActiveOnParams{TenantID: t.ID, Day: dbDate(day)})
		if err != nil {
			return err
		}
		closeDate := cal.AddWorkingDays(day, int(t.CloseWorkingDays))
		var reminderDays []time.Time
		for _, d := range cal.WorkingDaysBetween(day, closeDate) {
			reminderDays = append(reminderDays, dbDate(d))
		}
		for _, w := range waves {
			idx, ok := cal.WorkingDayIndex(calendar.DateOf(w.StartDate), day)
			if !ok || idx >= int(w.WorkingDays) {
				continue
			}
			n, err := q.AssignmentPlanDay(ctx, dbsqlc.AssignmentPlanDayParams{
				TenantID: t.ID, WaveID: w.ID, Day: dbDate(day), DayIndex: int32(idx),
				CloseDate: dbDate(closeDate), DailyCap: t.DailyCap, Seed: w.Seed,
				ReminderMinutes: t.ReminderAfterMinutes, ReminderDays: reminderDays,
			})
			if err != nil {
				return fmt.Errorf("wave %d: %w", w.ID, err)
			}
			res.Assignments += n
		}
		now := p.clock.Now()
		if res.Deliveries, err = q.PushInsertDeliveries(ctx, dbsqlc.PushInsertDeliveriesParams{TenantID: t.ID, Day: dbDate(day), Now: now}); err != nil {
			return err
		}
		if t.ReminderAfterMinutes > 0 {
			if res.Reminders, err = q.PushInsertReminders(ctx, dbsqlc.PushInsertRemindersParams{TenantID: t.ID, Day: dbDate(day), Now: now}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return DayResult{}, fmt.Errorf("schedule.PlanDay %s %s: %w", t.Slug, day, err)
	}
	return res, nil
}

// Tick plans, for every tenant, today (in the tenant's time zone) and the
// recent working days whose assignments may still be open, so a server that
// was down catches up without pushing closed assignments.
func (p *Planner) Tick(ctx context.Context) error {
	tenants, err := p.st.Q.TenantList(ctx)
	if err != nil {
		return fmt.Errorf("schedule.Tick: %w", err)
	}
	var errs []error
	for _, t := range tenants {
		if err := p.tickTenant(ctx, t); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func (p *Planner) tickTenant(ctx context.Context, t dbsqlc.Tenant) error {
	cal, loc, err := Calendar(ctx, p.st.Q, t)
	if err != nil {
		return err
	}
	today := calendar.DateOf(p.clock.Now().In(loc))
	from := cal.AddWorkingDays(cal.WorkingDayOnOrAfter(today), -int(t.CloseWorkingDays)-1)
	for _, d := range cal.WorkingDaysBetween(from, today) {
		res, err := p.PlanDay(ctx, t, d)
		if err != nil {
			return err
		}
		if res.Assignments+res.Deliveries+res.Reminders > 0 {
			p.log.InfoContext(ctx, "planned", "tenant", t.Slug, "day", d.String(),
				"assignments", res.Assignments, "deliveries", res.Deliveries, "reminders", res.Reminders)
		}
	}
	return nil
}

// Run ticks every interval until ctx ends.
func (p *Planner) Run(ctx context.Context, every time.Duration) error {
	tk := time.NewTicker(every)
	defer tk.Stop()
	for {
		if err := p.Tick(ctx); err != nil && ctx.Err() == nil {
			p.log.ErrorContext(ctx, "planning failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-tk.C:
		}
	}
}
