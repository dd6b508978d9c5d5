package schedule_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/panelpulse/panelpulse/internal/admin"
	"github.com/panelpulse/panelpulse/internal/calendar"
	"github.com/panelpulse/panelpulse/internal/schedule"
)

// inSegment is what a segment selects, spelled out: "all", or a value of
// the panellist's business or role after its kind.
func inSegment(segment string, p person) bool {
	return segment == "all" || segment == "sector:"+p.Sector || segment == "size:"+p.Size ||
		segment == "district:"+p.District || segment == "role:"+p.Role
}

// TestSegmentsSelectTheSamePanellistsEverywhere: the dry run, planning and
// an ad-hoc send each select exactly the panellists a segment names, for
// every kind of segment, one that matches no one and one spelled like a
// value of another kind.
func TestSegmentsSelectTheSamePanellistsEverywhere(t *testing.T) {
	t.Parallel()
	e := newEnv(t, time.Date(2026, 11, 23, 0, 5, 0, 0, london), 1)
	people := []person{
		{Sector: "Logistics", Size: "small", District: "Leicester", Role: "owner"},
		{Sector: "Logistics", Size: "medium", District: "Rutland", Role: "HR manager"},
		{Sector: "Manufacturing", Size: "medium", District: "Leicester", Role: "HR manager"},
		{Sector: "Manufacturing", Size: "large", District: "Melton", Role: "owner"},
		{Sector: "Retail", Size: "micro", District: "Rutland", Role: "finance"},
	}
	ids := e.panel(people)
	segments := []string{"all", "sector:Logistics", "size:medium", "district:Rutland", "role:HR manager", "role:owner", "sector:Nowhere", "sector:medium"}
	want := make([][]int64, len(segments))
	var plan []admin.PlanItem
	var keys, adhocKeys []string
	for i, s := range segments {
		want[i] = []int64{}
		for j, p := range people {
			if inSegment(s, p) {
				want[i] = append(want[i], ids[j])
			}
		}
		want[i] = sorted(want[i])
		keys, adhocKeys = append(keys, fmt.Sprintf("plan%d", i)), append(adhocKeys, fmt.Sprintf("adhoc%d", i))
		plan = append(plan, admin.PlanItem{Day: int32(i), QuestionKey: keys[i], Segment: s})
	}
	q := e.questions(append(keys, adhocKeys...)...)
	w := e.wave("2026-11-23", int32(len(segments)), plan...)

	preview, err := schedule.Preview(e.ctx, e.st.Q, e.tenant, w.ID)
	must(t, err)
	previewed := make([]int, len(segments))
	for _, r := range preview {
		previewed[r.DayIndex] += r.Panellists
	}

	// The wave's working days, then as many for the ad-hoc sends.
	var days []calendar.Date
	for d := calendar.MustParseDate("2026-11-23"); len(days) < 2*len(segments); d = d.AddDays(1) {
		if d.Weekday() != time.Saturday && d.Weekday() != time.Sunday {
			days = append(days, d)
		}
	}
	e.planDays(days[0].String(), days[len(segments)-1].String())
	adhocCounts := make([]int64, len(segments))
	for i, s := range segments {
		e.clock.Set(calendar.DeliveryInstant(days[len(segments)+i], london, 5))
		a, err := e.planner.SendAdHoc(e.ctx, e.tenant.ID, q[adhocKeys[i]], s, schedule.Now)
		must(t, err)
		adhocCounts[i] = a.Planned.AdHoc
	}

	planned, adhoc := map[int64][]int64{}, map[int64][]int64{}
	for _, a := range e.assignments(days[0].String(), days[len(days)-1].String()) {
		if a.AdhocID != nil {
			adhoc[a.QuestionID] = append(adhoc[a.QuestionID], a.PanellistID)
		} else {
			planned[a.QuestionID] = append(planned[a.QuestionID], a.PanellistID)
		}
	}
	for i, s := range segments {
		if previewed[i] != len(want[i]) {
			t.Errorf("%s: the dry run counts %d panellists, want %d", s, previewed[i], len(want[i]))
		}
		if diff := cmp.Diff(want[i], sorted(planned[q[keys[i]]])); diff != "" {
			t.Errorf("%s: planned panellists (-want +got):\n%s", s, diff)
		}
		if diff := cmp.Diff(want[i], sorted(adhoc[q[adhocKeys[i]]])); diff != "" || adhocCounts[i] != int64(len(want[i])) {
			t.Errorf("%s: ad-hoc made %d assignments, panellists (-want +got):\n%s", s, adhocCounts[i], diff)
		}
	}
}

func sorted(ids []int64) []int64 {
	out := append([]int64{}, ids...)
	slices.Sort(out)
	return out
}
