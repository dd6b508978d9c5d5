package schedule_test

import (
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/panelpulse/panelpulse/internal/admin"
	"github.com/panelpulse/panelpulse/internal/calendar"
)

// TestDeliveryAcrossDST: delivery is at each panellist's local time on the
// Fridays before and the Mondays after the last Sundays of March and
// October, nothing is planned on those Sundays, and the delivery push of a
// panellist with a later delivery time is due at that later instant.
func TestDeliveryAcrossDST(t *testing.T) {
	t.Parallel()
	e := newEnv(t, time.Date(2026, 3, 1, 0, 0, 0, 0, london), 2)
	ids := e.panel([]person{{Minute: 540}, {Minute: 1050}, {TZ: "America/New_York", Minute: 540}})
	e.questions("q0", "q1")
	e.wave("2026-03-27", 2, admin.PlanItem{Day: 0, QuestionKey: "q0"}, admin.PlanItem{Day: 1, QuestionKey: "q1"})
	e.wave("2026-10-23", 2, admin.PlanItem{Day: 0, QuestionKey: "q0"}, admin.PlanItem{Day: 1, QuestionKey: "q1"})
	e.planDays("2026-03-27", "2026-03-30")
	e.planDays("2026-10-23", "2026-10-26")

	wantUTC := map[string]int{"2026-03-27": 9, "2026-03-30": 8, "2026-10-23": 8, "2026-10-26": 9}
	zones := []*time.Location{london, london, mustLoad("America/New_York")}
	minutes := []int{540, 1050, 540}
	got := map[string]int{}
	for _, a := range e.assignments("2026-01-01", "2026-12-31") {
		day := calendar.DateOf(a.Day)
		got[day.String()]++
		for i, id := range ids {
			if a.PanellistID != id {
				continue
			}
			want := calendar.DeliveryInstant(day, zones[i], minutes[i])
			if !a.OpensAt.Equal(want) {
				t.Errorf("%s panellist %d opens at %s, want %s", day, i, a.OpensAt, want)
			}
			if local := a.OpensAt.In(zones[i]); local.Hour()*60+local.Minute() != minutes[i] {
				t.Errorf("%s panellist %d opens at local %s", day, i, local.Format("15:04"))
			}
			if i == 0 && a.OpensAt.UTC().Hour() != wantUTC[day.String()] {
				t.Errorf("%s London 09:00 is %s UTC, want %02d:00", day, a.OpensAt.UTC().Format("15:04"), wantUTC[day.String()])
			}
		}
	}
	for d := range wantUTC {
		if got[d] != 3 {
			t.Errorf("%s has %d assignments, want 3", d, got[d])
		}
	}
	if len(got) != 4 {
		t.Errorf("assignments on days %v, want only the four weekdays (none on the Sundays)", got)
	}
	opens := map[[2]int64]time.Time{}
	for _, a := range e.assignments("2026-01-01", "2026-12-31") {
		opens[[2]int64{a.PanellistID, a.Day.Unix()}] = a.OpensAt
	}
	for _, p := range e.pushes("2026-01-01", "2026-12-31") {
		if p.Kind == "delivery" && !p.DueAt.Equal(opens[[2]int64{p.PanellistID, p.Day.Unix()}]) {
			t.Errorf("delivery push for %d on %s due %s, want the assignment's opening %s", p.PanellistID, p.Day.Format(time.DateOnly), p.DueAt, opens[[2]int64{p.PanellistID, p.Day.Unix()}])
		}
	}
}

