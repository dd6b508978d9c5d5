package observatory

import (
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

// Share is one option's share of the businesses that gave an option
// answer (each business's value the share of its business-days choosing
// it), with its Wilson interval on the effective n NEff = p (1 - p) / V(p)
// capped at N, the businesses behind it (Kish's n_eff when p is 0 or 1).
type Share struct {
	Code   int32          `json:"code"`
	Label  string         `json:"label"`
	Share  stats.Interval `json:"share"`
	N      int            `json:"n"`
	NEff   float64        `json:"n_eff"`
	Change *Change        `json:"change,omitempty"`
}

// Change is the difference from the previous period with its test,
// "design_t": the difference over its design-based standard error SE (the
// covariance of the businesses in both periods taken in), on DF = C - 1
// degrees of freedom, C the businesses of the two periods.
type Change struct {
	Test        string  `json:"test"`
	Difference  float64 `json:"difference"`
	SE          float64 `json:"se"`
	DF          int     `json:"df"`
	Statistic   float64 `json:"statistic"`
	PValue      float64 `json:"p_value"`
	Significant bool    `json:"significant"`
}

// Rank is one ranked item's statistics.
type Rank struct {
	Code     int32    `json:"code"`
	Label    string   `json:"label"`
	MeanRank *float64 `json:"mean_rank"`
	Borda    float64  `json:"borda"`
	TopShare float64  `json:"top3_share"`
}

// estimate is what a cell's rankings are computed from: the rank-position
// sums of its rollup rows (rankings are pooled over business-days; every
// other statistic comes from the period's design).
type estimate struct {
	ranks *stats.RankTally // nil unless a ranking
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

// estimateOf sums the rank positions of a cell's rows with per-business
// weights w (nil for unweighted).
func estimateOf(s strata, w map[WStratum]float64, spec *answer.Spec, l *layout) estimate {
	var e estimate
	if spec.Type != answer.TypeRanking || len(l.codes) == 0 {
		return e
	}
	e.ranks, _ = stats.NewRankTally(len(l.codes), l.k)
	for _, sr := range s {
		wt := 1.0
		if w != nil {
			wt = w[sr.k]
		}
		foldRanks(e.ranks, l, sr.r, wt)
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

// cellInput is what fill needs besides the estimate: the question, the
// period's design and the segment, and the disclosure rule.
type cellInput struct {
	spec *answer.Spec
	l    *layout
	pd   *periodDesign
	seg  string
	// rowState is the disclosure state of each matrix row of the cell.
	rowState func(code int32) disclosure.State
}

// setMean writes a design-based mean into ms.
func setMean(ms *MeanStats, m meanOf) {
	ms.Mean, ms.SD, ms.Median = ptr(m.est.Estimate), m.sd, m.median
	ms.CILow, ms.CIHigh = ptr(m.est.Lower), ptr(m.est.Upper)
}

// fill writes the statistics of the cell into c: means, shares, net
// agreement and balance and matrix rows from the period's design, rankings
// from the rollup sums in e.
func fill(c *Cell, e estimate, in cellInput) {
	spec, pd := in.spec, in.pd
	if sv := pd.segment(in.seg); sv != nil {
		if m, ok := pd.designMean(sv.num.units); ok {
			setMean(&c.MeanStats, m)
			c.NEff = m.nEff
		}
		fillRows(c, in, sv)
		if len(sv.shares) > 0 {
			for _, code := range slices.Sorted(slices.Values(in.l.codes)) {
				units := pickShare(code)(sv)
				est, err := pd.design.Share(units, stats.DefaultLevel)
				if err != nil {
					continue
				}
				c.ShareN = float64(est.N)
				c.Shares = append(c.Shares, Share{Code: code, Label: optionLabel(spec, code), N: est.N, NEff: est.NEff,
					Share: stats.Interval{Estimate: est.Estimate, Lower: est.Lower, Upper: est.Upper}})
			}
		}
		if m, ok := pd.designMean(sv.net.units); ok {
			c.NetAgreement = &stats.Interval{Estimate: m.est.Estimate, Lower: m.est.Lower, Upper: m.est.Upper}
		}
		if m, ok := pd.designMean(sv.balance.units); ok {
			c.NetBalance = &stats.Interval{Estimate: m.est.Estimate, Lower: m.est.Lower, Upper: m.est.Upper}
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

// change tests cur against prev with the design of the two periods: the
// mean, each shown matrix row and each option's share.
func change(c *Cell, prev, cur *periodDesign, seg string) {
	c.MeanChange = designChange(prev, cur, seg, pickNum)
	for i := range c.Rows {
		r := &c.Rows[i]
		if r.Suppressed {
			continue
		}
		r.MeanChange = designChange(prev, cur, seg, pickRow(r.Code))
	}
	for i := range c.Shares {
		c.Shares[i].Change = designChange(prev, cur, seg, pickShare(c.Shares[i].Code))
	}
}

func ptr(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}
