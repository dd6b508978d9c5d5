package observatory_test

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/panelpulse/panelpulse/internal/observatory"
	"github.com/panelpulse/panelpulse/internal/observatory/synth"
	"github.com/panelpulse/panelpulse/internal/pgtest"
	"github.com/panelpulse/panelpulse/internal/stats"
	"github.com/panelpulse/panelpulse/internal/store"
)

// TestWeightedMatchesBusinessLevelRaking rakes each day's responding
// businesses one by one (stats.Rake on units, then trimming at five times
// the mean weight) and checks the weighted mean, its interval and n_eff
// against the rollup's stratum-level weighting.
func TestWeightedMatchesBusinessLevelRaking(t *testing.T) {
	t.Parallel()
	st := store.New(pgtest.NewDB(t))
	f := newFixture(t, st, "weights", 3, synth.Config{Seed: 7, Businesses: 80, MaxPeople: 2, Days: 3, AnswerRate: 0.85, ReviseRate: 0.1,
		Questions: questions()[:1], Sectors: []string{"Manufacturing", "Logistics", "Health"}})
	var csv strings.Builder
	csv.WriteString("sector,size_band,businesses\n")
	frame := stats.Frame{}
	for i, s := range []string{"Manufacturing", "Logistics", "Health"} {
		for j, b := range []string{"micro", "small", "medium", "large"} {
			n := 100*(i+1) + 37*j*j + 5
			frame[stats.Stratum{Sector: s, SizeBand: b}] = float64(n)
			fmt.Fprintf(&csv, "%s,%s,%d\n", s, b, n)
		}
	}
	n, problems, err := f.obs.ImportFrame(f.ctx, f.panel.TenantID, strings.NewReader(csv.String()))
	if err != nil || len(problems) > 0 || n != 12 {
		t.Fatalf("ImportFrame = %d, %v, %v; want 12 strata", n, problems, err)
	}
	tr, err := f.obs.Trend(f.ctx, f.panel.TenantID, observatory.Request{QuestionKey: "confidence", Period: observatory.Day, Weighted: true})
	if err != nil {
		t.Fatal(err)
	}
	if !tr.Weighted || tr.WeightNote != "" {
		t.Fatalf("trend weighted=%v note=%q, want weighted", tr.Weighted, tr.WeightNote)
	}
	raw := readRaw(t, f, f.panel.Questions[0].ID)
	for _, c := range tr.Cells {
		// Business-level units of the day.
		type unit struct {
			s      stats.Stratum
			sum    float64
			values int
		}
		units := map[int64]*unit{}
		var order []int64
		for _, r := range raw {
			if r.day.Format(time.DateOnly) != c.Period {
				continue
			}
			u := units[r.business]
			if u == nil {
				u = &unit{s: stats.Stratum{Sector: r.sector, SizeBand: r.size}}
				units[r.business] = u
				order = append(order, r.business)
			}
			if r.num != nil {
				u.sum += *r.num
				u.values++
			}
		}
		strata := make([]stats.Stratum, len(order))
		for i, b := range order {
			strata[i] = units[b].s
		}
		res, err := stats.Rake(nil, frame.RakeMargins(strata), stats.RakeOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var total float64
		for _, w := range res.Weights {
			total += w
		}
		ws, err := stats.TrimWeights(res.Weights, math.Inf(-1), observatory.TrimFactor*total/float64(len(order)))
		if err != nil {
			t.Fatal(err)
		}
		var ys, yw []float64
		for i, b := range order {
			if u := units[b]; u.values > 0 {
				ys = append(ys, u.sum/float64(u.values))
				yw = append(yw, ws[i])
			}
		}
		want, err := stats.WeightedMeanCI(ys, yw, stats.DefaultLevel)
		if err != nil {
			t.Fatal(err)
		}
		if c.Mean == nil || math.Abs(*c.Mean-want.Estimate) > 1e-9 || math.Abs(*c.CILow-want.Lower) > 1e-9 {
			t.Fatalf("%s: weighted mean %v [%v], business-level raking gives %v [%v]", c.Period, c.Mean, c.CILow, want.Estimate, want.Lower)
		}
		// The weighted median minimises the weighted absolute deviation
		// (the defining property, checked without sorting).
		absDev := func(m float64) (s float64) {
			for i, y := range ys {
				s += yw[i] * math.Abs(y-m)
			}
			return s
		}
		if c.Median == nil {
			t.Fatalf("%s: no weighted median", c.Period)
		}
		for _, y := range ys {
			if absDev(*c.Median) > absDev(y)+1e-9 {
				t.Fatalf("%s: weighted median %v is not a minimiser: deviation %v at %v is smaller than %v", c.Period, *c.Median, absDev(y), y, absDev(*c.Median))
			}
		}
		if neff := stats.KishNEff(yw); math.Abs(c.NEff-neff) > 1e-9 || !(neff < float64(len(ys))) {
			t.Fatalf("%s: n_eff %v, want %v (below n=%d)", c.Period, c.NEff, neff, len(ys))
		}
	}
	if len(tr.Cells) != 3 {
		t.Fatalf("got %d day cells, want 3", len(tr.Cells))
	}
}

// TestImportFrameRefusesOverflow: counts that overflow the stored column
// are refused with the line and column, and the frame already stored
// stays as it was.
func TestImportFrameRefusesOverflow(t *testing.T) {
	t.Parallel()
	st := store.New(pgtest.NewDB(t))
	f := newFixture(t, st, "frame-overflow", 3, synth.Config{Seed: 3, Businesses: 6, MaxPeople: 1, Days: 1, AnswerRate: 1,
		Questions: questions()[:1], Sectors: []string{"Alpha"}})
	good := "sector,size_band,businesses\nAlpha,micro,120\n"
	if n, problems, err := f.obs.ImportFrame(f.ctx, f.panel.TenantID, strings.NewReader(good)); err != nil || len(problems) > 0 || n != 1 {
		t.Fatalf("ImportFrame(good) = %d, %v, %v", n, problems, err)
	}
	for _, count := range []string{"4294967297", "2147483648", "10000001", "-1", "1e3"} {
		n, problems, err := f.obs.ImportFrame(f.ctx, f.panel.TenantID, strings.NewReader("sector,size_band,businesses\nAlpha,micro,"+count+"\n"))
		if err != nil || n != 0 || len(problems) != 1 || problems[0].Line != 2 || !strings.Contains(problems[0].Message, "column 3 (businesses)") {
			t.Fatalf("ImportFrame(%s) = %d, %v, %v; want one problem on line 2 naming column 3", count, n, problems, err)
		}
	}
	rows, err := f.st.Q.PopulationStratumList(f.ctx, f.panel.TenantID)
	if err != nil || len(rows) != 1 || rows[0].Businesses != 120 {
		t.Fatalf("stored frame after refused imports = %v (%v), want Alpha micro 120", rows, err)
	}
}
