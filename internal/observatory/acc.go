package observatory

import (
	"slices"
	"time"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
)

// Stratum is the finest segment a rollup cell keeps: the weighting stratum
// (sector x size band) and the district.
type Stratum struct {
	Sector   string
	SizeBand string
	District string
}

// Acc is the mergeable content of rollup cells: the sums behind every
// statistic of the business-level answers of a question. The business is
// the unit: on a day, a business's respondents are averaged for numbers and
// share one vote for options and rankings.
type Acc struct {
	Assigned    int
	Businesses  int
	Respondents int
	// Numeric answers: businesses with a value, sums of their means and the
	// distribution of the means (for the median).
	NumN  int
	SumY  float64
	SumY2 float64
	Hist  map[float64]int
	// Options (choice codes, or the points of a scale): businesses with an
	// option answer and, per code, the sum of the businesses' vote shares.
	ShareBase int
	Shares    map[int32]float64
	// Rankings: businesses with a ranking and, per code, the summed vote
	// shares at each rank (index 0 is rank 1).
	RankBase int
	Ranks    map[int32][]float64
}

// Merge adds o's sums to a.
func (a *Acc) Merge(o *Acc) {
	a.Assigned += o.Assigned
	a.Businesses += o.Businesses
	a.Respondents += o.Respondents
	a.NumN += o.NumN
	a.SumY += o.SumY
	a.SumY2 += o.SumY2
	for v, c := range o.Hist {
		if a.Hist == nil {
			a.Hist = map[float64]int{}
		}
		a.Hist[v] += c
	}
	a.ShareBase += o.ShareBase
	for c, s := range o.Shares {
		if a.Shares == nil {
			a.Shares = map[int32]float64{}
		}
		a.Shares[c] += s
	}
	a.RankBase += o.RankBase
	for c, rs := range o.Ranks {
		if a.Ranks == nil {
			a.Ranks = map[int32][]float64{}
		}
		cur := a.Ranks[c]
		for len(cur) < len(rs) {
			cur = append(cur, 0)
		}
		for i, s := range rs {
			cur[i] += s
		}
		a.Ranks[c] = cur
	}
}

// Median returns the median of the business means, or false without any.
func (a *Acc) Median() (float64, bool) {
	if a.NumN == 0 {
		return 0, false
	}
	vs := make([]float64, 0, len(a.Hist))
	for v := range a.Hist {
		vs = append(vs, v)
	}
	slices.Sort(vs)
	lo, hi := (a.NumN-1)/2, a.NumN/2 // 0-based ranks of the middle pair
	at := func(r int) float64 {
		seen := 0
		for _, v := range vs {
			seen += a.Hist[v]
			if r < seen {
				return v
			}
		}
		return vs[len(vs)-1]
	}
	return (at(lo) + at(hi)) / 2, true
}

// answerRow is one latest answer as the fold reads it.
type answerRow struct {
	BusinessID int64
	Num        *float64
	Codes      []int32
	Stratum    Stratum
}

// fold turns the latest answers of one question on one day, sorted by
// business, into one Acc per stratum. scalePoints counts numeric answers as
// options too (scale and Likert points); ranking keeps the order of codes.
func fold(rows []answerRow, scalePoints, ranking bool) map[Stratum]*Acc {
	out := map[Stratum]*Acc{}
	for i := 0; i < len(rows); {
		j := i
		for j < len(rows) && rows[j].BusinessID == rows[i].BusinessID {
			j++
		}
		foldBusiness(out, rows[i:j], scalePoints, ranking)
		i = j
	}
	return out
}

