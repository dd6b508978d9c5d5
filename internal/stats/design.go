package stats

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"
)

// Unit is one business's value for one question in one period, folded from
// its business-days: Days with a value (m_b) and the Sum of those values
// (for a share, the days on which it chose the option). The business's
// value is the mean Sum / Days.
type Unit struct {
	Business string  `json:"business"`
	Days     int     `json:"days"`
	Sum      float64 `json:"sum"`
}

// Mean returns the business's value, the mean of its business-days.
func (u Unit) Mean() float64 { return u.Sum / float64(u.Days) }

// DayValue is one business-day's value.
type DayValue struct {
	Business string
	Value    float64
}

// FoldDays folds business-day values into units, one per business, in the
// order businesses first appear.
func FoldDays(rows []DayValue) []Unit {
	idx := map[string]int{}
	var out []Unit
	for _, r := range rows {
		i, ok := idx[r.Business]
		if !ok {
			i = len(out)
			idx[r.Business] = i
			out = append(out, Unit{Business: r.Business})
		}
		out[i].Days++
		out[i].Sum += r.Value
	}
	return out
}

// Design is the sample design of one period: the businesses that responded
// (the clusters), their weights and, when weighted, the calibration that
// made them. It is R's svydesign(ids = ~business, weights = ~w0 / m_b) on
// the period's business-day rows, calibrate()d when weighted, reduced to
// the business level (exactly: the margins do not vary within a business).
type Design struct {
	names []string
	index map[string]int
	cell  []int     // each business's calibration cell
	base  []float64 // scaled base weight (1 when unweighted)
	g     []float64 // calibration factor (1 when unweighted)
	// cols holds each cell's model columns and pinv the pseudo-inverse of
	// sum_h a_h x_h x_h', for the calibration residuals; nil unweighted.
	cols [][]int
	pinv *mat.Dense
	// Calibration reports the weighting; zero when unweighted.
	Calibration Calibration
}

// NewUnweightedDesign returns the design of a period's respondents with
// equal weights (w0 = 1, no calibration), still clustered by business.
func NewUnweightedDesign(resp []Respondent) (*Design, error) {
	d := &Design{index: make(map[string]int, len(resp)), names: make([]string, len(resp))}
	for i, r := range resp {
		d.names[i] = r.Business
		if _, dup := d.index[r.Business]; dup {
			return nil, fmt.Errorf("stats.NewUnweightedDesign: business %q twice: %w", r.Business, ErrInvalidInput)
		}
		d.index[r.Business] = i
	}
	d.base = make([]float64, len(resp))
	d.g = make([]float64, len(resp))
	for i := range resp {
		d.base[i], d.g[i] = 1, 1
	}
	return d, nil
}

// NewCalibratedDesign returns the design of a period's respondents raked
// to the frame by CalibrateRespondents.
func NewCalibratedDesign(resp []Respondent, frame Frame, opts CalibrationOptions) (*Design, error) {
	d, err := NewUnweightedDesign(resp)
	if err != nil {
		return nil, fmt.Errorf("stats.NewCalibratedDesign: %w", err)
	}
	g, cal, err := CalibrateRespondents(resp, frame, opts)
	if err != nil {
		return nil, fmt.Errorf("stats.NewCalibratedDesign: %w", err)
	}
	cells, cellOf, err := calibrationCells(resp, frame)
	if err != nil {
		return nil, fmt.Errorf("stats.NewCalibratedDesign: %w", err)
	}
	var sum, total float64
	for _, r := range resp {
		sum += r.BaseWeight
	}
	for _, c := range frame {
		total += c
	}
	for i, r := range resp {
		d.base[i] = r.BaseWeight * total / sum
	}
	d.g, d.cell, d.Calibration = g, cellOf, cal
	if d.cols, d.pinv, err = residualModel(cells, cal, frame); err != nil {
		return nil, fmt.Errorf("stats.NewCalibratedDesign: %w", err)
	}
	return d, nil
}