// TestConcurrentPlanningMakesNoDuplicates: four replicas planning the same
// day at once make each assignment and push once, within the cap.
func TestConcurrentPlanningMakesNoDuplicates(t *testing.T) {
	t.Parallel()
	e := newEnv(t, time.Date(2026, 11, 23, 0, 5, 0, 0, london), 2)
	people := make([]person, 200)
	ids := e.panel(people)
	e.questions("q0", "q1", "q2")
	e.wave("2026-11-23", 1, admin.PlanItem{Day: 0, QuestionKey: "q0"}, admin.PlanItem{Day: 0, QuestionKey: "q1"}, admin.PlanItem{Day: 0, QuestionKey: "q2"})
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Go(func() {
			_, err := e.planner.PlanDay(e.ctx, e.tenant, calendar.MustParseDate("2026-11-23"))
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		must(t, err)
	}
	as := e.assignments("2026-11-23", "2026-11-23")
	if len(as) != 2*len(ids) {
		t.Fatalf("%d assignments, want %d (cap 2 of 3 questions for %d panellists)", len(as), 2*len(ids), len(ids))
	}
	per := map[int64]int{}
	for _, a := range as {
		per[a.PanellistID]++
	}
	for id, n := range per {
		if n != 2 {
			t.Fatalf("panellist %d has %d assignments, want 2", id, n)
		}
	}
	kinds := map[string]int{}
	for _, p := range e.pushes("2026-11-23", "2026-11-23") {
		kinds[p.Kind]++
	}
	if kinds["delivery"] != len(ids) || kinds["reminder"] != len(ids) {
		t.Fatalf("pushes %v, want %d deliveries and %d reminders", kinds, len(ids), len(ids))
	}
}

// TestCatchUpAfterDowntime: a server that was down from before Monday and
// starts on Wednesday at 10:00 plans Tuesday (still open) and Wednesday,
// but makes nothing for Monday, whose assignments closed at the end of
// Tuesday, so no push goes out for a closed assignment.
func TestCatchUpAfterDowntime(t *testing.T) {
	t.Parallel()
	e := newEnv(t, time.Date(2026, 11, 23, 0, 5, 0, 0, london), 2)
	ids := e.panel(make([]person, 5))
	e.questions("q0", "q1", "q2")
	e.wave("2026-11-23", 3, admin.PlanItem{Day: 0, QuestionKey: "q0"}, admin.PlanItem{Day: 1, QuestionKey: "q1"}, admin.PlanItem{Day: 2, QuestionKey: "q2"})
	e.clock.Set(time.Date(2026, 11, 25, 10, 0, 0, 0, london))
	must(t, e.planner.Tick(e.ctx))
	must(t, e.planner.Tick(e.ctx))
	count := map[string]int{}
	for _, a := range e.assignments("2026-11-23", "2026-11-27") {
		count[a.Day.Format(time.DateOnly)]++
		if !a.ClosesAt.After(e.clock.Now()) {
			t.Errorf("closed assignment made on %s", a.Day.Format(time.DateOnly))
		}
	}
	want := map[string]int{"2026-11-24": len(ids), "2026-11-25": len(ids)}
	if len(count) != 2 || count["2026-11-24"] != want["2026-11-24"] || count["2026-11-25"] != want["2026-11-25"] {
		t.Fatalf("assignments per day %v, want %v", count, want)
	}
	pushes := map[string]int{}
	for _, p := range e.pushes("2026-11-23", "2026-11-27") {
		pushes[p.Day.Format(time.DateOnly)+" "+p.Kind]++
	}
	if pushes["2026-11-23 delivery"] != 0 || pushes["2026-11-24 delivery"] != len(ids) || pushes["2026-11-25 delivery"] != len(ids) {
		t.Fatalf("pushes %v, want deliveries for Tuesday and Wednesday only", pushes)
	}
}

// TestPausedWithdrawnJoined: paused panellists get nothing while paused and
// resume after; withdrawn ones never again; invited ones nothing; those who
// join mid-wave start on the day they join.
func TestPausedWithdrawnJoined(t *testing.T) {
	t.Parallel()
	e := newEnv(t, time.Date(2026, 11, 23, 0, 5, 0, 0, london), 2)
	ids := e.panel([]person{
		{}, {Paused: "2026-11-24"}, {Status: "withdrawn"}, {Joined: "2026-11-25"}, {Status: "invited"}, {},
	})
	e.questions("q0", "q1", "q2", "q3", "q4")
	var plan []admin.PlanItem
	for i, k := range []string{"q0", "q1", "q2", "q3", "q4"} {
		plan = append(plan, admin.PlanItem{Day: int32(i), QuestionKey: k})
	}
	e.wave("2026-11-23", 5, plan...)
	e.planDays("2026-11-23", "2026-11-24")
	// The last panellist withdraws on Tuesday evening.
	e.panelState(ids[5], "withdrawn")
	e.planDays("2026-11-25", "2026-11-29")
	days := map[int64][]string{}
	for _, a := range e.assignments("2026-11-23", "2026-11-29") {
		days[a.PanellistID] = append(days[a.PanellistID], a.Day.Format("Mon"))
	}
	want := [][]string{
		{"Mon", "Tue", "Wed", "Thu", "Fri"}, {"Wed", "Thu", "Fri"}, nil, {"Wed", "Thu", "Fri"}, nil, {"Mon", "Tue"},
	}
	for i, id := range ids {
		if got := days[id]; !slices.Equal(got, want[i]) {
			t.Errorf("panellist %d received on %v, want %v", i, got, want[i])
		}
	}
}

// TestCloseAndReminder: a question delivered on Christmas Eve closes at the
// end of the next working day (Tuesday 29 December, after Christmas and the
// substitute Boxing Day); the reminder comes 6 hours after delivery, but
// not when that falls on a non-working day (20:00 + 6 h is Christmas Day).
func TestCloseAndReminder(t *testing.T) {
	t.Parallel()
	e := newEnv(t, time.Date(2026, 12, 1, 0, 0, 0, 0, london), 2)
	ids := e.panel([]person{{Minute: 540}, {Minute: 1200}})
	e.questions("q0")
	e.wave("2026-12-24", 2, admin.PlanItem{Day: 0, QuestionKey: "q0"})
	e.planDays("2026-12-24", "2026-12-24")
	as := e.assignments("2026-12-24", "2026-12-24")
	if len(as) != 2 {
		t.Fatalf("%d assignments, want 2", len(as))
	}
	wantClose := time.Date(2026, 12, 30, 0, 0, 0, 0, london)
	for _, a := range as {
		if !a.ClosesAt.Equal(wantClose) {
			t.Errorf("closes at %s, want %s", a.ClosesAt, wantClose)
		}
		switch a.PanellistID {
		case ids[0]:
			if want := time.Date(2026, 12, 24, 15, 0, 0, 0, london); a.RemindAt == nil || !a.RemindAt.Equal(want) {
				t.Errorf("09:00 delivery reminds at %v, want %s", a.RemindAt, want)
			}
		case ids[1]:
			if a.RemindAt != nil {
				t.Errorf("20:00 delivery reminds at %s on Christmas Day, want no reminder", a.RemindAt)
			}
		}
	}
	var reminders int
	for _, p := range e.pushes("2026-12-24", "2026-12-24") {
		if p.Kind == "reminder" {
			reminders++
		}
	}
	if reminders != 1 {
		t.Fatalf("%d reminder pushes, want 1", reminders)
	}
}
