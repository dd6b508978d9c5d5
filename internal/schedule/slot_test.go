package schedule_test

import (
	"testing"
	"time"

	"github.com/panelpulse/panelpulse/internal/admin"
	"github.com/panelpulse/panelpulse/internal/schedule"
)

// TestFindingTestNowTakesTheSlotOfWaveItems: on a day whose two wave
// questions fill the cap, a finding test sent now to the logistics
// firms reaches the two whose pushes have not gone today: each gives up
// its last wave item, which moves to the next working day with room
// (Tuesday, which plans one question), and leaves the queued push. The
// third logistics firm, whose push went out at 07:00, gets the test on
// Tuesday. The preview answers the same figures and writes nothing.
func TestFindingTestNowTakesTheSlotOfWaveItems(t *testing.T) {
	t.Parallel()
	e := newEnv(t, time.Date(2026, 11, 23, 0, 5, 0, 0, london), 2)
	ids := e.panel([]person{{Sector: "Logistics"}, {Sector: "Logistics"}, {Sector: "Manufacturing"}, {Sector: "Logistics", Minute: 420}})
	q := e.questions("q0", "q1", "q2", "q3", "q4", "qf")
	e.wave("2026-11-23", 3,
		admin.PlanItem{Day: 0, QuestionKey: "q0"}, admin.PlanItem{Day: 0, QuestionKey: "q1"},
		admin.PlanItem{Day: 1, QuestionKey: "q2"},
		admin.PlanItem{Day: 2, QuestionKey: "q3"}, admin.PlanItem{Day: 2, QuestionKey: "q4"})
	e.planDays("2026-11-23", "2026-11-23")
	e.clock.Set(time.Date(2026, 11, 23, 8, 0, 0, 0, london))
	if n := e.claimDue(); n != 1 {
		t.Fatalf("%d pushes due at 08:00, want the 07:00 one", n)
	}
	before := len(e.assignments("2026-11-23", "2026-11-30"))

	pre, err := e.planner.PreviewFindingTest(e.ctx, e.tenant.ID, q["qf"], "sector:Logistics", schedule.Now)
	must(t, err)
	if pre.Targeted != 3 || pre.Now != 2 || pre.Later != 1 || pre.LaterDay.String() != "2026-11-24" || pre.Moved != 2 || pre.Dropped != 0 {
		t.Fatalf("preview = %+v, want 3 targeted: 2 now, 1 on 2026-11-24, 2 wave items moved", pre)
	}
	if n := len(e.assignments("2026-11-23", "2026-11-30")); n != before {
		t.Fatalf("the preview wrote: %d assignments, had %d", n, before)
	}

	got, err := e.planner.SendFindingTest(e.ctx, e.tenant.ID, q["qf"], "sector:Logistics", schedule.Now)
	must(t, err)
	pre.ItemID = got.ItemID
	if got != pre || got.ItemID == 0 {
		t.Fatalf("send = %+v, preview said %+v", got, pre)
	}

	today := map[int64][]int64{}
	byID := map[int64]int64{}
	for _, x := range e.assignments("2026-11-23", "2026-11-23") {
		today[x.PanellistID] = append(today[x.PanellistID], x.QuestionID)
		byID[x.ID] = x.QuestionID
	}
	moved := map[int64]int64{}
	for _, x := range e.assignments("2026-11-24", "2026-11-24") {
		if x.QuestionID == q["q0"] || x.QuestionID == q["q1"] {
			moved[x.PanellistID] = x.QuestionID
			if want := time.Date(2026, 11, 24, 9, 0, 0, 0, london); !x.OpensAt.Equal(want) {
				t.Errorf("the moved item of %d opens at %s, want %s", x.PanellistID, x.OpensAt, want)
			}
		}
	}
	for _, p := range ids[:2] {
		if len(today[p]) != 2 || !contains(today[p], q["qf"]) {
			t.Errorf("panellist %d holds %v today, want the test and one wave item", p, today[p])
		}
		if moved[p] == 0 || contains(today[p], moved[p]) {
			t.Errorf("panellist %d: no wave item moved to Tuesday (%v)", p, moved)
		}
	}
	for _, p := range ids[2:] {
		if len(today[p]) != 2 || contains(today[p], q["qf"]) || moved[p] != 0 {
			t.Errorf("panellist %d holds %v today and moved %d, want their two wave items untouched", p, today[p], moved[p])
		}
	}
	for _, p := range e.pushes("2026-11-23", "2026-11-23") {
		if p.Kind != "delivery" || (p.PanellistID != ids[0] && p.PanellistID != ids[1]) {
			continue
		}
		var qs []int64
		for _, a := range p.AssignmentIds {
			qs = append(qs, byID[a])
		}
		if len(qs) != 2 || !contains(qs, q["qf"]) || contains(qs, moved[p.PanellistID]) {
			t.Errorf("the delivery push of %d carries questions %v, want the test and the wave item kept", p.PanellistID, qs)
		}
	}

	e.planDays("2026-11-24", "2026-11-24")
	tue := map[int64][]int64{}
	for _, x := range e.assignments("2026-11-24", "2026-11-24") {
		tue[x.PanellistID] = append(tue[x.PanellistID], x.QuestionID)
	}
	for _, p := range ids[:2] {
		if len(tue[p]) != 2 || !contains(tue[p], q["q2"]) || !contains(tue[p], moved[p]) {
			t.Errorf("panellist %d holds %v on Tuesday, want the moved item and the day's own", p, tue[p])
		}
	}
	if d := tue[ids[3]]; len(d) != 2 || !contains(d, q["qf"]) || !contains(d, q["q2"]) {
		t.Errorf("the firm pushed at 07:00 holds %v on Tuesday, want the test and the day's question", d)
	}
}