// residualModel returns the calibration model's columns of every cell and
// the pseudo-inverse of sum_h a_h x_h x_h', for the regression behind the
// calibration residuals: the size groups raked to, or sectors alone.
func residualModel(cells []calCell, cal Calibration, frame Frame) ([][]int, *mat.Dense, error) {
	sectorTotals, sizeTotals := frameMargins(frame)
	groups := cal.SizeGroups
	if cal.SectorOnly || len(groups) == 0 {
		groups = [][]string{sortedKeys(sizeTotals)}
	}
	m := buildModel(cells, groups, sectorTotals, sizeTotals)
	k := len(m.totals)
	a := mat.NewDense(k, k, nil)
	for h, c := range cells {
		for _, p := range m.cols[h] {
			for _, q := range m.cols[h] {
				a.Set(p, q, a.At(p, q)+c.a)
			}
		}
	}
	var svd mat.SVD
	if !svd.Factorize(a, mat.SVDThin) {
		return nil, nil, fmt.Errorf("calibration model: %w", ErrInvalidInput)
	}
	return m.cols, pseudoInverse(&svd, k), nil
}

func pseudoInverse(svd *mat.SVD, k int) *mat.Dense {
	vals := svd.Values(nil)
	var u, v mat.Dense
	svd.UTo(&u)
	svd.VTo(&v)
	inv := mat.NewDense(k, k, nil)
	for i := range k {
		if vals[i] > 1e-12*vals[0] {
			for p := range k {
				for q := range k {
					inv.Set(p, q, inv.At(p, q)+v.At(p, i)*u.At(q, i)/vals[i])
				}
			}
		}
	}
	return inv
}

// Businesses returns C, the number of clusters of the design.
func (d *Design) Businesses() int { return len(d.base) }

// Weight returns a business's calibrated weight g * w0 (scaled) and
// whether it is in the design.
func (d *Design) Weight(business string) (float64, bool) {
	i, ok := d.index[business]
	if !ok {
		return 0, false
	}
	return d.g[i] * d.base[i], true
}

// linearised holds a mean over some units of a design with its linearised
// variable summed within each business of the design (e_j).
type linearised struct {
	est   float64
	e     []float64
	n     int
	days  int
	sumW  float64
	sumW2 float64
}

// linearise computes the weighted mean of the units' values and, for every
// business j of the design, e_j = W_j (z_j - x_j' beta) with z_j =
// (ybar_j - mean) / N_hat for the units and 0 for the others, beta the
// regression of z on the calibration margins weighted by the base weights
// (the calibration residual of survey::svyrecvar); e_j = W_j z_j
// unweighted. Restricting the units to a domain gives the domain mean.
func (d *Design) linearise(units []Unit) (linearised, error) {
	if len(units) == 0 {
		return linearised{}, fmt.Errorf("no units: %w", ErrTooFewObservations)
	}
	var l linearised
	idx := make([]int, len(units))
	var sy float64
	for k, u := range units {
		j, ok := d.index[u.Business]
		if !ok {
			return linearised{}, fmt.Errorf("business %q has a value but is not a respondent of the design: %w", u.Business, ErrInvalidInput)
		}
		if u.Days <= 0 || !finite(u.Sum) {
			return linearised{}, fmt.Errorf("business %q: %d days, sum %v: %w", u.Business, u.Days, u.Sum, ErrInvalidInput)
		}
		idx[k] = j
		w := d.g[j] * d.base[j]
		l.sumW += w
		l.sumW2 += w * w
		sy += w * u.Mean()
		l.days += u.Days
	}
	l.n = len(units)
	l.est = sy / l.sumW
	z := make([]float64, len(d.base))
	for k, u := range units {
		z[idx[k]] = (u.Mean() - l.est) / l.sumW
	}
	l.e = make([]float64, len(d.base))
	if d.pinv == nil {
		for j := range z {
			l.e[j] = d.g[j] * d.base[j] * z[j]
		}
		return l, nil
	}
	k, _ := d.pinv.Dims()
	b := mat.NewVecDense(k, nil)
	for j, zj := range z {
		if zj != 0 {
			for _, c := range d.cols[d.cell[j]] {
				b.SetVec(c, b.AtVec(c)+d.base[j]*zj)
			}
		}
	}
	var beta mat.VecDense
	beta.MulVec(d.pinv, b)
	fit := make([]float64, len(d.cols))
	for h, cs := range d.cols {
		for _, c := range cs {
			fit[h] += beta.AtVec(c)
		}
	}
	for j := range z {
		l.e[j] = d.g[j] * d.base[j] * (z[j] - fit[d.cell[j]])
	}
	return l, nil
}

