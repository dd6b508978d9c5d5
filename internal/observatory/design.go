package observatory

import (
	"math"
	"slices"
	"strconv"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/answer"
	"github.com/panelpulse/panelpulse/internal/rollup"
	"github.com/panelpulse/panelpulse/internal/stats"
)

// SizeBandOrder orders the frame's size bands from smallest to largest:
// the neighbours bounded raking collapses a sparse band into.
var SizeBandOrder = []string{"micro", "small", "medium", "large"}

// businessDay is one business's values of one day in one segment, as the
// rollup's district and role rows keep them.
type businessDay struct {
	business string
	stratum  WStratum
	segment  string
	// respondent marks the rows that make the period's design (the
	// district rows); role rows only give the values of role segments.
	respondent bool
	baseWeight float64
	num        float64           // NaN when none
	shares     map[int32]float64 // nil when no option answer
	rows       map[int32]float64 // matrix ratings
}

// unitSet is one value per business of a period and segment, folded from
// its business-days, in the order businesses first appear.
type unitSet struct {
	idx   map[string]int
	units []stats.Unit
}

func (s *unitSet) add(business string, v float64) {
	if s.idx == nil {
		s.idx = map[string]int{}
	}
	i, ok := s.idx[business]
	if !ok {
		i = len(s.units)
		s.idx[business] = i
		s.units = append(s.units, stats.Unit{Business: business})
	}
	s.units[i].Days++
	s.units[i].Sum += v
}

// segValues are a segment's businesses and their values in one period.
type segValues struct {
	businesses map[string]bool // every business with a row, valued or not
	days       int             // its business-days
	num        unitSet
	shares     map[int32]*unitSet // per published option code
	optIdx     map[string]int     // the shares' business index, shared
	net        unitSet            // Likert: agree minus disagree vote share
	balance    unitSet            // directional: more minus less
	rows       map[int32]*unitSet
}

// periodDesign is one period's design and its segments' values.
type periodDesign struct {
	design *stats.Design
	segs   map[string]*segValues
	// stacks keeps this period stacked after the periods of the key, for
	// the changes and rolling windows ending here (made once per series).
	stacks map[[2]*periodDesign]*stats.Stack
}

// stackWith returns the design of earlier (up to two periods, in order)
// and pd stacked.
func (pd *periodDesign) stackWith(earlier []*periodDesign) *stats.Stack {
	var key [2]*periodDesign
	copy(key[:], earlier)
	if st, ok := pd.stacks[key]; ok {
		return st
	}
	designs := make([]*stats.Design, 0, len(earlier)+1)
	for _, e := range earlier {
		designs = append(designs, e.design)
	}
	st := stats.NewStack(append(designs, pd.design)...)
	if pd.stacks == nil {
		pd.stacks = map[[2]*periodDesign]*stats.Stack{}
	}
	pd.stacks[key] = st
	return st
}

