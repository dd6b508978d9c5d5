package admin

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/calendar"
	"github.com/panelpulse/panelpulse/internal/fault"
	"github.com/panelpulse/panelpulse/internal/schedule"
	"github.com/panelpulse/panelpulse/internal/store"
)

// Wave statuses on the tenant's today.
const (
	WavePlanned   = "planned"
	WaveRunning   = "running"
	WaveFinished  = "finished"
	WaveCancelled = "cancelled"
)

// Status is where the wave stands on day.
func (w Wave) Status(day calendar.Date) string {
	switch {
	case w.CancelledAt != nil:
		return WaveCancelled
	case day.Before(w.Start):
		return WavePlanned
	case day.After(w.End):
		return WaveFinished
	}
	return WaveRunning
}

// today is the tenant's civil date now.
func (s *Service) today(ctx context.Context, q *dbsqlc.Queries, tenantID int64) (dbsqlc.Tenant, *calendar.Calendar, calendar.Date, error) {
	t, err := q.TenantGet(ctx, tenantID)
	if err != nil {
		return dbsqlc.Tenant{}, nil, calendar.Date{}, err
	}
	cal, loc, err := schedule.Calendar(ctx, q, t)
	if err != nil {
		return dbsqlc.Tenant{}, nil, calendar.Date{}, err
	}
	return t, cal, calendar.DateOf(s.clock.Now().In(loc)), nil
}

func waveOf(r dbsqlc.WaveListPageRow) Wave {
	return Wave{
		ID: r.ID, Name: r.Name, Start: calendar.DateOf(r.StartDate), End: calendar.DateOf(r.EndDate),
		WorkingDays: r.WorkingDays, PlanItems: r.PlanItems, Assignments: r.Assignments, CancelledAt: r.CancelledAt,
	}
}

// WavePage returns up to limit waves with ids below before (0: from the
// newest), newest first, of one status ("" for every status), and the
// tenant's today the statuses are read on.
func (s *Service) WavePage(ctx context.Context, tenantID int64, status string, before int64, limit int32) ([]Wave, calendar.Date, error) {
	_, _, today, err := s.today(ctx, s.st.Q, tenantID)
	if err != nil {
		return nil, calendar.Date{}, fmt.Errorf("admin.WavePage: %w", err)
	}
	rows, err := s.st.Q.WaveListPage(ctx, dbsqlc.WaveListPageParams{
		TenantID: tenantID, Before: before, Status: status, Day: today.Time(nil), Lim: limit,
	})
	if err != nil {
		return nil, calendar.Date{}, fmt.Errorf("admin.WavePage: %w", err)
	}
	out := make([]Wave, len(rows))
	for i, r := range rows {
		out[i] = waveOf(r)
	}
	return out, today, nil
}

// WaveDetail is a wave with its plan.
type WaveDetail struct {
	Wave
	Plan []PlanItem
}

// GetWave returns the wave with its plan and the tenant's today.
func (s *Service) GetWave(ctx context.Context, tenantID, waveID int64) (WaveDetail, calendar.Date, error) {
	_, _, today, err := s.today(ctx, s.st.Q, tenantID)
	if err != nil {
		return WaveDetail{}, calendar.Date{}, fmt.Errorf("admin.GetWave: %w", err)
	}
	d, err := s.waveDetail(ctx, s.st.Q, tenantID, waveID)
	return d, today, err
}

