package rollup

import (
	"cmp"
	"maps"
	"math"
	"slices"
	"time"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/answer"
)

// Level is what a rollup row is split by (migration 00011).
type Level string

// The levels of rollup rows. A fold computes the district, role and
// district-role rows from the answers and sums the district rows into the
// others, so an unweighted read by sector, by size band or of the total
// reads one row per segment and day, and a weighted one the strata.
const (
	// LevelDistrict rows are per sector, size band and district, of every
	// respondent.
	LevelDistrict Level = "district"
	// LevelStratum rows are per sector and size band (the weighting
	// strata), summed over districts.
	LevelStratum Level = "stratum"
	// LevelSector rows are per sector, summed over size bands and districts.
	LevelSector Level = "sector"
	// LevelSizeBand rows are per size band, summed over sectors and
	// districts.
	LevelSizeBand Level = "size_band"
	// LevelTotal rows sum every business.
	LevelTotal Level = "total"
	// LevelRole rows are per sector, size band and respondents' role,
	// summed over districts: each business's respondents of one role.
	LevelRole Level = "role"
	// LevelDistrictRole rows are per sector, size band, district and role:
	// the finest units, which the disclosure pattern works on.
	LevelDistrictRole Level = "district_role"
)

// Cell names one rollup row of a question and day: its level and its
// segment. The columns its level is summed over are ”; in the role levels
// role ” is the role of respondents without one.
type Cell struct {
	Level    Level
	Sector   string
	SizeBand string
	District string
	Role     string
}

func compareCells(a, b Cell) int {
	return cmp.Or(cmp.Compare(a.Level, b.Level), cmp.Compare(a.Sector, b.Sector), cmp.Compare(a.SizeBand, b.SizeBand),
		cmp.Compare(a.District, b.District), cmp.Compare(a.Role, b.Role))
}

// Answer is one latest answer as a fold reads it: the business's segment,
// the respondent's role (” when none) and the value.
type Answer struct {
	BusinessID int64
	Num        *float64
	Codes      []int32
	Matrix     map[int32]int32 // row code -> rating, 0 = don't know
	Sector     string
	SizeBand   string
	District   string
	Role       string
}

// Day is the cells of one question on one day as a fold computes them from
// the answers: the district, role and district-role cells. Rows adds the
// levels summed from the district cells.
type Day struct {
	Cells map[Cell]*Acc
}

// FoldDay folds the latest answers of a question of type typ on one day,
// sorted by business.
func FoldDay(answers []Answer, typ answer.Type) Day {
	in := make([]cellAnswer, len(answers))
	byRole := make([]cellAnswer, 0, 2*len(answers))
	for i, a := range answers {
		in[i] = cellAnswer{BusinessID: a.BusinessID, Num: a.Num, Codes: a.Codes, Matrix: a.Matrix,
			Cell: Cell{Level: LevelDistrict, Sector: a.Sector, SizeBand: a.SizeBand, District: a.District}}
		// Role rows summed over districts (what role series read) and per
		// district (the finest units the disclosure pattern works on).
		sum, fine := in[i], in[i]
		sum.Cell = Cell{Level: LevelRole, Sector: a.Sector, SizeBand: a.SizeBand, Role: a.Role}
		fine.Cell = Cell{Level: LevelDistrictRole, Sector: a.Sector, SizeBand: a.SizeBand, District: a.District, Role: a.Role}
		byRole = append(byRole, sum, fine)
	}
	scalePoints, ranking := typ == answer.TypeScale || typ == answer.TypeLikert, typ == answer.TypeRanking
	d := Day{Cells: map[Cell]*Acc{}}
	foldInto(d.Cells, in, scalePoints, ranking)
	// Each business's respondents of one role are one unit of that role.
	slices.SortStableFunc(byRole, func(a, b cellAnswer) int {
		return cmp.Or(cmp.Compare(a.BusinessID, b.BusinessID), compareCells(a.Cell, b.Cell))
	})
	foldInto(d.Cells, byRole, scalePoints, ranking)
	return d
}

// acc returns the sums of cell c, making them when missing.
func (d Day) acc(c Cell) *Acc {
	a := d.Cells[c]
	if a == nil {
		a = &Acc{}
		d.Cells[c] = a
	}
	return a
}

