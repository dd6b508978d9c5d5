package observatory

import (
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/answer"
	"github.com/panelpulse/panelpulse/internal/bank"
	"github.com/panelpulse/panelpulse/internal/disclosure/disclosuretest"
	"github.com/panelpulse/panelpulse/internal/rollup"
	"github.com/panelpulse/panelpulse/internal/stats"
)

// This file is the attacker: it builds small panels, publishes every table
// set the API can produce for a question (every period, wave and
// dimension, weighted or not, with the rolling means), and asks
// disclosuretest.Audit which hidden cells any linear combination of the
// published cells recovers.

// business is one firm of a test panel; it answers through one respondent.
type business struct {
	id      int64
	stratum Stratum
}

// panelAnswer is one business's answer on a day; num nil is "don't know".
type panelAnswer struct {
	day time.Time
	b   business
	num *float64
}

// auditPanel is a question's answers and the waves of the tenant.
type auditPanel struct {
	spec      answer.Spec
	threshold int
	answers   []panelAnswer
	waves     []waveRange
	frame     stats.Frame
	bounds    bool // run the linear programmes whatever the size
	// unitRows are the businesses of the district and role rows, as
	// rows() last folded them (ObservatoryUnitList's rows).
	unitRows []dbsqlc.ObservatoryUnitListRow
}

// smallAtoms is the size up to which random panels are also audited with
// the linear programmes (the bounds of counts and scale), which cost far
// more than the exact linear check every panel gets.
const smallAtoms = 8

// rows folds the answers into rollup rows as the rollup worker does: the
// finest rows, the rows summed over districts and further, the role rows.
func (p *auditPanel) rows() []dbsqlc.ObservatoryCellListRow {
	byDay := map[time.Time][]panelAnswer{}
	var days []time.Time
	for _, a := range p.answers {
		if byDay[a.day] == nil {
			days = append(days, a.day)
		}
		byDay[a.day] = append(byDay[a.day], a)
	}
	slices.SortFunc(days, func(a, b time.Time) int { return a.Compare(b) })
	var out []dbsqlc.ObservatoryCellListRow
	p.unitRows = nil
	for _, d := range days {
		as := byDay[d]
		slices.SortFunc(as, func(a, b panelAnswer) int { return int(a.b.id - b.b.id) })
		in := make([]rollup.Answer, len(as))
		for i, a := range as {
			s := a.b.stratum
			in[i] = rollup.Answer{BusinessID: a.b.id, Num: a.num, Sector: s.Sector, SizeBand: s.SizeBand, District: s.District, Role: s.Role}
		}
		day := rollup.FoldDay(in, p.spec.Type)
		for c, a := range day.Cells {
			if c.Level == rollup.LevelDistrict {
				a.Assigned = a.Businesses + 1
			}
		}
		for _, c := range day.Rows(1, 1, d) {
			out = append(out, dbsqlc.ObservatoryCellListRow{Day: d, Level: c.Level, Role: c.Role, Sector: c.Sector, SizeBand: c.SizeBand,
				District: c.District, Assigned: c.Assigned, Businesses: c.Businesses, Respondents: c.Respondents,
				NumN: c.NumN, SumY: c.SumY, SumY2: c.SumY2, HistValues: c.HistValues, HistCounts: c.HistCounts,
				ShareBase: c.ShareBase, ShareCodes: c.ShareCodes, ShareSums: c.ShareSums})
			if l := rollup.Level(c.Level); l == rollup.LevelDistrict || l == rollup.LevelRole {
				p.unitRows = append(p.unitRows, dbsqlc.ObservatoryUnitListRow{Day: d, Level: c.Level, Role: c.Role, Sector: c.Sector,
					SizeBand: c.SizeBand, District: c.District, ShareCodes: c.ShareCodes, RowCodes: c.RowCodes,
					UnitBusinesses: c.UnitBusinesses, UnitNum: c.UnitNum, UnitShares: c.UnitShares, UnitRows: c.UnitRows})
			}
		}
	}
	return out
}

