package observatory

import (
	"maps"
	"math"
	"slices"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"

	"github.com/panelpulse/panelpulse/internal/answer"
	"github.com/panelpulse/panelpulse/internal/disclosure"
	"github.com/panelpulse/panelpulse/internal/stats"
)

// WStratum is a weighting stratum of the population frame.
type WStratum struct {
	Sector   string
	SizeBand string
}

// stratumRow is one rollup row of a cell with its weighting stratum.
type stratumRow struct {
	k WStratum
	r *dbsqlc.ObservatoryCellListRow
}

// strata holds a cell's rollup rows in the order read (the order is fixed,
// so sums come out the same on every read).
type strata []stratumRow

// counts sums the cell's businesses assigned and answering, and its people.
func (s strata) counts() (assigned, businesses, people int) {
	for _, sr := range s {
		assigned += int(sr.r.Assigned)
		businesses += int(sr.r.Businesses)
		people += int(sr.r.Respondents)
	}
	return assigned, businesses, people
}

// Share is one option's share of the businesses that answered, with its
// Wilson interval (weighted: the Kish effective n in place of n).
type Share struct {
	Code   int32          `json:"code"`
	Label  string         `json:"label"`
	Share  stats.Interval `json:"share"`
	Change *Change        `json:"change,omitempty"`
}

// Change is the difference from the previous period with its test: "z"
// (two proportions) or "welch_t".
type Change struct {
	Test        string  `json:"test"`
	Difference  float64 `json:"difference"`
	Statistic   float64 `json:"statistic"`
	PValue      float64 `json:"p_value"`
	Significant bool    `json:"significant"`
}

func toChange(test string, c stats.Change) *Change {
	if math.IsNaN(c.Statistic) || math.IsNaN(c.PValue) {
		return nil
	}
	return &Change{Test: test, Difference: c.Difference, Statistic: c.Statistic, PValue: c.PValue, Significant: c.Significant}
}

// Rank is one ranked item's statistics.
type Rank struct {
	Code     int32    `json:"code"`
	Label    string   `json:"label"`
	MeanRank *float64 `json:"mean_rank"`
	Borda    float64  `json:"borda"`
	TopShare float64  `json:"top3_share"`
}

// estimate is what a cell's statistics are computed from, kept for the
// change against the previous period.
type estimate struct {
	moments stats.Moments
	nEff    float64
	shareN  float64                 // n (or n_eff) behind the shares
	shares  map[int32]float64       // share per option code
	likert  *stats.Likert           // weighted totals of the five points
	ranks   *stats.RankTally        // nil unless a ranking
	codes   map[int32]int           // rank tally item index per code
	rows    map[int32]stats.Moments // matrix rows by row code
}

// weightedMoments gives the sums of n business means y (sum sumY, sum of
// squares sumY2) that each carry weight wt.
func weightedMoments(n int, sumY, sumY2, wt float64) stats.Moments {
	fn := float64(n)
	return stats.Moments{
		N: fn, SumY: sumY, SumY2: sumY2,
		SumW: wt * fn, SumW2: wt * wt * fn, SumWY: wt * sumY, SumWY2: wt * sumY2,
		SumW2Y: wt * wt * sumY, SumW2Y2: wt * wt * sumY2,
	}
}

// layout is what a read needs of a question's codes, worked out once.
type layout struct {
	codes []int32       // the codes whose shares and ranks are published
	index map[int32]int // position of each code in codes
	k     int           // ranking depth (truncated Borda)
}

func layoutOf(spec *answer.Spec) layout {
	l := layout{codes: optionCodes(spec), index: map[int32]int{}}
	for i, c := range l.codes {
		l.index[c] = i
	}
	if spec.Type == answer.TypeRanking {
		l.k = int(spec.TopK)
		if l.k == 0 || l.k > len(l.codes) {
			l.k = len(l.codes)
		}
	}
	return l
}

