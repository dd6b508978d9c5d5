package observatory

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/answer"
	"github.com/panelpulse/panelpulse/internal/bank"
	"github.com/panelpulse/panelpulse/internal/disclosure"
	"github.com/panelpulse/panelpulse/internal/rollup"
	"github.com/panelpulse/panelpulse/internal/stats"
	"github.com/panelpulse/panelpulse/internal/store"
)

// countRow is what the disclosure pattern needs of a finest rollup row.
type countRow struct {
	Day        time.Time
	Level      rollup.Level
	Stratum    Stratum
	Businesses int
	Valued     int             // businesses that gave a value
	SumY       float64         // their sum of values (numeric questions)
	RowN       map[int32]int32 // per matrix row, businesses that rated it
}

// countRowsOf converts the rows of ObservatoryCellCounts.
func countRowsOf(rows []dbsqlc.ObservatoryCellCountsRow) []countRow {
	out := make([]countRow, len(rows))
	for i, r := range rows {
		c := countRow{Day: r.Day, Level: rollup.Level(r.Level), Stratum: Stratum{Sector: r.Sector, SizeBand: r.SizeBand, District: r.District, Role: r.Role},
			Businesses: int(r.Businesses), Valued: int(max(r.NumN, r.ShareBase, r.RankBase)), SumY: r.SumY}
		for k, code := range r.RowCodes {
			if c.RowN == nil {
				c.RowN = map[int32]int32{}
			}
			c.RowN[code] = r.RowN[k]
			c.Valued = max(c.Valued, int(r.RowN[k]))
		}
		out[i] = c
	}
	return out
}

// waveRange is a wave's dates.
type waveRange struct{ from, to time.Time }

// cellKey names one publishable cell: the days it pools (the period's days
// with rollup rows, joined), its dimension and its segment.
type cellKey struct {
	days string
	dim  Dimension
	seg  string
}

// rowKey names a matrix row of a cell.
type rowKey struct {
	cellKey
	code int32
}

// pattern is the suppression pattern of one question: the state of every
// cell of every table at every grain a trend, an export, the panellist's
// sector view or the roundtable's view can publish.
type pattern struct {
	cells map[cellKey]disclosure.State
	rows  map[rowKey]disclosure.State
}

// state returns a cell's state; a cell the pattern does not know (it has
// no rows) is empty.
func (p *pattern) state(k cellKey) disclosure.State {
	if s, ok := p.cells[k]; ok {
		return s
	}
	return disclosure.Empty
}

// rowState returns the state of a matrix row of a cell.
func (p *pattern) rowState(k cellKey, code int32) disclosure.State {
	if s, ok := p.rows[rowKey{k, code}]; ok {
		return s
	}
	return disclosure.Empty
}

// daysKey names a set of days.
func daysKey(days []time.Time) string {
	ds := make([]string, len(days))
	for i, d := range days {
		ds[i] = d.Format(time.DateOnly)
	}
	slices.Sort(ds)
	ds = slices.Compact(ds)
	return strings.Join(ds, ",")
}

// timeCells lists the day sets a user can ask for: every day, every ISO
// week, all days, every wave and every ISO week clipped to a wave.
func timeCells(days []time.Time, waves []waveRange) [][]time.Time {
	var out [][]time.Time
	seen := map[string]bool{}
	add := func(ds []time.Time) {
		if len(ds) == 0 {
			return
		}
		k := daysKey(ds)
		if !seen[k] {
			seen[k] = true
			out = append(out, ds)
		}
	}
	weeks := func(ds []time.Time) {
		byWeek := map[string][]time.Time{}
		var order []string
		for _, d := range ds {
			k, _ := periodOf(d, Week)
			if byWeek[k] == nil {
				order = append(order, k)
			}
			byWeek[k] = append(byWeek[k], d)
		}
		for _, k := range order {
			add(byWeek[k])
		}
	}
	for _, d := range days {
		add([]time.Time{d})
	}
	weeks(days)
	add(days)
	for _, w := range waves {
		var in []time.Time
		for _, d := range days {
			if !d.Before(w.from) && !d.After(w.to) {
				in = append(in, d)
			}
		}
		weeks(in)
		add(in)
	}
	return out
}

