package stats

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"gonum.org/v1/gonum/stat/distuv"
)

// close9 compares floats to 1e-9, relative to their size when large.
var close9 = cmpopts.EquateApprox(1e-9, 1e-9)

// rawStats is the straightforward computation from raw rows that the
// accumulator must reproduce.
type rawStats struct {
	N, Mean, SD, WMean, NEff float64
	CI, WCI                  Interval
}

func computeRaw(t *testing.T, ys, ws []float64) rawStats {
	t.Helper()
	n := float64(len(ys))
	var sum, sw, sw2, swy float64
	for i, y := range ys {
		sum += y
		sw += ws[i]
		sw2 += ws[i] * ws[i]
		swy += ws[i] * y
	}
	mean := sum / n
	var ss float64
	for _, y := range ys {
		ss += (y - mean) * (y - mean)
	}
	ci, err := MeanCI(ys, 0.95)
	if err != nil {
		t.Fatalf("MeanCI: %v", err)
	}
	wci, err := WeightedMeanCI(ys, ws, 0.95)
	if err != nil {
		t.Fatalf("WeightedMeanCI: %v", err)
	}
	return rawStats{N: n, Mean: mean, SD: math.Sqrt(ss / (n - 1)), WMean: swy / sw, NEff: sw * sw / sw2, CI: ci, WCI: wci}
}

func statsOf(t *testing.T, m Moments) rawStats {
	t.Helper()
	ci, err := m.MeanCI(0.95)
	if err != nil {
		t.Fatalf("Moments.MeanCI: %v", err)
	}
	wci, err := m.WeightedMeanCI(0.95)
	if err != nil {
		t.Fatalf("Moments.WeightedMeanCI: %v", err)
	}
	return rawStats{N: m.N, Mean: m.Mean(), SD: m.SD(), WMean: m.WeightedMean(), NEff: m.NEff(), CI: ci, WCI: wci}
}

// TestMomentsMergeAnyOrder is a property test: rows split into random cells
// and merged in a random order give the statistics of all rows at once.
func TestMomentsMergeAnyOrder(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 200 {
		n := 2 + rng.IntN(300)
		ys, ws := make([]float64, n), make([]float64, n)
		for i := range ys {
			ys[i] = float64(1 + rng.IntN(10)) // a 1-10 scale
			if trial%3 == 0 {
				ys[i] = rng.NormFloat64()*50 + 100 // a number question
			}
			ws[i] = 0.2 + rng.Float64()*20
		}
		cells := make([]Moments, 1+rng.IntN(12))
		for i, y := range ys {
			if err := cells[rng.IntN(len(cells))].Add(y, ws[i]); err != nil {
				t.Fatal(err)
			}
		}
		rng.Shuffle(len(cells), func(i, j int) { cells[i], cells[j] = cells[j], cells[i] })
		var merged Moments
		for _, c := range cells {
			merged.Merge(c)
		}
		want := computeRaw(t, ys, ws)
		if diff := cmp.Diff(want, statsOf(t, merged), close9); diff != "" {
			t.Fatalf("trial %d: merged Moments differ from raw rows (-raw +merged):\n%s", trial, diff)
		}
	}
}

// TestEqualWeightsEqualUnweighted is a property test: with every weight the
// same, the weighted mean, its interval and n_eff equal the unweighted ones.
func TestEqualWeightsEqualUnweighted(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := range 100 {
		n := 2 + rng.IntN(100)
		w := 0.5 + rng.Float64()*30
		var m Moments
		ys, ws := make([]float64, n), make([]float64, n)
		for i := range ys {
			ys[i], ws[i] = float64(rng.IntN(5)+1), w
			if err := m.Add(ys[i], w); err != nil {
				t.Fatal(err)
			}
		}
		unw, err := m.MeanCI(0.95)
		if err != nil {
			t.Fatal(err)
		}
		wtd, err := m.WeightedMeanCI(0.95)
		if err != nil {
			t.Fatal(err)
		}
		raw, err := WeightedMeanCI(ys, ws, 0.95)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(unw, wtd, close9); diff != "" {
			t.Errorf("trial %d: weighted CI from sums with equal weights differs from unweighted (-unweighted +weighted):\n%s", trial, diff)
		}
		if diff := cmp.Diff(unw, raw, close9); diff != "" {
			t.Errorf("trial %d: weighted CI from rows with equal weights differs from unweighted (-unweighted +weighted):\n%s", trial, diff)
		}
		if math.Abs(m.NEff()-float64(n)) > 1e-9*float64(n) {
			t.Errorf("trial %d: n_eff = %v with equal weights, want n = %d", trial, m.NEff(), n)
		}
	}
}

