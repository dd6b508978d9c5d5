package stats

import (
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestCalibrateWithinBoundsMeetsMargins checks every weighted period of
// the fixture: every g lies within the bounds, and the margins (of the
// size groups raked to) are met.
func TestCalibrateWithinBoundsMeetsMargins(t *testing.T) {
	t.Parallel()
	fx := loadDesignFixture(t)
	bound := 0
	for _, grain := range []string{"day", "week", "wave"} {
		for _, p := range fx.periods(t, grain) {
			if p.werr != nil {
				continue
			}
			g, cal, err := CalibrateRespondents(p.resp, fx.frame, CalibrationOptions{SizeBands: fixtureBands})
			if err != nil {
				t.Fatal(err)
			}
			for i, x := range g {
				if x < DefaultLowerBound-1e-15 || x > DefaultUpperBound+1e-15 {
					t.Errorf("%s %s: g[%d] = %v outside [%v, %v]", grain, p.label, i, x, DefaultLowerBound, DefaultUpperBound)
				}
				if x == DefaultLowerBound || x == DefaultUpperBound {
					bound++
				}
			}
			if len(cal.SizeGroups) == len(fixtureBands) && cal.MaxGap > 1e-12 {
				t.Errorf("%s %s: no band collapsed but gap %v", grain, p.label, cal.MaxGap)
			}
		}
	}
	if bound == 0 {
		t.Error("no g at a bound: the fixture no longer exercises binding bounds")
	}
}

// TestCalibrateUnboundedIsRaking checks that with bounds too wide to bind
// the calibration is iterative proportional fitting (Rake) of the scaled
// base weights.
func TestCalibrateUnboundedIsRaking(t *testing.T) {
	t.Parallel()
	fx := loadDesignFixture(t)
	for _, p := range fx.periods(t, "wave") {
		g, cal, err := CalibrateRespondents(p.resp, fx.frame, CalibrationOptions{Lower: 1e-6, Upper: 1e6, SizeBands: fixtureBands})
		if err != nil {
			t.Fatal(err)
		}
		if len(cal.SizeGroups) != len(fixtureBands) || cal.MaxGap > 1e-12 {
			t.Fatalf("wave %s: groups %v, gap %v; want every band, met", p.label, cal.SizeGroups, cal.MaxGap)
		}
		units := make([]Stratum, len(p.resp))
		base := make([]float64, len(p.resp))
		var sum, total float64
		for i, r := range p.resp {
			units[i], base[i] = r.Stratum, r.BaseWeight
			sum += r.BaseWeight
		}
		for _, c := range fx.frame {
			total += c
		}
		for i := range base {
			base[i] *= total / sum
		}
		ipf, err := Rake(base, fx.frame.RakeMargins(units), RakeOptions{Tolerance: 1e-14, MaxIterations: 100000})
		if err != nil {
			t.Fatal(err)
		}
		for i := range g {
			if d := math.Abs(g[i]*base[i] - ipf.Weights[i]); d > 1e-9*ipf.Weights[i] {
				t.Errorf("wave %s unit %d: calibrated weight %v, raking %v", p.label, i, g[i]*base[i], ipf.Weights[i])
			}
		}
	}
}

// respondents makes n respondents of a stratum with base weight 1.
func respondents(prefix string, s Stratum, n int) []Respondent {
	out := make([]Respondent, n)
	for i := range out {
		out[i] = Respondent{Business: fmt.Sprintf("%s%d", prefix, i), Stratum: s, BaseWeight: 1}
	}
	return out
}

// TestCalibrateCollapsesSizeBand: band "l" has 4 of 10 respondents but 1%
// of the population, so it needs g = 0.025 < 0.2: it merges with its only
// neighbour "m", and the gap left on the original bands is reported.
func TestCalibrateCollapsesSizeBand(t *testing.T) {
	t.Parallel()
	frame := Frame{{"x", "s"}: 60, {"x", "m"}: 39, {"x", "l"}: 1}
	var resp []Respondent
	resp = append(resp, respondents("s", Stratum{"x", "s"}, 3)...)
	resp = append(resp, respondents("m", Stratum{"x", "m"}, 3)...)
	resp = append(resp, respondents("l", Stratum{"x", "l"}, 4)...)
	g, cal, err := CalibrateRespondents(resp, frame, CalibrationOptions{SizeBands: []string{"s", "m", "l"}})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([][]string{{"s"}, {"m", "l"}}, cal.SizeGroups); diff != "" {
		t.Errorf("size groups (-want +got):\n%s", diff)
	}
	// Scaled base weight 10 each; "s" needs 60/30 = 2, "m"+"l" 40/70.
	want := []float64{2, 2, 2, 4.0 / 7, 4.0 / 7, 4.0 / 7, 4.0 / 7, 4.0 / 7, 4.0 / 7, 4.0 / 7}
	if diff := cmp.Diff(want, g, close9); diff != "" {
		t.Errorf("g (-want +got):\n%s", diff)
	}
	gaps := map[string]float64{}
	for _, m := range cal.Gaps {
		gaps[m.Margin+"/"+m.Category] = m.Relative
	}
	wantGaps := map[string]float64{
		"sector/x": 0, "size_band/s": 0,
		"size_band/m": math.Abs(30*4.0/7-39) / 39, "size_band/l": math.Abs(40*4.0/7-1) / 1,
	}
	if diff := cmp.Diff(wantGaps, gaps, close9); diff != "" {
		t.Errorf("gaps (-want +got):\n%s", diff)
	}
	if math.Abs(cal.MaxGap-wantGaps["size_band/l"]) > 1e-9 {
		t.Errorf("MaxGap %v, want %v", cal.MaxGap, wantGaps["size_band/l"])
	}
}

// TestCalibrateSectorOnlyFallback: sector "y" has one respondent of ten but
// 60% of the population, which would need g = 6 > 5, so even one size group
// cannot meet it; g is clamp(N_s / base_s) and the gap is reported.
func TestCalibrateSectorOnlyFallback(t *testing.T) {
	t.Parallel()
	frame := Frame{{"x", "s"}: 30, {"x", "l"}: 10, {"y", "s"}: 60}
	var resp []Respondent
	resp = append(resp, respondents("x", Stratum{"x", "s"}, 8)...)
	resp = append(resp, respondents("xl", Stratum{"x", "l"}, 1)...)
	resp = append(resp, respondents("y", Stratum{"y", "s"}, 1)...)
	g, cal, err := CalibrateRespondents(resp, frame, CalibrationOptions{SizeBands: []string{"s", "l"}})
	if err != nil {
		t.Fatal(err)
	}
	if !cal.SectorOnly {
		t.Fatalf("want the sector-only fallback, got groups %v", cal.SizeGroups)
	}
	// Scaled base 10 each: sector x 40/90, sector y clamp(60/10) = 5.
	for i, r := range resp {
		want := 40.0 / 90
		if r.Stratum.Sector == "y" {
			want = 5
		}
		if math.Abs(g[i]-want) > 1e-12 {
			t.Errorf("%s: g %v, want %v", r.Business, g[i], want)
		}
	}
	wantGaps := []MarginGap{
		{Margin: "sector", Category: "x", Population: 40, Weighted: 40},
		{Margin: "sector", Category: "y", Population: 60, Weighted: 50, Relative: 1.0 / 6},
		{Margin: "size_band", Category: "l", Population: 10, Weighted: 40.0 / 9, Relative: 5.0 / 9},
		{Margin: "size_band", Category: "s", Population: 90, Weighted: 80*4.0/9 + 50, Relative: math.Abs(80*4.0/9+50-90) / 90},
	}
	if diff := cmp.Diff(wantGaps, cal.Gaps, close9); diff != "" {
		t.Errorf("gaps (-want +got):\n%s", diff)
	}
	if math.Abs(cal.MaxGap-5.0/9) > 1e-12 {
		t.Errorf("MaxGap %v, want 5/9", cal.MaxGap)
	}
}

func TestCalibrateRefuses(t *testing.T) {
	t.Parallel()
	frame := Frame{{"x", "s"}: 10, {"y", "s"}: 10}
	ok := append(respondents("x", Stratum{"x", "s"}, 2), respondents("y", Stratum{"y", "s"}, 2)...)
	for _, tc := range []struct {
		name string
		resp []Respondent
		opts CalibrationOptions
		want error
	}{
		{"sector without respondents", respondents("x", Stratum{"x", "s"}, 2), CalibrationOptions{}, ErrEmptyCell},
		{"stratum not in frame", append(ok, Respondent{Business: "z", Stratum: Stratum{"z", "s"}, BaseWeight: 1}), CalibrationOptions{}, ErrInvalidInput},
		{"zero base weight", append(ok, Respondent{Business: "w", Stratum: Stratum{"x", "s"}}), CalibrationOptions{}, ErrInvalidInput},
		{"lower bound above 1", ok, CalibrationOptions{Lower: 2, Upper: 5}, ErrInvalidInput},
		{"size band not in frame", ok, CalibrationOptions{SizeBands: []string{"s", "q"}}, ErrInvalidInput},
	} {
		if _, _, err := CalibrateRespondents(tc.resp, frame, tc.opts); !errors.Is(err, tc.want) {
			t.Errorf("%s: err %v, want %v", tc.name, err, tc.want)
		}
	}
	dup := append(ok, ok[0])
	if _, err := NewCalibratedDesign(dup, frame, CalibrationOptions{}); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("duplicate business: err %v, want ErrInvalidInput", err)
	}
}

