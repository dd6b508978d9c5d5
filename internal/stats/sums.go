package stats

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
)

// BusinessSums are the mergeable sums over the businesses of one stratum
// in one period (for one question, option or matrix row, and segment) from
// which SumsDesign computes the same estimates as Design without the
// business rows. w is the business's base weight w0 (accumulate with
// w = 1 for unweighted series), ybar its value in the period (the mean of
// its business-days) and u whether it gave one (in the segment).
type BusinessSums struct {
	// Respondents counts the stratum's businesses that responded in the
	// period, Businesses those of them with a value, Days their
	// business-days.
	Respondents int `json:"respondents"`
	Businesses  int `json:"businesses"`
	Days        int `json:"days"`
	// W and WW are sum w and sum w^2 over the respondents.
	W  float64 `json:"w"`
	WW float64 `json:"ww"`
	// Over the businesses with a value: sum w, w ybar, w ybar^2, w^2,
	// w^2 ybar, w^2 ybar^2.
	WU   float64 `json:"wu"`
	WY   float64 `json:"wy"`
	WYY  float64 `json:"wyy"`
	WWU  float64 `json:"wwu"`
	WWY  float64 `json:"wwy"`
	WWYY float64 `json:"wwyy"`
}

// AddRespondent counts a business that responded in the period.
func (s *BusinessSums) AddRespondent(w float64) {
	s.Respondents++
	s.W += w
	s.WW += w * w
}

// AddValue adds the value of a business already counted by AddRespondent.
func (s *BusinessSums) AddValue(w float64, u Unit) {
	y := u.Mean()
	s.Businesses++
	s.Days += u.Days
	s.WU += w
	s.WY += w * y
	s.WYY += w * y * y
	s.WWU += w * w
	s.WWY += w * w * y
	s.WWYY += w * w * y * y
}

// Merge adds the sums of other businesses (another district, say).
func (s *BusinessSums) Merge(o BusinessSums) {
	s.Respondents += o.Respondents
	s.Businesses += o.Businesses
	s.Days += o.Days
	s.W += o.W
	s.WW += o.WW
	s.WU += o.WU
	s.WY += o.WY
	s.WYY += o.WYY
	s.WWU += o.WWU
	s.WWY += o.WWY
	s.WWYY += o.WWYY
}

// RespondentsOnly returns the sums of a stratum outside the segment asked
// for: its respondents still take part in the calibration and the
// regression, with no value.
func (s BusinessSums) RespondentsOnly() BusinessSums {
	return BusinessSums{Respondents: s.Respondents, W: s.W, WW: s.WW}
}

// moments returns sum w phi and sum w^2 phi phi' with phi = (1, u, u ybar).
func (s BusinessSums) moments() ([3]float64, [3][3]float64) {
	return [3]float64{s.W, s.WU, s.WY}, [3][3]float64{
		{s.WW, s.WWU, s.WWY},
		{s.WWU, s.WWU, s.WWY},
		{s.WWY, s.WWY, s.WWYY},
	}
}

// StratumSums are one stratum's sums in a period.
type StratumSums struct {
	Stratum Stratum      `json:"stratum"`
	Sums    BusinessSums `json:"sums"`
}

// CrossSums are the sums over businesses that responded in two periods p
// and q (in a stratum pair), sum w_p w_q phi_p phi_q' with phi = (1, u,
// u ybar) in each period, from which contrasts between the periods take
// the covariance of the businesses in both.
type CrossSums struct {
	Both int           `json:"both"`
	M    [3][3]float64 `json:"m"`
}

// Add counts a business that responded in both periods, with its base
// weight and value (nil for none) in each.
func (c *CrossSums) Add(wp float64, up *Unit, wq float64, uq *Unit) {
	phi := func(u *Unit) [3]float64 {
		if u == nil {
			return [3]float64{1, 0, 0}
		}
		return [3]float64{1, 1, u.Mean()}
	}
	a, b := phi(up), phi(uq)
	c.Both++
	for i := range 3 {
		for j := range 3 {
			c.M[i][j] += wp * wq * a[i] * b[j]
		}
	}
}