// newPeriodDesign folds a period's business-days into one value per
// business and segment, and makes the design of the period's respondents:
// equal base weights unweighted, or bounded raking to frame when frame is
// not nil. A business whose stratum changed within the period is counted
// in the stratum of its last day.
func newPeriodDesign(days []businessDay, spec *answer.Spec, l *layout, frame stats.Frame, opts stats.CalibrationOptions) (*periodDesign, error) {
	var resp []stats.Respondent
	respIdx := map[string]int{}
	pd := &periodDesign{segs: map[string]*segValues{}}
	likert := spec.Type == answer.TypeLikert
	directional := slices.ContainsFunc(spec.Options, func(o answer.Option) bool { return o.Direction != 0 })
	for _, d := range days {
		if d.respondent {
			r := stats.Respondent{Business: d.business, Stratum: stats.Stratum{Sector: d.stratum.Sector, SizeBand: d.stratum.SizeBand}, BaseWeight: d.baseWeight}
			if i, ok := respIdx[d.business]; ok {
				resp[i] = r
			} else {
				respIdx[d.business] = len(resp)
				resp = append(resp, r)
			}
		}
		sv := pd.segs[d.segment]
		if sv == nil {
			sv = &segValues{businesses: map[string]bool{}, shares: map[int32]*unitSet{}, rows: map[int32]*unitSet{}}
			pd.segs[d.segment] = sv
		}
		sv.businesses[d.business] = true
		sv.days++
		if !math.IsNaN(d.num) {
			sv.num.add(d.business, d.num)
		}
		if d.shares != nil {
			// Every code's units hold the same businesses in the same
			// order: one index serves them all.
			if sv.optIdx == nil {
				sv.optIdx = map[string]int{}
				for _, c := range l.codes {
					sv.shares[c] = &unitSet{idx: sv.optIdx}
				}
			}
			i, ok := sv.optIdx[d.business]
			if !ok {
				i = len(sv.optIdx)
				sv.optIdx[d.business] = i
				for _, c := range l.codes {
					u := sv.shares[c]
					u.units = append(u.units, stats.Unit{Business: d.business})
				}
			}
			for _, c := range l.codes {
				u := &sv.shares[c].units[i]
				u.Days++
				u.Sum += d.shares[c]
			}
			if likert {
				sv.net.add(d.business, d.shares[4]+d.shares[5]-d.shares[1]-d.shares[2])
			}
			if directional {
				var v float64
				for _, o := range spec.Options {
					v += float64(o.Direction) * d.shares[o.Code]
				}
				sv.balance.add(d.business, v)
			}
		}
		for c, v := range d.rows {
			u := sv.rows[c]
			if u == nil {
				u = &unitSet{}
				sv.rows[c] = u
			}
			u.add(d.business, v)
		}
	}
	var err error
	if frame == nil {
		pd.design, err = stats.NewUnweightedDesign(resp)
	} else {
		pd.design, err = stats.NewCalibratedDesign(resp, frame, opts)
	}
	if err != nil {
		return nil, err
	}
	return pd, nil
}

// stratumWeights returns the weight of one business in each stratum of the
// period (base weights are equal, so a stratum's businesses share one),
// for the statistics still summed from the rollup rows (rankings).
func (pd *periodDesign) stratumWeights(days []businessDay) map[WStratum]float64 {
	out := map[WStratum]float64{}
	for _, d := range days {
		if d.respondent {
			if w, ok := pd.design.Weight(d.business); ok {
				out[d.stratum] = w
			}
		}
	}
	return out
}

// businessDaysOf reads the businesses of the rollup's district rows (and
// role rows when the dimension is by role) as business-days, each in its
// segment of r's dimension and in the period it falls in.
func businessDaysOf(rows []dbsqlc.ObservatoryUnitListRow, r Request) map[string][]businessDay {
	out := map[string][]businessDay{}
	for i := range rows {
		row := &rows[i]
		key, _ := periodOf(row.Day, r.Period)
		role := rollup.Level(row.Level) == rollup.LevelRole
		s := Stratum{Sector: row.Sector, SizeBand: row.SizeBand, District: row.District, Role: row.Role}
		seg := segmentOf(s, r.Dimension)
		w := WStratum{Sector: row.Sector, SizeBand: row.SizeBand}
		nc, nr := len(row.ShareCodes), len(row.RowCodes)
		for j, b := range row.UnitBusinesses {
			d := businessDay{business: strconv.FormatInt(b, 10), stratum: w, segment: seg, respondent: !role,
				baseWeight: 1, num: math.NaN()}
			if j < len(row.UnitNum) {
				d.num = row.UnitNum[j]
			}
			if nc > 0 && (j+1)*nc <= len(row.UnitShares) && !math.IsNaN(row.UnitShares[j*nc]) {
				d.shares = make(map[int32]float64, nc)
				for k, c := range row.ShareCodes {
					d.shares[c] = row.UnitShares[j*nc+k]
				}
			}
			if nr > 0 && (j+1)*nr <= len(row.UnitRows) {
				for k, c := range row.RowCodes {
					if v := row.UnitRows[j*nr+k]; !math.IsNaN(v) {
						if d.rows == nil {
							d.rows = map[int32]float64{}
						}
						d.rows[c] = v
					}
				}
			}
			if r.Dimension.byRole() && !role {
				// The design's respondents only: role rows make the segments.
				d.segment = "\x00"
			}
			out[key] = append(out[key], d)
		}
	}
	return out
}