// selectRows is ObservatoryCellList in memory.
func selectRows(rows []dbsqlc.ObservatoryCellListRow, r Request, from, to time.Time) []dbsqlc.ObservatoryCellListRow {
	level, withStrata := r.level()
	var out []dbsqlc.ObservatoryCellListRow
	for _, x := range rows {
		if x.Day.Before(from) || x.Day.After(to) {
			continue
		}
		if rollup.Level(x.Level) != level && (!withStrata || rollup.Level(x.Level) != rollup.LevelStratum) {
			continue
		}
		out = append(out, x)
	}
	return out
}

// selectUnits is ObservatoryUnitList in memory.
func selectUnits(rows []dbsqlc.ObservatoryUnitListRow, r Request, from, to time.Time) []dbsqlc.ObservatoryUnitListRow {
	var out []dbsqlc.ObservatoryUnitListRow
	for _, x := range rows {
		if x.Day.Before(from) || x.Day.After(to) {
			continue
		}
		if rollup.Level(x.Level) == rollup.LevelRole && !r.Dimension.byRole() {
			continue
		}
		out = append(out, x)
	}
	return out
}

// countRowsFrom is ObservatoryCellCounts in memory.
func countRowsFrom(rows []dbsqlc.ObservatoryCellListRow) []countRow {
	var out []dbsqlc.ObservatoryCellCountsRow
	for _, x := range rows {
		if l := rollup.Level(x.Level); l == rollup.LevelDistrict || l == rollup.LevelRole || l == rollup.LevelDistrictRole {
			out = append(out, dbsqlc.ObservatoryCellCountsRow{Day: x.Day, Level: x.Level, Role: x.Role, Sector: x.Sector, SizeBand: x.SizeBand,
				District: x.District, Businesses: x.Businesses, NumN: x.NumN, SumY: x.SumY, ShareBase: x.ShareBase, RankBase: x.RankBase})
		}
	}
	return countRowsOf(out)
}

// published is one series the API can give, with the day set of each of
// its periods.
type published struct {
	req   Request
	trend Trend
	days  map[string][]time.Time // period key -> days
}

// publishAll produces every table set of the question.
func publishAll(t *testing.T, p *auditPanel) []published {
	t.Helper()
	rows := p.rows()
	sup, err := stats.NewSuppressor(p.threshold)
	if err != nil {
		t.Fatal(err)
	}
	q := bank.Question{ID: 1, Key: "q", Version: 1, Spec: p.spec}
	ranges := []waveRange{{time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)}}
	ranges = append(ranges, p.waves...)
	var out []published
	for wi, wr := range ranges {
		for _, per := range []Period{Day, Week, Wave} {
			for _, dim := range Dimensions {
				for _, weighted := range []bool{false, true} {
					if weighted && p.frame == nil {
						continue
					}
					r := Request{QuestionKey: "q", Period: per, Dimension: dim, WaveID: int64(wi), Weighted: weighted}
					sel := selectRows(rows, r, wr.from, wr.to)
					tr := publishTrend(q, r, sup, sel, selectUnits(p.unitRows, r, wr.from, wr.to), p.frame, rows, p.waves)
					days := map[string][]time.Time{}
					for _, x := range sel {
						k, _ := periodOf(x.Day, per)
						if !slices.ContainsFunc(days[k], x.Day.Equal) {
							days[k] = append(days[k], x.Day)
						}
					}
					out = append(out, published{req: r, trend: tr, days: days})
				}
			}
		}
	}
	return out
}