// CrossStratumSums are the cross sums of the businesses in stratum From in
// the earlier period and To in the later one.
type CrossStratumSums struct {
	From Stratum   `json:"from"`
	To   Stratum   `json:"to"`
	Sums CrossSums `json:"sums"`
}

// SumsDesign is Design computed from per-stratum sums: the period's
// calibration and the estimates of one question in one segment.
type SumsDesign struct {
	cells []StratumSums
	index map[Stratum]int
	gs    []float64 // g * scale per cell: W_b = gs_h * w_b
	cols  [][]int
	pinv  *mat.Dense
	base  []float64 // scaled base total per cell
	// Calibration reports the weighting; zero when unweighted.
	Calibration Calibration
}

// NewSumsDesign returns the design of a period from its strata's sums,
// raked to frame by the rules of CalibrateRespondents, or unweighted when
// frame is nil (then the sums must have been accumulated with w = 1).
func NewSumsDesign(strata []StratumSums, frame Frame, opts CalibrationOptions) (*SumsDesign, error) {
	cells := slices.Clone(strata)
	slices.SortFunc(cells, func(a, b StratumSums) int { return compareStrata(a.Stratum, b.Stratum) })
	d := &SumsDesign{cells: cells, index: map[Stratum]int{}, gs: make([]float64, len(cells))}
	var sumW float64
	for i, c := range cells {
		if _, dup := d.index[c.Stratum]; dup {
			return nil, fmt.Errorf("stats.NewSumsDesign: stratum %s twice: %w", c.Stratum, ErrInvalidInput)
		}
		if c.Sums.Respondents <= 0 || !(c.Sums.W > 0) || c.Sums.Businesses > c.Sums.Respondents {
			return nil, fmt.Errorf("stats.NewSumsDesign: stratum %s has %d respondents, %d with values, weight %v: %w",
				c.Stratum, c.Sums.Respondents, c.Sums.Businesses, c.Sums.W, ErrInvalidInput)
		}
		d.index[c.Stratum] = i
		d.gs[i] = 1
		sumW += c.Sums.W
	}
	if frame == nil {
		return d, nil
	}
	if err := frame.validate(); err != nil {
		return nil, fmt.Errorf("stats.NewSumsDesign: %w", err)
	}
	var total float64
	for _, c := range frame {
		total += c
	}
	scale := total / sumW
	cc := make([]calCell, len(cells))
	d.base = make([]float64, len(cells))
	for i, c := range cells {
		if frame[c.Stratum] == 0 {
			return nil, fmt.Errorf("stats.NewSumsDesign: stratum %s has no businesses in the frame: %w", c.Stratum, ErrInvalidInput)
		}
		cc[i] = calCell{stratum: c.Stratum, a: c.Sums.W * scale, g: 1}
	}
	cal, err := calibrateCells(cc, frame, opts)
	if err != nil {
		return nil, fmt.Errorf("stats.NewSumsDesign: %w", err)
	}
	if d.cols, d.pinv, err = residualModel(cc, cal, frame); err != nil {
		return nil, fmt.Errorf("stats.NewSumsDesign: %w", err)
	}
	for i, c := range cc {
		d.gs[i] = c.g * scale
		d.base[i] = c.a
	}
	d.Calibration = cal
	return d, nil
}

// For returns the design with the value sums of another question, option
// or segment of the same period, keeping its calibration: cells must hold
// the same strata with the same respondents (for a segment, the strata
// outside it as RespondentsOnly).
func (d *SumsDesign) For(cells []StratumSums) (*SumsDesign, error) {
	if len(cells) != len(d.cells) {
		return nil, fmt.Errorf("stats.SumsDesign.For: %d strata, the design has %d: %w", len(cells), len(d.cells), ErrInvalidInput)
	}
	out := *d
	out.cells = make([]StratumSums, len(cells))
	for _, c := range cells {
		i, ok := d.index[c.Stratum]
		if !ok || c.Sums.Respondents != d.cells[i].Sums.Respondents || c.Sums.W != d.cells[i].Sums.W || c.Sums.Businesses > c.Sums.Respondents {
			return nil, fmt.Errorf("stats.SumsDesign.For: stratum %s is not the design's or has other respondents: %w", c.Stratum, ErrInvalidInput)
		}
		out.cells[i] = c
	}
	return &out, nil
}

