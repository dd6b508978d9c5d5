package stats

import (
	"math"
	"testing"
)

// periodSums folds a fixture period into per-stratum sums for the units of
// a variable in a sector (or "all"), weighted with the base weights or
// with w = 1.
func periodSums(p *fixturePeriod, units []Unit, sector string, weighted bool) []StratumSums {
	byB := map[string]Unit{}
	for _, u := range units {
		byB[u.Business] = u
	}
	idx := map[Stratum]int{}
	var out []StratumSums
	for _, r := range p.resp {
		i, ok := idx[r.Stratum]
		if !ok {
			i = len(out)
			idx[r.Stratum] = i
			out = append(out, StratumSums{Stratum: r.Stratum})
		}
		w := 1.0
		if weighted {
			w = r.BaseWeight
		}
		out[i].Sums.AddRespondent(w)
		if u, ok := byB[r.Business]; ok && (sector == "all" || r.Stratum.Sector == sector) {
			out[i].Sums.AddValue(w, u)
		}
	}
	return out
}

// crossSums folds the businesses of two fixture periods into cross sums.
func crossSums(p, q *fixturePeriod, up, uq []Unit, sector string, weighted bool) []CrossStratumSums {
	val := func(units []Unit) map[string]*Unit {
		m := map[string]*Unit{}
		for i := range units {
			m[units[i].Business] = &units[i]
		}
		return m
	}
	vp, vq := val(up), val(uq)
	inQ := map[string]Respondent{}
	for _, r := range q.resp {
		inQ[r.Business] = r
	}
	type pair struct{ from, to Stratum }
	idx := map[pair]int{}
	var out []CrossStratumSums
	for _, r := range p.resp {
		rq, ok := inQ[r.Business]
		if !ok {
			continue
		}
		k := pair{r.Stratum, rq.Stratum}
		i, ok := idx[k]
		if !ok {
			i = len(out)
			idx[k] = i
			out = append(out, CrossStratumSums{From: k.from, To: k.to})
		}
		wp, wq := 1.0, 1.0
		if weighted {
			wp, wq = r.BaseWeight, rq.BaseWeight
		}
		a, b := vp[r.Business], vq[r.Business]
		if sector != "all" && r.Stratum.Sector != sector {
			a = nil
		}
		if sector != "all" && rq.Stratum.Sector != sector {
			b = nil
		}
		out[i].Sums.Add(wp, a, wq, b)
	}
	return out
}

func closeTo(a, b, tol float64) bool {
	return math.Abs(a-b) <= tol*math.Max(1, math.Abs(b))
}

