package schedule_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/gen/dbsqlctest"
	"github.com/panelpulse/panelpulse/internal/admin"
	"github.com/panelpulse/panelpulse/internal/calendar"
	"github.com/panelpulse/panelpulse/internal/schedule"
)

// Starts near Easter 2024, Christmas 2025, the clock changes of October
// 2025 and March 2026, the 2022 Jubilee and the 2023 coronation.
var propertyStarts = []string{"2024-03-25", "2025-12-19", "2025-10-20", "2026-03-23", "2022-05-30", "2023-05-01"}

var (
	propertyZones    = []string{"Europe/London", "Europe/Dublin", "America/New_York", "Europe/Berlin"}
	propertySegments = []string{"all", "all", "sector:A", "size:large", "district:Y", "role:hr"}
)

// TestPlanningProperties plans random panels and waves over random date
// ranges and checks: no assignment on a weekend, bank holiday or closure
// day; the cap is never exceeded; every targeted eligible panellist gets
// exactly min(cap, targeted questions) of the day's targeted questions and
// nothing else; each opens at the preferred local time in the panellist's
// zone; one delivery push carries the day's assignments, due at the first
// of them; and the dry run beforehand promised exactly what was made.
func TestPlanningProperties(t *testing.T) {
	t.Parallel()
	for i, start := range propertyStarts {
		t.Run(start, func(t *testing.T) {
			t.Parallel()
			checkRandomPlan(t, uint64(i+1), start)
		})
	}
}

func checkRandomPlan(t *testing.T, seed uint64, startStr string) {
	r := rand.New(rand.NewPCG(seed, 2026))
	start := calendar.MustParseDate(startStr).AddDays(r.IntN(3))
	capacity := int32(1 + r.IntN(2))
	e := newEnv(t, start.AddDays(-7).Time(london), capacity)
	var closures []calendar.Date
	for range r.IntN(3) {
		d := start.AddDays(r.IntN(14))
		closures = append(closures, d)
		must(t, e.st.Q.ClosureDayInsert(e.ctx, dbsqlc.ClosureDayInsertParams{TenantID: e.tenant.ID, Day: d.Time(time.UTC), Reason: "test"}))
	}
	cal, err := calendar.New("england-and-wales", closures)
	must(t, err)
	people := make([]person, 25)
	for i := range people {
		p := &people[i]
		p.Sector, p.Size = pick(r, "A", "B"), pick(r, "small", "large")
		p.District, p.Role = pick(r, "X", "Y"), pick(r, "owner", "hr")
		p.TZ, p.Minute = pick(r, propertyZones...), int32(360+r.IntN(15*60))
		switch r.IntN(8) {
		case 0:
			p.Status = "withdrawn"
		case 1:
			p.Status = "invited"
		case 2:
			p.Paused = start.AddDays(r.IntN(10)).String()
		case 3:
			p.Joined = start.AddDays(r.IntN(10)).String()
		}
	}
	ids := e.panel(people)
	keys := []string{"k0", "k1", "k2", "k3", "k4", "k5"}
	qids := e.questions(keys...)
	days := int32(5 + r.IntN(8))
	var plan []admin.PlanItem
	for d := range days {
		for _, k := range keys[:r.IntN(4)] {
			plan = append(plan, admin.PlanItem{Day: d, QuestionKey: k, Segment: pick(r, propertySegments...), Split: int16(max(0, r.IntN(5)-2))})
		}
	}
	if len(plan) == 0 {
		plan = append(plan, admin.PlanItem{Day: 0, QuestionKey: "k0", Segment: "all"})
	}
	w := e.wave(start.String(), days, plan...)
	wave, err := e.st.Q.WaveGet(e.ctx, dbsqlc.WaveGetParams{TenantID: e.tenant.ID, ID: w.ID})
	must(t, err)
	halves, err := dbsqlctest.New(e.st.Pool).PanellistSplitHalves(e.ctx, dbsqlctest.PanellistSplitHalvesParams{TenantID: e.tenant.ID, Seed: wave.Seed})
	must(t, err)
	half := map[int64]int16{}
	for _, h := range halves {
		half[h.ID] = h.Half
	}
	preview, err := schedule.Preview(e.ctx, e.st.Q, e.tenant, w.ID)
	must(t, err)
	dry := map[string]int{}
	for _, row := range preview {
		dry[fmt.Sprint(row.Day, row.QuestionID)] += row.Panellists
	}
	from, to := w.Start.AddDays(-2).String(), w.End.AddDays(3).String()
	e.planDays(from, to)
	made := map[string]int{}
	for _, a := range e.assignments(from, to) {
		made[fmt.Sprint(calendar.DateOf(a.Day), a.QuestionID)]++
	}
	if fmt.Sprint(dry) != fmt.Sprint(made) {
		t.Fatalf("the dry run promised %v per day and question, planning made %v", dry, made)
	}

	type pd struct {
		p   int64
		day calendar.Date
	}
	got := map[pd][]dbsqlctest.AssignmentListForDaysRow{}
	for _, a := range e.assignments(from, to) {
		day := calendar.DateOf(a.Day)
		if !cal.IsWorkingDay(day) {
			t.Fatalf("assignment on %s (%s), not a working day", day, day.Weekday())
		}
		got[pd{a.PanellistID, day}] = append(got[pd{a.PanellistID, day}], a)
	}
	for i, p := range people {
		id := ids[i]
		loc := mustLoad(p.TZ)
		for idx := range int(days) {
			day := cal.AddWorkingDays(w.Start, idx)
			targeted := map[int64]bool{}
			eligible := p.Status == "" && (p.Paused == "" || calendar.MustParseDate(p.Paused).Before(day)) &&
				(p.Joined == "" || !calendar.MustParseDate(p.Joined).After(day))
			for _, it := range plan {
				if eligible && int(it.Day) == idx && matches(p, or(it.Segment, "all")) && (it.Split == 0 || it.Split == half[id]) {
					targeted[qids[it.QuestionKey]] = true
				}
			}
			as := got[pd{id, day}]
			if want := min(len(targeted), int(capacity)); len(as) != want {
				t.Fatalf("%s panellist %d (%+v) got %d questions, want %d of %d targeted under cap %d", day, i, p, len(as), want, len(targeted), capacity)
			}
			for _, a := range as {
				if !targeted[a.QuestionID] {
					t.Fatalf("%s panellist %d got question %d, not targeted", day, i, a.QuestionID)
				}
				if want := calendar.DeliveryInstant(day, loc, int(p.Minute)); !a.OpensAt.Equal(want) {
					t.Fatalf("%s panellist %d opens at %s, want %s local", day, i, a.OpensAt.In(loc), want.In(loc))
				}
			}
			delete(got, pd{id, day})
		}
	}
	for k, as := range got {
		t.Fatalf("unexpected assignments for panellist %d on %s: %d", k.p, k.day, len(as))
	}
	checkPushes(t, e, from, to)
}

