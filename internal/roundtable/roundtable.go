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
	"github.com/panelpulse/panelpulse/internal/observatory"
	"github.com/panelpulse/panelpulse/internal/schedule"
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
	obs     *observatory.Service
}

// New returns a Service on the process clock; live results come from the
// observatory's cells and disclosure pattern.
func New(st *store.Store, b *bank.Bank, p *schedule.Planner, obs *observatory.Service, clk clock.Clock) (*Service, error) {
	if st == nil || b == nil || p == nil || obs == nil || clk == nil {
		return nil, errors.New("roundtable.New: store, bank, planner, observatory and clock are required")
	}
	return &Service{st: st, bank: b, planner: p, clock: clk, obs: obs}, nil
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
		if errors.Is(err, store.ErrNotFound) {
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
	q, err := s.question(ctx, tenantID, f)
	if err != nil {
		return Finding{}, 0, calendar.Date{}, err
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

// question turns a finding into its Likert question (key finding_ID) and
// marks the finding under test.
func (s *Service) question(ctx context.Context, tenantID int64, f Finding) (bank.Question, error) {
	q, _, err := s.bank.Save(ctx, tenantID, bank.Input{
		Key: fmt.Sprintf("finding_%d", f.ID), Theme: "finding_test", Title: "Emerging finding",
		Wording: f.Statement, Spec: answer.Spec{Type: answer.TypeLikert, AllowDontKnow: true},
	})
	if err != nil {
		return bank.Question{}, err
	}
	if err := s.st.Q.FindingSetQuestion(ctx, dbsqlc.FindingSetQuestionParams{TenantID: tenantID, ID: f.ID, QuestionID: &q.ID, Now: s.clock.Now()}); err != nil {
		return bank.Question{}, fmt.Errorf("roundtable.question: %w", err)
	}
	return q, nil
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

// Results computes the finding's results with the observatory's
// estimators and disclosure pattern: the finding question's total over all
// its days (each business counts once a day, its vote shared among its
// respondents; "don't know" is left out of the base); a total under the
// tenant's threshold is suppressed and shows no count. The read is
// Current: it includes the answers given in the room so far.
func (s *Service) Results(ctx context.Context, tenantID, id int64) (Results, error) {
	f, qid, err := s.Get(ctx, tenantID, id)
	if err != nil {
		return Results{}, err
	}
	if qid == nil {
		return Results{}, nil
	}
	c, _, err := s.obs.Total(ctx, tenantID, f.QuestionKey)
	if err != nil {
		return Results{}, fmt.Errorf("roundtable.Results: %w", err)
	}
	res := Results{Respondents: c.Respondents, Assigned: c.Assigned, Suppressed: c.Suppressed}
	for _, sh := range c.Shares {
		label := ""
		if sh.Code >= 1 && int(sh.Code) <= len(likertLabels) {
			label = likertLabels[sh.Code-1]
		}
		res.Shares = append(res.Shares, Share{Code: sh.Code, Label: label, Share: sh.Share.Estimate, CILow: sh.Share.Lower, CIHigh: sh.Share.Upper})
	}
	if c.NetAgreement != nil {
		res.NetAgreement = &c.NetAgreement.Estimate
	}
	return res, nil
}
