package stats

import (
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// designFixture is the committed micro-data and frame of
// testdata/design (made by fixture.R), with R's estimates (golden.R).
type designFixture struct {
	rows   []fixtureRow
	frame  Frame
	golden map[string]map[string]string // key -> column -> value
	g      map[string]float64           // grain|period|business -> g
}

type fixtureRow struct {
	business, sector, sizeBand string
	w0                         float64
	grain                      map[string]string
	y                          float64
	a                          float64
}

var fixtureBands = []string{"0-9", "10-49", "50-249", "250+"}

func readCSV(t testing.TB, name string) []map[string]string {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "design", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var out []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		out = append(out, m)
	}
	return out
}

func num(t testing.TB, s string) float64 {
	t.Helper()
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("number %q: %v", s, err)
	}
	return x
}

func loadDesignFixture(t testing.TB) designFixture {
	t.Helper()
	fx := designFixture{frame: Frame{}, golden: map[string]map[string]string{}, g: map[string]float64{}}
	for _, r := range readCSV(t, "micro.csv") {
		a := 0.0
		if r["choice"] == "a" {
			a = 1
		}
		fx.rows = append(fx.rows, fixtureRow{
			business: r["business"], sector: r["sector"], sizeBand: r["size_band"], w0: num(t, r["w0"]),
			grain: map[string]string{"day": r["day"], "week": r["week"], "wave": r["wave"]},
			y:     num(t, r["y"]), a: a,
		})
	}
	for _, r := range readCSV(t, "frame.csv") {
		fx.frame[Stratum{Sector: r["sector"], SizeBand: r["size_band"]}] = num(t, r["businesses"])
	}
	if _, err := os.Stat(filepath.Join("testdata", "design", "golden.csv")); err == nil {
		for _, r := range readCSV(t, "golden.csv") {
			fx.golden[goldenKey(r["grain"], r["weighting"], r["statistic"], r["period"], r["domain"])] = r
		}
		for _, r := range readCSV(t, "weights.csv") {
			fx.g[r["grain"]+"|"+r["period"]+"|"+r["business"]] = num(t, r["g"])
		}
	}
	return fx
}

func goldenKey(grain, weighting, stat, period, domain string) string {
	return strings.Join([]string{grain, weighting, stat, period, domain}, "|")
}

// period is one period of the fixture, ready to estimate.
type fixturePeriod struct {
	label   string
	resp    []Respondent
	sector  map[string]string
	y, a    []Unit
	designs map[string]*Design // unweighted, weighted (nil when refused)
	werr    error
}

func (fx designFixture) periods(t testing.TB, grain string) []*fixturePeriod {
	t.Helper()
	var labels []string
	for _, r := range fx.rows {
		if !slices.Contains(labels, r.grain[grain]) {
			labels = append(labels, r.grain[grain])
		}
	}
	slices.Sort(labels)
	var out []*fixturePeriod
	for _, lb := range labels {
		p := &fixturePeriod{label: lb, sector: map[string]string{}, designs: map[string]*Design{}}
		var ys, as []DayValue
		for _, r := range fx.rows {
			if r.grain[grain] != lb {
				continue
			}
			if _, ok := p.sector[r.business]; !ok {
				p.sector[r.business] = r.sector
				p.resp = append(p.resp, Respondent{Business: r.business, Stratum: Stratum{Sector: r.sector, SizeBand: r.sizeBand}, BaseWeight: r.w0})
			}
			ys = append(ys, DayValue{r.business, r.y})
			as = append(as, DayValue{r.business, r.a})
		}
		p.y, p.a = FoldDays(ys), FoldDays(as)
		var err error
		if p.designs["unweighted"], err = NewUnweightedDesign(p.resp); err != nil {
			t.Fatal(err)
		}
		p.designs["weighted"], p.werr = NewCalibratedDesign(p.resp, fx.frame, CalibrationOptions{SizeBands: fixtureBands})
		out = append(out, p)
	}
	return out
}

func (p *fixturePeriod) domain(units []Unit, sector string) []Unit {
	if sector == "all" {
		return units
	}
	var out []Unit
	for _, u := range units {
		if p.sector[u.Business] == sector {
			out = append(out, u)
		}
	}
	return out
}

