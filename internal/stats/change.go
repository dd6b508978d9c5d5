package stats

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// SignificanceLevel is the two-sided test level behind Change.Significant
// (significant at 95%).
const SignificanceLevel = 0.05

// Change is the difference of a period's estimate from the previous
// period's, with the test of no change.
type Change struct {
	// Difference is current minus previous.
	Difference float64 `json:"difference"`
	// Statistic is the z or t statistic of the test.
	Statistic float64 `json:"statistic"`
	// DF holds the degrees of freedom of a t test, +Inf for a z test.
	DF float64 `json:"df"`
	// PValue is two-sided.
	PValue float64 `json:"p_value"`
	// Significant reports PValue < SignificanceLevel.
	Significant bool `json:"significant"`
}

// TwoProportionZ tests whether a share changed between two independent
// samples, previous (prevSuccesses of prevN) and current, with the pooled
// two-proportion z-test: z = (p2 - p1) / sqrt(p (1-p) (1/n1 + 1/n2)), p the
// pooled share. For weighted shares pass p_w * n_eff and n_eff of each
// period. It fails when either n is not positive or when the pooled share
// is 0 or 1 (no variation: nothing to test).
func TwoProportionZ(prevSuccesses, prevN, curSuccesses, curN float64) (Change, error) {
	for _, c := range [][2]float64{{prevSuccesses, prevN}, {curSuccesses, curN}} {
		if !finite(c[1]) || !(c[1] > 0) {
			return Change{}, fmt.Errorf("stats.TwoProportionZ: n=%v: %w", c[1], ErrTooFewObservations)
		}
		if !finite(c[0]) || c[0] < 0 || c[0] > c[1] {
			return Change{}, fmt.Errorf("stats.TwoProportionZ: successes %v outside [0, %v]: %w", c[0], c[1], ErrInvalidInput)
		}
	}
	p1, p2 := prevSuccesses/prevN, curSuccesses/curN
	pooled := (prevSuccesses + curSuccesses) / (prevN + curN)
	v := pooled * (1 - pooled) * (1/prevN + 1/curN)
	if !(v > 0) {
		return Change{}, fmt.Errorf("stats.TwoProportionZ: pooled share %v leaves no variance: %w", pooled, ErrInvalidInput)
	}
	z := (p2 - p1) / math.Sqrt(v)
	p := 2 * distuv.UnitNormal.Survival(math.Abs(z))
	return Change{Difference: p2 - p1, Statistic: z, DF: math.Inf(1), PValue: p, Significant: p < SignificanceLevel}, nil
}

// WelchT tests whether a mean changed between two independent samples with
// Welch's t-test: t = (m2 - m1) / sqrt(v1 + v2), v the variances of the
// means, and Satterthwaite's degrees of freedom
// (v1 + v2)^2 / (v1^2/df1 + v2^2/df2). Pass Moments.MeanEstimate for
// unweighted means (v = s^2/n, df = n-1, the textbook test) or
// Moments.WeightedMeanEstimate for weighted ones.
func WelchT(prev, cur MeanEstimate) (Change, error) {
	for _, e := range []MeanEstimate{prev, cur} {
		if !finite(e.Mean) || !finite(e.Variance) || e.Variance < 0 {
			return Change{}, fmt.Errorf("stats.WelchT: mean %v, variance %v: %w", e.Mean, e.Variance, ErrInvalidInput)
		}
		if !(e.DF > 0) {
			return Change{}, fmt.Errorf("stats.WelchT: df %v: %w", e.DF, ErrTooFewObservations)
		}
	}
	v := prev.Variance + cur.Variance
	if !(v > 0) {
		return Change{}, fmt.Errorf("stats.WelchT: both means have zero variance: %w", ErrInvalidInput)
	}
	t := (cur.Mean - prev.Mean) / math.Sqrt(v)
	df := v * v / (prev.Variance*prev.Variance/prev.DF + cur.Variance*cur.Variance/cur.DF)
	p := 2 * distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Survival(math.Abs(t))
	return Change{Difference: cur.Mean - prev.Mean, Statistic: t, DF: df, PValue: p, Significant: p < SignificanceLevel}, nil
}

// RollingWindow is the number of periods in a rolling average.
const RollingWindow = 3

// Point is one period's estimate and the number of respondents behind it.
type Point struct {
	Value float64 `json:"value"`
	N     float64 `json:"n"`
}

// RollingPoint is a rolling average ending at one period.
type RollingPoint struct {
	// Value is the n-weighted mean of the window's values: the estimate
	// from pooling the window's respondents. NaN when the window has none.
	Value float64 `json:"value"`
	// N is the number of respondents in the window.
	N float64 `json:"n"`
	// Complete reports that the window holds RollingWindow periods; the
	// first periods of a series have shorter windows.
	Complete bool `json:"complete"`
}

// Rolling3 returns, for each period of series, the average over it and the
// two periods before it, each period weighted by its n (periods with n = 0,
// or a NaN value, add nothing). Suppression applies to the window's N, so a
// window may be shown when one of its periods is not.
func Rolling3(series []Point) []RollingPoint {
	out := make([]RollingPoint, len(series))
	for i := range series {
		var sum, n float64
		for j := max(0, i-RollingWindow+1); j <= i; j++ {
			p := series[j]
			if p.N > 0 && !math.IsNaN(p.Value) {
				sum += p.Value * p.N
				n += p.N
			}
		}
		v := math.NaN()
		if n > 0 {
			v = sum / n
		}
		out[i] = RollingPoint{Value: v, N: n, Complete: i >= RollingWindow-1}
	}
	return out
}

// RollingMoments returns, for each period, the Moments of it and the two
// periods before it merged, so the window has a mean, interval and n of its
// own. Complete windows start at index RollingWindow-1.
func RollingMoments(series []Moments) []Moments {
	out := make([]Moments, len(series))
	for i := range series {
		for j := max(0, i-RollingWindow+1); j <= i; j++ {
			out[i].Merge(series[j])
		}
	}
	return out
}