func (s *Service) waveDetail(ctx context.Context, q *dbsqlc.Queries, tenantID, waveID int64) (WaveDetail, error) {
	w, err := q.WaveGet(ctx, dbsqlc.WaveGetParams{TenantID: tenantID, ID: waveID})
	if errors.Is(err, store.ErrNotFound) || (err == nil && w.Adhoc) {
		return WaveDetail{}, fault.New(fault.NotFound, "wave %d does not exist", waveID)
	}
	if err != nil {
		return WaveDetail{}, fmt.Errorf("admin.GetWave: %w", err)
	}
	items, err := q.PlanItemListForWave(ctx, dbsqlc.PlanItemListForWaveParams{TenantID: tenantID, WaveID: waveID})
	if err != nil {
		return WaveDetail{}, fmt.Errorf("admin.GetWave: %w", err)
	}
	n, err := q.WaveAssignmentCount(ctx, dbsqlc.WaveAssignmentCountParams{TenantID: tenantID, WaveID: waveID})
	if err != nil {
		return WaveDetail{}, fmt.Errorf("admin.GetWave: %w", err)
	}
	d := WaveDetail{Wave: Wave{
		ID: w.ID, Name: w.Name, Start: calendar.DateOf(w.StartDate), End: calendar.DateOf(w.EndDate),
		WorkingDays: w.WorkingDays, PlanItems: int32(len(items)), Assignments: n, CancelledAt: w.CancelledAt,
	}}
	for _, it := range items {
		d.Plan = append(d.Plan, PlanItem{Day: it.DayIndex, QuestionKey: it.Key, Segment: it.Segment, Split: it.Split})
	}
	return d, nil
}

// UpdateWave renames the wave and, while none of its days has been
// planned, replaces its start, length and (when in.Plan is not empty) its
// plan. Once a day has been planned only the name may change. A cancelled
// wave cannot be edited.
func (s *Service) UpdateWave(ctx context.Context, tenantID, waveID int64, in WaveInput) (WaveDetail, calendar.Date, error) {
	start, err := saneDate("start_date", in.StartDate)
	if err != nil {
		return WaveDetail{}, calendar.Date{}, fault.New(fault.Invalid, "%v", err)
	}
	var d WaveDetail
	var today calendar.Date
	err = s.st.InTx(ctx, func(q *dbsqlc.Queries) error {
		_, cal, t, err := s.today(ctx, q, tenantID)
		if err != nil {
			return err
		}
		today = t
		cur, err := s.waveDetail(ctx, q, tenantID, waveID)
		if err != nil {
			return err
		}
		if cur.CancelledAt != nil {
			return fault.New(fault.FailedPrecondition, "wave %d is cancelled and cannot be edited", waveID)
		}
		first := cal.WorkingDayOnOrAfter(start)
		reschedule := first != cur.Start || in.WorkingDays != cur.WorkingDays || len(in.Plan) > 0
		if reschedule && cur.Assignments > 0 {
			return fault.New(fault.FailedPrecondition, "wave %d has days planned already (%d assignments); only its name can change now", waveID, cur.Assignments)
		}
		if err := q.WaveRename(ctx, dbsqlc.WaveRenameParams{TenantID: tenantID, ID: waveID, Name: in.Name}); err != nil {
			return err
		}
		if reschedule {
			plan := in.Plan
			if len(plan) == 0 {
				plan = cur.Plan
			}
			if err := checkPlan(plan, in.WorkingDays); err != nil {
				return err
			}
			last := cal.AddWorkingDays(first, int(in.WorkingDays)-1)
			if err := q.WaveReschedule(ctx, dbsqlc.WaveRescheduleParams{
				TenantID: tenantID, ID: waveID, StartDate: first.Time(nil), EndDate: last.Time(nil), WorkingDays: in.WorkingDays,
			}); err != nil {
				return err
			}
			if err := q.PlanItemDeleteForWave(ctx, dbsqlc.PlanItemDeleteForWaveParams{TenantID: tenantID, WaveID: waveID}); err != nil {
				return err
			}
			if err := insertPlan(ctx, q, tenantID, waveID, plan); err != nil {
				return err
			}
		}
		d, err = s.waveDetail(ctx, q, tenantID, waveID)
		return err
	})
	if err != nil {
		return WaveDetail{}, calendar.Date{}, fmt.Errorf("admin.UpdateWave: %w", err)
	}
	return d, today, nil
}

