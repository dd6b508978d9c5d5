// Package verbatim is the analysts' read of free-text answers (and the
// dashboard's small lookups: waves, question version starts). A text may
// name or describe a firm, so it is shown under the observatory's
// disclosure rule: only the texts of a (period, segment) cell that would be
// shown, the cell's businesses being those that wrote a text. The cells of
// the requested split and the period totals are decided together by
// internal/disclosure, so a hidden cell cannot be recovered as a total
// minus its shown siblings.
package verbatim

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/answer"
	"github.com/panelpulse/panelpulse/internal/bank"
	"github.com/panelpulse/panelpulse/internal/disclosure"
	"github.com/panelpulse/panelpulse/internal/fault"
	"github.com/panelpulse/panelpulse/internal/observatory"
	"github.com/panelpulse/panelpulse/internal/paging"
	"github.com/panelpulse/panelpulse/internal/replica"
)

// Request says which texts to list.
type Request struct {
	QuestionKey string
	Period      observatory.Period
	Dimension   observatory.Dimension
	// WaveID limits the texts to the wave's dates; 0 means all days.
	WaveID    int64
	PageSize  int32
	PageToken string
}

// Verbatim is one free-text answer in a shown cell.
type Verbatim struct {
	AnswerID int64
	Day      string
	Period   string
	Segment  string
	Text     string
}

// Page is one page of texts.
type Page struct {
	Question  bank.Question
	Verbatims []Verbatim
	Next      string
	// Threshold is the tenant's suppression threshold.
	Threshold int
	// WithheldCells counts the (period, segment) cells whose texts are not
	// shown (fewer businesses than the threshold, or protecting one that is).
	WithheldCells int
}

// Service lists verbatims.
type Service struct {
	reads replica.Reads
	bank  *bank.Bank
}

// New returns a Service reading answers from the store reads picks (a
// caught-up hot standby, or the primary) and questions from the bank b.
func New(reads replica.Reads, b *bank.Bank) (*Service, error) {
	if reads == nil || b == nil {
		return nil, errors.New("verbatim.New: reads and bank are required")
	}
	return &Service{reads: reads, bank: b}, nil
}

// ErrNotText is returned for a question that is not free text.
var ErrNotText = fault.New(fault.Invalid, "question_key: verbatims are the answers of free-text questions; use GetTrend for this question")

// ErrDimension is returned for a split the texts cannot be read by.
var ErrDimension = fault.New(fault.Invalid, "dimension: verbatims are split by all, sector, size band, district or sector x size band")

// List returns one page of the texts of shown cells, in answer order.
func (s *Service) List(ctx context.Context, tenantID int64, r Request) (Page, error) {
	if r.Period == "" {
		r.Period = observatory.Day
	}
	if r.Dimension == "" {
		r.Dimension = observatory.All
	}
	switch r.Dimension {
	case observatory.All, observatory.Sector, observatory.SizeBand, observatory.District, observatory.SectorSize:
	default:
		return Page{}, ErrDimension
	}
	p, err := paging.Parse(r.PageSize, r.PageToken, fmt.Sprintf("%s|%s|%s|%d", r.QuestionKey, r.Period, r.Dimension, r.WaveID))
	if err != nil {
		return Page{}, err
	}
	q, err := s.bank.Latest(ctx, tenantID, r.QuestionKey)
	if err != nil {
		return Page{}, err
	}
	if q.Spec.Type != answer.TypeText {
		return Page{}, ErrNotText
	}
	st, err := s.reads.For(ctx)
	if err != nil {
		return Page{}, fmt.Errorf("verbatim.List: %w", err)
	}
	t, err := st.Q.TenantGet(ctx, tenantID)
	if err != nil {
		return Page{}, fmt.Errorf("verbatim.List: %w", err)
	}
	from, to := time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
	if r.WaveID != 0 {
		w, err := st.Q.WaveGet(ctx, dbsqlc.WaveGetParams{TenantID: tenantID, ID: r.WaveID})
		if err != nil {
			return Page{}, fmt.Errorf("verbatim.List: wave: %w", err)
		}
		from, to = w.StartDate, w.EndDate
	}
	rows, err := st.Q.VerbatimList(ctx, dbsqlc.VerbatimListParams{TenantID: tenantID, QuestionID: q.ID, FromDay: from, ToDay: to})
	if err != nil {
		return Page{}, fmt.Errorf("verbatim.List: %w", err)
	}
	threshold := int(t.SuppressionThreshold)
	keys, shown, withheld := decide(threshold, rows, r)
	var out []Verbatim
	for i, row := range rows {
		if row.ID <= p.After || !shown[keys[i]] {
			continue
		}
		out = append(out, Verbatim{AnswerID: row.ID, Day: row.Day.Format(time.DateOnly),
			Period: keys[i].period, Segment: keys[i].segment, Text: row.Text})
		if int32(len(out)) == p.Limit() {
			break
		}
	}
	page, next := paging.Next(p, out, func(v Verbatim) int64 { return v.AnswerID })
	return Page{Question: q, Verbatims: page, Next: next, Threshold: threshold, WithheldCells: withheld}, nil
}

