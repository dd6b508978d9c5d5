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

// TestWeightedMatchesBusinessLevelRaking rakes each period's responding
// businesses one by one (stats.NewCalibratedDesign on the raw answers,
// bounded raking to the frame) and checks the weighted mean, its interval,
// sd, median and n_eff against the trend read from the rollups, by day and
// by week (a business's value the mean of its business-days).
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
	raw := readRaw(t, f, f.panel.Questions[0].ID)
	for _, per := range []observatory.Period{observatory.Day, observatory.Week} {
		tr, err := f.obs.Trend(f.ctx, f.panel.TenantID, observatory.Request{QuestionKey: "confidence", Period: per, Weighted: true})
		if err != nil {
			t.Fatal(err)
		}
		if !tr.Weighted || tr.WeightNote != "" {
			t.Fatalf("%s: trend weighted=%v note=%q, want weighted", per, tr.Weighted, tr.WeightNote)
		}
		want := map[observatory.Period]int{observatory.Day: 3, observatory.Week: 1}[per]
		if len(tr.Cells) != want {
			t.Fatalf("%s: got %d cells, want %d", per, len(tr.Cells), want)
		}
		for _, c := range tr.Cells {
			inPeriod := func(d time.Time) bool {
				if per == observatory.Day {
					return d.Format(time.DateOnly) == c.Period
				}
				y, w := d.ISOWeek()
				return fmt.Sprintf("%d-W%02d", y, w) == c.Period
			}
			// Business-level respondents and values of the period: a
			// business's respondents of one day averaged, its days averaged.
			type bday struct {
				b   int64
				day time.Time
			}
			stratum := map[int64]stats.Stratum{}
			var order []int64
			daySum, dayN := map[bday]float64{}, map[bday]int{}
			days := 0
			seenDay := map[bday]bool{}
			for _, r := range raw {
				if !inPeriod(r.day) {
					continue
				}
				if _, ok := stratum[r.business]; !ok {
					order = append(order, r.business)
				}
				stratum[r.business] = stats.Stratum{Sector: r.sector, SizeBand: r.size}
				k := bday{r.business, r.day}
				if !seenDay[k] {
					seenDay[k] = true
					days++
				}
				if r.num != nil {
					daySum[k] += *r.num
					dayN[k]++
				}
			}
			resp := make([]stats.Respondent, len(order))
			for i, b := range order {
				resp[i] = stats.Respondent{Business: fmt.Sprint(b), Stratum: stratum[b], BaseWeight: 1}
			}
			var dv []stats.DayValue
			for k, s := range daySum {
				dv = append(dv, stats.DayValue{Business: fmt.Sprint(k.b), Value: s / float64(dayN[k])})
			}
			units := stats.FoldDays(dv)
			d, err := stats.NewCalibratedDesign(resp, frame, stats.CalibrationOptions{SizeBands: observatory.SizeBandOrder})
			if err != nil {
				t.Fatal(err)
			}
			est, err := d.Mean(units, stats.DefaultLevel)
			if err != nil {
				t.Fatal(err)
			}
			sd, err := d.SD(units)
			if err != nil {
				t.Fatal(err)
			}
			if c.Respondents != len(order) || c.BusinessDays != days {
				t.Fatalf("%s: %d businesses over %d business-days, want %d over %d", c.Period, c.Respondents, c.BusinessDays, len(order), days)
			}
			if c.Mean == nil || math.Abs(*c.Mean-est.Estimate) > 1e-9 || math.Abs(*c.CILow-est.Lower) > 1e-9 || math.Abs(*c.CIHigh-est.Upper) > 1e-9 {
				t.Fatalf("%s: weighted mean %v [%v, %v], business-level raking gives %v [%v, %v]", c.Period, c.Mean, c.CILow, c.CIHigh, est.Estimate, est.Lower, est.Upper)
			}
			if c.SD == nil || math.Abs(*c.SD-sd) > 1e-9 {
				t.Fatalf("%s: weighted sd %v, want %v", c.Period, c.SD, sd)
			}
			if neff := math.Min(float64(est.N), sd*sd/(est.SE*est.SE)); math.Abs(c.NEff-neff) > 1e-9 {
				t.Fatalf("%s: n_eff %v, want %v", c.Period, c.NEff, neff)
			}
			// The weighted median minimises the weighted absolute deviation
			// (the defining property, checked without sorting).
			absDev := func(m float64) (s float64) {
				for _, u := range units {
					w, _ := d.Weight(u.Business)
					s += w * math.Abs(u.Mean()-m)
				}
				return s
			}
			if c.Median == nil {
				t.Fatalf("%s: no weighted median", c.Period)
			}
			for _, u := range units {
				if absDev(*c.Median) > absDev(u.Mean())+1e-9 {
					t.Fatalf("%s: weighted median %v is not a minimiser", c.Period, *c.Median)
				}
			}
		}
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

// TestMicrodataRebuildsWeightedTrend: the micro-data's business pseudonym,
// stratum and weight of the period asked let an analyst rebuild the weekly
// weighted mean from the rows (a business's respondents averaged per day,
// its days averaged, weighted by its weight).
func TestMicrodataRebuildsWeightedTrend(t *testing.T) {
	t.Parallel()
	st := store.New(pgtest.NewDB(t))
	f := newFixture(t, st, "micro-weights", 3, synth.Config{Seed: 11, Businesses: 60, MaxPeople: 3, Days: 4, AnswerRate: 0.85,
		Questions: questions()[:1], Sectors: []string{"Manufacturing", "Logistics"}})
	var csv strings.Builder
	csv.WriteString("sector,size_band,businesses\n")
	for i, s := range []string{"Manufacturing", "Logistics"} {
		for j, b := range []string{"micro", "small", "medium", "large"} {
			fmt.Fprintf(&csv, "%s,%s,%d\n", s, b, 200*(i+1)+50*j+7)
		}
	}
	if _, problems, err := f.obs.ImportFrame(f.ctx, f.panel.TenantID, strings.NewReader(csv.String())); err != nil || len(problems) > 0 {
		t.Fatal(err, problems)
	}
	tr, err := f.obs.Trend(f.ctx, f.panel.TenantID, observatory.Request{QuestionKey: "confidence", Period: observatory.Week, Weighted: true})
	if err != nil || !tr.Weighted || len(tr.Cells) != 1 || tr.Cells[0].Mean == nil {
		t.Fatalf("weekly weighted trend = %+v, %v", tr, err)
	}
	type bday struct{ business, day string }
	sum, n := map[bday]float64{}, map[bday]int{}
	weight := map[string]float64{}
	respondents := map[string]string{}
	err = f.obs.MicrodataFor(f.ctx, f.panel.TenantID, "confidence", observatory.Week, func(r *observatory.MicroRow) error {
		if r.Business == "" || r.Business == r.Respondent || r.Weight == nil || r.Stratum != r.Sector+" / "+r.SizeBand {
			t.Fatalf("micro-data row %+v: want a business pseudonym, a weight and the stratum", r)
		}
		if w, ok := weight[r.Business]; ok && w != *r.Weight {
			t.Fatalf("business %s has weights %v and %v in one week", r.Business, w, *r.Weight)
		}
		weight[r.Business] = *r.Weight
		if b, ok := respondents[r.Respondent]; ok && b != r.Business {
			t.Fatalf("respondent %s in businesses %s and %s", r.Respondent, b, r.Business)
		}
		respondents[r.Respondent] = r.Business
		if r.Value != nil {
			k := bday{r.Business, r.Day}
			sum[k] += *r.Value
			n[k]++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	bizSum, bizDays := map[string]float64{}, map[string]int{}
	for k, s := range sum {
		bizSum[k.business] += s / float64(n[k])
		bizDays[k.business]++
	}
	var sw, swy float64
	for b, s := range bizSum {
		sw += weight[b]
		swy += weight[b] * s / float64(bizDays[b])
	}
	c := tr.Cells[0]
	if math.Abs(swy/sw-*c.Mean) > 1e-9 {
		t.Fatalf("weighted mean rebuilt from the micro-data %v, trend %v", swy/sw, *c.Mean)
	}
	if len(weight) != c.Respondents {
		t.Fatalf("micro-data has %d businesses, the trend %d", len(weight), c.Respondents)
	}
}
