package rollup

import "math"

// Acc is the mergeable content of rollup cells: the sums behind every
// statistic of the business-level answers of a question. The business is
// the unit: on a day, a business's respondents are averaged for numbers and
// matrix rows and share one vote for options and rankings.
type Acc struct {
	Assigned    int
	Businesses  int
	Respondents int
	// Num is the numeric answers: the businesses' means.
	Num Numeric
	// Options (choice codes, or the points of a scale): businesses with an
	// option answer and, per code, the sum of the businesses' vote shares.
	ShareBase int
	Shares    map[int32]float64
	// Rankings: businesses with a ranking and, per code, the summed vote
	// shares at each rank (index 0 is rank 1).
	RankBase int
	Ranks    map[int32][]float64
	// Matrix rows: the numeric sums of each row's business means, by row
	// code.
	Rows map[int32]*Numeric
	// Units are the cell's businesses with their values of the day, in
	// business order: what reads fold into one value per business and
	// period. Kept on the district and role rows only (Merge does not add
	// them up).
	Units []DayUnit
}

// DayUnit is one business's values of a day in one cell: its mean numeric
// answer (NaN when none), its vote share of each option (nil when it gave
// no option answer) and its mean rating of each matrix row it rated.
type DayUnit struct {
	BusinessID int64
	Num        float64
	Shares     map[int32]float64
	Rows       map[int32]float64
}

// Numeric is the sums of one numeric series of business means (the
// numeric answers, or the ratings of one matrix row): businesses with a
// value, sums of their means and the distribution of the means (for the
// median).
type Numeric struct {
	N     int
	SumY  float64
	SumY2 float64
	Hist  map[float64]int
}

// add counts one business with mean y.
func (r *Numeric) add(y float64) {
	r.N++
	r.SumY += y
	r.SumY2 += y * y
	if r.Hist == nil {
		r.Hist = map[float64]int{}
	}
	r.Hist[y]++
}

// merge adds o's sums to r.
func (r *Numeric) merge(o *Numeric) {
	r.N += o.N
	r.SumY += o.SumY
	r.SumY2 += o.SumY2
	r.Hist = mergeHist(r.Hist, o.Hist)
}

// Merge adds o's sums to a.
func (a *Acc) Merge(o *Acc) {
	a.Assigned += o.Assigned
	a.Businesses += o.Businesses
	a.Respondents += o.Respondents
	a.Num.merge(&o.Num)
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
	for c, r := range o.Rows {
		a.row(c).merge(r)
	}
}

// row returns the sums of matrix row c, making them when missing.
func (a *Acc) row(c int32) *Numeric {
	if a.Rows == nil {
		a.Rows = map[int32]*Numeric{}
	}
	r := a.Rows[c]
	if r == nil {
		r = &Numeric{}
		a.Rows[c] = r
	}
	return r
}

func mergeHist(dst, src map[float64]int) map[float64]int {
	if len(src) > 0 && dst == nil {
		dst = make(map[float64]int, len(src))
	}
	for v, c := range src {
		dst[v] += c
	}
	return dst
}

// cellAnswer is one latest answer as the fold reads it, in one cell.
type cellAnswer struct {
	BusinessID int64
	Num        *float64
	Codes      []int32
	Matrix     map[int32]int32 // row code -> rating, 0 = don't know
	Cell       Cell
}

// foldInto adds the businesses of rows (sorted by business and cell: each
// run of one business and cell is one unit) to out. scalePoints counts
// numeric answers as options too (scale and Likert points); ranking keeps
// the order of codes.
func foldInto(out map[Cell]*Acc, rows []cellAnswer, scalePoints, ranking bool) {
	for i := 0; i < len(rows); {
		j := i
		for j < len(rows) && rows[j].BusinessID == rows[i].BusinessID && rows[j].Cell == rows[i].Cell {
			j++
		}
		foldBusiness(out, rows[i:j], scalePoints, ranking)
		i = j
	}
}

// foldBusiness adds one business's respondents to its cell's Acc.
func foldBusiness(out map[Cell]*Acc, rs []cellAnswer, scalePoints, ranking bool) {
	a := out[rs[0].Cell]
	if a == nil {
		a = &Acc{}
		out[rs[0].Cell] = a
	}
	a.Businesses++
	a.Respondents += len(rs)
	var sum float64
	var n int
	options := make([][]int32, 0, len(rs))
	var rowSum map[int32]float64
	var rowN map[int32]int
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
		for c, v := range r.Matrix {
			if v == 0 {
				continue // don't know
			}
			if rowSum == nil {
				rowSum, rowN = map[int32]float64{}, map[int32]int{}
			}
			rowSum[c] += float64(v)
			rowN[c]++
		}
	}
	u := DayUnit{BusinessID: rs[0].BusinessID, Num: math.NaN()}
	for c, s := range rowSum {
		a.row(c).add(s / float64(rowN[c]))
		if u.Rows == nil {
			u.Rows = map[int32]float64{}
		}
		u.Rows[c] = s / float64(rowN[c])
	}
	if n > 0 {
		a.Num.add(sum / float64(n))
		u.Num = sum / float64(n)
	}
	if len(options) == 0 || ranking {
		a.Units = append(a.Units, u)
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
	u.Shares = map[int32]float64{}
	for _, o := range options {
		for _, c := range o {
			a.Shares[c] += share
			u.Shares[c] += share
		}
	}
	a.Units = append(a.Units, u)
}
