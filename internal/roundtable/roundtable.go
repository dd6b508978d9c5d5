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
	"github.com/panelpulse/panelpulse/internal/bank"
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
	// TestClosed says the facilitator closed the test.
	TestClosed bool
	// History lists the tests, closes and verdicts, oldest first (filled
	// by List and Find).
	History []Event
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
	out := Finding{ID: f.ID, Statement: f.Statement, Status: f.Status, Roundtable: f.Roundtable, TestClosed: f.TestClosedAt != nil}
	if f.QuestionKey != nil {
		out.QuestionKey = *f.QuestionKey
	}
	return out, f.QuestionID, nil
}

// question turns a finding into its Likert question (key finding_ID) and
// marks the finding under test.
func (s *Service) question(ctx context.Context, tenantID int64, f Finding) (bank.Question, error) {
	q, _, err := s.bank.Save(ctx, tenantID, questionInput(f))
	if err != nil {
		return bank.Question{}, err
	}
	if err := s.st.Q.FindingSetQuestion(ctx, dbsqlc.FindingSetQuestionParams{TenantID: tenantID, ID: f.ID, QuestionID: &q.ID, Now: s.clock.Now()}); err != nil {
		return bank.Question{}, fmt.Errorf("roundtable.question: %w", err)
	}
	return q, nil
}
