package stats

import (
	"fmt"
	"math"
	"slices"
)

// Moments is a mergeable accumulator of the sums behind the mean statistics
// of a scale, number or matrix-row question. A rollup cell stores one
// Moments; cells combine with Merge (periods into a rolling window, sectors
// into the panel) without going back to the answers.
//
// Besides (n, sum w, sum w^2, sum wy, sum wy^2) it keeps the unweighted sums
// (for the unweighted mean and standard deviation) and sum w^2 y, sum w^2 y^2.
// The last two make the linearised variance of the weighted mean exact from
// sums, because
//
//	sum w_i^2 (y_i - m)^2 = SumW2Y2 - 2 m SumW2Y + m^2 SumW2
//
// for any m, so no per-unit pass is needed. The expansion loses precision
// when the spread of y is tiny next to its mean (numbers around 1e6 that
// differ in the units); scale and percentage answers are far from that.
//
// Weights must be fixed when units are added: when raking is redone (a new
// frame, late respondents) weighted cells must be rebuilt.
type Moments struct {
	N       float64 `json:"n"`
	SumY    float64 `json:"sum_y"`
	SumY2   float64 `json:"sum_y2"`
	SumW    float64 `json:"sum_w"`
	SumW2   float64 `json:"sum_w2"`
	SumWY   float64 `json:"sum_wy"`
	SumWY2  float64 `json:"sum_wy2"`
	SumW2Y  float64 `json:"sum_w2y"`
	SumW2Y2 float64 `json:"sum_w2y2"`
}

// Add records one unit with value y and survey weight w (use 1 when
// unweighted). It refuses non-finite values and negative weights and leaves
// the accumulator unchanged when it does.
func (m *Moments) Add(y, w float64) error {
	if !finite(y) {
		return fmt.Errorf("stats.Moments.Add: value %v: %w", y, ErrInvalidInput)
	}
	if !finite(w) || w < 0 {
		return fmt.Errorf("stats.Moments.Add: weight %v must be finite and not negative: %w", w, ErrInvalidInput)
	}
	m.N++
	m.SumY += y
	m.SumY2 += y * y
	m.SumW += w
	m.SumW2 += w * w
	m.SumWY += w * y
	m.SumWY2 += w * y * y
	m.SumW2Y += w * w * y
	m.SumW2Y2 += w * w * y * y
	return nil
}

// Merge adds the units of o to m. Merging is associative and commutative
// (up to floating-point rounding), so cells combine in any order.
func (m *Moments) Merge(o Moments) {
	m.N += o.N
	m.SumY += o.SumY
	m.SumY2 += o.SumY2
	m.SumW += o.SumW
	m.SumW2 += o.SumW2
	m.SumWY += o.SumWY
	m.SumWY2 += o.SumWY2
	m.SumW2Y += o.SumW2Y
	m.SumW2Y2 += o.SumW2Y2
}

// Mean returns the unweighted mean, NaN when there are no units.
func (m Moments) Mean() float64 {
	if m.N == 0 {
		return math.NaN()
	}
	return m.SumY / m.N
}

// SD returns the unweighted sample standard deviation (divisor n-1), NaN
// with fewer than two units.
func (m Moments) SD() float64 {
	if m.N < 2 {
		return math.NaN()
	}
	mean := m.SumY / m.N
	ss := math.Max(0, m.SumY2-m.N*mean*mean)
	return math.Sqrt(ss / (m.N - 1))
}

// WeightedMean returns sum wy / sum w, NaN when the weights sum to zero.
func (m Moments) WeightedMean() float64 {
	if m.SumW == 0 {
		return math.NaN()
	}
	return m.SumWY / m.SumW
}

// NEff returns the Kish effective sample size of the weights added.
func (m Moments) NEff() float64 {
	return KishNEffSums(m.SumW, m.SumW2)
}

// MeanEstimate returns the unweighted mean with the variance of the mean
// s^2/n and n-1 degrees of freedom.
func (m Moments) MeanEstimate() (MeanEstimate, error) {
	if m.N < 2 {
		return MeanEstimate{}, fmt.Errorf("stats.Moments.MeanEstimate: n=%v: %w", m.N, ErrTooFewObservations)
	}
	sd := m.SD()
	return MeanEstimate{Mean: m.Mean(), Variance: sd * sd / m.N, DF: m.N - 1}, nil
}

// WeightedMeanEstimate returns the weighted mean with its linearised
// variance V = n/(n-1) * sum w_i^2 (y_i - ybar_w)^2 / (sum w)^2, exact from
// the sums (see Moments), and n-1 degrees of freedom as for a single-stage
// design without strata. With equal weights it equals MeanEstimate.
func (m Moments) WeightedMeanEstimate() (MeanEstimate, error) {
	if m.N < 2 {
		return MeanEstimate{}, fmt.Errorf("stats.Moments.WeightedMeanEstimate: n=%v: %w", m.N, ErrTooFewObservations)
	}
	if !(m.SumW > 0) {
		return MeanEstimate{}, fmt.Errorf("stats.Moments.WeightedMeanEstimate: weights sum to %v: %w", m.SumW, ErrInvalidInput)
	}
	mean := m.SumWY / m.SumW
	ss := math.Max(0, m.SumW2Y2-2*mean*m.SumW2Y+mean*mean*m.SumW2)
	v := m.N / (m.N - 1) * ss / (m.SumW * m.SumW)
	return MeanEstimate{Mean: mean, Variance: v, DF: m.N - 1}, nil
}

