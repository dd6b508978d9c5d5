package schedule

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/calendar"
	"github.com/panelpulse/panelpulse/internal/fault"
	"github.com/panelpulse/panelpulse/internal/store"
)

// slotSearchDays bounds how many working days a wave assignment that gave
// up its slot looks ahead for room (its wave's end comes first in practice).
const slotSearchDays = 60

// SlotTest is what a finding test sent to a panel segment does.
type SlotTest struct {
	// ItemID is the ad-hoc item (zero in a preview).
	ItemID int64
	// Day is the test's first day: today if a working day, else the next.
	Day calendar.Date
	// Targeted is how many panellists the segment holds (active, not
	// paused); Now how many get the test on Day; Later how many get it on a
	// later working day, from LaterDay on (their day was full with
	// questions already pushed).
	Targeted, Now, Later int
	LaterDay             calendar.Date
	// Moved is how many of Day's wave assignments not yet pushed gave up
	// their slot and moved to the next working day with room; Dropped how
	// many found none before their wave ended.
	Moved, Dropped int
}

var errPreview = errors.New("schedule: preview only")

// SendFindingTest sends a finding test to a segment. Now, it goes out on
// today's working day (else the next) at each panellist's delivery time,
// or at once if that has passed: where the panellist's day is full, the
// day's wave assignments not yet pushed give up their slot (takeSlots);
// panellists whose day is full with pushed questions get it on the next
// working day with room, as any ad-hoc item. NextWeekday, it is an
// ordinary ad-hoc item for the next working day.
func (p *Planner) SendFindingTest(ctx context.Context, tenantID, questionID int64, segment string, when When) (SlotTest, error) {
	return p.findingTest(ctx, tenantID, questionID, segment, when, false)
}

// PreviewFindingTest answers what SendFindingTest would do now, computed
// by doing it in a transaction that is then rolled back: the figures are
// those of the real send at this moment.
func (p *Planner) PreviewFindingTest(ctx context.Context, tenantID, questionID int64, segment string, when When) (SlotTest, error) {
	return p.findingTest(ctx, tenantID, questionID, segment, when, true)
}

func (p *Planner) findingTest(ctx context.Context, tenantID, questionID int64, segment string, when When, preview bool) (SlotTest, error) {
	if when != Now && when != NextWeekday {
		return SlotTest{}, fault.New(fault.Invalid, "when: must be now or the next weekday")
	}
	if segment == "" {
		segment = "all"
	}
	if !ValidSegment(segment) {
		return SlotTest{}, fault.New(fault.Invalid, "segment: %q must be \"all\" or sector:, size:, district: or role: followed by a value", segment)
	}
	var out SlotTest
	now := p.clock.Now()
	err := p.st.InTx(ctx, func(q *dbsqlc.Queries) error {
		t, err := q.TenantGet(ctx, tenantID)
		if err != nil {
			return err
		}
		cal, loc, err := Calendar(ctx, q, t)
		if err != nil {
			return err
		}
		today := calendar.DateOf(now.In(loc))
		out.Day = cal.WorkingDayOnOrAfter(today)
		if when == NextWeekday {
			out.Day = cal.NextWorkingDay(today)
		}
		if _, err := q.QuestionKeyByID(ctx, dbsqlc.QuestionKeyByIDParams{TenantID: tenantID, ID: questionID}); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return fault.New(fault.NotFound, "question %d does not exist", questionID)
			}
			return err
		}
		if _, err := adHocWave(ctx, q, tenantID, nil); err != nil {
			return err
		}
		var id int64
		if when == Now {
			id, err = q.AdhocItemInsertTakingSlot(ctx, dbsqlc.AdhocItemInsertTakingSlotParams{
				TenantID: tenantID, QuestionID: questionID, Segment: segment, FirstDay: dbDate(out.Day), NotBefore: now,
			})
		} else {
			var row dbsqlc.AdhocItem
			row, err = q.AdhocItemInsert(ctx, dbsqlc.AdhocItemInsertParams{
				TenantID: tenantID, QuestionID: questionID, Segment: segment, FirstDay: dbDate(out.Day), NotBefore: now,
			})
			id = row.ID
		}
		if err != nil {
			return err
		}
		targeted, err := q.AdhocItemTargeted(ctx, dbsqlc.AdhocItemTargetedParams{TenantID: tenantID, ID: id})
		if err != nil {
			return err
		}
		out.ItemID, out.Targeted = id, int(targeted)
		if out.Day == today {
			res, err := p.planDay(ctx, q, t, today)
			if err != nil {
				return err
			}
			out.Moved, out.Dropped = int(res.Moved), int(res.Dropped)
			n, err := q.AdhocItemAssignedOn(ctx, dbsqlc.AdhocItemAssignedOnParams{TenantID: tenantID, ID: &id, Day: dbDate(today)})
			if err != nil {
				return err
			}
			out.Now = int(n)
		}
		if out.Later = out.Targeted - out.Now; out.Later > 0 {
			out.LaterDay = out.Day
			if out.Day == today {
				out.LaterDay = cal.NextWorkingDay(today)
			}
		}
		if preview {
			out.ItemID = 0
			return errPreview
		}
		return nil
	})
	if err != nil && !errors.Is(err, errPreview) {
		return SlotTest{}, fmt.Errorf("schedule.SendFindingTest: %w", err)
	}
	return out, nil
}

// giver is a wave assignment giving up its slot.
type giver struct {
	id, panellistID int64
	lastDay         calendar.Date
}