// sumsLinearised is the linearisation from sums: alpha per cell, so that a
// business's e = gs_h w alpha_h . phi.
type sumsLinearised struct {
	est, sumW, sumW2 float64
	n, days, c       int
	alpha            [][3]float64
	e, q             float64 // sum e and sum e^2 over the businesses
}

func (d *SumsDesign) linearise() (sumsLinearised, error) {
	var l sumsLinearised
	var sy float64
	for i, c := range d.cells {
		l.sumW += d.gs[i] * c.Sums.WU
		l.sumW2 += d.gs[i] * d.gs[i] * c.Sums.WWU
		sy += d.gs[i] * c.Sums.WY
		l.n += c.Sums.Businesses
		l.days += c.Sums.Days
		l.c += c.Sums.Respondents
	}
	if l.n == 0 || !(l.sumW > 0) {
		return l, fmt.Errorf("no businesses with a value: %w", ErrTooFewObservations)
	}
	l.est = sy / l.sumW
	fit := make([]float64, len(d.cells))
	if d.pinv != nil {
		k, _ := d.pinv.Dims()
		b := mat.NewVecDense(k, nil)
		for h, c := range d.cells {
			scale := d.base[h] / c.Sums.W
			for _, col := range d.cols[h] {
				b.SetVec(col, b.AtVec(col)+scale*(c.Sums.WY-l.est*c.Sums.WU)/l.sumW)
			}
		}
		var beta mat.VecDense
		beta.MulVec(d.pinv, b)
		for h, cs := range d.cols {
			for _, col := range cs {
				fit[h] += beta.AtVec(col)
			}
		}
	}
	l.alpha = make([][3]float64, len(d.cells))
	for h, c := range d.cells {
		a := [3]float64{-fit[h], -l.est / l.sumW, 1 / l.sumW}
		l.alpha[h] = a
		m, mm := c.Sums.moments()
		g := d.gs[h]
		l.e += g * dot3(a, m)
		l.q += g * g * quad3(a, mm, a)
	}
	return l, nil
}

func dot3(a, b [3]float64) float64 { return a[0]*b[0] + a[1]*b[1] + a[2]*b[2] }

func quad3(a [3]float64, m [3][3]float64, b [3]float64) float64 {
	var s float64
	for i := range 3 {
		for j := range 3 {
			s += a[i] * m[i][j] * b[j]
		}
	}
	return s
}

// sumsVariance is C/(C-1) (sum e^2 - (sum e)^2 / C).
func sumsVariance(q, e float64, c int) (float64, error) {
	if c < 2 {
		return 0, fmt.Errorf("variance needs two businesses in the design, have %d: %w", c, ErrTooFewObservations)
	}
	cf := float64(c)
	return math.Max(0, (q-e*e/cf)*cf/(cf-1)), nil
}

// linearVariance linearises the design and returns the linearisation with
// the variance of its estimate.
func (d *SumsDesign) linearVariance() (sumsLinearised, float64, error) {
	l, err := d.linearise()
	if err != nil {
		return sumsLinearised{}, 0, err
	}
	v, err := sumsVariance(l.q, l.e, l.c)
	return l, v, err
}

// Mean is Design.Mean from sums.
func (d *SumsDesign) Mean(level float64) (DesignEstimate, error) {
	l, v, err := d.linearVariance()
	if err != nil {
		return DesignEstimate{}, fmt.Errorf("stats.SumsDesign.Mean: %w", err)
	}
	est, err := tInterval(l.est, v, l.c-1, level)
	if err != nil {
		return DesignEstimate{}, fmt.Errorf("stats.SumsDesign.Mean: %w", err)
	}
	est.N, est.Days = l.n, l.days
	return est, nil
}