// TestSumsMatchUnits computes every fixture statistic again from
// per-stratum sums, as a rollup would keep them, and checks it against the
// business-level path (which golden.csv ties to R).
func TestSumsMatchUnits(t *testing.T) {
	t.Parallel()
	fx := loadDesignFixture(t)
	const tol = 1e-9
	checked := 0
	for _, grain := range []string{"day", "week", "wave"} {
		periods := fx.periods(t, grain)
		for _, weighted := range []bool{false, true} {
			wname := "unweighted"
			var frame Frame
			if weighted {
				wname, frame = "weighted", fx.frame
			}
			sumsDesign := func(p *fixturePeriod, units []Unit, dom string) *SumsDesign {
				d, err := NewSumsDesign(periodSums(p, p.y, "all", weighted), frame, CalibrationOptions{SizeBands: fixtureBands})
				if err != nil {
					t.Fatalf("%s %s %s: %v", grain, p.label, dom, err)
				}
				// Another question or segment reuses the period's calibration.
				if d, err = d.For(periodSums(p, units, dom, weighted)); err != nil {
					t.Fatalf("%s %s %s: %v", grain, p.label, dom, err)
				}
				return d
			}
			for _, p := range periods {
				d := p.designs[wname]
				if d == nil {
					if _, err := NewSumsDesign(periodSums(p, p.y, "all", weighted), frame, CalibrationOptions{SizeBands: fixtureBands}); err == nil {
						t.Errorf("%s %s: sums calibrated where units could not", grain, p.label)
					}
					continue
				}
				for _, dom := range append([]string{"all"}, fixtureSectors...) {
					if len(p.domain(p.y, dom)) == 0 {
						continue
					}
					want, _ := d.Mean(p.domain(p.y, dom), DefaultLevel)
					got, err := sumsDesign(p, p.y, dom).Mean(DefaultLevel)
					if err != nil {
						t.Fatal(err)
					}
					compareEstimates(t, grain+" "+wname+" mean "+p.label+" "+dom, want, got, tol)
					want, _ = d.Share(p.domain(p.a, dom), DefaultLevel)
					got, err = sumsDesign(p, p.a, dom).Share(DefaultLevel)
					if err != nil {
						t.Fatal(err)
					}
					compareEstimates(t, grain+" "+wname+" share "+p.label+" "+dom, want, got, tol)
					checked += 2
				}
				wsd, _ := d.SD(p.y)
				gsd, err := sumsDesign(p, p.y, "all").SD()
				if err != nil || !closeTo(gsd, wsd, tol) {
					t.Errorf("%s %s sd %s: sums %v (%v), units %v", grain, wname, p.label, gsd, err, wsd)
				}
			}
			for k := 1; k < len(periods); k++ {
				ws := [][]int{{k - 1, k}}
				if k >= 2 {
					ws = append(ws, []int{k - 2, k - 1, k})
				}
				for _, w := range ws {
					skip := false
					for _, i := range w {
						skip = skip || periods[i].designs[wname] == nil
					}
					if skip {
						continue
					}
					coef := []float64{-1, 1}
					if len(w) == 3 {
						coef = []float64{1.0 / 3, 1.0 / 3, 1.0 / 3}
					}
					for _, dom := range append([]string{"all"}, fixtureSectors...) {
						for _, v := range []string{"y", "a"} {
							pick := func(p *fixturePeriod) []Unit {
								if v == "y" {
									return p.y
								}
								return p.a
							}
							var parts []PeriodValues
							var sds []*SumsDesign
							union := map[string]bool{}
							empty := false
							for _, i := range w {
								p := periods[i]
								units := p.domain(pick(p), dom)
								empty = empty || len(units) == 0
								parts = append(parts, PeriodValues{Design: p.designs[wname], Units: units})
								for _, r := range p.resp {
									union[r.Business] = true
								}
							}
							if empty {
								continue
							}
							for _, i := range w {
								sds = append(sds, sumsDesign(periods[i], pick(periods[i]), dom))
							}
							cross := map[[2]int][]CrossStratumSums{}
							for a := range w {
								for b := a + 1; b < len(w); b++ {
									pa, pb := periods[w[a]], periods[w[b]]
									cross[[2]int{a, b}] = crossSums(pa, pb, pick(pa), pick(pb), dom, weighted)
								}
							}
							want, err := Contrast(parts, coef, DefaultLevel)
							if err != nil {
								t.Fatal(err)
							}
							got, err := ContrastFromSums(sds, cross, len(union), coef, DefaultLevel)
							if err != nil {
								t.Fatal(err)
							}
							name := grain + " " + wname + " contrast " + periods[k].label + " " + dom + " " + v
							if !closeTo(got.Estimate, want.Estimate, tol) || !closeTo(got.SE, want.SE, tol) ||
								!closeTo(got.Lower, want.Lower, tol) || got.DF != want.DF || got.Tested != want.Tested ||
								(want.Tested && !closeTo(got.PValue, want.PValue, 1e-7)) {
								t.Errorf("%s: sums %+v, units %+v", name, got, want)
							}
							checked++
						}
					}
				}
			}
		}
	}
	if checked < 500 {
		t.Errorf("checked %d statistics, want the whole fixture", checked)
	}
}

func compareEstimates(t *testing.T, name string, want, got DesignEstimate, tol float64) {
	t.Helper()
	if !closeTo(got.Estimate, want.Estimate, tol) || !closeTo(got.SE, want.SE, tol) ||
		!closeTo(got.Lower, want.Lower, tol) || !closeTo(got.Upper, want.Upper, tol) ||
		!closeTo(got.NEff, want.NEff, tol) || got.DF != want.DF || got.N != want.N || got.Days != want.Days {
		t.Errorf("%s: sums %+v, units %+v", name, got, want)
	}
}
