// Package roundtable is what a facilitator does: turn an emerging finding
// into an agree/disagree statement, send it to a segment of the panel now
// or on the next weekday, watch the results arrive, and record the outcome.
package roundtable

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/answer"
	"github.com/panelpulse/panelpulse/internal/bank"
	"github.com/panelpulse/panelpulse/internal/calendar"
	"github.com/panelpulse/panelpulse/internal/clock"
	"github.com/panelpulse/panelpulse/internal/fault"
	"github.com/panelpulse/panelpulse/internal/schedule"
	"github.com/panelpulse/panelpulse/internal/stats"
	"github.com/panelpulse/panelpulse/internal/store"
)

// Statuses a finding may be set to.
var Statuses = []string{"draft", "testing", "validated", "refuted", "inconclusive"}

// Likert labels, 1 to 5.
var likertLabels = []string{"Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"}

// Finding is a statement under test.
type Finding struct {
	ID          int64
	Statement   string
	Status      string
	Roundtable  string
	QuestionKey string
}

// Service runs facilitator operations.
type Service struct {
	st      *store.Store
	bank    *bank.Bank
	planner *schedule.Planner
	clock   clock.Clock
}

// New returns a Service on the process clock.
func New(st *store.Store, b *bank.Bank, p *schedule.Planner, clk clock.Clock) (*Service, error) {
	if st == nil || b == nil || p == nil || clk == nil {
		return nil, errors.New("roundtable.New: store, bank, planner and clock are required")
	}
	return &Service{st: st, bank: b, planner: p, clock: clk}, nil
}

// Create records a draft finding.
func (s *Service) Create(ctx context.Context, tenantID int64, statement, roundtable string) (Finding, error) {
	f, err := s.st.Q.FindingInsert(ctx, dbsqlc.FindingInsertParams{TenantID: tenantID, Statement: strings.TrimSpace(statement), Roundtable: roundtable})
	if err != nil {
		return Finding{}, fmt.Errorf("roundtable.Create: %w", err)
	}
	return Finding{ID: f.ID, Statement: f.Statement, Status: f.Status, Roundtable: f.Roundtable}, nil
}

// Get returns a finding of the tenant.
func (s *Service) Get(ctx context.Context, tenantID, id int64) (Finding, *int64, error) {
	f, err := s.st.Q.FindingGet(ctx, dbsqlc.FindingGetParams{TenantID: tenantID, ID: id})
	if err != nil {
		if errors.Is(store.Translate(err), store.ErrNotFound) {
			return Finding{}, nil, fault.New(fault.NotFound, "finding %d does not exist", id)
		}
		return Finding{}, nil, fmt.Errorf("roundtable.Get: %w", err)
	}
	out := Finding{ID: f.ID, Statement: f.Statement, Status: f.Status, Roundtable: f.Roundtable}
	if f.QuestionKey != nil {
		out.QuestionKey = *f.QuestionKey
	}
	return out, f.QuestionID, nil
}

// Test turns the finding into a Likert question (key finding_ID) and sends
// it to segment today (now) or on the next weekday through the ad-hoc path,
// which respects each panellist's daily cap. It returns the finding, the
// finding's assignments made at once (panellists whose day is full get it
// on a later working day) and the first day.
func (s *Service) Test(ctx context.Context, tenantID, id int64, segment string, now bool) (Finding, int64, calendar.Date, error) {
	f, _, err := s.Get(ctx, tenantID, id)
	if err != nil {
		return Finding{}, 0, calendar.Date{}, err
	}
	switch f.Status {
	case "draft", "testing":
	default:
		return Finding{}, 0, calendar.Date{}, fault.New(fault.FailedPrecondition, "finding %d is already %s", id, f.Status)
	}
	q, _, err := s.bank.Save(ctx, tenantID, bank.Input{
		Key: fmt.Sprintf("finding_%d", id), Theme: "finding_test", Title: "Emerging finding",
		Wording: f.Statement, Spec: answer.Spec{Type: answer.TypeLikert, AllowDontKnow: true},
	})
	if err != nil {
		return Finding{}, 0, calendar.Date{}, err
	}
	if err := s.st.Q.FindingSetQuestion(ctx, dbsqlc.FindingSetQuestionParams{TenantID: tenantID, ID: id, QuestionID: &q.ID, Now: s.clock.Now()}); err != nil {
		return Finding{}, 0, calendar.Date{}, fmt.Errorf("roundtable.Test: %w", err)
	}
	when := schedule.NextWeekday
	if now {
		when = schedule.Now
	}
	ah, err := s.planner.SendAdHoc(ctx, tenantID, q.ID, segment, when)
	if err != nil {
		return Finding{}, 0, calendar.Date{}, err
	}
	f.Status, f.QuestionKey = "testing", q.Key
	return f, ah.Planned.AdHoc, ah.FirstDay, nil
}

