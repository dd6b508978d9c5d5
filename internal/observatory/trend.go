// Package observatory computes what analysts and panellists see of the
// answers: trend series by period and segment with their statistics and
// small-cell suppression.
package observatory

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/answer"
	"github.com/panelpulse/panelpulse/internal/bank"
	"github.com/panelpulse/panelpulse/internal/fault"
	"github.com/panelpulse/panelpulse/internal/stats"
	"github.com/panelpulse/panelpulse/internal/store"
)

// Period is the time grain of a trend.
type Period string

// Periods.
const (
	Day  Period = "day"
	Week Period = "week"
	Wave Period = "wave"
)

// Dimension is how respondents are split into segments.
type Dimension string

// Dimensions.
const (
	All      Dimension = "all"
	Sector   Dimension = "sector"
	SizeBand Dimension = "size_band"
	District Dimension = "district"
)

// Cell is the statistics of one period and segment. Statistics are nil
// when the cell is suppressed or has too few respondents for them.
type Cell struct {
	Period      string
	Segment     string
	Respondents int
	Assigned    int
	Suppressed  bool
	Mean        *float64
	SD          *float64
	CILow       *float64
	CIHigh      *float64
	Median      *float64
}

// Trend is a series of cells for one question.
type Trend struct {
	Question  bank.Question
	Cells     []Cell
	Threshold int
}

// Service reads aggregates.
type Service struct {
	st   *store.Store
	bank *bank.Bank
}

// New returns a Service.
func New(st *store.Store, b *bank.Bank) (*Service, error) {
	if st == nil || b == nil {
		return nil, errors.New("observatory.New: store and bank are required")
	}
	return &Service{st: st, bank: b}, nil
}

// Trend returns the series of a numeric question (scale, Likert, number)
// by period and dimension. Each business counts once per cell: its
// respondents' answers are averaged first.
func (s *Service) Trend(ctx context.Context, tenantID int64, key string, period Period, dim Dimension, waveID int64) (Trend, error) {
	q, err := s.bank.Latest(ctx, tenantID, key)
	if err != nil {
		return Trend{}, err
	}
	switch q.Spec.Type {
	case answer.TypeScale, answer.TypeLikert, answer.TypeNumber:
	default:
		return Trend{}, ErrNotNumeric
	}
	t, err := s.st.Q.TenantGet(ctx, tenantID)
	if err != nil {
		return Trend{}, fmt.Errorf("observatory.Trend: %w", err)
	}
	sup, err := stats.NewSuppressor(int(t.SuppressionThreshold))
	if err != nil {
		return Trend{}, fmt.Errorf("observatory.Trend: %w", err)
	}
	rows, err := s.st.Q.AnswerTrendNumeric(ctx, dbsqlc.AnswerTrendNumericParams{TenantID: tenantID, QuestionID: q.ID, Dimension: string(dim), WaveID: waveID})
	if err != nil {
		return Trend{}, fmt.Errorf("observatory.Trend: answers: %w", err)
	}
	assigned, err := s.st.Q.AssignmentTrendAssigned(ctx, dbsqlc.AssignmentTrendAssignedParams{TenantID: tenantID, QuestionID: q.ID, Dimension: string(dim), WaveID: waveID})
	if err != nil {
		return Trend{}, fmt.Errorf("observatory.Trend: assignments: %w", err)
	}
	type cellKey struct{ period, segment string }
	values := map[cellKey]map[int64][]float64{}
	for _, r := range rows {
		k := cellKey{periodKey(r.Day, period), r.Segment}
		if values[k] == nil {
			values[k] = map[int64][]float64{}
		}
		values[k][r.BusinessID] = append(values[k][r.BusinessID], r.Value)
	}
	assignedN := map[cellKey]map[int64]bool{}
	for _, a := range assigned {
		k := cellKey{periodKey(a.Day, period), a.Segment}
		if assignedN[k] == nil {
			assignedN[k] = map[int64]bool{}
		}
		assignedN[k][a.BusinessID] = true
	}
	out := Trend{Question: q, Threshold: sup.Threshold()}
	for k, biz := range assignedN {
		c := Cell{Period: k.period, Segment: k.segment, Assigned: len(biz)}
		ys := make([]float64, 0, len(values[k]))
		for _, vs := range values[k] {
			ys = append(ys, mean(vs))
		}
		c.Respondents = len(ys)
		if !sup.Show(c.Respondents) {
			c.Suppressed = true
		} else {
			fillNumeric(&c, ys)
		}
		out.Cells = append(out.Cells, c)
	}
	sort.Slice(out.Cells, func(i, j int) bool {
		a, b := out.Cells[i], out.Cells[j]
		if a.Period != b.Period {
			return a.Period < b.Period
		}
		return a.Segment < b.Segment
	})
	return out, nil
}

// ErrNotNumeric is returned for questions without a numeric value.
var ErrNotNumeric = fault.New(fault.Invalid, "question_key: this question has no numeric value to trend")

func fillNumeric(c *Cell, ys []float64) {
	m := mean(ys)
	c.Mean = &m
	if med, err := stats.Median(ys); err == nil {
		c.Median = &med
	}
	var mo stats.Moments
	for _, y := range ys {
		_ = mo.Add(y, 1)
	}
	if len(ys) > 1 {
		sd := mo.SD()
		c.SD = &sd
	}
	if ci, err := stats.MeanCI(ys, stats.DefaultLevel); err == nil {
		c.CILow, c.CIHigh = &ci.Lower, &ci.Upper
	}
}

func mean(vs []float64) float64 {
	var s float64
	for _, v := range vs {
		s += v
	}
	return s / float64(len(vs))
}

// periodKey names the period a day falls in.
func periodKey(day time.Time, p Period) string {
	switch p {
	case Week:
		y, w := day.ISOWeek()
		return fmt.Sprintf("%d-W%02d", y, w)
	case Wave:
		return "wave"
	default:
		return day.Format(time.DateOnly)
	}
}