// estimateOf combines the rows of a cell with per-business weights w (nil
// for unweighted) into the sums the statistics need.
func estimateOf(s strata, w map[WStratum]float64, spec *answer.Spec, l *layout) estimate {
	var e estimate
	var baseW, baseW2 float64
	shareW := make([]float64, len(l.codes))
	if spec.Type == answer.TypeRanking && len(l.codes) > 0 {
		e.ranks, _ = stats.NewRankTally(len(l.codes), l.k)
		e.codes = l.index
	}
	for _, sr := range s {
		r := sr.r
		wt := 1.0
		if w != nil {
			wt = w[sr.k]
		}
		e.moments.Merge(weightedMoments(int(r.NumN), r.SumY, r.SumY2, wt))
		for i, c := range r.RowCodes {
			if e.rows == nil {
				e.rows = map[int32]stats.Moments{}
			}
			m := e.rows[c]
			m.Merge(weightedMoments(int(r.RowN[i]), r.RowSumY[i], r.RowSumY2[i], wt))
			e.rows[c] = m
		}
		baseW += wt * float64(r.ShareBase)
		baseW2 += wt * wt * float64(r.ShareBase)
		for i, c := range r.ShareCodes {
			if j, ok := l.index[c]; ok {
				shareW[j] += wt * r.ShareSums[i]
			}
		}
		if e.ranks != nil {
			foldRanks(e.ranks, l, r, wt)
		}
	}
	e.nEff = e.moments.NEff()
	if baseW > 0 {
		e.shareN = stats.KishNEffSums(baseW, baseW2)
		e.shares = make(map[int32]float64, len(l.codes))
		for j, c := range l.codes {
			e.shares[c] = math.Min(1, shareW[j]/baseW)
		}
		if spec.Type == answer.TypeLikert {
			var lk stats.Likert
			for i := range lk {
				if j, ok := l.index[int32(i+1)]; ok {
					lk[i] = shareW[j]
				}
			}
			e.likert = &lk
		}
	}
	return e
}

// foldRanks adds a rollup row's rank-position sums, weighted, to t.
func foldRanks(t *stats.RankTally, l *layout, r *dbsqlc.ObservatoryCellListRow, wt float64) {
	t.Respondents += int(r.RankBase)
	t.Weight += wt * float64(r.RankBase)
	k := int(r.RankK)
	for i, c := range r.RankCodes {
		j, ok := l.index[c]
		if !ok {
			continue
		}
		for pos, v := range r.RankSums[i*k : (i+1)*k] {
			if v == 0 {
				continue
			}
			rank := pos + 1
			t.RankedW[j] += wt * v
			t.RankW[j] += wt * v * float64(rank)
			t.BordaW[j] += wt * v * float64(max(0, t.K-rank+1))
			if rank <= stats.TopShareDepth {
				t.TopW[j] += wt * v
			}
		}
	}
}

// optionCodes lists the codes whose shares a question publishes.
func optionCodes(spec *answer.Spec) []int32 {
	switch spec.Type {
	case answer.TypeSingleChoice, answer.TypeMultipleChoice, answer.TypeRanking:
		out := make([]int32, len(spec.Options))
		for i, o := range spec.Options {
			out[i] = o.Code
		}
		return out
	case answer.TypeLikert:
		return []int32{1, 2, 3, 4, 5}
	case answer.TypeScale:
		var out []int32
		for v := spec.ScaleMin; v <= spec.ScaleMax; v++ {
			out = append(out, v)
		}
		return out
	}
	return nil
}

// optionLabel names an option code.
func optionLabel(spec *answer.Spec, code int32) string {
	for _, o := range spec.Options {
		if o.Code == code {
			return o.Label
		}
	}
	return ""
}

// meanStats is the mean, SD and interval of one set of moments: weighted
// means use the Kish effective n.
func meanStats(m stats.Moments, weighted bool) (mean, sd, lo, hi *float64) {
	if m.N == 0 {
		return nil, nil, nil, nil
	}
	mean = ptr(m.Mean())
	if weighted {
		mean = ptr(m.WeightedMean())
	}
	if m.N > 1 {
		sd = ptr(m.SD())
		var iv stats.Interval
		var err error
		if weighted {
			iv, err = m.WeightedMeanCI(stats.DefaultLevel)
		} else {
			iv, err = m.MeanCI(stats.DefaultLevel)
		}
		if err == nil {
			lo, hi = ptr(iv.Lower), ptr(iv.Upper)
		}
	}
	return mean, sd, lo, hi
}

// median is the (weighted) median of the business means that collect
// adds (with addValue) from each row of the cell.
func median(st strata, w map[WStratum]float64, collect func(r *dbsqlc.ObservatoryCellListRow, wt float64, out []valueWeight) []valueWeight) *float64 {
	var vw []valueWeight
	for _, sr := range st {
		wt := 1.0
		if w != nil {
			wt = w[sr.k]
		}
		vw = collect(sr.r, wt, vw)
	}
	if m, ok := weightedMedian(vw); ok {
		return &m
	}
	return nil
}

