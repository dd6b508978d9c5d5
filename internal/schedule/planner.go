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
	AdHoc       int64
	Deliveries  int64
	Reminders   int64
	// Extended counts queued pushes that took late ad-hoc items, and ad-hoc
	// pushes made because the delivery push had already gone out.
	Extended int64
	// Moved counts wave assignments not yet pushed that gave up their slot
	// to a finding test sent now and moved to a later working day; Dropped
	// those that found no day with room before their wave ended.
	Moved, Dropped int64
}

// AdHocSpillDays is how many working days an ad-hoc item keeps spilling
// forward while its panellists' days are full; after that it lapses.
const AdHocSpillDays = 10

// PlanDay plans one day of one tenant in one transaction, holding a lock
// on the tenant's day so replicas take turns: assignments for every wave
// running that day, then the wave assignments not yet pushed give up their
// slot to the finding tests sent now for that day (takeSlots), then the due
// ad-hoc items in the room the cap leaves,
// then one delivery push per panellist, due at the first delivery instant,
// and one reminder push where a reminder is due. Ad-hoc items arriving after
// a delivery push exists join it while it is queued, or get their own push.
// Nothing happens on a non-working day, and nothing is made for assignments
// that would already be closed (catch-up after downtime).
func (p *Planner) PlanDay(ctx context.Context, t dbsqlc.Tenant, day calendar.Date) (DayResult, error) {
	var res DayResult
	err := p.st.InTx(ctx, func(q *dbsqlc.Queries) error {
		var err error
		res, err = p.planDay(ctx, q, t, day)
		return err
	})
	if err != nil {
		return DayResult{}, fmt.Errorf("schedule.PlanDay %s %s: %w", t.Slug, day, err)
	}
	return res, nil
}

// planDay is PlanDay inside the caller's transaction.
func (p *Planner) planDay(ctx context.Context, q *dbsqlc.Queries, t dbsqlc.Tenant, day calendar.Date) (DayResult, error) {
	var res DayResult
	err := func() error {
		if err := q.SchedulePlanLock(ctx, dbsqlc.SchedulePlanLockParams{TenantID: t.ID, Day: dbDate(day)}); err != nil {
			return err
		}
		cal, _, err := Calendar(ctx, q, t)
		if err != nil {
			return err
		}
		if !cal.IsWorkingDay(day) {
			return nil
		}
		now := p.clock.Now()
		waves, err := q.WaveListPlanActiveOn(ctx, dbsqlc.WaveListPlanActiveOnParams{TenantID: t.ID, Day: dbDate(day)})
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
				ReminderMinutes: t.ReminderAfterMinutes, ReminderDays: reminderDays, Now: now,
			})
			if err != nil {
				return fmt.Errorf("wave %d: %w", w.ID, err)
			}
			res.Assignments += n
		}
		if res.Moved, res.Dropped, err = takeSlots(ctx, q, t, cal, day, now); err != nil {
			return fmt.Errorf("slots: %w", err)
		}
		oldest := cal.AddWorkingDays(day, -AdHocSpillDays)
		due, err := q.AdhocItemCountDue(ctx, dbsqlc.AdhocItemCountDueParams{TenantID: t.ID, Day: dbDate(day), OldestDay: dbDate(oldest)})
		if err != nil {
			return err
		}
		if due > 0 {
			waveID, err := adHocWave(ctx, q, t.ID, waves)
			if err != nil {
				return err
			}
			if res.AdHoc, err = q.AssignmentPlanAdhoc(ctx, dbsqlc.AssignmentPlanAdhocParams{
				TenantID: t.ID, WaveID: waveID, Day: dbDate(day), OldestDay: dbDate(oldest),
				CloseDate: dbDate(closeDate), DailyCap: t.DailyCap,
				ReminderMinutes: t.ReminderAfterMinutes, ReminderDays: reminderDays, Now: now,
			}); err != nil {
				return fmt.Errorf("ad hoc: %w", err)
			}
			res.Assignments += res.AdHoc
		}
		return p.pushes(ctx, q, t, day, now, due > 0, &res)
	}()
	return res, err
}

// pushes makes the day's delivery and reminder pushes, and brings late
// ad-hoc assignments into them when adHoc is set.
func (p *Planner) pushes(ctx context.Context, q *dbsqlc.Queries, t dbsqlc.Tenant, day calendar.Date, now time.Time, adHoc bool, res *DayResult) error {
	var err error
	if res.Deliveries, err = q.PushInsertDeliveries(ctx, dbsqlc.PushInsertDeliveriesParams{TenantID: t.ID, Day: dbDate(day), Now: now}); err != nil {
		return err
	}
	if adHoc {
		n, err := q.SchedulePushExtendQueued(ctx, dbsqlc.SchedulePushExtendQueuedParams{TenantID: t.ID, Day: dbDate(day), Now: now})
		if err != nil {
			return err
		}
		m, err := q.SchedulePushInsertAdhoc(ctx, dbsqlc.SchedulePushInsertAdhocParams{TenantID: t.ID, Day: dbDate(day), Now: now})
		if err != nil {
			return err
		}
		res.Extended = n + m
	}
	if t.ReminderAfterMinutes <= 0 {
		return nil
	}
	if res.Reminders, err = q.PushInsertReminders(ctx, dbsqlc.PushInsertRemindersParams{TenantID: t.ID, Day: dbDate(day), Now: now}); err != nil {
		return err
	}
	if adHoc {
		if _, err := q.SchedulePushExtendReminder(ctx, dbsqlc.SchedulePushExtendReminderParams{TenantID: t.ID, Day: dbDate(day), Now: now}); err != nil {
			return err
		}
	}
	return nil
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
	return clock.Every(ctx, p.clock, every, p.Tick, func(err error) {
		p.log.ErrorContext(ctx, "planning failed", "err", err)
	})
}