// oneWay and byRoleDims are the dimensions read from the district rows and
// from the role rows.
var (
	districtDims = []Dimension{All, Sector, SizeBand, District, SectorSize}
	roleDims     = []Dimension{Role, SectorRole}
)

// atom is a finest unit of the linked tables: the businesses of one day,
// sector, size band, district and role (a rollup row per district and
// role). A business answering through two roles is in two atoms, which
// makes the tables look more linked than they are, never less.
type atom struct {
	day      time.Time
	stratum  Stratum
	n        int
	sumY     float64
	rowCodes map[int32]bool // matrix rows rated in it
}

// valueRange is the scale a question's values lie in, for the bound rule;
// ok is false where the rule does not apply.
type valueRange struct {
	lo, hi float64
	ok     bool
}

// rangeOf gives the value range of spec.
func rangeOf(spec answer.Spec) valueRange {
	lo, hi, ok := spec.ValueBounds()
	return valueRange{lo, hi, ok}
}

// decidePattern decides the pattern of one question from its finest rows,
// over the day sets a user can ask for. With a value range, hidden cells
// are also protected from the scale's bounds: each keeps at least half of
// one business's range of room for its sum (disclosure.DecideWithin).
func decidePattern(threshold int, vr valueRange, rows []countRow, waves []waveRange) *pattern {
	var days []time.Time
	seenDay := map[time.Time]bool{}
	var atoms []atom
	hasRoles := false
	for _, r := range rows {
		if !seenDay[r.Day] {
			seenDay[r.Day] = true
			days = append(days, r.Day)
		}
		if r.Level != rollup.LevelDistrict {
			hasRoles = true
		}
		if r.Businesses == 0 || r.Level != rollup.LevelDistrictRole {
			continue
		}
		a := atom{day: r.Day, stratum: r.Stratum, n: r.Valued, sumY: r.SumY}
		for code, n := range r.RowN {
			if n > 0 {
				if a.rowCodes == nil {
					a.rowCodes = map[int32]bool{}
				}
				a.rowCodes[code] = true
			}
		}
		atoms = append(atoms, a)
	}
	slices.SortFunc(days, func(a, b time.Time) int { return a.Compare(b) })
	tcs := timeCells(days, waves)
	inCells := map[time.Time][]string{}
	for _, tc := range tcs {
		k := daysKey(tc)
		for _, d := range tc {
			inCells[d] = append(inCells[d], k)
		}
	}
	index := map[cellKey]int{}
	var cells []disclosure.Cell
	var keyOf []cellKey
	tables := map[[2]string]int{}
	grain := map[string]int{}
	for _, tc := range tcs {
		switch k := daysKey(tc); {
		case len(tc) == 1:
			grain[k] = 0
		case len(tc) == len(days):
			grain[k] = 2
		default:
			grain[k] = 1
		}
	}
	cellOf := func(k cellKey) int {
		i, ok := index[k]
		if !ok {
			i = len(cells)
			index[k] = i
			tk := [2]string{k.days, string(k.dim)}
			t, ok := tables[tk]
			if !ok {
				t = len(tables)
				tables[tk] = t
			}
			cells = append(cells, disclosure.Cell{Table: t, Keep: 3*keepOf(k.dim) + grain[k.days]})
			keyOf = append(keyOf, k)
		}
		return i
	}
	// Counts from the rows: district rows for the district dimensions,
	// role rows for the role dimensions.
	rowN := map[rowKey]int{}
	for _, r := range rows {
		var dims []Dimension
		switch {
		case r.Level == rollup.LevelDistrict:
			dims = districtDims
		case r.Level == rollup.LevelRole:
			dims = roleDims
		default:
			continue // a finest row: its atoms carry it
		}
		for _, tk := range inCells[r.Day] {
			for _, dim := range dims {
				k := cellKey{tk, dim, segmentOf(r.Stratum, dim)}
				cells[cellOf(k)].N += r.Valued
				for code, n := range r.RowN {
					rowN[rowKey{k, code}] += int(n)
				}
			}
		}
	}
	atomCells := make([][]int, len(atoms))
	for ai, a := range atoms {
		for _, tk := range inCells[a.day] {
			for _, dim := range districtDims {
				atomCells[ai] = append(atomCells[ai], cellOf(cellKey{tk, dim, segmentOf(a.stratum, dim)}))
			}
			if hasRoles {
				for _, dim := range roleDims {
					atomCells[ai] = append(atomCells[ai], cellOf(cellKey{tk, dim, segmentOf(a.stratum, dim)}))
				}
			}
		}
		for _, c := range atomCells[ai] {
			cells[c].Atoms = append(cells[c].Atoms, ai)
			if vr.ok {
				cells[c].Excess += a.sumY - vr.lo*float64(a.n)
				cells[c].Shortfall += vr.hi*float64(a.n) - a.sumY
			}
		}
	}
	width := 0.0
	if vr.ok {
		width = vr.hi - vr.lo
	}
	states := disclosure.DecideWithin(threshold, width, cells)
	p := &pattern{cells: make(map[cellKey]disclosure.State, len(cells)), rows: map[rowKey]disclosure.State{}}
	for i, k := range keyOf {
		p.cells[k] = states[i]
	}
	// Each matrix row is a table set of its own: its atoms are those where
	// the row was rated, its counts the businesses that rated it.
	codes := map[int32]bool{}
	for k := range rowN {
		codes[k.code] = true
	}
	for _, code := range slices.Sorted(maps.Keys(codes)) {
		rc := make([]disclosure.Cell, len(cells))
		for i, k := range keyOf {
			rc[i] = disclosure.Cell{N: rowN[rowKey{k, code}], Table: cells[i].Table, Keep: cells[i].Keep}
		}
		for ai, a := range atoms {
			if !a.rowCodes[code] {
				continue
			}
			for _, c := range atomCells[ai] {
				rc[c].Atoms = append(rc[c].Atoms, ai)
			}
		}
		for i, s := range disclosure.Decide(threshold, rc) {
			p.rows[rowKey{keyOf[i], code}] = s
		}
	}
	return p
}