// linearVariance linearises the design over the units and returns the
// linearisation with the variance of its estimate.
func (d *Design) linearVariance(units []Unit) (linearised, float64, error) {
	l, err := d.linearise(units)
	if err != nil {
		return linearised{}, 0, err
	}
	v, err := clusterVariance(l.e)
	return l, v, err
}

// clusterVariance returns C/(C-1) sum_j (e_j - ebar)^2, the with-replacement
// variance of the cluster totals (no finite-population correction).
func clusterVariance(e []float64) (float64, error) {
	c := float64(len(e))
	if c < 2 {
		return 0, fmt.Errorf("variance needs two businesses in the design, have %d: %w", len(e), ErrTooFewObservations)
	}
	var mean float64
	for _, x := range e {
		mean += x
	}
	mean /= c
	var ss float64
	for _, x := range e {
		ss += (x - mean) * (x - mean)
	}
	return ss * c / (c - 1), nil
}

// DesignEstimate is a design-based estimate of one period.
type DesignEstimate struct {
	Estimate float64 `json:"estimate"`
	SE       float64 `json:"se"`
	Lower    float64 `json:"lower"`
	Upper    float64 `json:"upper"`
	// DF is C - 1, C the businesses of the design (of the whole period, for
	// a domain too, as survey's degf).
	DF int `json:"df"`
	// N is the number of businesses that gave a value (in the domain);
	// Days their business-days.
	N    int `json:"n"`
	Days int `json:"days"`
	// NEff is the effective sample size the Wilson interval of a share
	// used: p (1 - p) / V(p) capped at N, Kish's with p 0 or 1. Zero for
	// means, whose interval uses the t distribution on DF.
	NEff float64 `json:"n_eff"`
}

// Mean returns the weighted mean of the units' values (restrict the units
// to a segment for a domain mean) with its linearisation standard error and
// the interval mean +- t(DF) SE.
func (d *Design) Mean(units []Unit, level float64) (DesignEstimate, error) {
	l, v, err := d.linearVariance(units)
	if err != nil {
		return DesignEstimate{}, fmt.Errorf("stats.Design.Mean: %w", err)
	}
	est, err := tInterval(l.est, v, len(l.e)-1, level)
	if err != nil {
		return DesignEstimate{}, fmt.Errorf("stats.Design.Mean: %w", err)
	}
	est.N, est.Days = l.n, l.days
	return est, nil
}

// tInterval is the estimate est with variance v and the interval
// est +- t(df) SE at level.
func tInterval(est, v float64, df int, level float64) (DesignEstimate, error) {
	t, err := tCritical(level, float64(df))
	if err != nil {
		return DesignEstimate{}, err
	}
	se := math.Sqrt(v)
	return DesignEstimate{Estimate: est, SE: se, Lower: est - t*se, Upper: est + t*se, DF: df}, nil
}

