package stats

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
)

// Bounds of the calibration factor g = w / w0 in bounded raking, as
// survey::calibrate(bounds = c(DefaultLowerBound, DefaultUpperBound)): a
// business's calibrated weight lies between a fifth of its base weight and
// five times it. The base weights are scaled first so that they total the
// frame (see CalibrateRespondents), so g measures how far raking moves a
// business from an even share of the population.
const (
	DefaultLowerBound = 0.2
	DefaultUpperBound = 5
)

// Defaults for CalibrationOptions.
const (
	// DefaultCalibrationEpsilon is the largest relative misfit
	// |weighted total - population total| / (1 + population total) left on
	// any margin category, as survey::calibrate's epsilon.
	DefaultCalibrationEpsilon = 1e-13
	// DefaultCalibrationMaxIterations caps the Newton steps of one attempt.
	DefaultCalibrationMaxIterations = 100
)

// Respondent is one business that responded in a period: the unit of
// calibration, with its stratum and base weight (1 for a panel without
// design weights).
type Respondent struct {
	Business   string  `json:"business"`
	Stratum    Stratum `json:"stratum"`
	BaseWeight float64 `json:"base_weight"`
}

// CalibrationOptions controls CalibrateRespondents. Zero values take the
// defaults.
type CalibrationOptions struct {
	// Lower and Upper bound g = w / w0. Defaults DefaultLowerBound and
	// DefaultUpperBound.
	Lower, Upper float64
	// SizeBands orders the frame's size bands from smallest to largest,
	// for collapsing neighbours. Default: the bands in sorted order.
	SizeBands []string
	// Epsilon and MaxIterations control convergence.
	Epsilon       float64
	MaxIterations int
}

// MarginGap is one margin category's population total beside the
// calibrated sample's total.
type MarginGap struct {
	Margin     string  `json:"margin"`
	Category   string  `json:"category"`
	Population float64 `json:"population"`
	Weighted   float64 `json:"weighted"`
	// Relative is |Weighted - Population| / Population.
	Relative float64 `json:"relative"`
}

// Calibration reports how a period's weights were made.
type Calibration struct {
	Lower float64 `json:"lower"`
	Upper float64 `json:"upper"`
	// SizeGroups lists the size-band groups raked to, in size order: one
	// band per group unless bands were collapsed. Empty when only the sector
	// margin could be used.
	SizeGroups [][]string `json:"size_groups"`
	// SectorOnly reports that even one merged size band could not be met
	// and the weights were bounded post-stratification by sector.
	SectorOnly bool `json:"sector_only"`
	// Iterations counts the Newton steps of the attempt that was kept.
	Iterations int `json:"iterations"`
	// Gaps holds every margin category of the frame (sector and the
	// original size bands); MaxGap is the largest Relative among them,
	// the gap to publish.
	Gaps   []MarginGap `json:"gaps"`
	MaxGap float64     `json:"max_gap"`
}

// calCell is a sample stratum in calibration: its scaled base weight total
// and its calibration factor.
type calCell struct {
	stratum Stratum
	a       float64
	g       float64
}

