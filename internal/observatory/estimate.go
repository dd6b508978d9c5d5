package observatory

import (
	"math"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"

	"github.com/panelpulse/panelpulse/internal/answer"
	"github.com/panelpulse/panelpulse/internal/stats"
)

// WStratum is a weighting stratum of the population frame.
type WStratum struct {
	Sector   string
	SizeBand string
}

// strata holds a cell's Accs by weighting stratum.
type strata map[WStratum]*Acc

func (s strata) addRow(k WStratum, r dbsqlc.ObservatoryCell) {
	if s[k] == nil {
		s[k] = &Acc{}
	}
	s[k].mergeRow(&r)
}

// total merges every stratum.
func (s strata) total() *Acc {
	var t Acc
	for _, a := range s {
		t.Merge(a)
	}
	return &t
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
	shareN  float64           // n (or n_eff) behind the shares
	shares  map[int32]float64 // share per option code
	likert  *stats.Likert     // weighted totals of the five points
	ranks   *stats.RankTally  // nil unless a ranking
	codes   map[int32]int     // rank tally item index per code
}

// estimateOf combines the strata of a cell with per-business weights w (nil
// for unweighted) into the sums the statistics need.
func estimateOf(s strata, w map[WStratum]float64, spec *answer.Spec) estimate {
	var e estimate
	var baseW, baseW2 float64
	shareW := map[int32]float64{}
	codes := optionCodes(spec)
	if spec.Type == answer.TypeRanking && len(codes) > 0 {
		k := int(spec.TopK)
		if k == 0 || k > len(codes) {
			k = len(codes)
		}
		e.ranks, _ = stats.NewRankTally(len(codes), k)
		e.codes = map[int32]int{}
		for i, c := range codes {
			e.codes[c] = i
		}
	}
	for k, a := range s {
		wt := 1.0
		if w != nil {
			wt = w[k]
		}
		n := float64(a.NumN)
		e.moments.Merge(stats.Moments{
			N: n, SumY: a.SumY, SumY2: a.SumY2,
			SumW: wt * n, SumW2: wt * wt * n, SumWY: wt * a.SumY, SumWY2: wt * a.SumY2,
			SumW2Y: wt * wt * a.SumY, SumW2Y2: wt * wt * a.SumY2,
		})
		baseW += wt * float64(a.ShareBase)
		baseW2 += wt * wt * float64(a.ShareBase)
		for c, v := range a.Shares {
			shareW[c] += wt * v
		}
		if e.ranks != nil {
			e.ranks.Respondents += a.RankBase
			e.ranks.Weight += wt * float64(a.RankBase)
			for c, rs := range a.Ranks {
				i, ok := e.codes[c]
				if !ok {
					continue
				}
				for pos, v := range rs {
					rank := pos + 1
					e.ranks.RankedW[i] += wt * v
					e.ranks.RankW[i] += wt * v * float64(rank)
					e.ranks.BordaW[i] += wt * v * float64(max(0, e.ranks.K-rank+1))
					if rank <= stats.TopShareDepth {
						e.ranks.TopW[i] += wt * v
					}
				}
			}
		}
	}
	e.nEff = e.moments.NEff()
	if baseW > 0 {
		e.shareN = stats.KishNEffSums(baseW, baseW2)
		e.shares = map[int32]float64{}
		for _, c := range codes {
			e.shares[c] = math.Min(1, shareW[c]/baseW)
		}
		if spec.Type == answer.TypeLikert {
			var l stats.Likert
			for i := range l {
				l[i] = shareW[int32(i+1)]
			}
			e.likert = &l
		}
	}
	return e
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

// fill writes the statistics of e into c.
func fill(c *Cell, e estimate, a *Acc, spec *answer.Spec, weighted bool) {
	m := e.moments
	if m.N > 0 {
		c.Mean = ptr(m.Mean())
		if weighted {
			c.Mean = ptr(m.WeightedMean())
		}
		if med, ok := a.Median(); ok && !weighted {
			c.Median = &med
		}
	}
	if m.N > 1 {
		c.SD = ptr(m.SD())
		var iv stats.Interval
		var err error
		if weighted {
			iv, err = m.WeightedMeanCI(stats.DefaultLevel)
		} else {
			iv, err = m.MeanCI(stats.DefaultLevel)
		}
		if err == nil {
			c.CILow, c.CIHigh = ptr(iv.Lower), ptr(iv.Upper)
		}
	}
	c.NEff = e.nEff
	if e.shares != nil {
		c.ShareN = e.shareN
		for _, code := range sortedKeys(e.shares) {
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
	var pe, ce stats.MeanEstimate
	var err1, err2 error
	if weighted {
		pe, err1 = prev.moments.WeightedMeanEstimate()
		ce, err2 = cur.moments.WeightedMeanEstimate()
	} else {
		pe, err1 = prev.moments.MeanEstimate()
		ce, err2 = cur.moments.MeanEstimate()
	}
	if err1 == nil && err2 == nil {
		if ch, err := stats.WelchT(pe, ce); err == nil {
			c.MeanChange = toChange("welch_t", ch)
		}
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

func ptr(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}