// segment returns the values of seg in the period, nil when it has none.
func (pd *periodDesign) segment(seg string) *segValues {
	if pd == nil {
		return nil
	}
	return pd.segs[seg]
}

// pick chooses one series of a segment's values: the numeric answers, an
// option's share, a matrix row, the net agreement or the net balance.
type pick func(*segValues) []stats.Unit

func pickNum(s *segValues) []stats.Unit { return s.num.units }
func pickShare(code int32) pick {
	return func(s *segValues) []stats.Unit {
		if u := s.shares[code]; u != nil {
			return u.units
		}
		return nil
	}
}
func pickRow(code int32) pick {
	return func(s *segValues) []stats.Unit {
		if u := s.rows[code]; u != nil {
			return u.units
		}
		return nil
	}
}

// meanOf is the design-based mean of a series with its sd, median and the
// effective n its interval implies, sd^2 / SE^2 capped at n.
type meanOf struct {
	est    stats.DesignEstimate
	sd     *float64
	median *float64
	nEff   float64
}

// designMean estimates the mean of units under the period's design.
func (pd *periodDesign) designMean(units []stats.Unit) (meanOf, bool) {
	if len(units) == 0 {
		return meanOf{}, false
	}
	est, err := pd.design.Mean(units, stats.DefaultLevel)
	if err != nil {
		// One business in the design: the mean, no interval.
		var sw, sy float64
		for _, u := range units {
			w, _ := pd.design.Weight(u.Business)
			sw += w
			sy += w * u.Mean()
		}
		if !(sw > 0) {
			return meanOf{}, false
		}
		est = stats.DesignEstimate{Estimate: sy / sw, Lower: math.NaN(), Upper: math.NaN(), SE: math.NaN(), N: len(units)}
		for _, u := range units {
			est.Days += u.Days
		}
	}
	out := meanOf{est: est}
	if sd, err := pd.design.SD(units); err == nil {
		out.sd = ptr(sd)
		if est.SE > 0 {
			out.nEff = math.Min(float64(est.N), sd*sd/(est.SE*est.SE))
		} else {
			out.nEff = float64(est.N)
		}
	}
	var vw []valueWeight
	for _, u := range units {
		w, _ := pd.design.Weight(u.Business)
		vw = addValue(vw, u.Mean(), w)
	}
	if m, ok := weightedMedian(vw); ok {
		out.median = &m
	}
	return out, true
}

// designContrast is the change between two periods' values (coef -1, 1)
// or the rolling mean of a window (coef 1/k each), with the covariance of
// the businesses in several of them.
func designContrast(pds []*periodDesign, segs []*segValues, p pick, coef []float64) (stats.ContrastEstimate, bool) {
	units := make([][]stats.Unit, len(pds))
	for i, pd := range pds {
		if pd == nil || segs[i] == nil {
			return stats.ContrastEstimate{}, false
		}
		if units[i] = p(segs[i]); len(units[i]) == 0 {
			return stats.ContrastEstimate{}, false
		}
	}
	if len(pds) > 3 {
		return stats.ContrastEstimate{}, false
	}
	last := pds[len(pds)-1]
	c, err := last.stackWith(pds[:len(pds)-1]).Contrast(units, coef, stats.DefaultLevel)
	if err != nil {
		return stats.ContrastEstimate{}, false
	}
	return c, true
}

// designChange tests cur against prev for the series p picks; nil when
// either period has no value or the change has no spread to test.
func designChange(prev, cur *periodDesign, seg string, p pick) *Change {
	c, ok := designContrast([]*periodDesign{prev, cur}, []*segValues{prev.segment(seg), cur.segment(seg)}, p, []float64{-1, 1})
	if !ok || !c.Tested {
		return nil
	}
	return &Change{Test: "design_t", Difference: c.Estimate, SE: c.SE, DF: c.DF, Statistic: c.Statistic, PValue: c.PValue, Significant: c.Significant}
}