// SetStatus records the outcome of a finding.
func (s *Service) SetStatus(ctx context.Context, tenantID, id int64, status string) (Finding, error) {
	ok := false
	for _, x := range Statuses {
		ok = ok || x == status
	}
	if !ok {
		return Finding{}, fault.New(fault.Invalid, "status: %q is not one of %v", status, Statuses)
	}
	n, err := s.st.Q.FindingSetStatus(ctx, dbsqlc.FindingSetStatusParams{TenantID: tenantID, ID: id, Status: status, Now: s.clock.Now()})
	if err != nil {
		return Finding{}, fmt.Errorf("roundtable.SetStatus: %w", err)
	}
	if n == 0 {
		return Finding{}, fault.New(fault.NotFound, "finding %d does not exist", id)
	}
	f, _, err := s.Get(ctx, tenantID, id)
	return f, err
}

// Share is the weighted share of businesses at one Likert point.
type Share struct {
	Code          int32
	Label         string
	Share         float64
	CILow, CIHigh float64
}

// Results are a finding's results so far.
type Results struct {
	Respondents  int
	Assigned     int
	Suppressed   bool
	Shares       []Share
	NetAgreement *float64
}

// Results computes the finding's results: each business counts once (its
// weight shared among its respondents), "don't know" is left out of the
// base, and cells under the tenant's threshold are suppressed.
func (s *Service) Results(ctx context.Context, tenantID, id int64) (Results, error) {
	_, qid, err := s.Get(ctx, tenantID, id)
	if err != nil {
		return Results{}, err
	}
	if qid == nil {
		return Results{}, nil
	}
	t, err := s.st.Q.TenantGet(ctx, tenantID)
	if err != nil {
		return Results{}, fmt.Errorf("roundtable.Results: %w", err)
	}
	sup, err := stats.NewSuppressor(int(t.SuppressionThreshold))
	if err != nil {
		return Results{}, err
	}
	assigned, err := s.st.Q.FindingAssigned(ctx, dbsqlc.FindingAssignedParams{TenantID: tenantID, QuestionID: *qid})
	if err != nil {
		return Results{}, fmt.Errorf("roundtable.Results: %w", err)
	}
	rows, err := s.st.Q.FindingAnswers(ctx, dbsqlc.FindingAnswersParams{TenantID: tenantID, QuestionID: *qid})
	if err != nil {
		return Results{}, fmt.Errorf("roundtable.Results: %w", err)
	}
	perBusiness := map[int64][]int{}
	for _, r := range rows {
		if r.NumValue != nil {
			perBusiness[r.BusinessID] = append(perBusiness[r.BusinessID], int(*r.NumValue))
		}
	}
	res := Results{Respondents: len(perBusiness), Assigned: int(assigned)}
	if !sup.Show(res.Respondents) {
		res.Suppressed = true
		return res, nil
	}
	var l stats.Likert
	for _, points := range perBusiness {
		for _, p := range points {
			l[p-1] += 1 / float64(len(points))
		}
	}
	n := float64(res.Respondents)
	for i := range l {
		iv, err := stats.Wilson(l[i], n, stats.DefaultLevel)
		if err != nil {
			return Results{}, err
		}
		res.Shares = append(res.Shares, Share{Code: int32(i + 1), Label: likertLabels[i], Share: l[i] / n, CILow: iv.Lower, CIHigh: iv.Upper})
	}
	if iv, err := stats.NetAgreement(l, stats.DefaultLevel); err == nil {
		res.NetAgreement = &iv.Estimate
	}
	return res, nil
}
