package stats

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// benchSeries builds periods of a panel of businesses answering a 0-10
// scale on some of the period's days, in four sectors and four size bands.
func benchSeries(periods, businesses int) (Frame, [][]Respondent, [][]Unit) {
	rng := rand.New(rand.NewPCG(1, 2))
	sectors := []string{"construction", "manufacturing", "retail", "services"}
	frame := Frame{}
	for i, s := range sectors {
		for j, b := range fixtureBands {
			frame[Stratum{s, b}] = float64((i + 1) * 1000 / (j*j + 1))
		}
	}
	strata := make([]Stratum, businesses)
	for b := range strata {
		strata[b] = Stratum{sectors[rng.IntN(4)], fixtureBands[min(rng.IntN(5), 3)]}
	}
	resp := make([][]Respondent, periods)
	units := make([][]Unit, periods)
	for p := range periods {
		for b := range businesses {
			if rng.Float64() < 0.2 {
				continue
			}
			id := fmt.Sprintf("b%05d", b)
			resp[p] = append(resp[p], Respondent{Business: id, Stratum: strata[b], BaseWeight: 1})
			days := 1 + rng.IntN(5)
			var sum float64
			for range days {
				sum += float64(rng.IntN(11))
			}
			units[p] = append(units[p], Unit{Business: id, Days: days, Sum: sum})
		}
	}
	return frame, resp, units
}

// BenchmarkWeightedSeries reads a weighted series of 20 periods of 2,500
// businesses from business-level values: per period the bounded raking,
// the mean, the four sector means and the change from the period before.
func BenchmarkWeightedSeries(b *testing.B) {
	frame, resp, units := benchSeries(20, 2500)
	opts := CalibrationOptions{SizeBands: fixtureBands}
	for b.Loop() {
		var prev PeriodValues
		for p := range resp {
			d, err := NewCalibratedDesign(resp[p], frame, opts)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := d.Mean(units[p], DefaultLevel); err != nil {
				b.Fatal(err)
			}
			for _, s := range fixtureSectors {
				var dom []Unit
				for i, u := range units[p] {
					if resp[p][i].Stratum.Sector == s {
						dom = append(dom, u)
					}
				}
				if _, err := d.Mean(dom, DefaultLevel); err != nil {
					b.Fatal(err)
				}
			}
			cur := PeriodValues{Design: d, Units: units[p]}
			if p > 0 {
				if _, err := DesignChange(prev, cur, DefaultLevel); err != nil {
					b.Fatal(err)
				}
			}
			prev = cur
		}
	}
}

// BenchmarkWeightedSeriesFromSums reads the same series as
// BenchmarkWeightedSeries from per-stratum sums, as a rollup keeps them:
// the cost follows the strata, not the businesses.
func BenchmarkWeightedSeriesFromSums(b *testing.B) {
	frame, resp, units := benchSeries(20, 2500)
	opts := CalibrationOptions{SizeBands: fixtureBands}
	type period struct {
		all     []StratumSums
		sectors map[string][]StratumSums
		cross   []CrossStratumSums // with the period before
		union   int
	}
	fold := func(p int, sector string) []StratumSums {
		idx := map[Stratum]int{}
		var out []StratumSums
		for i, r := range resp[p] {
			k, ok := idx[r.Stratum]
			if !ok {
				k = len(out)
				idx[r.Stratum] = k
				out = append(out, StratumSums{Stratum: r.Stratum})
			}
			out[k].Sums.AddRespondent(r.BaseWeight)
			if sector == "" || r.Stratum.Sector == sector {
				out[k].Sums.AddValue(r.BaseWeight, units[p][i])
			}
		}
		return out
	}
	ps := make([]period, len(resp))
	for p := range resp {
		ps[p] = period{all: fold(p, ""), sectors: map[string][]StratumSums{}}
		for _, s := range fixtureSectors {
			ps[p].sectors[s] = fold(p, s)
		}
		if p == 0 {
			continue
		}
		prev := map[string]int{}
		for i, r := range resp[p-1] {
			prev[r.Business] = i
		}
		cross := map[Stratum]*CrossSums{}
		union := len(resp[p-1])
		for i, r := range resp[p] {
			j, ok := prev[r.Business]
			if !ok {
				union++
				continue
			}
			c := cross[r.Stratum]
			if c == nil {
				c = &CrossSums{}
				cross[r.Stratum] = c
			}
			c.Add(1, &units[p-1][j], 1, &units[p][i])
		}
		for s, c := range cross {
			ps[p].cross = append(ps[p].cross, CrossStratumSums{From: s, To: s, Sums: *c})
		}
		ps[p].union = union
	}
	b.ResetTimer()
	for b.Loop() {
		var prev *SumsDesign
		for p := range ps {
			d, err := NewSumsDesign(ps[p].all, frame, opts)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := d.Mean(DefaultLevel); err != nil {
				b.Fatal(err)
			}
			for _, s := range fixtureSectors {
				ds, err := d.For(ps[p].sectors[s])
				if err != nil {
					b.Fatal(err)
				}
				if _, err := ds.Mean(DefaultLevel); err != nil {
					b.Fatal(err)
				}
			}
			if prev != nil {
				cross := map[[2]int][]CrossStratumSums{{0, 1}: ps[p].cross}
				if _, err := ContrastFromSums([]*SumsDesign{prev, d}, cross, ps[p].union, []float64{-1, 1}, DefaultLevel); err != nil {
					b.Fatal(err)
				}
			}
			prev = d
		}
	}
}