// answerHist collects the distribution of a row's business means.
func answerHist(r *dbsqlc.ObservatoryCellListRow, wt float64, out []valueWeight) []valueWeight {
	for i, v := range r.HistValues {
		out = addValue(out, v, wt*float64(r.HistCounts[i]))
	}
	return out
}

// cellInput is what fill needs besides the estimate: the cell's strata and
// their weights (nil unweighted), the question and the disclosure rule.
type cellInput struct {
	st       strata
	w        map[WStratum]float64
	spec     *answer.Spec
	weighted bool
	// rowState is the disclosure state of each matrix row of the cell.
	rowState func(code int32) disclosure.State
}

// fill writes the statistics of e into c.
func fill(c *Cell, e estimate, in cellInput) {
	spec, weighted := in.spec, in.weighted
	m := e.moments
	if m.N > 0 {
		c.Mean, c.SD, c.CILow, c.CIHigh = meanStats(m, weighted)
		c.Median = median(in.st, in.w, answerHist)
	}
	fillRows(c, e, in)
	c.NEff = e.nEff
	if e.shares != nil {
		c.ShareN = e.shareN
		c.Shares = make([]Share, 0, len(e.shares))
		for _, code := range slices.Sorted(maps.Keys(e.shares)) {
			p := e.shares[code]
			iv, err := stats.Wilson(p*e.shareN, e.shareN, stats.DefaultLevel)
			if err != nil {
				continue
			}
			iv.Estimate = p
			c.Shares = append(c.Shares, Share{Code: code, Label: optionLabel(spec, code), Share: iv})
		}
		if e.likert != nil {
			if iv, err := stats.WeightedNetAgreement(*e.likert, e.shareN, stats.DefaultLevel); err == nil {
				c.NetAgreement = &iv
			}
		}
		if more, less, ok := directions(spec, e.shares); ok {
			if iv, err := stats.WeightedNetBalance(more, less, 1, e.shareN, stats.DefaultLevel); err == nil {
				c.NetBalance = &iv
			}
		}
	}
	if e.ranks != nil && e.ranks.Weight > 0 {
		codes := optionCodes(spec)
		for i, r := range e.ranks.Summary() {
			c.Ranks = append(c.Ranks, Rank{Code: codes[i], Label: optionLabel(spec, codes[i]),
				MeanRank: ptr(r.MeanRank), Borda: r.Borda, TopShare: r.TopShare})
		}
	}
}

// directions sums the shares of the "more" and "less" options of a
// directional question; ok is false when no option has a direction.
func directions(spec *answer.Spec, shares map[int32]float64) (more, less float64, ok bool) {
	for _, o := range spec.Options {
		switch o.Direction {
		case 1:
			more += shares[o.Code]
			ok = true
		case -1:
			less += shares[o.Code]
			ok = true
		}
	}
	return more, less, ok
}

// change tests cur against prev: Welch's t for means, the two-proportion z
// test for each option's share.
func change(c *Cell, prev, cur estimate, weighted bool) {
	c.MeanChange = meanChange(prev.moments, cur.moments, weighted)
	for i := range c.Rows {
		r := &c.Rows[i]
		if r.Suppressed {
			continue
		}
		r.MeanChange = meanChange(prev.rows[r.Code], cur.rows[r.Code], weighted)
	}
	for i := range c.Shares {
		code := c.Shares[i].Code
		p0, ok := prev.shares[code]
		if !ok || prev.shareN <= 0 {
			continue
		}
		p1 := cur.shares[code]
		if ch, err := stats.TwoProportionZ(p0*prev.shareN, prev.shareN, p1*cur.shareN, cur.shareN); err == nil {
			c.Shares[i].Change = toChange("z", ch)
		}
	}
}

// meanChange tests the mean of cur against prev with Welch's t; nil when
// either has too few businesses.
func meanChange(prev, cur stats.Moments, weighted bool) *Change {
	var pe, ce stats.MeanEstimate
	var err1, err2 error
	if weighted {
		pe, err1 = prev.WeightedMeanEstimate()
		ce, err2 = cur.WeightedMeanEstimate()
	} else {
		pe, err1 = prev.MeanEstimate()
		ce, err2 = cur.MeanEstimate()
	}
	if err1 != nil || err2 != nil {
		return nil
	}
	ch, err := stats.WelchT(pe, ce)
	if err != nil {
		return nil
	}
	return toChange("welch_t", ch)
}

func ptr(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}