// foldBusiness adds one business's respondents to its stratum's Acc.
func foldBusiness(out map[Stratum]*Acc, rs []answerRow, scalePoints, ranking bool) {
	a := out[rs[0].Stratum]
	if a == nil {
		a = &Acc{}
		out[rs[0].Stratum] = a
	}
	a.Businesses++
	a.Respondents += len(rs)
	var sum float64
	var n int
	options := make([][]int32, 0, len(rs))
	for _, r := range rs {
		if r.Num != nil {
			sum += *r.Num
			n++
		}
		switch {
		case len(r.Codes) > 0:
			options = append(options, r.Codes)
		case scalePoints && r.Num != nil:
			options = append(options, []int32{int32(*r.Num)})
		}
	}
	if n > 0 {
		y := sum / float64(n)
		a.NumN++
		a.SumY += y
		a.SumY2 += y * y
		if a.Hist == nil {
			a.Hist = map[float64]int{}
		}
		a.Hist[y]++
	}
	if len(options) == 0 {
		return
	}
	share := 1 / float64(len(options))
	if ranking {
		a.RankBase++
		if a.Ranks == nil {
			a.Ranks = map[int32][]float64{}
		}
		for _, o := range options {
			for pos, c := range o {
				cur := a.Ranks[c]
				for len(cur) <= pos {
					cur = append(cur, 0)
				}
				cur[pos] += share
				a.Ranks[c] = cur
			}
		}
		return
	}
	a.ShareBase++
	if a.Shares == nil {
		a.Shares = map[int32]float64{}
	}
	for _, o := range options {
		for _, c := range o {
			a.Shares[c] += share
		}
	}
}

// toCopy encodes an Acc as a rollup row.
func (a *Acc) toCopy(tenantID, questionID int64, day time.Time, s Stratum) dbsqlc.ObservatoryCellCopyParams {
	p := dbsqlc.ObservatoryCellCopyParams{
		TenantID: tenantID, QuestionID: questionID, Day: day,
		Sector: s.Sector, SizeBand: s.SizeBand, District: s.District,
		Assigned: int32(a.Assigned), Businesses: int32(a.Businesses), Respondents: int32(a.Respondents),
		NumN: int32(a.NumN), SumY: a.SumY, SumY2: a.SumY2,
		HistValues: []float64{}, HistCounts: []int32{},
		ShareBase: int32(a.ShareBase), ShareCodes: []int32{}, ShareSums: []float64{},
		RankBase: int32(a.RankBase), RankCodes: []int32{}, RankSums: []float64{},
	}
	for _, v := range sortedKeys(a.Hist) {
		p.HistValues = append(p.HistValues, v)
		p.HistCounts = append(p.HistCounts, int32(a.Hist[v]))
	}
	for _, c := range sortedKeys(a.Shares) {
		p.ShareCodes = append(p.ShareCodes, c)
		p.ShareSums = append(p.ShareSums, a.Shares[c])
	}
	k := 0
	for _, rs := range a.Ranks {
		k = max(k, len(rs))
	}
	p.RankK = int32(k)
	for _, c := range sortedKeys(a.Ranks) {
		p.RankCodes = append(p.RankCodes, c)
		rs := a.Ranks[c]
		for i := range k {
			if i < len(rs) {
				p.RankSums = append(p.RankSums, rs[i])
			} else {
				p.RankSums = append(p.RankSums, 0)
			}
		}
	}
	return p
}

// mergeRow adds a rollup row's sums to a without decoding it into an Acc
// first (a trend read merges thousands of rows).
func (a *Acc) mergeRow(r *dbsqlc.ObservatoryCell) {
	a.Assigned += int(r.Assigned)
	a.Businesses += int(r.Businesses)
	a.Respondents += int(r.Respondents)
	a.NumN += int(r.NumN)
	a.SumY += r.SumY
	a.SumY2 += r.SumY2
	if len(r.HistValues) > 0 && a.Hist == nil {
		a.Hist = make(map[float64]int, len(r.HistValues))
	}
	for i, v := range r.HistValues {
		a.Hist[v] += int(r.HistCounts[i])
	}
	a.ShareBase += int(r.ShareBase)
	if len(r.ShareCodes) > 0 && a.Shares == nil {
		a.Shares = make(map[int32]float64, len(r.ShareCodes))
	}
	for i, c := range r.ShareCodes {
		a.Shares[c] += r.ShareSums[i]
	}
	a.RankBase += int(r.RankBase)
	k := int(r.RankK)
	if k == 0 {
		return
	}
	if len(r.RankCodes) > 0 && a.Ranks == nil {
		a.Ranks = make(map[int32][]float64, len(r.RankCodes))
	}
	for i, c := range r.RankCodes {
		cur := a.Ranks[c]
		for len(cur) < k {
			cur = append(cur, 0)
		}
		for j, v := range r.RankSums[i*k : (i+1)*k] {
			cur[j] += v
		}
		a.Ranks[c] = cur
	}
}

func sortedKeys[K int32 | float64, V any](m map[K]V) []K {
	ks := make([]K, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}