// MeanCI returns the unweighted mean with its t-based interval at level.
func (m Moments) MeanCI(level float64) (Interval, error) {
	e, err := m.MeanEstimate()
	if err != nil {
		return Interval{}, fmt.Errorf("stats.Moments.MeanCI: %w", err)
	}
	return e.CI(level)
}

// WeightedMeanCI returns the weighted mean with its t-based interval at
// level, from the linearised variance.
func (m Moments) WeightedMeanCI(level float64) (Interval, error) {
	e, err := m.WeightedMeanEstimate()
	if err != nil {
		return Interval{}, fmt.Errorf("stats.Moments.WeightedMeanCI: %w", err)
	}
	return e.CI(level)
}

// MeanEstimate is a mean with the variance of that mean (the squared
// standard error) and the degrees of freedom behind it. It feeds intervals
// and Welch's test alike, weighted or not.
type MeanEstimate struct {
	Mean     float64 `json:"mean"`
	Variance float64 `json:"variance"`
	DF       float64 `json:"df"`
}

// SE returns the standard error of the mean.
func (e MeanEstimate) SE() float64 { return math.Sqrt(e.Variance) }

// CI returns the interval mean +/- t(level, DF) * SE.
func (e MeanEstimate) CI(level float64) (Interval, error) {
	t, err := tCritical(level, e.DF)
	if err != nil {
		return Interval{}, fmt.Errorf("stats.MeanEstimate.CI: %w", err)
	}
	h := t * e.SE()
	return Interval{Estimate: e.Mean, Lower: e.Mean - h, Upper: e.Mean + h}, nil
}

// MeanCI returns the unweighted mean of ys with its t-based interval.
func MeanCI(ys []float64, level float64) (Interval, error) {
	ws := make([]float64, len(ys))
	for i := range ws {
		ws[i] = 1
	}
	iv, err := WeightedMeanCI(ys, ws, level)
	if err != nil {
		return Interval{}, fmt.Errorf("stats.MeanCI: %w", err)
	}
	return iv, nil
}

// WeightedMeanCI returns the weighted mean of raw rows with the interval
// from the linearised variance V = n/(n-1) * sum w_i^2 (y_i - ybar_w)^2 /
// (sum w)^2, computed in two passes (the reference for Moments), using t
// with n-1 degrees of freedom.
func WeightedMeanCI(ys, ws []float64, level float64) (Interval, error) {
	if len(ys) != len(ws) {
		return Interval{}, fmt.Errorf("stats.WeightedMeanCI: %d values but %d weights: %w", len(ys), len(ws), ErrInvalidInput)
	}
	n := float64(len(ys))
	if n < 2 {
		return Interval{}, fmt.Errorf("stats.WeightedMeanCI: n=%v: %w", n, ErrTooFewObservations)
	}
	var sw, swy float64
	for i, y := range ys {
		if !finite(y) || !finite(ws[i]) || ws[i] < 0 {
			return Interval{}, fmt.Errorf("stats.WeightedMeanCI: row %d (y=%v, w=%v): %w", i, y, ws[i], ErrInvalidInput)
		}
		sw += ws[i]
		swy += ws[i] * y
	}
	if !(sw > 0) {
		return Interval{}, fmt.Errorf("stats.WeightedMeanCI: weights sum to %v: %w", sw, ErrInvalidInput)
	}
	mean := swy / sw
	var ss float64
	for i, y := range ys {
		d := ws[i] * (y - mean)
		ss += d * d
	}
	e := MeanEstimate{Mean: mean, Variance: n / (n - 1) * ss / (sw * sw), DF: n - 1}
	iv, err := e.CI(level)
	if err != nil {
		return Interval{}, fmt.Errorf("stats.WeightedMeanCI: %w", err)
	}
	return iv, nil
}

// Median returns the median of ys (the mean of the two middle values when
// their number is even). It does not modify ys.
func Median(ys []float64) (float64, error) {
	if len(ys) == 0 {
		return 0, fmt.Errorf("stats.Median: no values: %w", ErrTooFewObservations)
	}
	s := slices.Clone(ys)
	for i, y := range s {
		if math.IsNaN(y) {
			return 0, fmt.Errorf("stats.Median: value %d is NaN: %w", i, ErrInvalidInput)
		}
	}
	slices.Sort(s)
	mid := len(s) / 2
	if len(s)%2 == 1 {
		return s[mid], nil
	}
	return (s[mid-1] + s[mid]) / 2, nil
}