// CalibrateRespondents rakes the respondents of one period to the frame's
// sector and size-band margins within bounds on g = w / w0 and returns each
// respondent's calibration factor g, in the respondents' order.
//
// The base weights are first multiplied by N / sum(w0), N the frame's total,
// so that the bounds are relative to a weight that reproduces the total.
// Raking is survey::calibrate(~sector + size_band, calfun = "raking",
// bounds = c(Lower, Upper)): g = clamp(exp(x'eta), Lower, Upper), x the
// respondent's margin indicators, with eta solved by Newton's method on the
// convex dual so that the calibrated totals meet the margins.
//
// When no g within the bounds meets the margins (some category's base
// total times Lower exceeds its population or times Upper falls short of
// it, or Newton's method does not converge), size bands are collapsed: the
// band (or merged group) whose ratio r of population to base weight lies
// farthest outside the bounds on the log scale, max(log(r/Upper),
// log(Lower/r)), merges with its neighbour in size order, the neighbour
// with the smaller population when there are two, and raking is tried
// again. When a
// single group is left and still cannot be met, g is the bounded
// post-stratification by sector, clamp(N_s / base_s, Lower, Upper), and
// the gap left on each margin is reported. A frame sector or a respondent
// stratum absent from the other side is an error (ErrEmptyCell,
// ErrInvalidInput): collapsing sectors is not a stated rule.
func CalibrateRespondents(resp []Respondent, frame Frame, opts CalibrationOptions) ([]float64, Calibration, error) {
	if err := frame.validate(); err != nil {
		return nil, Calibration{}, fmt.Errorf("stats.CalibrateRespondents: %w", err)
	}
	cells, cellOf, err := calibrationCells(resp, frame)
	if err != nil {
		return nil, Calibration{}, fmt.Errorf("stats.CalibrateRespondents: %w", err)
	}
	cal, err := calibrateCells(cells, frame, opts)
	if err != nil {
		return nil, Calibration{}, fmt.Errorf("stats.CalibrateRespondents: %w", err)
	}
	g := make([]float64, len(resp))
	for i := range resp {
		g[i] = cells[cellOf[i]].g
	}
	return g, cal, nil
}

// calibrateCells sets the calibration factor of every cell (its scaled
// base total a already set) by the rules of CalibrateRespondents.
func calibrateCells(cells []calCell, frame Frame, opts CalibrationOptions) (Calibration, error) {
	opts = opts.withDefaults(frame)
	if !(opts.Lower > 0 && opts.Lower < 1 && opts.Upper > 1) || math.IsInf(opts.Upper, 0) {
		return Calibration{}, fmt.Errorf("bounds [%v, %v] must hold 1 inside (0, +Inf): %w", opts.Lower, opts.Upper, ErrInvalidInput)
	}
	sectorTotals, sizeTotals := frameMargins(frame)
	for s := range sectorTotals {
		if !slices.ContainsFunc(cells, func(c calCell) bool { return c.stratum.Sector == s }) {
			return Calibration{}, fmt.Errorf("frame sector %q has no respondents: %w", s, ErrEmptyCell)
		}
	}
	for _, b := range opts.SizeBands {
		if _, ok := sizeTotals[b]; !ok {
			return Calibration{}, fmt.Errorf("size band %q in the order is not in the frame: %w", b, ErrInvalidInput)
		}
	}
	if len(opts.SizeBands) != len(sizeTotals) {
		return Calibration{}, fmt.Errorf("size order has %d bands, the frame %d: %w", len(opts.SizeBands), len(sizeTotals), ErrInvalidInput)
	}
	groups := make([][]string, len(opts.SizeBands))
	for i, b := range opts.SizeBands {
		groups[i] = []string{b}
	}
	cal := Calibration{Lower: opts.Lower, Upper: opts.Upper}
	for {
		iters, ok := rakeCells(cells, groups, sectorTotals, sizeTotals, opts)
		if ok {
			cal.SizeGroups, cal.Iterations = groups, iters
			break
		}
		if len(groups) == 1 {
			cal.SectorOnly = true
			postStratifySectors(cells, sectorTotals, opts)
			break
		}
		groups = collapseSparsest(groups, cells, sizeTotals, opts.Lower, opts.Upper)
	}
	cal.Gaps = marginGaps(cells, sectorTotals, sizeTotals)
	for _, m := range cal.Gaps {
		cal.MaxGap = math.Max(cal.MaxGap, m.Relative)
	}
	return cal, nil
}