// TestDesignUnweightedHand: one day per business and equal weights give
// the textbook mean with SE s / sqrt(n) on n - 1 df; several days per
// business count the business once, at the mean of its days.
func TestDesignUnweightedHand(t *testing.T) {
	t.Parallel()
	resp := respondents("b", Stratum{"x", "s"}, 4)
	d, err := NewUnweightedDesign(resp)
	if err != nil {
		t.Fatal(err)
	}
	units := []Unit{{"b0", 1, 2}, {"b1", 1, 4}, {"b2", 1, 6}, {"b3", 1, 8}}
	m, err := d.Mean(units, DefaultLevel)
	if err != nil {
		t.Fatal(err)
	}
	// mean 5, s^2 = 20/3, SE = sqrt(20/3/4), t(3) = 3.182446305284263.
	se := math.Sqrt(20.0 / 3 / 4)
	want := DesignEstimate{Estimate: 5, SE: se, Lower: 5 - 3.182446305284263*se, Upper: 5 + 3.182446305284263*se, DF: 3, N: 4, Days: 4}
	if diff := cmp.Diff(want, m, close9); diff != "" {
		t.Errorf("mean (-want +got):\n%s", diff)
	}
	// b3 answering 8 on three days more is still one business at 8.
	units[3] = Unit{"b3", 4, 32}
	m2, err := d.Mean(units, DefaultLevel)
	if err != nil {
		t.Fatal(err)
	}
	want.Days = 7
	if diff := cmp.Diff(want, m2, close9); diff != "" {
		t.Errorf("mean with repeated days (-want +got):\n%s", diff)
	}
	// The same values in two periods: no change and nothing to test.
	c, err := DesignChange(PeriodValues{d, units}, PeriodValues{d, units}, DefaultLevel)
	if err != nil {
		t.Fatal(err)
	}
	if c.Estimate != 0 || c.SE > 1e-15 || c.Tested || c.DF != 3 {
		t.Errorf("change of identical periods %+v, want 0 with SE 0, untested, 3 df", c)
	}
	if _, err := d.Mean([]Unit{{"nobody", 1, 1}}, DefaultLevel); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("unit outside the design: err %v, want ErrInvalidInput", err)
	}
	if _, err := d.Share([]Unit{{"b0", 1, 2}}, DefaultLevel); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("share above the days: err %v, want ErrInvalidInput", err)
	}
}
