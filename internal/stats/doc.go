// Package stats holds the estimators behind the observatory
// (docs/observatory.md): means with their intervals, shares with Wilson intervals, net
// balances, rankings, survey weights (post-stratification, raking, trimming),
// change between periods, rolling averages and disclosure control.
//
// It is pure computation: no database and no I/O, so every function can be
// checked against a hand computation or a published worked example. Rollups
// store the mergeable accumulators defined here (Moments, RankTally) and
// derive the published statistics from them when a series is read.
//
// Survey weights are not frequency weights. A weight says how many businesses
// of the population a responding business stands for; it does not say that
// the business answered several times. That is why the variances here are
// written out by hand instead of using gonum's weighted variance.
package stats

import (
	"errors"
	"fmt"
	"math"
	"sync"

	"gonum.org/v1/gonum/stat/distuv"
)

// Sentinel errors. Every error returned by this package wraps one of them,
// so callers can tell bad input from data that is too thin to estimate.
var (
	// ErrInvalidInput reports an argument that breaks a documented rule
	// (a negative weight, a level outside (0, 1), mismatched lengths...).
	ErrInvalidInput = errors.New("invalid input")
	// ErrTooFewObservations reports that an estimate needs more units than
	// it was given (a standard deviation needs two).
	ErrTooFewObservations = errors.New("too few observations")
	// ErrEmptyCell reports a population cell or margin category that has
	// no sample units, so no weight can make the sample match it.
	ErrEmptyCell = errors.New("population cell has no sample")
	// ErrNotConverged reports that raking stopped at its iteration limit
	// before the margins were met within the tolerance.
	ErrNotConverged = errors.New("did not converge")
)

// Interval is a point estimate with the bounds of its confidence interval.
type Interval struct {
	Estimate float64 `json:"estimate"`
	Lower    float64 `json:"lower"`
	Upper    float64 `json:"upper"`
}

// DefaultLevel is the confidence level of the published intervals.
const DefaultLevel = 0.95

// checkLevel refuses confidence levels outside the open interval (0, 1).
func checkLevel(level float64) error {
	if !(level > 0 && level < 1) {
		return fmt.Errorf("confidence level %v outside (0, 1): %w", level, ErrInvalidInput)
	}
	return nil
}

// zCritical returns the two-sided standard normal critical value for level
// (1.959964 for 0.95).
func zCritical(level float64) (float64, error) {
	if err := checkLevel(level); err != nil {
		return 0, err
	}
	return distuv.UnitNormal.Quantile(1 - (1-level)/2), nil
}

// tCritical returns the two-sided Student's t critical value for level with
// df degrees of freedom.
func tCritical(level, df float64) (float64, error) {
	if err := checkLevel(level); err != nil {
		return 0, err
	}
	if !(df > 0) {
		return 0, fmt.Errorf("degrees of freedom %v not positive: %w", df, ErrTooFewObservations)
	}
	if level == DefaultLevel && df == math.Trunc(df) && df <= tTableSize {
		return t95()[int(df)], nil
	}
	p := 1 - (1-level)/2
	if df >= largeDF {
		return tQuantileLargeDF(p, df), nil
	}
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}
	return t.Quantile(p), nil
}

// largeDF is where the expansion takes over from the incomplete-beta
// inversion for degrees of freedom the table does not hold (fractional ones
// from weighted means, or beyond it): from 100 df its error is below 1e-9
// at the 99% level and 1e-10 at 95%.
const largeDF = 100

// tQuantileLargeDF is the Student's t quantile for many degrees of freedom
// by the expansion around the normal quantile of Abramowitz and Stegun,
// Handbook of Mathematical Functions (1964), 26.7.5, to the fourth order.
// The incomplete-beta inversion it replaces slows down as df grows (a
// segment of thousands of businesses made it most of a trend read's time).
func tQuantileLargeDF(p, df float64) float64 {
	x := distuv.UnitNormal.Quantile(p)
	x2 := x * x
	g1 := (x2 + 1) * x / 4
	g2 := ((5*x2+16)*x2 + 3) * x / 96
	g3 := (((3*x2+19)*x2+17)*x2 - 15) * x / 384
	g4 := ((((79*x2+776)*x2+1482)*x2-1920)*x2 - 945) * x / 92160
	return x + (g1+(g2+(g3+g4/df)/df)/df)/df
}

// tTableSize is the largest whole df whose 95% critical value is tabled.
const tTableSize = 2000

// t95 tables the 95% two-sided t critical values for whole df 1..tTableSize:
// a trend read computes hundreds of intervals and the quantile is an
// iterative incomplete-beta inversion. The table is built once and never
// written again.
var t95 = sync.OnceValue(func() []float64 {
	out := make([]float64, tTableSize+1)
	for df := 1; df <= tTableSize; df++ {
		t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(df)}
		out[df] = t.Quantile(1 - (1-DefaultLevel)/2)
	}
	return out
})

// finite reports whether x is neither NaN nor infinite.
func finite(x float64) bool {
	return !math.IsNaN(x) && !math.IsInf(x, 0)
}