func (o CalibrationOptions) withDefaults(frame Frame) CalibrationOptions {
	if o.Lower == 0 {
		o.Lower = DefaultLowerBound
	}
	if o.Upper == 0 {
		o.Upper = DefaultUpperBound
	}
	if o.Epsilon == 0 {
		o.Epsilon = DefaultCalibrationEpsilon
	}
	if o.MaxIterations == 0 {
		o.MaxIterations = DefaultCalibrationMaxIterations
	}
	if o.SizeBands == nil {
		_, sizes := frameMargins(frame)
		o.SizeBands = sortedKeys(sizes)
	}
	return o
}

// calibrationCells groups respondents by stratum, with base weights scaled
// to the frame total, and returns the cells in sorted order with each
// respondent's cell.
func calibrationCells(resp []Respondent, frame Frame) ([]calCell, []int, error) {
	var total, sum float64
	for _, c := range frame {
		total += c
	}
	if !(total > 0) {
		return nil, nil, fmt.Errorf("frame has no businesses: %w", ErrInvalidInput)
	}
	idx := map[Stratum]int{}
	var strata []Stratum
	for i, r := range resp {
		if !finite(r.BaseWeight) || !(r.BaseWeight > 0) {
			return nil, nil, fmt.Errorf("respondent %d (%s) base weight %v: %w", i, r.Business, r.BaseWeight, ErrInvalidInput)
		}
		if frame[r.Stratum] == 0 {
			return nil, nil, fmt.Errorf("respondent %s in stratum %s, which has no businesses in the frame: %w", r.Business, r.Stratum, ErrInvalidInput)
		}
		if _, ok := idx[r.Stratum]; !ok {
			idx[r.Stratum] = 0
			strata = append(strata, r.Stratum)
		}
		sum += r.BaseWeight
	}
	if len(resp) == 0 {
		return nil, nil, fmt.Errorf("no respondents: %w", ErrEmptyCell)
	}
	slices.SortFunc(strata, compareStrata)
	cells := make([]calCell, len(strata))
	for i, s := range strata {
		idx[s] = i
		cells[i] = calCell{stratum: s, g: 1}
	}
	cellOf := make([]int, len(resp))
	scale := total / sum
	for i, r := range resp {
		c := idx[r.Stratum]
		cellOf[i] = c
		cells[c].a += r.BaseWeight * scale
	}
	return cells, cellOf, nil
}

func compareStrata(a, b Stratum) int {
	if a.Sector != b.Sector {
		if a.Sector < b.Sector {
			return -1
		}
		return 1
	}
	switch {
	case a.SizeBand < b.SizeBand:
		return -1
	case a.SizeBand > b.SizeBand:
		return 1
	}
	return 0
}

// frameMargins returns the frame's sector and size-band totals.
func frameMargins(frame Frame) (map[string]float64, map[string]float64) {
	sectors, sizes := map[string]float64{}, map[string]float64{}
	for s, c := range frame {
		if c > 0 {
			sectors[s.Sector] += c
			sizes[s.SizeBand] += c
		}
	}
	return sectors, sizes
}

// calModel is the calibration model: for each cell the columns it has a 1
// in, and the population total of every column. Columns are every sector,
// then every size group but the first (the first is implied by the sector
// totals), the column space of R's ~sector + size_band.
type calModel struct {
	cols   [][]int
	totals []float64
}

func buildModel(cells []calCell, groups [][]string, sectorTotals, sizeTotals map[string]float64) calModel {
	sectors := sortedKeys(sectorTotals)
	col := map[string]int{}
	var totals []float64
	for i, s := range sectors {
		col["s\x00"+s] = i
		totals = append(totals, sectorTotals[s])
	}
	groupOf := map[string]int{}
	for gi, grp := range groups {
		var t float64
		for _, b := range grp {
			groupOf[b] = gi
			t += sizeTotals[b]
		}
		if gi > 0 {
			totals = append(totals, t)
		}
	}
	m := calModel{cols: make([][]int, len(cells)), totals: totals}
	for i, c := range cells {
		cs := []int{col["s\x00"+c.stratum.Sector]}
		if gi := groupOf[c.stratum.SizeBand]; gi > 0 {
			cs = append(cs, len(sectors)+gi-1)
		}
		m.cols[i] = cs
	}
	return m
}