// TestFindingTestNowDropsWaveItemsWhenTheWaveEnds: on the last day of a
// wave, the wave items that give up their slot have no later day and are
// dropped, and counted.
func TestFindingTestNowDropsWaveItemsWhenTheWaveEnds(t *testing.T) {
	t.Parallel()
	e := newEnv(t, time.Date(2026, 11, 23, 0, 5, 0, 0, london), 2)
	ids := e.panel([]person{{Sector: "Logistics"}, {Sector: "Logistics"}, {Sector: "Manufacturing"}})
	q := e.questions("q0", "q1", "qf")
	e.wave("2026-11-23", 1, admin.PlanItem{Day: 0, QuestionKey: "q0"}, admin.PlanItem{Day: 0, QuestionKey: "q1"})
	e.planDays("2026-11-23", "2026-11-23")
	e.clock.Set(time.Date(2026, 11, 23, 8, 0, 0, 0, london))
	got, err := e.planner.SendFindingTest(e.ctx, e.tenant.ID, q["qf"], "sector:Logistics", schedule.Now)
	must(t, err)
	if got.Now != 2 || got.Later != 0 || got.Moved != 0 || got.Dropped != 2 {
		t.Fatalf("send = %+v, want 2 now and 2 wave items dropped", got)
	}
	held := map[int64][]int64{}
	for _, x := range e.assignments("2026-11-23", "2026-12-31") {
		held[x.PanellistID] = append(held[x.PanellistID], x.QuestionID)
	}
	for _, p := range ids[:2] {
		if len(held[p]) != 2 || !contains(held[p], q["qf"]) {
			t.Errorf("panellist %d holds %v, want the test and one wave item, nothing later", p, held[p])
		}
	}
	if len(held[ids[2]]) != 2 {
		t.Errorf("the manufacturer holds %v, want the two wave items", held[ids[2]])
	}
}

func contains(xs []int64, v int64) bool {
	for _, x := range xs {
		if x == v {
			return true
		}
	}
	return false
}