// CancelWave cancels the wave: the planner plans no day of it from now
// on, so its plan items for days not yet planned are never assigned.
// Assignments already made stay open until they close, so nothing
// answered (or still being answered today) is lost. Cancelling twice keeps
// the first instant.
func (s *Service) CancelWave(ctx context.Context, tenantID, waveID int64) (WaveDetail, calendar.Date, error) {
	var d WaveDetail
	var today calendar.Date
	err := s.st.InTx(ctx, func(q *dbsqlc.Queries) error {
		_, _, t, err := s.today(ctx, q, tenantID)
		if err != nil {
			return err
		}
		today = t
		if _, err := s.waveDetail(ctx, q, tenantID, waveID); err != nil {
			return err
		}
		if err := q.WaveCancel(ctx, dbsqlc.WaveCancelParams{TenantID: tenantID, ID: waveID, CancelledAt: ptr(s.clock.Now())}); err != nil {
			return err
		}
		d, err = s.waveDetail(ctx, q, tenantID, waveID)
		return err
	})
	if err != nil {
		return WaveDetail{}, calendar.Date{}, fmt.Errorf("admin.CancelWave: %w", err)
	}
	return d, today, nil
}

// Day kinds of the working calendar.
const (
	DayWorking     = "working"
	DayWeekend     = "weekend"
	DayBankHoliday = "bank_holiday"
	DayClosure     = "closure"
)

// CalendarDay is one day of the tenant's calendar.
type CalendarDay struct {
	Day  calendar.Date
	Kind string
	// Name is the bank holiday's name or the closure day's reason.
	Name string
}

// WorkingCalendar is a stretch of the tenant's calendar.
type WorkingCalendar struct {
	Days     []CalendarDay
	DailyCap int32
	Today    calendar.Date
}

// Calendar lists the days from..to ("YYYY-MM-DD", inclusive, at most 400
// days) of the tenant's calendar.
func (s *Service) Calendar(ctx context.Context, tenantID int64, from, to string) (WorkingCalendar, error) {
	f, err := calendar.ParseDate(from)
	if err != nil {
		return WorkingCalendar{}, fault.New(fault.Invalid, "from_day: %q is not a date (YYYY-MM-DD)", from)
	}
	l, err := calendar.ParseDate(to)
	if err != nil {
		return WorkingCalendar{}, fault.New(fault.Invalid, "to_day: %q is not a date (YYYY-MM-DD)", to)
	}
	if l.Before(f) || f.DaysUntil(l) > 400 {
		return WorkingCalendar{}, fault.New(fault.Invalid, "to_day must be on or after from_day and at most 400 days later")
	}
	t, cal, today, err := s.today(ctx, s.st.Q, tenantID)
	if err != nil {
		return WorkingCalendar{}, fmt.Errorf("admin.Calendar: %w", err)
	}
	closures, err := s.ClosureDays(ctx, tenantID)
	if err != nil {
		return WorkingCalendar{}, err
	}
	reasons := map[calendar.Date]string{}
	for _, c := range closures {
		reasons[c.Day] = c.Reason
	}
	out := WorkingCalendar{DailyCap: t.DailyCap, Today: today}
	for d := f; !d.After(l); d = d.AddDays(1) {
		c := CalendarDay{Day: d, Kind: DayWorking}
		if name, ok := cal.HolidayName(d); ok {
			c.Kind, c.Name = DayBankHoliday, name
		} else if r, ok := reasons[d]; ok {
			c.Kind, c.Name = DayClosure, r
		} else if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
			c.Kind = DayWeekend
		}
		out.Days = append(out.Days, c)
	}
	return out, nil
}

func ptr[T any](v T) *T { return &v }

// Now is the instant on the service's clock, for what the admin stamps
// (an archived question's archived_at).
func (s *Service) Now() time.Time { return s.clock.Now() }
