package schedule_test

import (
	"errors"
	"testing"
	"time"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/gen/dbsqlctest"
	"github.com/panelpulse/panelpulse/internal/admin"
	"github.com/panelpulse/panelpulse/internal/calendar"
	"github.com/panelpulse/panelpulse/internal/fault"
	"github.com/panelpulse/panelpulse/internal/schedule"
)

// claimDue lets a dispatcher take every push due now, as sending does.
func (e *env) claimDue() int {
	e.t.Helper()
	rows, err := e.st.Q.PushClaimDue(e.ctx, dbsqlc.PushClaimDueParams{Now: e.clock.Now(), LeaseUntil: e.clock.Now().Add(time.Minute), MaxPushes: 10000})
	must(e.t, err)
	return len(rows)
}

// TestAdHocJoinsQueuedPushOrGetsItsOwn: an ad-hoc item sent before the
// delivery push has gone joins it; one sent after it has gone gets a push of
// its own, opening at once; where the cap is full it spills to the next
// working day, behind that day's planned question.
func TestAdHocJoinsQueuedPushOrGetsItsOwn(t *testing.T) {
	t.Parallel()
	e := newEnv(t, time.Date(2026, 11, 23, 0, 5, 0, 0, london), 2)
	ids := e.panel([]person{{Sector: "Logistics"}, {Sector: "Logistics"}, {Sector: "Manufacturing"}})
	q := e.questions("q0", "q1", "qa", "qb")
	e.wave("2026-11-23", 2, admin.PlanItem{Day: 0, QuestionKey: "q0"}, admin.PlanItem{Day: 1, QuestionKey: "q1"})
	e.planDays("2026-11-23", "2026-11-23")

	e.clock.Set(time.Date(2026, 11, 23, 8, 0, 0, 0, london))
	a, err := e.planner.SendAdHoc(e.ctx, e.tenant.ID, q["qa"], "sector:Logistics", schedule.Now)
	must(t, err)
	if a.FirstDay.String() != "2026-11-23" || a.Planned.AdHoc != 2 || a.Planned.Extended != 2 {
		t.Fatalf("SendAdHoc at 08:00 = %+v, want today, 2 ad-hoc assignments joining 2 queued pushes", a)
	}
	for _, p := range e.pushes("2026-11-23", "2026-11-23") {
		want := 1
		if p.Kind == "delivery" && p.PanellistID != ids[2] {
			want = 2
		}
		if p.Kind == "delivery" && (len(p.AssignmentIds) != want || !p.DueAt.Equal(time.Date(2026, 11, 23, 9, 0, 0, 0, london))) {
			t.Fatalf("delivery push of %d carries %v due %s, want %d assignments at 09:00", p.PanellistID, p.AssignmentIds, p.DueAt, want)
		}
	}

	e.clock.Set(time.Date(2026, 11, 23, 9, 0, 0, 0, london))
	if n := e.claimDue(); n != 3 {
		t.Fatalf("%d pushes due at 09:00, want 3", n)
	}
	e.clock.Set(time.Date(2026, 11, 23, 11, 0, 0, 0, london))
	b, err := e.planner.SendAdHoc(e.ctx, e.tenant.ID, q["qb"], "all", schedule.Now)
	must(t, err)
	if b.Planned.AdHoc != 1 || b.Planned.Extended != 1 {
		t.Fatalf("SendAdHoc at 11:00 = %+v, want 1 assignment (the others are full) with its own push", b)
	}
	var adhoc []dbsqlctest.PushListForDaysRow
	for _, p := range e.pushes("2026-11-23", "2026-11-23") {
		if p.Kind == "adhoc" {
			adhoc = append(adhoc, p)
		}
	}
	if len(adhoc) != 1 || adhoc[0].PanellistID != ids[2] || !adhoc[0].DueAt.Equal(e.clock.Now()) || len(adhoc[0].AssignmentIds) != 1 {
		t.Fatalf("ad-hoc pushes %+v, want one for the manufacturer due at 11:00", adhoc)
	}
	for _, x := range e.assignments("2026-11-23", "2026-11-23") {
		if x.QuestionID == q["qb"] && !x.OpensAt.Equal(e.clock.Now()) {
			t.Fatalf("ad-hoc assignment sent at 11:00 opens at %s", x.OpensAt)
		}
	}

	e.planDays("2026-11-24", "2026-11-24")
	got := map[int64][]int64{}
	for _, x := range e.assignments("2026-11-24", "2026-11-24") {
		got[x.PanellistID] = append(got[x.PanellistID], x.QuestionID)
	}
	for i, id := range ids {
		want := []int64{q["q1"], q["qb"]}
		if i == 2 {
			want = want[:1]
		}
		if len(got[id]) != len(want) || got[id][0] != want[0] || (len(want) == 2 && got[id][1] != want[1]) {
			t.Errorf("Tuesday panellist %d got questions %v, want %v (qb spilled behind the plan)", i, got[id], want)
		}
	}
}

// TestAdHocNextWeekdayOutsideWave: sent on a Friday for the next weekday, an
// item goes out on Monday at the delivery time, in the tenant's ad-hoc
// holder wave when no wave runs.
func TestAdHocNextWeekdayOutsideWave(t *testing.T) {
	t.Parallel()
	e := newEnv(t, time.Date(2026, 11, 27, 14, 0, 0, 0, london), 1)
	e.panel([]person{{Role: "HR manager"}, {Role: "owner"}})
	q := e.questions("qa")
	a, err := e.planner.SendAdHoc(e.ctx, e.tenant.ID, q["qa"], "role:HR manager", schedule.NextWeekday)
	must(t, err)
	if a.FirstDay != calendar.MustParseDate("2026-11-30") || a.Planned.Assignments != 0 {
		t.Fatalf("SendAdHoc on Friday = %+v, want Monday 30 November and nothing planned yet", a)
	}
	e.planDays("2026-11-27", "2026-11-30")
	as := e.assignments("2026-11-27", "2026-11-30")
	if len(as) != 1 || as[0].Day.Format(time.DateOnly) != "2026-11-30" || !as[0].OpensAt.Equal(time.Date(2026, 11, 30, 9, 0, 0, 0, london)) || as[0].AdhocID == nil {
		t.Fatalf("assignments %+v, want one ad-hoc on Monday at 09:00", as)
	}
	w, err := e.st.Q.WaveGetAdhoc(e.ctx, e.tenant.ID)
	must(t, err)
	if as[0].WaveID != w.ID {
		t.Fatalf("assignment in wave %d, want the ad-hoc holder wave %d", as[0].WaveID, w.ID)
	}
}

// TestAdHocRejectsBadInput: an unknown segment kind is invalid and an
// unknown question is not found, with a sentence for the caller.
func TestAdHocRejectsBadInput(t *testing.T) {
	t.Parallel()
	e := newEnv(t, time.Date(2026, 11, 23, 8, 0, 0, 0, london), 2)
	q := e.questions("qa")
	var f *fault.Error
	_, err := e.planner.SendAdHoc(e.ctx, e.tenant.ID, q["qa"], "colour:blue", schedule.Now)
	if !errors.As(err, &f) || f.Kind != fault.Invalid {
		t.Fatalf("bad segment: got %v, want an Invalid fault", err)
	}
	_, err = e.planner.SendAdHoc(e.ctx, e.tenant.ID, q["qa"]+99, "all", schedule.Now)
	if !errors.As(err, &f) || f.Kind != fault.NotFound {
		t.Fatalf("unknown question: got %v, want a NotFound fault", err)
	}
}