// auditOf turns everything published into the attacker's problem for the
// question's numeric values: atoms are the (day, finest stratum) groups of
// businesses that answered.
func auditOf(t *testing.T, p *auditPanel, pubs []published) disclosuretest.Problem {
	t.Helper()
	type atomKey struct {
		day string
		s   Stratum
	}
	index := map[atomKey]int{}
	type atomData struct {
		key atomKey
		day time.Time
		n   float64
		sum float64
	}
	var atoms []atomData
	for _, a := range p.answers {
		if a.num == nil {
			continue
		}
		k := atomKey{a.day.Format(time.DateOnly), a.b.stratum}
		i, ok := index[k]
		if !ok {
			i = len(atoms)
			index[k] = i
			atoms = append(atoms, atomData{key: k, day: a.day})
		}
		atoms[i].n++
		atoms[i].sum += *a.num
	}
	members := func(days []time.Time, dim Dimension, seg string) []int {
		var out []int
		for i, a := range atoms {
			if slices.ContainsFunc(days, a.day.Equal) && segmentOf(a.key.s, dim) == seg {
				out = append(out, i)
			}
		}
		return out
	}
	prob := disclosuretest.Problem{Lo: float64(p.spec.ScaleMin), Hi: float64(p.spec.ScaleMax), Atoms: len(atoms)}
	hiddenSeen := map[string]bool{}
	for _, pub := range pubs {
		if pub.req.Weighted {
			continue // the same pattern; weighted values are not linear in the atoms
		}
		for _, c := range pub.trend.Cells {
			ms := members(pub.days[c.Period], pub.req.Dimension, c.Segment)
			if c.Suppressed {
				if c.Respondents != 0 || c.People != 0 || c.Assigned != 0 {
					t.Errorf("%v %s %s: hidden cell shows counts %d/%d/%d", pub.req, c.Period, c.Segment, c.Respondents, c.People, c.Assigned)
				}
				name := fmt.Sprintf("%s|%s|%s", daysKey(pub.days[c.Period]), pub.req.Dimension, c.Segment)
				if len(ms) > 0 && !hiddenSeen[name] {
					hiddenSeen[name] = true
					n := 0.0
					for _, a := range ms {
						n += atoms[a].n
					}
					prob.Hidden = append(prob.Hidden, disclosuretest.Hidden{Name: name, Atoms: ms, Small: n < float64(p.threshold)})
				}
				continue
			}
			if c.Mean != nil {
				prob.Published = append(prob.Published, disclosuretest.Published{Atoms: ms, N: float64(c.Respondents), Sum: *c.Mean * float64(c.Respondents)})
			} else if c.Respondents == 0 {
				prob.Published = append(prob.Published, disclosuretest.Published{Atoms: ms})
			}
			if ro := c.Rolling; ro != nil && !ro.Suppressed && ro.Mean != nil {
				// The window: this period and the previous ones of the
				// segment in the same series.
				// The window: this period and the ones before it in which
				// the segment has a cell, with no gap (as build pools them).
				var wdays []time.Time
				var periods []string
				present := map[string]bool{}
				for _, o := range pub.trend.Cells {
					if len(periods) == 0 || periods[len(periods)-1] != o.Period {
						periods = append(periods, o.Period)
					}
					if o.Segment == c.Segment {
						present[o.Period] = true
					}
				}
				var keys []string
				for k := slices.Index(periods, c.Period); k >= 0 && present[periods[k]] && len(keys) < stats.RollingWindow; k-- {
					keys = append(keys, periods[k])
				}
				for _, k := range keys {
					wdays = append(wdays, pub.days[k]...)
				}
				prob.Published = append(prob.Published, disclosuretest.Published{Atoms: members(wdays, pub.req.Dimension, c.Segment),
					N: float64(ro.Respondents), Sum: *ro.Mean * float64(ro.Respondents)})
			}
		}
	}
	return prob
}

// checkPattern fails when two views of one cell disagree on whether it is
// hidden: one pattern per question serves every view.
func checkPattern(t *testing.T, pubs []published) {
	t.Helper()
	seen := map[string]bool{}
	for _, pub := range pubs {
		for _, c := range pub.trend.Cells {
			k := fmt.Sprintf("%s|%s|%s", daysKey(pub.days[c.Period]), pub.req.Dimension, c.Segment)
			if prev, ok := seen[k]; ok && prev != c.Suppressed {
				t.Errorf("cell %s is hidden in one view and shown in another (%v)", k, pub.req)
			}
			seen[k] = c.Suppressed
		}
	}
}