// checkPushes: one delivery push per panellist and day, carrying that day's
// assignments in order, due at their opening.
func checkPushes(t *testing.T, e *env, from, to string) {
	t.Helper()
	type pd struct {
		p   int64
		day string
	}
	byDay := map[pd][]int64{}
	opens := map[pd]time.Time{}
	for _, a := range e.assignments(from, to) {
		k := pd{a.PanellistID, a.Day.Format(time.DateOnly)}
		byDay[k] = append(byDay[k], a.ID)
		opens[k] = a.OpensAt
	}
	seen := map[pd]bool{}
	for _, p := range e.pushes(from, to) {
		k := pd{p.PanellistID, p.Day.Format(time.DateOnly)}
		if p.Kind != "delivery" {
			continue
		}
		if seen[k] || fmt.Sprint(p.AssignmentIds) != fmt.Sprint(byDay[k]) || !p.DueAt.Equal(opens[k]) {
			t.Fatalf("delivery push %+v, want one carrying %v due %s", p, byDay[k], opens[k])
		}
		seen[k] = true
	}
	if len(seen) != len(byDay) {
		t.Fatalf("%d delivery pushes for %d panellist-days", len(seen), len(byDay))
	}
}

func matches(p person, segment string) bool {
	switch segment {
	case "all":
		return true
	case "sector:" + p.Sector, "size:" + p.Size, "district:" + p.District, "role:" + p.Role:
		return true
	}
	return false
}

func pick(r *rand.Rand, xs ...string) string { return xs[r.IntN(len(xs))] }
