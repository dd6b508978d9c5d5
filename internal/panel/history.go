package panel

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/answer"
	"github.com/panelpulse/panelpulse/internal/auth"
	"github.com/panelpulse/panelpulse/internal/bank"
	"github.com/panelpulse/panelpulse/internal/calendar"
	"github.com/panelpulse/panelpulse/internal/fault"
	"github.com/panelpulse/panelpulse/internal/observatory"
	"github.com/panelpulse/panelpulse/internal/stats"
	"github.com/panelpulse/panelpulse/internal/store"
)

// History page sizes.
const (
	DefaultHistory = 100
	MaxHistory     = 500
)

// Past is one answered question in the caller's history (its latest revision).
type Past struct {
	AssignmentID int64
	Question     bank.Question
	Day          calendar.Date
	Answer       answer.Value
	Revision     int32
	AnsweredAt   time.Time
}

// History lists the caller's latest answers, newest day first.
func (s *Service) History(ctx context.Context, who auth.Principal, limit int) ([]Past, error) {
	if limit <= 0 {
		limit = DefaultHistory
	}
	rows, err := s.st.Q.PanelHistory(ctx, dbsqlc.PanelHistoryParams{TenantID: who.TenantID, PanellistID: &who.PanellistID, MaxRows: int32(min(limit, MaxHistory))})
	if err != nil {
		return nil, fmt.Errorf("panel.History: %w", err)
	}
	out := make([]Past, 0, len(rows))
	for _, r := range rows {
		spec, err := bank.DecodeSpec(r.Spec)
		if err != nil {
			return nil, fmt.Errorf("panel.History: %w", err)
		}
		v, err := answer.Decode(&spec, r.Value)
		if err != nil {
			return nil, fmt.Errorf("panel.History: stored answer: %w", err)
		}
		out = append(out, Past{
			AssignmentID: r.AssignmentID, Day: calendar.DateOf(r.Day), Answer: v, Revision: r.Revision, AnsweredAt: r.AnsweredAt,
			Question: bank.Question{Key: r.Key, Theme: r.Theme, Version: r.Version, Title: r.Title, Wording: r.Wording, Spec: spec},
		})
	}
	return out, nil
}

// Share is the share of businesses choosing one option, with its Wilson
// 95% interval.
type Share struct {
	Code  int32
	Label string
	stats.Interval
}

// Summary is how a group of businesses answered; when Suppressed it holds
// only the respondent count (fewer businesses than the tenant's threshold).
type Summary struct {
	Label       string
	Respondents int
	Suppressed  bool
	Mean        *float64
	Shares      []Share
}

// Results is the caller's reward: how their sector and the whole panel
// answered a question the caller answered.
type Results struct {
	Question bank.Question
	Day      calendar.Date
	Mine     answer.Value
	Sector   Summary
	Panel    Summary
	// Threshold is the tenant's suppression threshold.
	Threshold int
}

// SectorResults compares the caller's latest answer to question key with
// the latest answers of every business on the same day, in the caller's
// sector and in the whole panel: the day's sector and total cells of the
// observatory's trend, so the same estimators and the same disclosure
// pattern (which weighs the sector against the panel and every other
// table) decide what the panellist sees. The read is Current: it includes
// the answer the caller has just been told was received.
func (s *Service) SectorResults(ctx context.Context, who auth.Principal, key string) (Results, error) {
	mine, err := s.st.Q.PanelMyLatestAnswer(ctx, dbsqlc.PanelMyLatestAnswerParams{TenantID: who.TenantID, PanellistID: &who.PanellistID, Key: key})
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return Results{}, fault.New(fault.NotFound, "question_key: you have not answered %q", key)
		}
		return Results{}, fmt.Errorf("panel.SectorResults: %w", err)
	}
	spec, err := bank.DecodeSpec(mine.Spec)
	if err != nil {
		return Results{}, fmt.Errorf("panel.SectorResults: %w", err)
	}
	v, err := answer.Decode(&spec, mine.Value)
	if err != nil {
		return Results{}, fmt.Errorf("panel.SectorResults: stored answer: %w", err)
	}
	day := mine.Day.Format(time.DateOnly)
	var sector, all Summary
	var threshold int
	for _, d := range []observatory.Dimension{observatory.Sector, observatory.All} {
		tr, err := s.obs.Trend(ctx, who.TenantID, observatory.Request{QuestionKey: mine.Key, Period: observatory.Day, Dimension: d, Current: true})
		if err != nil {
			return Results{}, fmt.Errorf("panel.SectorResults: %w", err)
		}
		threshold = tr.Threshold
		seg, label, out := mine.Sector, mine.Sector, &sector
		if d == observatory.All {
			seg, label, out = "all", "Whole panel", &all
		}
		*out = Summary{Label: label, Suppressed: true}
		for _, c := range tr.Cells {
			if c.Period == day && c.Segment == seg {
				*out = summaryOf(&spec, label, c)
			}
		}
	}
	return Results{
		Question: bank.Question{Key: mine.Key, Theme: mine.Theme, Version: mine.Version, Title: mine.Title, Wording: mine.Wording, Spec: spec},
		Day:      calendar.DateOf(mine.Day), Mine: v,
		Sector:    sector,
		Panel:     all,
		Threshold: threshold,
	}, nil
}