// Share returns the weighted share of business-days choosing an option
// (each unit's Sum counts its days choosing it) with the same variance as
// Mean and a Wilson interval on NEff = p (1 - p) / V(p), capped at N, or
// Kish's (sum W)^2 / sum W^2 over the units when p is 0 or 1 (no business
// chose the option on any day, or every business on every day).
func (d *Design) Share(units []Unit, level float64) (DesignEstimate, error) {
	none, all := true, true
	for _, u := range units {
		if u.Sum < 0 || u.Sum > float64(u.Days) {
			return DesignEstimate{}, fmt.Errorf("stats.Design.Share: business %q chose the option on %v of %d days: %w", u.Business, u.Sum, u.Days, ErrInvalidInput)
		}
		none = none && u.Sum == 0
		all = all && u.Sum == float64(u.Days)
	}
	l, v, err := d.linearVariance(units)
	if err != nil {
		return DesignEstimate{}, fmt.Errorf("stats.Design.Share: %w", err)
	}
	est, err := designShare(l.est, v, none, all, l.sumW, l.sumW2, l.n, level)
	if err != nil {
		return DesignEstimate{}, fmt.Errorf("stats.Design.Share: %w", err)
	}
	est.DF, est.Days = len(l.e)-1, l.days
	return est, nil
}

// designShare is a share's estimate with its Wilson interval on the design
// effective size n_eff = p(1-p)/V, capped at n; Kish's n_eff when every or
// no business said yes (or V is 0), where that formula says nothing.
func designShare(est, v float64, none, all bool, sumW, sumW2 float64, n int, level float64) (DesignEstimate, error) {
	p := math.Min(1, math.Max(0, est))
	switch {
	case none:
		p = 0
	case all:
		p = 1
	}
	var neff float64
	if none || all || !(v > 0) {
		neff = KishNEffSums(sumW, sumW2)
	} else {
		neff = math.Min(p*(1-p)/v, float64(n))
	}
	iv, err := Wilson(p*neff, neff, level)
	if err != nil {
		return DesignEstimate{}, err
	}
	return DesignEstimate{Estimate: p, SE: math.Sqrt(v), Lower: iv.Lower, Upper: iv.Upper, N: n, NEff: neff}, nil
}

// SD returns the weighted standard deviation of the businesses' values,
// sqrt(n / (n - 1) * sum W (ybar - mean)^2 / sum W) over the n units, as
// survey::svyvar on a design of one row per business with weights W.
func (d *Design) SD(units []Unit) (float64, error) {
	if len(units) < 2 {
		return 0, fmt.Errorf("stats.Design.SD: %d businesses: %w", len(units), ErrTooFewObservations)
	}
	l, err := d.linearise(units)
	if err != nil {
		return 0, fmt.Errorf("stats.Design.SD: %w", err)
	}
	var ss float64
	for _, u := range units {
		w, _ := d.Weight(u.Business)
		ss += w * (u.Mean() - l.est) * (u.Mean() - l.est)
	}
	n := float64(len(units))
	return math.Sqrt(ss / l.sumW * n / (n - 1)), nil
}

// PeriodValues is one period's design with the units of a question (in a
// segment) for a contrast between periods.
type PeriodValues struct {
	Design *Design
	Units  []Unit
}

// ContrastEstimate is a linear combination of period estimates with its
// design-based standard error, interval and t test of zero.
type ContrastEstimate struct {
	Estimate float64 `json:"estimate"`
	SE       float64 `json:"se"`
	Lower    float64 `json:"lower"`
	Upper    float64 `json:"upper"`
	// Statistic is Estimate / SE, tested on DF = C - 1, C the distinct
	// businesses of the stacked periods. Tested is false (and Statistic,
	// PValue and Significant zero) when SE is 0: every business gave the
	// same value, so there is nothing to test.
	Tested      bool    `json:"tested"`
	Statistic   float64 `json:"statistic"`
	DF          int     `json:"df"`
	PValue      float64 `json:"p_value"`
	Significant bool    `json:"significant"`
	Businesses  int     `json:"businesses"`
}