// Rows encodes the day's cells as rollup rows, with the stratum, sector,
// size band and total rows summed from the district cells. Sums are taken
// in a fixed order, so the same answers give the same rows.
func (d Day) Rows(tenantID, questionID int64, day time.Time) []dbsqlc.ObservatoryCellCopyParams {
	var out []dbsqlc.ObservatoryCellCopyParams
	strata := Day{Cells: map[Cell]*Acc{}}
	for _, c := range slices.SortedFunc(maps.Keys(d.Cells), compareCells) {
		a := d.Cells[c]
		out = append(out, a.toCopy(tenantID, questionID, day, c))
		if c.Level == LevelDistrict {
			strata.acc(Cell{Level: LevelStratum, Sector: c.Sector, SizeBand: c.SizeBand}).Merge(a)
		}
	}
	sums := Day{Cells: map[Cell]*Acc{}}
	for _, c := range slices.SortedFunc(maps.Keys(strata.Cells), compareCells) {
		a := strata.Cells[c]
		out = append(out, a.toCopy(tenantID, questionID, day, c))
		sums.acc(Cell{Level: LevelSector, Sector: c.Sector}).Merge(a)
		sums.acc(Cell{Level: LevelSizeBand, SizeBand: c.SizeBand}).Merge(a)
		sums.acc(Cell{Level: LevelTotal}).Merge(a)
	}
	for _, c := range slices.SortedFunc(maps.Keys(sums.Cells), compareCells) {
		out = append(out, sums.Cells[c].toCopy(tenantID, questionID, day, c))
	}
	return out
}

// toCopy encodes an Acc as the rollup row of cell c.
func (a *Acc) toCopy(tenantID, questionID int64, day time.Time, c Cell) dbsqlc.ObservatoryCellCopyParams {
	p := dbsqlc.ObservatoryCellCopyParams{
		TenantID: tenantID, QuestionID: questionID, Day: day, Level: string(c.Level), Role: c.Role,
		Sector: c.Sector, SizeBand: c.SizeBand, District: c.District,
		Assigned: int32(a.Assigned), Businesses: int32(a.Businesses), Respondents: int32(a.Respondents),
		NumN: int32(a.Num.N), SumY: a.Num.SumY, SumY2: a.Num.SumY2,
		HistValues: []float64{}, HistCounts: []int32{},
		ShareBase: int32(a.ShareBase), ShareCodes: []int32{}, ShareSums: []float64{},
		RankBase: int32(a.RankBase), RankCodes: []int32{}, RankSums: []float64{},
		RowCodes: []int32{}, RowN: []int32{}, RowSumY: []float64{}, RowSumY2: []float64{},
		RowHistCodes: []int32{}, RowHistValues: []float64{}, RowHistCounts: []int32{},
		UnitBusinesses: []int64{}, UnitNum: []float64{}, UnitShares: []float64{}, UnitRows: []float64{},
	}
	for _, v := range slices.Sorted(maps.Keys(a.Num.Hist)) {
		p.HistValues = append(p.HistValues, v)
		p.HistCounts = append(p.HistCounts, int32(a.Num.Hist[v]))
	}
	for _, c := range slices.Sorted(maps.Keys(a.Shares)) {
		p.ShareCodes = append(p.ShareCodes, c)
		p.ShareSums = append(p.ShareSums, a.Shares[c])
	}
	k := 0
	for _, rs := range a.Ranks {
		k = max(k, len(rs))
	}
	p.RankK = int32(k)
	for _, c := range slices.Sorted(maps.Keys(a.Ranks)) {
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
	for _, c := range slices.Sorted(maps.Keys(a.Rows)) {
		r := a.Rows[c]
		p.RowCodes = append(p.RowCodes, c)
		p.RowN = append(p.RowN, int32(r.N))
		p.RowSumY = append(p.RowSumY, r.SumY)
		p.RowSumY2 = append(p.RowSumY2, r.SumY2)
		for _, v := range slices.Sorted(maps.Keys(r.Hist)) {
			p.RowHistCodes = append(p.RowHistCodes, c)
			p.RowHistValues = append(p.RowHistValues, v)
			p.RowHistCounts = append(p.RowHistCounts, int32(r.Hist[v]))
		}
	}
	if c.Level == LevelDistrict || c.Level == LevelRole {
		a.encodeUnits(&p)
	}
	return p
}

// encodeUnits writes the cell's businesses and their values of the day
// into p, in business order, shares by p.ShareCodes and matrix ratings by
// p.RowCodes (NaN where a business has none).
func (a *Acc) encodeUnits(p *dbsqlc.ObservatoryCellCopyParams) {
	units := slices.Clone(a.Units)
	slices.SortFunc(units, func(x, y DayUnit) int { return cmp.Compare(x.BusinessID, y.BusinessID) })
	for _, u := range units {
		p.UnitBusinesses = append(p.UnitBusinesses, u.BusinessID)
		p.UnitNum = append(p.UnitNum, u.Num)
		for _, c := range p.ShareCodes {
			v := math.NaN()
			if u.Shares != nil {
				v = u.Shares[c]
			}
			p.UnitShares = append(p.UnitShares, v)
		}
		for _, c := range p.RowCodes {
			v, ok := u.Rows[c]
			if !ok {
				v = math.NaN()
			}
			p.UnitRows = append(p.UnitRows, v)
		}
	}
}