// Share is Design.Share from sums (a business's value the share of its
// days choosing the option). p is 0 when no business chose it (sum w ybar
// is 0) and 1 when every business chose it every day (sum w ybar equals
// sum w over the businesses with a value in every stratum).
func (d *SumsDesign) Share(level float64) (DesignEstimate, error) {
	l, v, err := d.linearVariance()
	if err != nil {
		return DesignEstimate{}, fmt.Errorf("stats.SumsDesign.Share: %w", err)
	}
	none, all := true, true
	for _, c := range d.cells {
		none = none && c.Sums.WY == 0
		all = all && c.Sums.WY == c.Sums.WU
	}
	est, err := designShare(l.est, v, none, all, l.sumW, l.sumW2, l.n, level)
	if err != nil {
		return DesignEstimate{}, fmt.Errorf("stats.SumsDesign.Share: %w", err)
	}
	est.DF, est.Days = l.c-1, l.days
	return est, nil
}

// SD is Design.SD from sums.
func (d *SumsDesign) SD() (float64, error) {
	l, err := d.linearise()
	if err != nil {
		return 0, fmt.Errorf("stats.SumsDesign.SD: %w", err)
	}
	if l.n < 2 {
		return 0, fmt.Errorf("stats.SumsDesign.SD: %d businesses: %w", l.n, ErrTooFewObservations)
	}
	var ss float64
	for h, c := range d.cells {
		ss += d.gs[h] * (c.Sums.WYY - 2*l.est*c.Sums.WY + l.est*l.est*c.Sums.WU)
	}
	n := float64(l.n)
	return math.Sqrt(math.Max(0, ss/l.sumW*n/(n-1))), nil
}

// ContrastFromSums is Contrast from sums: periods in order, cross[[2]int{k,
// l}] the cross sums of periods k < l, and businesses the distinct
// businesses that responded in any of the periods (C).
func ContrastFromSums(periods []*SumsDesign, cross map[[2]int][]CrossStratumSums, businesses int, coef []float64, level float64) (ContrastEstimate, error) {
	if len(periods) != len(coef) || len(periods) == 0 {
		return ContrastEstimate{}, fmt.Errorf("stats.ContrastFromSums: %d periods, %d coefficients: %w", len(periods), len(coef), ErrInvalidInput)
	}
	lins := make([]sumsLinearised, len(periods))
	var est, e, q float64
	for k, p := range periods {
		l, err := p.linearise()
		if err != nil {
			return ContrastEstimate{}, fmt.Errorf("stats.ContrastFromSums: period %d: %w", k, err)
		}
		lins[k] = l
		est += coef[k] * l.est
		e += coef[k] * l.e
		q += coef[k] * coef[k] * l.q
	}
	for key, cells := range cross {
		k, l := key[0], key[1]
		if k < 0 || l <= k || l >= len(periods) {
			return ContrastEstimate{}, fmt.Errorf("stats.ContrastFromSums: cross sums of periods %d and %d: %w", k, l, ErrInvalidInput)
		}
		for _, c := range cells {
			i, ok1 := periods[k].index[c.From]
			j, ok2 := periods[l].index[c.To]
			if !ok1 || !ok2 {
				return ContrastEstimate{}, fmt.Errorf("stats.ContrastFromSums: cross sums of %s and %s outside the periods' strata: %w", c.From, c.To, ErrInvalidInput)
			}
			q += 2 * coef[k] * coef[l] * periods[k].gs[i] * periods[l].gs[j] * quad3(lins[k].alpha[i], c.Sums.M, lins[l].alpha[j])
		}
	}
	v, err := sumsVariance(q, e, businesses)
	if err != nil {
		return ContrastEstimate{}, fmt.Errorf("stats.ContrastFromSums: %w", err)
	}
	out, err := contrastTest(est, v, businesses, level)
	if err != nil {
		return ContrastEstimate{}, fmt.Errorf("stats.ContrastFromSums: %w", err)
	}
	return out, nil
}