// Contrast returns sum_k coef_k * estimate_k over periods stacked in one
// design: businesses are the clusters across periods and each period keeps
// its own calibration, so a business answering in several periods brings
// the covariance of its estimates. The variance is coef' S coef with S =
// C/(C-1) sum_b (E_b - Ebar)(E_b - Ebar)', E_b the business's linearised
// totals in every period (0 where absent), C the businesses of all the
// periods. Every period needs a unit (ErrTooFewObservations otherwise).
func Contrast(periods []PeriodValues, coef []float64, level float64) (ContrastEstimate, error) {
	designs := make([]*Design, len(periods))
	units := make([][]Unit, len(periods))
	for k, p := range periods {
		designs[k], units[k] = p.Design, p.Units
	}
	return NewStack(designs...).Contrast(units, coef, level)
}

// Stack is several periods' designs stacked, businesses the clusters
// across them: made once, it serves every contrast of those periods (each
// question, option and segment of a series).
type Stack struct {
	designs []*Design
	pos     [][]int // pos[k][j]: the stacked position of business j of period k
	c       int     // distinct businesses
}

// NewStack stacks the designs of periods in order.
func NewStack(designs ...*Design) *Stack {
	s := &Stack{designs: designs, pos: make([][]int, len(designs))}
	union := map[string]int{}
	for k, d := range designs {
		s.pos[k] = make([]int, len(d.names))
		for j, b := range d.names {
			i, ok := union[b]
			if !ok {
				i = len(union)
				union[b] = i
			}
			s.pos[k][j] = i
		}
	}
	s.c = len(union)
	return s
}

// Contrast is the package's Contrast over the stacked periods: units[k]
// are period k's units.
func (s *Stack) Contrast(units [][]Unit, coef []float64, level float64) (ContrastEstimate, error) {
	if len(units) != len(coef) || len(units) != len(s.designs) || len(units) == 0 {
		return ContrastEstimate{}, fmt.Errorf("stats.Contrast: %d periods, %d coefficients: %w", len(units), len(coef), ErrInvalidInput)
	}
	combined := make([]float64, s.c)
	var est float64
	for k, d := range s.designs {
		l, err := d.linearise(units[k])
		if err != nil {
			return ContrastEstimate{}, fmt.Errorf("stats.Contrast: period %d: %w", k, err)
		}
		est += coef[k] * l.est
		for j, e := range l.e {
			combined[s.pos[k][j]] += coef[k] * e
		}
	}
	v, err := clusterVariance(combined)
	if err != nil {
		return ContrastEstimate{}, fmt.Errorf("stats.Contrast: %w", err)
	}
	out, err := contrastTest(est, v, len(combined), level)
	if err != nil {
		return ContrastEstimate{}, fmt.Errorf("stats.Contrast: %w", err)
	}
	return out, nil
}

// contrastTest completes a contrast est with variance v over businesses
// clusters: its interval at level and, when it has a spread, its t test on
// businesses - 1 degrees of freedom.
func contrastTest(est, v float64, businesses int, level float64) (ContrastEstimate, error) {
	df := businesses - 1
	tc, err := tCritical(level, float64(df))
	if err != nil {
		return ContrastEstimate{}, err
	}
	se := math.Sqrt(v)
	out := ContrastEstimate{Estimate: est, SE: se, Lower: est - tc*se, Upper: est + tc*se, DF: df, Businesses: businesses}
	if se > 0 {
		out.Tested = true
		out.Statistic = est / se
		t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(df)}
		out.PValue = 2 * t.Survival(math.Abs(out.Statistic))
		out.Significant = out.PValue < SignificanceLevel
	}
	return out, nil
}

// DesignChange returns cur minus prev with the covariance of the
// businesses in both periods, tested with t on C - 1 degrees of freedom.
func DesignChange(prev, cur PeriodValues, level float64) (ContrastEstimate, error) {
	return Contrast([]PeriodValues{prev, cur}, []float64{-1, 1}, level)
}

// DesignRolling3 returns the mean of three periods' estimates with the
// covariance of the businesses across them.
func DesignRolling3(a, b, c PeriodValues, level float64) (ContrastEstimate, error) {
	return Contrast([]PeriodValues{a, b, c}, []float64{1.0 / 3, 1.0 / 3, 1.0 / 3}, level)
}
