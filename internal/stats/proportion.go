package stats

import (
	"fmt"
	"math"
)

// Wilson returns the share successes/n with its Wilson score interval at
// level (Wilson 1927; method 3 of Newcombe 1998). Unlike the Wald interval
// it stays inside [0, 1] and behaves at 0 and n, which matters for the small
// cells of a business panel. successes and n may be fractional, as they are
// for weighted shares (see WeightedWilson).
func Wilson(successes, n, level float64) (Interval, error) {
	if !finite(n) || !(n > 0) {
		return Interval{}, fmt.Errorf("stats.Wilson: n=%v must be positive: %w", n, ErrTooFewObservations)
	}
	if !finite(successes) || successes < 0 || successes > n {
		return Interval{}, fmt.Errorf("stats.Wilson: successes=%v outside [0, n=%v]: %w", successes, n, ErrInvalidInput)
	}
	z, err := zCritical(level)
	if err != nil {
		return Interval{}, fmt.Errorf("stats.Wilson: %w", err)
	}
	p := successes / n
	z2 := z * z
	d := 1 + z2/n
	centre := (p + z2/(2*n)) / d
	half := z / d * math.Sqrt(p*(1-p)/n+z2/(4*n*n))
	return Interval{
		Estimate: p,
		Lower:    math.Max(0, centre-half),
		Upper:    math.Min(1, centre+half),
	}, nil
}

// WeightedWilson returns the weighted share successW/totalW with a Wilson
// interval that uses the Kish effective sample size nEff in place of n (the
// weighted share p_w stands in for x/n, so x = p_w * nEff).
func WeightedWilson(successW, totalW, nEff, level float64) (Interval, error) {
	if !finite(totalW) || !(totalW > 0) {
		return Interval{}, fmt.Errorf("stats.WeightedWilson: total weight %v must be positive: %w", totalW, ErrInvalidInput)
	}
	if !finite(successW) || successW < 0 || successW > totalW*(1+1e-12) {
		return Interval{}, fmt.Errorf("stats.WeightedWilson: success weight %v outside [0, %v]: %w", successW, totalW, ErrInvalidInput)
	}
	p := math.Min(1, successW/totalW)
	iv, err := Wilson(p*nEff, nEff, level)
	if err != nil {
		return Interval{}, fmt.Errorf("stats.WeightedWilson: %w", err)
	}
	iv.Estimate = p
	return iv, nil
}

// KishNEff returns Kish's effective sample size (sum w)^2 / sum w^2: the
// number of equally weighted units that would give the same precision. It
// is n for equal weights and 0 for no units.
func KishNEff(ws []float64) float64 {
	var sw, sw2 float64
	for _, w := range ws {
		sw += w
		sw2 += w * w
	}
	return KishNEffSums(sw, sw2)
}

// KishNEffSums returns Kish's effective sample size from the sums of the
// weights and of their squares, as a rollup stores them.
func KishNEffSums(sumW, sumW2 float64) float64 {
	if sumW2 == 0 {
		return 0
	}
	return sumW * sumW / sumW2
}

// NetBalance returns (more - less) / total for a directional question ("more",
// "no change", "less"): "no change" stays in total, so the balance runs from
// -1 to 1 (multiply by 100 for points). The interval is the normal one for a
// difference of two shares of one multinomial sample, with variance
// (p_more + p_less - (p_more - p_less)^2) / n, clipped to [-1, 1]; it has
// zero width when every answer is in one category.
func NetBalance(more, less, total, level float64) (Interval, error) {
	iv, err := netBalance(more, less, total, total, level)
	if err != nil {
		return Interval{}, fmt.Errorf("stats.NetBalance: %w", err)
	}
	return iv, nil
}

// WeightedNetBalance is NetBalance over weighted totals, with the Kish
// effective sample size nEff in place of n in the variance.
func WeightedNetBalance(moreW, lessW, totalW, nEff, level float64) (Interval, error) {
	iv, err := netBalance(moreW, lessW, totalW, nEff, level)
	if err != nil {
		return Interval{}, fmt.Errorf("stats.WeightedNetBalance: %w", err)
	}
	return iv, nil
}

// netBalance computes NetBalance with n, the sample size behind the variance,
// given apart from the base total.
func netBalance(more, less, total, n, level float64) (Interval, error) {
	if !finite(total) || !(total > 0) || !finite(n) || !(n > 0) {
		return Interval{}, fmt.Errorf("total %v and n %v must be positive: %w", total, n, ErrTooFewObservations)
	}
	if !finite(more) || !finite(less) || more < 0 || less < 0 || more+less > total*(1+1e-12) {
		return Interval{}, fmt.Errorf("more %v and less %v must be non-negative and sum to at most %v: %w",
			more, less, total, ErrInvalidInput)
	}
	z, err := zCritical(level)
	if err != nil {
		return Interval{}, err
	}
	p1, p2 := more/total, less/total
	d := p1 - p2
	v := math.Max(0, p1+p2-d*d) / n
	h := z * math.Sqrt(v)
	return Interval{Estimate: d, Lower: math.Max(-1, d-h), Upper: math.Min(1, d+h)}, nil
}

// Likert holds the counts (or weighted totals) of a five-point agree /
// disagree question, in order: strongly disagree, disagree, neither,
// agree, strongly agree.
type Likert [5]float64

// Total returns the number (or weight) of all answers, "neither" included.
func (l Likert) Total() float64 { return l[0] + l[1] + l[2] + l[3] + l[4] }

// NetAgreement returns the share agreeing (agree or strongly agree) minus the
// share disagreeing, "neither" in the base, with the interval of NetBalance.
func NetAgreement(l Likert, level float64) (Interval, error) {
	iv, err := NetBalance(l[3]+l[4], l[0]+l[1], l.Total(), level)
	if err != nil {
		return Interval{}, fmt.Errorf("stats.NetAgreement: %w", err)
	}
	return iv, nil
}

// WeightedNetAgreement is NetAgreement over weighted totals, with the Kish
// effective sample size nEff in the variance.
func WeightedNetAgreement(l Likert, nEff, level float64) (Interval, error) {
	iv, err := WeightedNetBalance(l[3]+l[4], l[0]+l[1], l.Total(), nEff, level)
	if err != nil {
		return Interval{}, fmt.Errorf("stats.WeightedNetAgreement: %w", err)
	}
	return iv, nil
}