// maxDiff tracks the largest absolute difference from R per family.
type maxDiff map[string]float64

func (m maxDiff) check(t *testing.T, key, field string, got float64, want string, tol float64) {
	t.Helper()
	if want == "" {
		t.Errorf("%s %s: R has no value, Go %v", key, field, got)
		return
	}
	w := num(t, want)
	d := math.Abs(got - w)
	fam := strings.Split(key, "|")[2] + " " + field
	m[fam] = math.Max(m[fam], d)
	if !(d <= tol) {
		t.Errorf("%s %s = %.12g, R says %.12g (difference %.3g, tolerance %g)", key, field, got, w, d, tol)
	}
}

var fixtureSectors = []string{"construction", "manufacturing", "retail", "services"}

// TestDesignMatchesRSurvey compares every estimate of the fixture with R's
// survey package (testdata/design/golden.R): calibration factors, means,
// sector means, shares, standard deviations, changes between consecutive
// periods and rolling three-period means, unweighted and weighted, by day,
// week and wave. Point estimates agree within 1e-9, standard errors,
// intervals and tests within 1e-6.
func TestDesignMatchesRSurvey(t *testing.T) {
	t.Parallel()
	fx := loadDesignFixture(t)
	if len(fx.golden) == 0 {
		t.Fatal("testdata/design/golden.csv missing: run make golden")
	}
	const pointTol, seTol = 1e-9, 1e-6
	diffs := maxDiff{}
	compared := 0
	for _, grain := range []string{"day", "week", "wave"} {
		periods := fx.periods(t, grain)
		for _, wname := range []string{"unweighted", "weighted"} {
			for _, p := range periods {
				d := p.designs[wname]
				if wname == "weighted" {
					_, inR := fx.golden[goldenKey(grain, wname, "mean", p.label, "all")]
					if !inR {
						if !errors.Is(p.werr, ErrEmptyCell) {
							t.Errorf("%s %s: R could not calibrate but Go gave %v, want ErrEmptyCell", grain, p.label, p.werr)
						}
						continue
					}
					if p.werr != nil {
						t.Fatalf("%s %s: %v", grain, p.label, p.werr)
					}
					for _, r := range p.resp {
						want, ok := fx.g[grain+"|"+p.label+"|"+r.Business]
						if !ok {
							t.Fatalf("no R weight for %s %s %s", grain, p.label, r.Business)
						}
						g := d.g[d.index[r.Business]]
						diffs.check(t, grain+"|"+wname+"|g|"+p.label+"|"+r.Business, "g", g, strconv.FormatFloat(want, 'g', -1, 64), pointTol)
					}
				}
				for _, dom := range append([]string{"all"}, fixtureSectors...) {
					if len(p.domain(p.y, dom)) == 0 {
						continue
					}
					key := goldenKey(grain, wname, "mean", p.label, dom)
					want, ok := fx.golden[key]
					if !ok {
						t.Errorf("%s: not in golden.csv", key)
						continue
					}
					m, err := d.Mean(p.domain(p.y, dom), DefaultLevel)
					if err != nil {
						t.Fatalf("%s: %v", key, err)
					}
					checkEstimate(t, diffs, key, m, want, pointTol, seTol)
					key = goldenKey(grain, wname, "share", p.label, dom)
					s, err := d.Share(p.domain(p.a, dom), DefaultLevel)
					if err != nil {
						t.Fatalf("%s: %v", key, err)
					}
					checkEstimate(t, diffs, key, s, fx.golden[key], pointTol, seTol)
					diffs.check(t, key, "n_eff", s.NEff, fx.golden[key]["n_eff"], seTol)
					compared += 2
				}
				key := goldenKey(grain, wname, "sd", p.label, "all")
				sd, err := d.SD(p.y)
				if err != nil {
					t.Fatalf("%s: %v", key, err)
				}
				diffs.check(t, key, "estimate", sd, fx.golden[key]["estimate"], pointTol)
				compared++
			}
			compared += checkWindows(t, fx, diffs, grain, wname, periods, pointTol, seTol)
		}
	}
	fams := sortedKeys(diffs)
	for _, f := range fams {
		t.Logf("max |Go - R| %-22s %.3g", f, diffs[f])
	}
	if compared < 500 {
		t.Errorf("compared %d statistics, want the whole fixture (over 500)", compared)
	}
}

