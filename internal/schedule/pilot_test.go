package schedule_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/panelpulse/panelpulse/gen/dbsqlctest"
	"github.com/panelpulse/panelpulse/internal/admin"
	"github.com/panelpulse/panelpulse/internal/calendar"
	"github.com/panelpulse/panelpulse/internal/counts"
	"github.com/panelpulse/panelpulse/internal/schedule"
)

// TestPilot2022Replay replays the shape of the 2022 pilot: 121 panellists
// from Monday 3 January 2022 (a substitute bank holiday, so the wave starts
// on the 4th) to Friday 4 February, one question on even days of the wave
// and two on odd days. Eleven panellists join on 17 January and two are
// paused until 21 January. The clock ticks through every day at 08:00;
// the dry run before the wave, the assignments and the status all give the
// exact per-day counts.
func TestPilot2022Replay(t *testing.T) {
	t.Parallel()
	e := newEnv(t, time.Date(2021, 12, 20, 10, 0, 0, 0, london), 2)
	people := make([]person, 121)
	for i := 110; i < 121; i++ {
		people[i].Joined = "2022-01-17"
	}
	people[0].Paused, people[1].Paused = "2022-01-21", "2022-01-21"
	e.panel(people)
	var keys []string
	var plan []admin.PlanItem
	for d := range int32(24) {
		for j := range 1 + d%2 {
			k := fmt.Sprintf("q%02d_%d", d, j)
			keys = append(keys, k)
			plan = append(plan, admin.PlanItem{Day: d, QuestionKey: k})
		}
	}
	e.questions(keys...)
	w := e.wave("2022-01-03", 24, plan...)
	if w.Start.String() != "2022-01-04" || w.End.String() != "2022-02-04" {
		t.Fatalf("wave runs %s to %s, want 2022-01-04 to 2022-02-04", w.Start, w.End)
	}
	want := map[string]int{
		"2022-01-04": 108, "2022-01-05": 216, "2022-01-06": 108, "2022-01-07": 216,
		"2022-01-10": 108, "2022-01-11": 216, "2022-01-12": 108, "2022-01-13": 216, "2022-01-14": 108,
		"2022-01-17": 238, "2022-01-18": 119, "2022-01-19": 238, "2022-01-20": 119, "2022-01-21": 238,
		"2022-01-24": 121, "2022-01-25": 242, "2022-01-26": 121, "2022-01-27": 242, "2022-01-28": 121,
		"2022-01-31": 242, "2022-02-01": 121, "2022-02-02": 242, "2022-02-03": 121, "2022-02-04": 242,
	}
	preview, err := schedule.Preview(e.ctx, e.st.Q, e.tenant, w.ID)
	must(t, err)
	dry := map[string]int{}
	for _, r := range preview {
		dry[r.Day.String()] += r.Panellists
	}
	assertCounts(t, "dry run", dry, want)
	if n, err := dbsqlctest.New(e.st.Pool).AssignmentListForDays(e.ctx, dbArgs(e, "2022-01-01", "2022-02-28")); err != nil || len(n) != 0 {
		t.Fatalf("the dry run wrote %d assignments (err %v)", len(n), err)
	}

	for d := calendar.MustParseDate("2022-01-01"); !d.After(calendar.MustParseDate("2022-02-06")); d = d.AddDays(1) {
		e.clock.Set(calendar.DeliveryInstant(d, london, 8*60))
		must(t, e.planner.Tick(e.ctx))
	}
	got, deliveries := map[string]int{}, map[string]int{}
	for _, a := range e.assignments("2022-01-01", "2022-02-28") {
		got[a.Day.Format(time.DateOnly)]++
	}
	for _, p := range e.pushes("2022-01-01", "2022-02-28") {
		if p.Kind == "delivery" {
			deliveries[p.Day.Format(time.DateOnly)] += len(p.AssignmentIds)
		}
	}
	assertCounts(t, "assignments", got, want)
	assertCounts(t, "assignments in delivery pushes", deliveries, want)
	status, err := counts.Read(e.ctx, e.st.Q, e.tenant.ID, counts.Filter{From: calendar.MustParseDate("2022-01-01"), To: calendar.MustParseDate("2022-02-28")})
	must(t, err)
	st := map[string]int{}
	for _, s := range status {
		st[s.Day.String()] = int(s.Assigned)
	}
	assertCounts(t, "plan status", st, want)
	var total int
	for _, n := range got {
		total += n
	}
	if total != 4171 {
		t.Fatalf("%d assignments in all, want 4171", total)
	}
}

func assertCounts(t *testing.T, what string, got, want map[string]int) {
	t.Helper()
	for d, n := range want {
		if got[d] != n {
			t.Errorf("%s on %s: %d, want %d", what, d, got[d], n)
		}
	}
	for d, n := range got {
		if _, ok := want[d]; !ok && n != 0 {
			t.Errorf("%s on %s: %d, want none (not a wave day)", what, d, n)
		}
	}
}
