package schedule_test

import (
	"slices"
	"testing"
	"time"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/gen/dbsqlctest"
	"github.com/panelpulse/panelpulse/internal/calendar"
)

// waveSeeded stores a wave with a chosen seed and its plan items.
func (e *env) waveSeeded(start, end string, days int32, seed int64, items []dbsqlc.PlanItemInsertManyParams) int64 {
	e.t.Helper()
	w, err := e.st.Q.WaveInsert(e.ctx, dbsqlc.WaveInsertParams{
		TenantID: e.tenant.ID, Name: "Seeded", StartDate: dbDay(start), EndDate: dbDay(end), WorkingDays: days, Seed: seed})
	must(e.t, err)
	for _, it := range items {
		it.TenantID, it.WaveID = e.tenant.ID, w.ID
		must(e.t, e.st.Q.PlanItemInsertMany(e.ctx, it))
	}
	return w.ID
}

// dayOrder plans Monday 23 November 2026 for 60 panellists with three
// questions under cap 2 and returns each panellist's questions in order.
func dayOrder(t *testing.T, seed int64) map[int64][]int64 {
	e := newEnv(t, time.Date(2026, 11, 23, 0, 5, 0, 0, london), 2)
	e.panel(make([]person, 60))
	q := e.questions("q0", "q1", "q2")
	e.waveSeeded("2026-11-23", "2026-11-23", 1, seed, []dbsqlc.PlanItemInsertManyParams{{
		DayIndexes: []int32{0, 0, 0}, QuestionIds: []int64{q["q0"], q["q1"], q["q2"]},
		Segments: []string{"all", "all", "all"}, Splits: []int16{0, 0, 0},
	}})
	_, err := e.planner.PlanDay(e.ctx, e.tenant, calendar.MustParseDate("2026-11-23"))
	must(t, err)
	out := map[int64][]int64{}
	for _, a := range e.assignments("2026-11-23", "2026-11-23") {
		out[a.PanellistID] = append(out[a.PanellistID], a.QuestionID)
	}
	for _, p := range e.pushes("2026-11-23", "2026-11-23") {
		if p.Kind == "delivery" {
			if want := out[p.PanellistID]; len(p.AssignmentIds) != len(want) {
				t.Fatalf("push of %d carries %d assignments, want %d", p.PanellistID, len(p.AssignmentIds), len(want))
			}
		}
	}
	return out
}

// TestOrderIsSeededPerPanellist: the day's questions and their order differ
// between panellists, are the same again under the same wave seed on a fresh
// database, and change with another seed.
func TestOrderIsSeededPerPanellist(t *testing.T) {
	t.Parallel()
	a, b, c := dayOrder(t, 42), dayOrder(t, 42), dayOrder(t, 43)
	firsts := map[int64]int{}
	var diff int
	for id, qs := range a {
		if len(qs) != 2 {
			t.Fatalf("panellist %d has %d questions, want 2", id, len(qs))
		}
		firsts[qs[0]]++
		if !slices.Equal(qs, b[id]) {
			t.Fatalf("panellist %d got %v, then %v under the same seed", id, qs, b[id])
		}
		if !slices.Equal(qs, c[id]) {
			diff++
		}
	}
	if len(firsts) != 3 {
		t.Fatalf("first questions %v, want all three questions to come first for someone", firsts)
	}
	if diff < 20 {
		t.Fatalf("another seed changed only %d of 60 panellists' days", diff)
	}
}

// TestSplitSampleHalves: a split plan item goes to exactly the panellists
// in its half (as PanellistSplitHalves computes from the seed), and the two
// halves together are the whole segment.
func TestSplitSampleHalves(t *testing.T) {
	t.Parallel()
	e := newEnv(t, time.Date(2026, 11, 23, 0, 5, 0, 0, london), 2)
	e.panel(make([]person, 80))
	q := e.questions("qa", "qb")
	e.waveSeeded("2026-11-23", "2026-11-23", 1, 7, []dbsqlc.PlanItemInsertManyParams{{
		DayIndexes: []int32{0, 0}, QuestionIds: []int64{q["qa"], q["qb"]},
		Segments: []string{"all", "all"}, Splits: []int16{1, 2},
	}})
	e.planDays("2026-11-23", "2026-11-23")
	halves, err := dbsqlctest.New(e.st.Pool).PanellistSplitHalves(e.ctx, dbsqlctest.PanellistSplitHalvesParams{TenantID: e.tenant.ID, Seed: 7})
	must(t, err)
	got := map[int64]int64{}
	for _, a := range e.assignments("2026-11-23", "2026-11-23") {
		if _, dup := got[a.PanellistID]; dup {
			t.Fatalf("panellist %d got both halves' questions", a.PanellistID)
		}
		got[a.PanellistID] = a.QuestionID
	}
	var n [3]int
	for _, h := range halves {
		n[h.Half]++
		want := map[int16]int64{1: q["qa"], 2: q["qb"]}[h.Half]
		if got[h.ID] != want {
			t.Fatalf("panellist %d in half %d got question %d, want %d", h.ID, h.Half, got[h.ID], want)
		}
	}
	if n[1] < 25 || n[2] < 25 {
		t.Fatalf("halves of 80 are %d and %d, want both near 40", n[1], n[2])
	}
}