// patternCacheKey names a question's pattern: it changes with the cells
// (the rollup version) and the threshold.
type patternCacheKey struct {
	tenantID, questionID int64
	threshold            int
	rollupVersion        int64
}

// pattern returns the suppression pattern of question q at the cells'
// version, deciding it when it is not kept yet.
func (s *Service) pattern(ctx context.Context, st *store.Store, tenantID int64, q bank.Question, sup stats.Suppressor, version int64) (*pattern, error) {
	key := patternCacheKey{tenantID: tenantID, questionID: q.ID, threshold: sup.Threshold(), rollupVersion: version}
	if s.cache != nil {
		if p, ok := s.patterns.Get(key); ok {
			return p, nil
		}
	}
	rows, err := st.Q.ObservatoryCellCounts(ctx, dbsqlc.ObservatoryCellCountsParams{TenantID: tenantID, QuestionID: q.ID,
		Matrix: q.Spec.Type == answer.TypeMatrix})
	if err != nil {
		return nil, fmt.Errorf("observatory.pattern: %w", err)
	}
	ws, err := st.Q.WaveListRanges(ctx, tenantID)
	if err != nil {
		return nil, fmt.Errorf("observatory.pattern: waves: %w", err)
	}
	waves := make([]waveRange, len(ws))
	for i, w := range ws {
		waves[i] = waveRange{from: w.StartDate, to: w.EndDate}
	}
	p := decidePattern(sup.Threshold(), rangeOf(q.Spec), countRowsOf(rows), waves)
	s.patterns.Add(key, p)
	return p, nil
}

// keepOf ranks dimensions by how much their cells are worth keeping: the
// total most, two-way cells least.
func keepOf(d Dimension) int {
	switch d {
	case All:
		return 2
	case SectorSize, SectorRole:
		return 0
	}
	return 1
}