// rakeCells solves the bounded raking for the given size groups, setting
// each cell's g. It reports the Newton steps taken and whether the margins
// were met.
func rakeCells(cells []calCell, groups [][]string, sectorTotals, sizeTotals map[string]float64, o CalibrationOptions) (int, bool) {
	m := buildModel(cells, groups, sectorTotals, sizeTotals)
	k := len(m.totals)
	// Necessary condition: every column's total reachable within bounds.
	base := make([]float64, k)
	for i, c := range cells {
		for _, j := range m.cols[i] {
			base[j] += c.a
		}
	}
	for j, t := range m.totals {
		if base[j] == 0 || t < o.Lower*base[j]*(1-1e-12) || t > o.Upper*base[j]*(1+1e-12) {
			return 0, false
		}
	}
	lo, hi := math.Log(o.Lower), math.Log(o.Upper)
	eta := make([]float64, k)
	u := make([]float64, len(cells))
	eval := func(eta []float64) (f float64, misfit []float64) {
		misfit = slices.Clone(m.totals)
		for i, c := range cells {
			var s float64
			for _, j := range m.cols[i] {
				s += eta[j]
			}
			u[i] = s
			g, phi := clampExp(s, lo, hi, o.Lower, o.Upper)
			f += c.a * phi
			for _, j := range m.cols[i] {
				misfit[j] -= c.a * g
			}
		}
		for j, t := range m.totals {
			f -= eta[j] * t
		}
		return f, misfit
	}
	f, misfit := eval(eta)
	hess := mat.NewDense(k, k, nil)
	rhs := mat.NewVecDense(k, nil)
	for iter := 1; iter <= o.MaxIterations; iter++ {
		hess.Zero()
		for i, c := range cells {
			// A cell held at a bound has no curvature; a little keeps the
			// step a descent direction that can bring it back inside.
			g, _ := clampExp(u[i], lo, hi, o.Lower, o.Upper)
			d := c.a * g * heldCurvature
			if u[i] > lo && u[i] < hi {
				d = c.a * g
			}
			for _, p := range m.cols[i] {
				for _, q := range m.cols[i] {
					hess.Set(p, q, hess.At(p, q)+d)
				}
			}
		}
		for j := range k {
			rhs.SetVec(j, misfit[j])
		}
		step, ok := solvePseudo(hess, rhs)
		if !ok {
			return iter, false
		}
		// Backtracking on the dual, which Newton's step descends.
		t := 1.0
		next := make([]float64, k)
		var fn float64
		var mn []float64
		for range 60 {
			for j := range k {
				next[j] = eta[j] + t*step[j]
			}
			fn, mn = eval(next)
			if fn <= f+1e-14*math.Abs(f) {
				break
			}
			t /= 2
		}
		eta, f, misfit = next, fn, mn
		if converged(misfit, m.totals, o.Epsilon) {
			for i := range cells {
				cells[i].g, _ = clampExp(u[i], lo, hi, o.Lower, o.Upper)
			}
			return iter, true
		}
	}
	return o.MaxIterations, false
}

// heldCurvature is the share of its curvature a cell held at a bound keeps
// in the Newton matrix.
const heldCurvature = 1e-4

// clampExp returns g = clamp(exp(u), L, U) and the dual potential whose
// derivative it is (continuous, convex, linear outside the bounds).
func clampExp(u, lo, hi, lower, upper float64) (float64, float64) {
	switch {
	case u <= lo:
		return lower, lower * (u - lo + 1)
	case u >= hi:
		return upper, upper * (u - hi + 1)
	}
	e := math.Exp(u)
	return e, e
}

func converged(misfit, totals []float64, eps float64) bool {
	for j, r := range misfit {
		if math.Abs(r)/(1+math.Abs(totals[j])) >= eps {
			return false
		}
	}
	return true
}