// randomPanel draws a small panel: 5 to 14 businesses over 2 to 4 days in
// two ISO weeks, one wave over part of them, a 1-5 scale.
func randomPanel(seed uint64) *auditPanel {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	sectors := []string{"Alpha", "Beta", "Gamma"}
	sizes := []string{"micro", "small", "medium"}
	districts := []string{"X", "Y", "Z"}
	roles := []string{"owner", "hr"}
	p := &auditPanel{spec: answer.Spec{Type: answer.TypeScale, ScaleMin: 1, ScaleMax: 5}, threshold: 3}
	nb := 5 + rng.IntN(10)
	bs := make([]business, nb)
	for i := range bs {
		bs[i] = business{id: int64(i + 1), stratum: Stratum{Sector: sectors[rng.IntN(len(sectors))], SizeBand: sizes[rng.IntN(len(sizes))],
			District: districts[rng.IntN(len(districts))], Role: roles[rng.IntN(len(roles))]}}
	}
	monday := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	nd := 2 + rng.IntN(3)
	var days []time.Time
	for len(days) < nd {
		d := monday.AddDate(0, 0, rng.IntN(12))
		if !slices.ContainsFunc(days, d.Equal) && d.Weekday() != time.Saturday && d.Weekday() != time.Sunday {
			days = append(days, d)
		}
	}
	slices.SortFunc(days, func(a, b time.Time) int { return a.Compare(b) })
	for _, d := range days {
		for _, b := range bs {
			if rng.Float64() < 0.7 {
				var num *float64
				v := float64(1 + rng.IntN(5))
				num = &v
				p.answers = append(p.answers, panelAnswer{day: d, b: b, num: num})
			}
		}
	}
	if len(days) > 1 {
		p.waves = []waveRange{{from: days[1], to: days[len(days)-1]}}
	}
	return p
}

// audit publishes everything of p and returns the attacker's findings.
func audit(t *testing.T, p *auditPanel) []disclosuretest.Finding {
	t.Helper()
	pubs := publishAll(t, p)
	checkPattern(t, pubs)
	prob := auditOf(t, p, pubs)
	prob.Bounds = p.bounds || prob.Atoms <= smallAtoms
	found, err := disclosuretest.Audit(prob)
	if err != nil {
		t.Fatalf("audit: %v", err)
	}
	return found
}

// auditSeeds is how many random panels `make test` audits
// (PANELPULSE_AUDIT_SEEDS sets another number); the fuzz target draws more.
const auditSeeds = 50

func TestAttackerRandomPanels(t *testing.T) {
	t.Parallel()
	seeds := uint64(auditSeeds)
	if v := os.Getenv("PANELPULSE_AUDIT_SEEDS"); v != "" {
		if _, err := fmt.Sscan(v, &seeds); err != nil {
			t.Fatalf("PANELPULSE_AUDIT_SEEDS: %v", err)
		}
	}
	total := 0
	for seed := range seeds {
		found := audit(t, randomPanel(seed))
		total += len(found)
		for _, f := range found {
			t.Errorf("seed %d: recoverable hidden cell %s", seed, f)
		}
	}
	t.Logf("%d seeds: %d recoverable cells", seeds, total)
}

func FuzzAttacker(f *testing.F) {
	for seed := range uint64(4) {
		f.Add(seed + 1000)
	}
	f.Fuzz(func(t *testing.T, seed uint64) {
		for _, found := range audit(t, randomPanel(seed)) {
			t.Errorf("seed %d: recoverable hidden cell %s", seed, found)
		}
	})
}

// fixedPanel builds a panel from lines "sector size district role value"
// answered on one day (value "-" for don't know).
func fixedPanel(threshold int, day time.Time, lines ...string) *auditPanel {
	p := &auditPanel{spec: answer.Spec{Type: answer.TypeScale, ScaleMin: 1, ScaleMax: 10}, threshold: threshold, bounds: true}
	for i, l := range lines {
		f := strings.Fields(l)
		var num *float64
		if f[4] != "-" {
			var v float64
			fmt.Sscan(f[4], &v)
			num = &v
		}
		p.answers = append(p.answers, panelAnswer{day: day,
			b: business{id: int64(i + 1), stratum: Stratum{Sector: f[0], SizeBand: f[1], District: f[2], Role: f[3]}}, num: num})
	}
	return p
}

func repeat(n int, line string) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = line
	}
	return out
}

