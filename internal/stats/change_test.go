package stats

import (
	"errors"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestWelchWorkedExample uses example 1 of Wikipedia's "Welch's t-test"
// article (two samples of 15), which reports t = 2.46, df = 25.0 and
// p = 0.021. Recomputed by hand (at 30 digits): means 20.82 and 22.98667,
// variances 7.867429 and 3.812667, so v = 7.867429/15 + 3.812667/15 =
// 0.778673, t = 2.166667 / sqrt(v) = 2.455356, df = v^2 / ((7.867429/15)^2/14
// + (3.812667/15)^2/14) = 24.98853, and p = I_{df/(df+t^2)}(df/2, 1/2) =
// 0.021378.
func TestWelchWorkedExample(t *testing.T) {
	t.Parallel()
	a1 := []float64{27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4}
	a2 := []float64{27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4}
	var m1, m2 Moments
	for i := range a1 {
		_ = m1.Add(a1[i], 1)
		_ = m2.Add(a2[i], 1)
	}
	e1, err := m1.MeanEstimate()
	if err != nil {
		t.Fatal(err)
	}
	e2, err := m2.MeanEstimate()
	if err != nil {
		t.Fatal(err)
	}
	got, err := WelchT(e1, e2)
	if err != nil {
		t.Fatal(err)
	}
	want := Change{
		Difference:  2.1666666666666667,
		Statistic:   2.455356398286005,
		DF:          24.988529290231414,
		PValue:      0.021378001462867,
		Significant: true,
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateApprox(1e-9, 0)); diff != "" {
		t.Errorf("WelchT (-hand +got):\n%s", diff)
	}
}

// TestTwoProportionZHand: 45/150 = 0.30 before, 63/150 = 0.42 after. Pooled
// share 108/300 = 0.36, se = sqrt(0.36 * 0.64 * 2/150) = sqrt(0.003072),
// z = 0.12 / 0.0554256 = 2.1650635, two-sided p = erfc(z/sqrt 2) = 0.0303828.
func TestTwoProportionZHand(t *testing.T) {
	t.Parallel()
	got, err := TwoProportionZ(45, 150, 63, 150)
	if err != nil {
		t.Fatal(err)
	}
	want := Change{Difference: 0.12, Statistic: 2.165063509461097, DF: math.Inf(1), PValue: 0.030382821976578, Significant: true}
	if diff := cmp.Diff(want, got, cmpopts.EquateApprox(1e-9, 0)); diff != "" {
		t.Errorf("TwoProportionZ (-hand +got):\n%s", diff)
	}
	// The same shares on samples of 50 are not significant.
	small, err := TwoProportionZ(15, 50, 21, 50)
	if err != nil {
		t.Fatal(err)
	}
	if small.Significant || small.PValue < 0.05 {
		t.Errorf("0.30 -> 0.42 on n=50: %+v, want not significant", small)
	}
	if _, err := TwoProportionZ(0, 10, 0, 12); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("no successes in either period: %v, want ErrInvalidInput", err)
	}
	if _, err := TwoProportionZ(1, 0, 1, 2); !errors.Is(err, ErrTooFewObservations) {
		t.Errorf("empty previous period: %v, want ErrTooFewObservations", err)
	}
}

func TestWelchRefuses(t *testing.T) {
	t.Parallel()
	flat := MeanEstimate{Mean: 4, Variance: 0, DF: 9}
	if _, err := WelchT(flat, flat); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("zero variance in both periods: %v, want ErrInvalidInput", err)
	}
	if _, err := WelchT(MeanEstimate{Mean: 1, Variance: 1, DF: 0}, flat); !errors.Is(err, ErrTooFewObservations) {
		t.Errorf("df 0: %v, want ErrTooFewObservations", err)
	}
}

func TestRolling3(t *testing.T) {
	t.Parallel()
	got := Rolling3([]Point{{2, 10}, {4, 30}, {1, 0}, {6, 20}, {math.NaN(), 5}})
	want := []RollingPoint{
		{Value: 2, N: 10},
		{Value: (2*10 + 4*30) / 40.0, N: 40},
		{Value: (2*10 + 4*30) / 40.0, N: 40, Complete: true},
		{Value: (4*30 + 6*20) / 50.0, N: 50, Complete: true},
		{Value: 6, N: 20, Complete: true},
	}
	if diff := cmp.Diff(want, got, close9); diff != "" {
		t.Errorf("Rolling3 (-want +got):\n%s", diff)
	}
}

func TestRollingMoments(t *testing.T) {
	t.Parallel()
	periods := [][]float64{{1, 2}, {3}, {4, 5, 6}, {7}}
	series := make([]Moments, len(periods))
	for i, p := range periods {
		for _, y := range p {
			_ = series[i].Add(y, 1)
		}
	}
	got := RollingMoments(series)
	// Window ending at period 3 pools 3, 4, 5, 6, 7.
	if got[3].N != 5 || got[3].Mean() != 5 {
		t.Errorf("window ending at period 3: n=%v mean=%v, want 5 and 5", got[3].N, got[3].Mean())
	}
	if got[0].N != 2 || got[2].N != 6 {
		t.Errorf("window sizes %v, %v, want 2 and 6", got[0].N, got[2].N)
	}
}