// solvePseudo solves h x = b by the pseudo-inverse of the symmetric h (a
// column whose cells are all held at a bound has no curvature).
func solvePseudo(h *mat.Dense, b *mat.VecDense) ([]float64, bool) {
	var svd mat.SVD
	if !svd.Factorize(h, mat.SVDThin) {
		return nil, false
	}
	vals := svd.Values(nil)
	var u, v mat.Dense
	svd.UTo(&u)
	svd.VTo(&v)
	k := len(vals)
	tol := 1e-12 * vals[0]
	var utb mat.VecDense
	utb.MulVec(u.T(), b)
	for i := range k {
		if vals[i] > tol && vals[i] > 0 {
			utb.SetVec(i, utb.AtVec(i)/vals[i])
		} else {
			utb.SetVec(i, 0)
		}
	}
	var x mat.VecDense
	x.MulVec(&v, &utb)
	out := make([]float64, k)
	for i := range k {
		out[i] = x.AtVec(i)
		if !finite(out[i]) {
			return nil, false
		}
	}
	return out, true
}

// collapseSparsest merges the group whose population-to-base ratio r lies
// farthest outside the bounds on the log scale, max(log(r/U), log(L/r)),
// into its neighbour (the one with the smaller population when it has two).
func collapseSparsest(groups [][]string, cells []calCell, sizeTotals map[string]float64, lower, upper float64) [][]string {
	pop := make([]float64, len(groups))
	base := make([]float64, len(groups))
	gi := map[string]int{}
	for i, grp := range groups {
		for _, b := range grp {
			gi[b] = i
			pop[i] += sizeTotals[b]
		}
	}
	for _, c := range cells {
		base[gi[c.stratum.SizeBand]] += c.a
	}
	worst, score := 0, math.Inf(-1)
	for i := range groups {
		s := math.Inf(1)
		if base[i] > 0 {
			r := math.Log(pop[i] / base[i])
			s = math.Max(r-math.Log(upper), math.Log(lower)-r)
		}
		if s > score {
			worst, score = i, s
		}
	}
	with := worst - 1
	if worst == 0 || (worst+1 < len(groups) && pop[worst+1] < pop[worst-1]) {
		with = worst + 1
	}
	lo, hi := min(worst, with), max(worst, with)
	out := make([][]string, 0, len(groups)-1)
	out = append(out, groups[:lo]...)
	out = append(out, slices.Concat(groups[lo], groups[hi]))
	out = append(out, groups[hi+1:]...)
	return out
}

// postStratifySectors sets g = clamp(N_s / base_s, L, U) for every cell of
// sector s.
func postStratifySectors(cells []calCell, sectorTotals map[string]float64, o CalibrationOptions) {
	base := map[string]float64{}
	for _, c := range cells {
		base[c.stratum.Sector] += c.a
	}
	for i, c := range cells {
		cells[i].g = math.Min(o.Upper, math.Max(o.Lower, sectorTotals[c.stratum.Sector]/base[c.stratum.Sector]))
	}
}

// marginGaps compares the calibrated totals with every frame margin.
func marginGaps(cells []calCell, sectorTotals, sizeTotals map[string]float64) []MarginGap {
	ws, wz := map[string]float64{}, map[string]float64{}
	for _, c := range cells {
		ws[c.stratum.Sector] += c.a * c.g
		wz[c.stratum.SizeBand] += c.a * c.g
	}
	var out []MarginGap
	add := func(margin string, totals, got map[string]float64) {
		for _, k := range sortedKeys(totals) {
			t := totals[k]
			out = append(out, MarginGap{Margin: margin, Category: k, Population: t, Weighted: got[k], Relative: math.Abs(got[k]-t) / t})
		}
	}
	add("sector", sectorTotals, ws)
	add("size_band", sizeTotals, wz)
	return out
}