type cellKey struct{ period, segment string }

type unit struct {
	day                    time.Time
	sector, sizeBand, dist string
}

// decide returns each row's cell, which cells are shown, and how many of
// the split's cells are withheld. The atoms are the businesses of one day
// in one sector, size band and district (every split either holds an atom
// or not); a cell's N is its distinct businesses with a text.
func decide(threshold int, rows []dbsqlc.VerbatimListRow, r Request) ([]cellKey, map[cellKey]bool, int) {
	atoms := map[unit]int{}
	type acc struct {
		atoms      map[int]bool
		businesses map[int64]bool
		table      int
	}
	cells := map[cellKey]*acc{}
	var order []cellKey
	add := func(k cellKey, table, atom int, business int64) {
		c, ok := cells[k]
		if !ok {
			c = &acc{atoms: map[int]bool{}, businesses: map[int64]bool{}, table: table}
			cells[k] = c
			order = append(order, k)
		}
		c.atoms[atom] = true
		c.businesses[business] = true
	}
	keys := make([]cellKey, len(rows))
	for i, row := range rows {
		u := unit{row.Day, row.Sector, row.SizeBand, row.District}
		a, ok := atoms[u]
		if !ok {
			a = len(atoms)
			atoms[u] = a
		}
		period := periodOf(row.Day, r.Period)
		keys[i] = cellKey{period, segmentOf(row, r.Dimension)}
		add(keys[i], 0, a, row.BusinessID)
		if r.Dimension != observatory.All {
			add(cellKey{period, "\x00total"}, 1, a, row.BusinessID)
		}
	}
	dc := make([]disclosure.Cell, len(order))
	for i, k := range order {
		c := cells[k]
		for a := range c.atoms {
			dc[i].Atoms = append(dc[i].Atoms, a)
		}
		slices.Sort(dc[i].Atoms)
		dc[i].N, dc[i].Table, dc[i].Keep = len(c.businesses), c.table, c.table
	}
	states := disclosure.Decide(threshold, dc)
	shown := map[cellKey]bool{}
	withheld := 0
	for i, k := range order {
		if states[i] == disclosure.Shown {
			shown[k] = true
		} else if cells[k].table == 0 {
			withheld++
		}
	}
	return keys, shown, withheld
}

// periodOf names the period of a day as the trend series do.
func periodOf(day time.Time, p observatory.Period) string {
	switch p {
	case observatory.Week:
		y, w := day.ISOWeek()
		return fmt.Sprintf("%d-W%02d", y, w)
	case observatory.Wave:
		return "wave"
	}
	return day.Format(time.DateOnly)
}

// segmentOf names a row's segment as the trend series do.
func segmentOf(row dbsqlc.VerbatimListRow, d observatory.Dimension) string {
	switch d {
	case observatory.Sector:
		return row.Sector
	case observatory.SizeBand:
		return row.SizeBand
	case observatory.District:
		return row.District
	case observatory.SectorSize:
		return row.Sector + " / " + row.SizeBand
	}
	return "all"
}

// Waves lists the tenant's waves (not the ad-hoc one), oldest first.
func (s *Service) Waves(ctx context.Context, tenantID int64) ([]dbsqlc.DashboardWavesRow, error) {
	st, err := s.reads.For(ctx)
	if err != nil {
		return nil, fmt.Errorf("verbatim.Waves: %w", err)
	}
	ws, err := st.Q.DashboardWaves(ctx, tenantID)
	if err != nil {
		return nil, fmt.Errorf("verbatim.Waves: %w", err)
	}
	return ws, nil
}

// VersionStarts lists the first day each version of a question was
// answered, oldest version first.
func (s *Service) VersionStarts(ctx context.Context, tenantID, questionID int64) ([]dbsqlc.DashboardVersionStartsRow, error) {
	st, err := s.reads.For(ctx)
	if err != nil {
		return nil, fmt.Errorf("verbatim.VersionStarts: %w", err)
	}
	vs, err := st.Q.DashboardVersionStarts(ctx, dbsqlc.DashboardVersionStartsParams{TenantID: tenantID, QuestionID: questionID})
	if err != nil {
		return nil, fmt.Errorf("verbatim.VersionStarts: %w", err)
	}
	return vs, nil
}