// TestAttackerFixedCases are the attacks seen on the panel with threshold 5.
func TestAttackerFixedCases(t *testing.T) {
	t.Parallel()
	day := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	cases := map[string]*auditPanel{
		// Six businesses in Alpha, one outside: the sector beside the panel.
		"sector beside panel": fixedPanel(5, day, append(repeat(6, "Alpha small X owner 2"), "Beta small X owner 9")...),
		// medium n=6 = Beta/medium 5 + Alpha/medium 1.
		"two-way against its margin": fixedPanel(5, day, slices.Concat(
			repeat(5, "Beta medium X owner 2"), []string{"Alpha medium X owner 9"},
			repeat(5, "Alpha small X owner 5"), repeat(5, "Beta small X owner 5"))...),
		// Gamma has two businesses; Delta is empty (assigned only).
		"empty sibling": fixedPanel(5, day, slices.Concat(
			repeat(6, "Alpha small X owner 6"), repeat(5, "Beta small X owner 2"), repeat(2, "Gamma small X owner 7"))...),
		// Beta and Gamma are hidden and no linear combination gives either,
		// but together they are 1 above the scale's minimum (the total less
		// Alpha): Beta's sum is confined to [2, 3] by the bounds.
		"confined by the bounds": fixedPanel(5, day, slices.Concat(
			repeat(6, "Alpha small X owner 8"), []string{"Beta small X owner 2", "Beta small X owner 1"}, repeat(2, "Gamma small X owner 1"))...),
	}
	for name, p := range cases {
		for _, f := range audit(t, p) {
			t.Errorf("%s: recoverable hidden cell %s", name, f)
		}
	}
}

// demoPanel is the shape of the demo: 42, 52 and 28 businesses in three
// sectors, four size bands, nine districts, four roles, a four-week wave in
// which each business answers on one weekday a week.
func demoPanel(seed uint64) *auditPanel {
	rng := rand.New(rand.NewPCG(seed, 0xde70))
	sizes := []string{"micro", "small", "medium", "large"}
	roles := []string{"owner", "hr", "ld", "ops"}
	p := &auditPanel{spec: answer.Spec{Type: answer.TypeScale, ScaleMin: 1, ScaleMax: 10}, threshold: 5}
	var bs []business
	for si, n := range []int{42, 52, 28} {
		for range n {
			bs = append(bs, business{id: int64(len(bs) + 1), stratum: Stratum{Sector: []string{"Manufacturing", "Sport & health", "Logistics"}[si],
				SizeBand: sizes[rng.IntN(4)], District: fmt.Sprintf("D%d", rng.IntN(9)), Role: roles[rng.IntN(4)]}})
		}
	}
	monday := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	for w := range 4 {
		for _, b := range bs {
			if rng.Float64() < 0.8 {
				v := float64(1 + rng.IntN(10))
				p.answers = append(p.answers, panelAnswer{day: monday.AddDate(0, 0, 7*w+rng.IntN(5)), b: b, num: &v})
			}
		}
	}
	p.waves = []waveRange{{from: monday, to: monday.AddDate(0, 0, 25)}}
	return p
}

// TestAttackerDemoScale searches demo-sized panels with the exact linear
// check (no linear programmes at this size); set PANELPULSE_DEMO_AUDIT=1.
func TestAttackerDemoScale(t *testing.T) {
	if os.Getenv("PANELPULSE_DEMO_AUDIT") == "" {
		t.Skip("set PANELPULSE_DEMO_AUDIT=1 to search demo-sized panels")
	}
	for seed := range uint64(3) {
		p := demoPanel(seed)
		start := time.Now()
		pubs := publishAll(t, p)
		built := time.Since(start)
		prob := auditOf(t, p, pubs)
		found, err := disclosuretest.Audit(prob)
		if err != nil {
			t.Fatal(err)
		}
		small := 0
		for _, f := range found {
			for _, h := range prob.Hidden {
				if h.Name == f.Name && h.Small {
					small++
				}
			}
		}
		for _, f := range found {
			t.Log(f)
		}
		t.Logf("seed %d: %d atoms, %d hidden, %d recoverable (%d with n below the threshold); all series built in %v", seed, prob.Atoms, len(prob.Hidden), len(found), small, built)
	}
}
