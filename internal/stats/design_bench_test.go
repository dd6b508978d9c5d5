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