// takeSlots frees room on day for the items taking slots whose first day
// it is: each targeted panellist's wave assignments not yet pushed, as
// many as the items need past the cap, move to the next working day
// whose load (assignments made plus what the running waves' plans will
// give) leaves room, within their wave's working days; those finding no
// such day are dropped. Moved and dropped assignments leave the day's
// queued pushes. It answers how many moved and how many were dropped.
func takeSlots(ctx context.Context, q *dbsqlc.Queries, t dbsqlc.Tenant, cal *calendar.Calendar, day calendar.Date, now time.Time) (int64, int64, error) {
	ids, err := q.AdhocItemSlotTakers(ctx, dbsqlc.AdhocItemSlotTakersParams{TenantID: t.ID, Day: dbDate(day)})
	if err != nil || len(ids) == 0 {
		return 0, 0, err
	}
	rows, err := q.ScheduleSlotGivers(ctx, dbsqlc.ScheduleSlotGiversParams{TenantID: t.ID, AdhocIds: ids, Day: dbDate(day), DailyCap: t.DailyCap})
	if err != nil || len(rows) == 0 {
		return 0, 0, err
	}
	lastDays := map[int64]calendar.Date{}
	var pending []giver
	for _, r := range rows {
		last, ok := lastDays[r.WaveID]
		if !ok {
			w, err := q.WaveGet(ctx, dbsqlc.WaveGetParams{TenantID: t.ID, ID: r.WaveID})
			if err != nil {
				return 0, 0, err
			}
			last = cal.AddWorkingDays(cal.WorkingDayOnOrAfter(calendar.DateOf(w.StartDate)), int(w.WorkingDays)-1)
			if end := calendar.DateOf(w.EndDate); end.Before(last) {
				last = end
			}
			lastDays[r.WaveID] = last
		}
		pending = append(pending, giver{id: r.ID, panellistID: r.PanellistID, lastDay: last})
	}
	var moved, dropped []int64
	d := day
	for range slotSearchDays {
		if len(pending) == 0 {
			break
		}
		d = cal.NextWorkingDay(d)
		var who []int64
		var still []giver
		for _, g := range pending {
			if d.After(g.lastDay) {
				dropped = append(dropped, g.id)
				continue
			}
			still = append(still, g)
			who = append(who, g.panellistID)
		}
		pending = still
		if len(pending) == 0 {
			break
		}
		load, err := dayLoad(ctx, q, t, cal, d, who)
		if err != nil {
			return 0, 0, err
		}
		closeDate := cal.AddWorkingDays(d, int(t.CloseWorkingDays))
		var reminderDays []time.Time
		for _, x := range cal.WorkingDaysBetween(d, closeDate) {
			reminderDays = append(reminderDays, dbDate(x))
		}
		still = nil
		for _, g := range pending {
			if load[g.panellistID] >= int(t.DailyCap) {
				still = append(still, g)
				continue
			}
			n, err := q.ScheduleSlotMove(ctx, dbsqlc.ScheduleSlotMoveParams{
				TenantID: t.ID, ID: g.id, Day: dbDate(d), CloseDate: dbDate(closeDate),
				ReminderMinutes: t.ReminderAfterMinutes, ReminderDays: reminderDays,
			})
			if err != nil {
				return 0, 0, err
			}
			if n == 0 {
				still = append(still, g) // the day holds the question already
				continue
			}
			load[g.panellistID]++
			moved = append(moved, g.id)
		}
		pending = still
	}
	for _, g := range pending {
		dropped = append(dropped, g.id)
	}
	if len(dropped) > 0 {
		if _, err := q.ScheduleSlotDrop(ctx, dbsqlc.ScheduleSlotDropParams{TenantID: t.ID, Ids: dropped}); err != nil {
			return 0, 0, err
		}
	}
	gone := append(append([]int64{}, moved...), dropped...)
	if err := q.ScheduleSlotUnpush(ctx, dbsqlc.ScheduleSlotUnpushParams{TenantID: t.ID, Day: dbDate(day), Ids: gone}); err != nil {
		return 0, 0, err
	}
	if err := q.ScheduleSlotCancelEmpty(ctx, dbsqlc.ScheduleSlotCancelEmptyParams{TenantID: t.ID, Day: dbDate(day)}); err != nil {
		return 0, 0, err
	}
	return int64(len(moved)), int64(len(dropped)), nil
}

// dayLoad is how full each panellist's day d is: assignments made plus
// what the waves running that day will give them.
func dayLoad(ctx context.Context, q *dbsqlc.Queries, t dbsqlc.Tenant, cal *calendar.Calendar, d calendar.Date, who []int64) (map[int64]int, error) {
	waves, err := q.WaveListPlanActiveOn(ctx, dbsqlc.WaveListPlanActiveOnParams{TenantID: t.ID, Day: dbDate(d)})
	if err != nil {
		return nil, err
	}
	var waveIDs []int64
	var idxs []int32
	for _, w := range waves {
		idx, ok := cal.WorkingDayIndex(calendar.DateOf(w.StartDate), d)
		if !ok || idx >= int(w.WorkingDays) {
			continue
		}
		waveIDs, idxs = append(waveIDs, w.ID), append(idxs, int32(idx))
	}
	rows, err := q.ScheduleSlotDayLoad(ctx, dbsqlc.ScheduleSlotDayLoadParams{
		TenantID: t.ID, Day: dbDate(d), PanellistIds: who, WaveIds: waveIDs, DayIndexes: idxs,
	})
	if err != nil {
		return nil, err
	}
	out := make(map[int64]int, len(rows))
	for _, r := range rows {
		out[r.PanellistID] = int(r.N)
	}
	return out, nil
}
