package stats

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestWilsonNewcombe checks the Wilson score interval against the worked
// examples of Newcombe RG (1998), "Two-sided confidence intervals for the
// single proportion: comparison of seven methods", Statistics in Medicine
// 17:857-872, Table II, method 3 (score without continuity correction),
// published to 4 decimals. Recomputed by hand from the closed form
// (centre (p + z^2/2n)/(1 + z^2/n), half-width z/(1 + z^2/n) *
// sqrt(p(1-p)/n + z^2/4n^2)) they are 0.255289-0.366210, 0.062386-0.160487,
// 0-0.161125 and 0.006113-0.171755.
func TestWilsonNewcombe(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		x, n         float64
		lower, upper float64
	}{
		{81, 263, 0.2553, 0.3662},
		{15, 148, 0.0624, 0.1605},
		{0, 20, 0, 0.1611},
		{1, 29, 0.0061, 0.1718},
	} {
		got, err := Wilson(tc.x, tc.n, 0.95)
		if err != nil {
			t.Fatalf("Wilson(%v, %v): %v", tc.x, tc.n, err)
		}
		want := Interval{Estimate: tc.x / tc.n, Lower: tc.lower, Upper: tc.upper}
		if diff := cmp.Diff(want, got, cmpopts.EquateApprox(0, 0.00005)); diff != "" {
			t.Errorf("Wilson(%v/%v) differs from Newcombe 1998 (-published +got):\n%s", tc.x, tc.n, diff)
		}
	}
}

func TestWilsonErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		x, n, level float64
		want        error
	}{
		{1, 0, 0.95, ErrTooFewObservations},
		{5, 4, 0.95, ErrInvalidInput},
		{-1, 4, 0.95, ErrInvalidInput},
		{1, 4, 0, ErrInvalidInput},
		{math.NaN(), 4, 0.95, ErrInvalidInput},
	} {
		if _, err := Wilson(tc.x, tc.n, tc.level); !errors.Is(err, tc.want) {
			t.Errorf("Wilson(%v, %v, %v) = %v, want %v", tc.x, tc.n, tc.level, err, tc.want)
		}
	}
}

// TestWeightedWilsonEqualWeights is a property test: with equal weights the
// weighted share and n_eff reduce to x/n and n, so the intervals agree.
func TestWeightedWilsonEqualWeights(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(5, 6))
	for range 200 {
		n := 1 + rng.IntN(500)
		x := rng.IntN(n + 1)
		w := 0.1 + rng.Float64()*50
		ws := make([]float64, n)
		for i := range ws {
			ws[i] = w
		}
		want, err := Wilson(float64(x), float64(n), 0.95)
		if err != nil {
			t.Fatal(err)
		}
		got, err := WeightedWilson(float64(x)*w, float64(n)*w, KishNEff(ws), 0.95)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got, close9); diff != "" {
			t.Errorf("%d/%d with weight %v: (-unweighted +weighted):\n%s", x, n, w, diff)
		}
	}
}

// TestWeightedWilsonUsesNEff: unequal weights widen the interval to that of
// a sample of n_eff, not n.
func TestWeightedWilsonUsesNEff(t *testing.T) {
	t.Parallel()
	// Four units, weights 1, 1, 1, 5: n_eff = 64/28. Units 1 and 4 say yes.
	ws := []float64{1, 1, 1, 5}
	neff := KishNEff(ws)
	got, err := WeightedWilson(6, 8, neff, 0.95)
	if err != nil {
		t.Fatal(err)
	}
	want, err := Wilson(0.75*neff, neff, 0.95)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got, close9); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	naive, _ := Wilson(3, 4, 0.95)
	if got.Upper-got.Lower <= naive.Upper-naive.Lower {
		t.Errorf("weighted interval %v not wider than the n=4 interval %v", got, naive)
	}
}

func TestKishNEff(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		ws   []float64
		want float64
	}{
		{nil, 0},
		{[]float64{1, 1, 1, 1}, 4},
		{[]float64{2.5, 2.5, 2.5}, 3},
		{[]float64{1, 2, 3}, 36.0 / 14},    // (1+2+3)^2 / (1+4+9)
		{[]float64{1, 1, 1, 5}, 64.0 / 28}, // 8^2 / 28
		{[]float64{10, 0, 0}, 1},
	} {
		if got := KishNEff(tc.ws); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("KishNEff(%v) = %v, want %v", tc.ws, got, tc.want)
		}
	}
}

// TestNetBalanceHand: 30 more, 10 less, 60 no change. Balance 0.2; variance
// (0.3 + 0.1 - 0.2^2) / 100 = 0.0036, se 0.06, half-width 1.959964 * 0.06.
func TestNetBalanceHand(t *testing.T) {
	t.Parallel()
	got, err := NetBalance(30, 10, 100, 0.95)
	if err != nil {
		t.Fatal(err)
	}
	h := 1.959963984540054 * 0.06
	want := Interval{Estimate: 0.2, Lower: 0.2 - h, Upper: 0.2 + h}
	if diff := cmp.Diff(want, got, close9); diff != "" {
		t.Errorf("NetBalance (-want +got):\n%s", diff)
	}
	// The same answers as a Likert question: 10 strongly agree, 20 agree,
	// 60 neither, 4 disagree, 6 strongly disagree.
	la, err := NetAgreement(Likert{6, 4, 60, 20, 10}, 0.95)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, la, close9); diff != "" {
		t.Errorf("NetAgreement (-want +got):\n%s", diff)
	}
	// Weighted with weight 2 everywhere and n_eff = 100: unchanged.
	wa, err := WeightedNetAgreement(Likert{12, 8, 120, 40, 20}, 100, 0.95)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, wa, close9); diff != "" {
		t.Errorf("WeightedNetAgreement (-want +got):\n%s", diff)
	}
	// Everyone agrees: +1, clipped, zero width.
	all, err := NetBalance(7, 0, 7, 0.95)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(Interval{Estimate: 1, Lower: 1, Upper: 1}, all); diff != "" {
		t.Errorf("unanimous NetBalance (-want +got):\n%s", diff)
	}
	if _, err := NetBalance(60, 50, 100, 0.95); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("NetBalance with more+less > total: %v, want ErrInvalidInput", err)
	}
}