// TestMeanCIHand checks the t interval on 1..5 by hand: mean 3, s =
// sqrt(2.5), t(0.975, 4) = 2.776445, half-width 2.776445 * sqrt(2.5/5).
func TestMeanCIHand(t *testing.T) {
	t.Parallel()
	got, err := MeanCI([]float64{1, 2, 3, 4, 5}, 0.95)
	if err != nil {
		t.Fatal(err)
	}
	h := 2.7764451051977987 * math.Sqrt(0.5)
	want := Interval{Estimate: 3, Lower: 3 - h, Upper: 3 + h}
	if diff := cmp.Diff(want, got, close9); diff != "" {
		t.Errorf("MeanCI(1..5) (-want +got):\n%s", diff)
	}
}

// TestLinearisedVarianceHand checks V = n/(n-1) sum w^2 (y - ybar_w)^2 /
// (sum w)^2 on y = 1, 2, 3 with w = 1, 1, 2 by hand: ybar_w = 9/4,
// w(y - ybar_w) = -5/4, -1/4, 3/2, squares sum to 31/8, V = 3/2 * 31/8 / 16.
func TestLinearisedVarianceHand(t *testing.T) {
	t.Parallel()
	var m Moments
	for i, y := range []float64{1, 2, 3} {
		if err := m.Add(y, []float64{1, 1, 2}[i]); err != nil {
			t.Fatal(err)
		}
	}
	got, err := m.WeightedMeanEstimate()
	if err != nil {
		t.Fatal(err)
	}
	want := MeanEstimate{Mean: 2.25, Variance: 1.5 * 3.875 / 16, DF: 2}
	if diff := cmp.Diff(want, got, close9); diff != "" {
		t.Errorf("WeightedMeanEstimate (-want +got):\n%s", diff)
	}
}

func TestMomentsErrors(t *testing.T) {
	t.Parallel()
	var m Moments
	if err := m.Add(math.NaN(), 1); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("Add(NaN) = %v, want ErrInvalidInput", err)
	}
	if err := m.Add(1, -1); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("Add(weight -1) = %v, want ErrInvalidInput", err)
	}
	if m != (Moments{}) {
		t.Errorf("refused Add changed the accumulator: %+v", m)
	}
	_ = m.Add(4, 1)
	if _, err := m.MeanCI(0.95); !errors.Is(err, ErrTooFewObservations) {
		t.Errorf("MeanCI with n=1: %v, want ErrTooFewObservations", err)
	}
	_ = m.Add(5, 1)
	if _, err := m.MeanCI(1.5); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("MeanCI(level 1.5): %v, want ErrInvalidInput", err)
	}
	if _, err := WeightedMeanCI([]float64{1, 2}, []float64{1}, 0.95); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("WeightedMeanCI with mismatched lengths: %v, want ErrInvalidInput", err)
	}
}

func TestMedian(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   []float64
		want float64
	}{
		{[]float64{7}, 7},
		{[]float64{3, 1, 2}, 2},
		{[]float64{4, 1, 3, 2}, 2.5},
		{[]float64{5, 5, 1, 9, 9, 9}, 7},
	} {
		in := append([]float64(nil), tc.in...)
		got, err := Median(in)
		if err != nil {
			t.Fatalf("Median(%v): %v", tc.in, err)
		}
		if got != tc.want {
			t.Errorf("Median(%v) = %v, want %v", tc.in, got, tc.want)
		}
		if diff := cmp.Diff(tc.in, in); diff != "" {
			t.Errorf("Median modified its input (-before +after):\n%s", diff)
		}
	}
	if _, err := Median(nil); !errors.Is(err, ErrTooFewObservations) {
		t.Errorf("Median(nil) = %v, want ErrTooFewObservations", err)
	}
}

// TestTQuantileLargeDF checks the large-df expansion against gonum's
// incomplete-beta inversion, at the 95% level and others, for fractional
// df from 100 (weighted means) and whole df past the table, to a million.
func TestTQuantileLargeDF(t *testing.T) {
	t.Parallel()
	for _, level := range []float64{0.8, 0.9, DefaultLevel, 0.99} {
		p := 1 - (1-level)/2
		for _, df := range []float64{100, 100.5, 250.3, 999.7, 2000.5, 2001, 2500, 7919, 25000, 1e6} {
			got, err := tCritical(level, df)
			if err != nil {
				t.Fatal(err)
			}
			want := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Quantile(p)
			if math.Abs(got-want) > 2e-9 { // the inversion itself is good to about 1e-9
				t.Errorf("level %v df %v: %.15f, incomplete beta gives %.15f", level, df, got, want)
			}
		}
	}
}
