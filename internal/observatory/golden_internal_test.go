package observatory

import (
	"encoding/csv"
	"math"
	"os"
	"slices"
	"strconv"
	"testing"

	"github.com/panelpulse/panelpulse/internal/answer"
	"github.com/panelpulse/panelpulse/internal/disclosure"
	"github.com/panelpulse/panelpulse/internal/stats"
)

// The fixture and the estimates R's survey package computed from it
// (internal/stats/testdata/design: golden.R, make golden).
const goldenDir = "../stats/testdata/design/"

// goldenBands orders the fixture's size bands.
var goldenBands = []string{"0-9", "10-49", "50-249", "250+"}

func readCSV(t *testing.T, name string) []map[string]string {
	t.Helper()
	f, err := os.Open(goldenDir + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := make([]map[string]string, 0, len(recs)-1)
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		out = append(out, m)
	}
	return out
}

func atof(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// goldenSpec is the fixture's question seen as one: y is its numeric
// answer and choice a single choice of a, b or c (codes 1 to 3).
var goldenSpec = answer.Spec{Type: answer.TypeSingleChoice, Options: []answer.Option{{Code: 1, Label: "a"}, {Code: 2, Label: "b"}, {Code: 3, Label: "c"}}}

// goldenPeriods reads the fixture's business-days into periods of grain,
// each business-day in segment "all" and in its sector, as the rollup's
// district rows give them to a read.
func goldenPeriods(t *testing.T, grain string) ([]string, map[string][]businessDay) {
	t.Helper()
	codes := map[string]int32{"a": 1, "b": 2, "c": 3}
	out := map[string][]businessDay{}
	for _, r := range readCSV(t, "micro.csv") {
		p := r[grain]
		d := businessDay{business: r["business"], stratum: WStratum{Sector: r["sector"], SizeBand: r["size_band"]},
			respondent: true, baseWeight: atof(t, r["w0"]), num: atof(t, r["y"]),
			shares: map[int32]float64{codes[r["choice"]]: 1}}
		all, sec := d, d
		all.segment, sec.segment = "all", r["sector"]
		sec.respondent = false // the same business-day, in its sector's domain
		out[p] = append(out[p], all, sec)
	}
	periods := slices.Sorted(func(yield func(string) bool) {
		for k := range out {
			if !yield(k) {
				return
			}
		}
	})
	return periods, out
}

func goldenFrame(t *testing.T) stats.Frame {
	t.Helper()
	f := stats.Frame{}
	for _, r := range readCSV(t, "frame.csv") {
		f[stats.Stratum{Sector: r["sector"], SizeBand: r["size_band"]}] = atof(t, r["businesses"])
	}
	return f
}

// TestGoldenAgainstR checks the observatory's read path (business-days
// folded into businesses, the period's design, the cell's statistics, the
// change and rolling means) on the committed fixture against R's survey
// package, unweighted and weighted, for every period grain: point
// estimates within 1e-9, standard errors, intervals and tests within 1e-6.
func TestGoldenAgainstR(t *testing.T) {
	golden := readCSV(t, "golden.csv")
	frame := goldenFrame(t)
	l := layoutOf(&goldenSpec)
	sup, err := stats.NewSuppressor(stats.MinThreshold)
	if err != nil {
		t.Fatal(err)
	}
	opts := stats.CalibrationOptions{SizeBands: goldenBands}
	type key struct{ grain, weighting, statistic, period, domain string }
	want := map[key]map[string]string{}
	for _, g := range golden {
		want[key{g["grain"], g["weighting"], g["statistic"], g["period"], g["domain"]}] = g
	}
	checked := map[string]int{}
	near := func(what string, got float64, w string, tol float64) {
		t.Helper()
		if w == "" {
			t.Fatalf("%s: got %v, R has none", what, got)
		}
		x := atof(t, w)
		if math.Abs(got-x) > tol*math.Max(1, math.Abs(x)) {
			t.Fatalf("%s: got %.15g, R %.15g", what, got, x)
		}
	}
	nearPtr := func(what string, got *float64, w string, tol float64) {
		t.Helper()
		if got == nil {
			t.Fatalf("%s: none, R %s", what, w)
		}
		near(what, *got, w, tol)
	}
	for _, grain := range []string{"day", "week", "wave"} {
		periods, days := goldenPeriods(t, grain)
		for _, weighting := range []string{"unweighted", "weighted"} {
			var f stats.Frame
			if weighting == "weighted" {
				f = frame
			}
			pds := make([]*periodDesign, len(periods))
			for i, p := range periods {
				pd, err := newPeriodDesign(days[p], &goldenSpec, &l, f, opts)
				_, inR := want[key{grain, weighting, "mean", p, "all"}]
				switch {
				case err != nil && inR:
					t.Fatalf("%s %s %s: %v", grain, weighting, p, err)
				case err == nil && !inR:
					t.Fatalf("%s %s %s: estimated, R could not calibrate", grain, weighting, p)
				}
				pds[i] = pd
				if pd == nil {
					continue
				}
				for dom := range pd.segs {
					name := grain + " " + weighting + " " + p + " " + dom
					var c Cell
					fill(&c, estimate{}, cellInput{spec: &goldenSpec, l: &l, pd: pd, seg: dom,
						rowState: func(int32) disclosure.State { return disclosure.Shown }})
					m := want[key{grain, weighting, "mean", p, dom}]
					nearPtr(name+" mean", c.Mean, m["estimate"], 1e-9)
					nearPtr(name+" mean lower", c.CILow, m["lower"], 1e-6)
					nearPtr(name+" mean upper", c.CIHigh, m["upper"], 1e-6)
					if got := strconv.Itoa(len(pd.segs[dom].num.units)); got != m["n"] {
						t.Fatalf("%s: n %s, R %s", name, got, m["n"])
					}
					if got := strconv.Itoa(pd.segs[dom].days); dom == "all" && got != m["days"] {
						t.Fatalf("%s: business-days %s, R %s", name, got, m["days"])
					}
					if sd, ok := want[key{grain, weighting, "sd", p, dom}]; ok {
						nearPtr(name+" sd", c.SD, sd["estimate"], 1e-9)
						checked["sd"]++
					}
					s := want[key{grain, weighting, "share", p, dom}]
					i := slices.IndexFunc(c.Shares, func(s Share) bool { return s.Code == 1 })
					if i < 0 {
						t.Fatalf("%s: no share of a", name)
					}
					sh := c.Shares[i]
					near(name+" share", sh.Share.Estimate, s["estimate"], 1e-9)
					near(name+" share lower", sh.Share.Lower, s["lower"], 1e-6)
					near(name+" share upper", sh.Share.Upper, s["upper"], 1e-6)
					near(name+" share n_eff", sh.NEff, s["n_eff"], 1e-6)
					checked["mean"]++
					checked["share"]++
				}
			}
			// Changes between consecutive periods, rolling three-period
			// means over consecutive windows.
			for k := 1; k < len(periods); k++ {
				label := periods[k-1] + ">" + periods[k]
				for _, dom := range append([]string{"all"}, sectorsOf(frame)...) {
					wm, ok := want[key{grain, weighting, "change_mean", label, dom}]
					if !ok {
						continue
					}
					name := grain + " " + weighting + " " + label + " " + dom
					var c Cell
					fill(&c, estimate{}, cellInput{spec: &goldenSpec, l: &l, pd: pds[k], seg: dom,
						rowState: func(int32) disclosure.State { return disclosure.Shown }})
					change(&c, pds[k-1], pds[k], dom)
					if wm["estimate"] == "" {
						if c.MeanChange != nil {
							t.Fatalf("%s: a change where a period has no value", name)
						}
						continue
					}
					ch := c.MeanChange
					if untested(t, wm["t"]) {
						if ch != nil {
							t.Fatalf("%s: a test of a change with no spread", name)
						}
						continue
					}
					if ch == nil {
						t.Fatalf("%s: no change of the mean", name)
					}
					near(name+" change", ch.Difference, wm["estimate"], 1e-9)
					near(name+" change se", ch.SE, wm["se"], 1e-6)
					near(name+" change t", ch.Statistic, wm["t"], 1e-6)
					near(name+" change p", ch.PValue, wm["p_value"], 1e-6)
					if strconv.Itoa(ch.DF) != wm["df"] {
						t.Fatalf("%s: df %d, R %s", name, ch.DF, wm["df"])
					}
					ws := want[key{grain, weighting, "change_share", label, dom}]
					i := slices.IndexFunc(c.Shares, func(s Share) bool { return s.Code == 1 })
					if i >= 0 && untested(t, ws["t"]) {
						if c.Shares[i].Change != nil {
							t.Fatalf("%s: a test of a share's change with no spread", name)
						}
						checked["change"]++
						continue
					}
					if i < 0 || c.Shares[i].Change == nil {
						t.Fatalf("%s: no change of the share", name)
					}
					sc := c.Shares[i].Change
					near(name+" share change", sc.Difference, ws["estimate"], 1e-9)
					near(name+" share change se", sc.SE, ws["se"], 1e-6)
					near(name+" share change p", sc.PValue, ws["p_value"], 1e-6)
					checked["change"]++
				}
			}
			for k := 2; k < len(periods); k++ {
				label := periods[k-2] + ">" + periods[k-1] + ">" + periods[k]
				for _, dom := range append([]string{"all"}, sectorsOf(frame)...) {
					wm, ok := want[key{grain, weighting, "rolling_mean", label, dom}]
					if !ok || wm["estimate"] == "" {
						continue
					}
					name := grain + " " + weighting + " " + label + " " + dom
					window := []windowPeriod{{pd: pds[k-2], shown: true}, {pd: pds[k-1], shown: true}, {pd: pds[k], shown: true}}
					ro := rolling(sup, window, dom, pickNum)
					if !ro.Complete || ro.Suppressed {
						t.Fatalf("%s: rolling window %+v", name, ro)
					}
					nearPtr(name+" rolling", ro.Mean, wm["estimate"], 1e-9)
					nearPtr(name+" rolling lower", ro.CILow, wm["lower"], 1e-6)
					nearPtr(name+" rolling upper", ro.CIHigh, wm["upper"], 1e-6)
					ws := want[key{grain, weighting, "rolling_share", label, dom}]
					segs := []*segValues{pds[k-2].segment(dom), pds[k-1].segment(dom), pds[k].segment(dom)}
					sc, ok := designContrast(pds[k-2:k+1], segs, pickShare(1), []float64{1.0 / 3, 1.0 / 3, 1.0 / 3})
					if !ok {
						t.Fatalf("%s: no rolling share", name)
					}
					near(name+" rolling share", sc.Estimate, ws["estimate"], 1e-9)
					near(name+" rolling share se", sc.SE, ws["se"], 1e-6)
					checked["rolling"]++
				}
			}
		}
	}
	for _, s := range []string{"mean", "sd", "share", "change", "rolling"} {
		if checked[s] == 0 {
			t.Fatalf("no %s was compared", s)
		}
	}
	t.Logf("compared with R: %v", checked)
}

func sectorsOf(f stats.Frame) []string {
	var out []string
	for s := range f {
		if !slices.Contains(out, s.Sector) {
			out = append(out, s.Sector)
		}
	}
	slices.Sort(out)
	return out
}

// untested reports a change R could not test: no spread (t NaN, or
// infinite when the difference has no standard error). The cell then
// carries no change, as it has nothing to test.
func untested(t *testing.T, s string) bool {
	t.Helper()
	if s == "" {
		return true
	}
	v := atof(t, s)
	return math.IsNaN(v) || math.IsInf(v, 0)
}