func checkEstimate(t *testing.T, diffs maxDiff, key string, got DesignEstimate, want map[string]string, pointTol, seTol float64) {
	t.Helper()
	if want == nil {
		t.Errorf("%s: not in golden.csv", key)
		return
	}
	diffs.check(t, key, "estimate", got.Estimate, want["estimate"], pointTol)
	diffs.check(t, key, "se", got.SE, want["se"], seTol)
	diffs.check(t, key, "lower", got.Lower, want["lower"], seTol)
	diffs.check(t, key, "upper", got.Upper, want["upper"], seTol)
	if fmt.Sprint(got.DF) != want["df"] || fmt.Sprint(got.N) != want["n"] || fmt.Sprint(got.Days) != want["days"] {
		t.Errorf("%s: df, n, days = %d, %d, %d; R says %s, %s, %s", key, got.DF, got.N, got.Days, want["df"], want["n"], want["days"])
	}
}

func checkWindows(t *testing.T, fx designFixture, diffs maxDiff, grain, wname string, periods []*fixturePeriod, pointTol, seTol float64) int {
	t.Helper()
	compared := 0
	type window struct {
		stat string
		ks   []int
	}
	var windows []window
	for k := 1; k < len(periods); k++ {
		windows = append(windows, window{"change", []int{k - 1, k}})
	}
	for k := 2; k < len(periods); k++ {
		windows = append(windows, window{"rolling", []int{k - 2, k - 1, k}})
	}
	for _, w := range windows {
		var labels []string
		refused := false
		for _, k := range w.ks {
			labels = append(labels, periods[k].label)
			refused = refused || periods[k].designs[wname] == nil
		}
		if refused {
			continue
		}
		for _, dom := range append([]string{"all"}, fixtureSectors...) {
			for _, v := range []string{"mean", "share"} {
				key := goldenKey(grain, wname, w.stat+"_"+v, strings.Join(labels, ">"), dom)
				want, ok := fx.golden[key]
				if !ok {
					t.Errorf("%s: not in golden.csv", key)
					continue
				}
				var parts []PeriodValues
				empty := false
				for _, k := range w.ks {
					p := periods[k]
					units := p.y
					if v == "share" {
						units = p.a
					}
					parts = append(parts, PeriodValues{Design: p.designs[wname], Units: p.domain(units, dom)})
					empty = empty || len(p.domain(units, dom)) == 0
				}
				var got ContrastEstimate
				var err error
				if w.stat == "change" {
					got, err = DesignChange(parts[0], parts[1], DefaultLevel)
				} else {
					got, err = DesignRolling3(parts[0], parts[1], parts[2], DefaultLevel)
				}
				if empty {
					// R's ratio of a domain without businesses is NaN.
					if !errors.Is(err, ErrTooFewObservations) || want["estimate"] != "" {
						t.Errorf("%s: a period without businesses in the domain gave %v (R %q), want ErrTooFewObservations", key, err, want["estimate"])
					}
					continue
				}
				if err != nil {
					t.Fatalf("%s: %v", key, err)
				}
				diffs.check(t, key, "estimate", got.Estimate, want["estimate"], pointTol)
				diffs.check(t, key, "se", got.SE, want["se"], seTol)
				diffs.check(t, key, "lower", got.Lower, want["lower"], seTol)
				diffs.check(t, key, "upper", got.Upper, want["upper"], seTol)
				if got.Tested {
					diffs.check(t, key, "t", got.Statistic, want["t"], seTol)
					diffs.check(t, key, "p_value", got.PValue, want["p_value"], seTol)
				} else if rt := want["t"]; rt != "" && rt != "Inf" && rt != "-Inf" {
					t.Errorf("%s: Go has no test (SE 0) but R has t = %s", key, rt)
				}
				if fmt.Sprint(got.DF) != want["df"] || fmt.Sprint(got.Businesses) != want["n"] {
					t.Errorf("%s: df, businesses = %d, %d; R says %s, %s", key, got.DF, got.Businesses, want["df"], want["n"])
				}
				compared++
			}
		}
	}
	return compared
}
