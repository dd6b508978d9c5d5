package panel

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/answer"
	"github.com/panelpulse/panelpulse/internal/auth"
	"github.com/panelpulse/panelpulse/internal/bank"
	"github.com/panelpulse/panelpulse/internal/fault"
	"github.com/panelpulse/panelpulse/internal/store"
)

// ClockSkew is how far a device's answered-at may run ahead of the server.
const ClockSkew = 5 * time.Minute

// Submission is one answer from the phone.
type Submission struct {
	AssignmentID   int64
	IdempotencyKey string
	Value          answer.Value
	AnsweredAt     time.Time
}

// Receipt is the stored result of a submission.
type Receipt struct {
	AnswerID   int64
	Revision   int32
	ReceivedAt time.Time
	// Replayed is true when the key had been seen: the first result is returned.
	Replayed bool
}

// Submit stores an answer. The same idempotency key returns the first
// result; a new key before close makes a new revision (the latest counts).
// After close an answer is accepted only if the device answered before
// close and it arrives within the tenant's grace period. Concurrent calls
// are group-committed (see commit.go); the call returns once its answer is
// durable.
func (s *Service) Submit(ctx context.Context, who auth.Principal, sub Submission) (Receipt, error) {
	now := s.clock.Now()
	if len(s.shards) == 0 {
		return s.submitOne(ctx, who, sub, now)
	}
	return s.enqueue(ctx, &item{who: who, sub: sub, now: now, done: make(chan result, 1)})
}

// submitOne stores one answer in its own transaction: the path without
// group commit, and the fallback when a batch fails in the database. A
// transaction chosen as a deadlock victim (against another replica's
// batch) is retried.
func (s *Service) submitOne(ctx context.Context, who auth.Principal, sub Submission, now time.Time) (Receipt, error) {
	for attempt := 1; ; attempt++ {
		rec, err := s.submitOnce(ctx, who, sub, now)
		var pgErr *pgconn.PgError
		if attempt < 4 && errors.As(err, &pgErr) && (pgErr.Code == "40P01" || pgErr.Code == "40001") {
			continue
		}
		return rec, err
	}
}

func (s *Service) submitOnce(ctx context.Context, who auth.Principal, sub Submission, now time.Time) (Receipt, error) {
	t, err := s.st.Q.TenantGet(ctx, who.TenantID)
	if err != nil {
		return Receipt{}, fmt.Errorf("panel.Submit: %w", err)
	}
	grace := time.Duration(t.LateGraceMinutes) * time.Minute
	var rec Receipt
	err = s.st.InTx(ctx, func(q *dbsqlc.Queries) error {
		a, err := q.AssignmentGetForAnswer(ctx, dbsqlc.AssignmentGetForAnswerParams{TenantID: who.TenantID, ID: sub.AssignmentID, PanellistID: who.PanellistID})
		if err != nil {
			if errors.Is(store.Translate(err), store.ErrNotFound) {
				return notYours(sub.AssignmentID)
			}
			return err
		}
		prev, err := q.AnswerGetByKey(ctx, dbsqlc.AnswerGetByKeyParams{TenantID: who.TenantID, AssignmentID: a.ID, IdempotencyKey: sub.IdempotencyKey})
		if err == nil {
			rec = Receipt{AnswerID: prev.ID, Revision: prev.Revision, ReceivedAt: prev.ReceivedAt, Replayed: true}
			return nil
		}
		if !errors.Is(store.Translate(err), store.ErrNotFound) {
			return err
		}
		if err := checkTiming(now, sub.AnsweredAt, a.OpensAt, a.ClosesAt, grace); err != nil {
			return err
		}
		spec, err := bank.DecodeSpec(a.Spec)
		if err != nil {
			return err
		}
		p, err := prepare(&spec, sub.Value)
		if err != nil {
			return err
		}
		rev, err := q.AnswerNextRevision(ctx, dbsqlc.AnswerNextRevisionParams{TenantID: who.TenantID, AssignmentID: a.ID})
		if err != nil {
			return err
		}
		if err := q.AnswerClearLatest(ctx, dbsqlc.AnswerClearLatestParams{TenantID: who.TenantID, AssignmentID: a.ID}); err != nil {
			return err
		}
		pid := a.PanellistID
		row, err := q.AnswerInsert(ctx, dbsqlc.AnswerInsertParams{
			TenantID: who.TenantID, AssignmentID: a.ID, PanellistID: &pid, BusinessID: a.BusinessID,
			QuestionID: a.QuestionID, Day: a.Day, QuestionVersion: a.QuestionVersion, Revision: rev,
			IdempotencyKey: sub.IdempotencyKey, Value: p.enc, NumValue: p.num, Codes: p.codes,
			AnsweredAt: sub.AnsweredAt, ReceivedAt: now,
		})
		if err != nil {
			return err
		}
		if err := q.AssignmentMarkAnswered(ctx, dbsqlc.AssignmentMarkAnsweredParams{TenantID: who.TenantID, ID: a.ID}); err != nil {
			return err
		}
		rec = Receipt{AnswerID: row.ID, Revision: row.Revision, ReceivedAt: row.ReceivedAt}
		return nil
	})
	if err != nil {
		return Receipt{}, fmt.Errorf("panel.Submit: %w", err)
	}
	return rec, nil
}

// prepared is a validated answer ready to store.
type prepared struct {
	enc   []byte
	num   *float64
	codes []int32
}

// prepare validates a value against its question and gives its stored forms.
func prepare(spec *answer.Spec, v answer.Value) (prepared, error) {
	if err := answer.Validate(spec, &v); err != nil {
		return prepared{}, err
	}
	v = answer.Normalize(spec, v)
	enc, err := answer.Encode(v)
	if err != nil {
		return prepared{}, err
	}
	p := prepared{enc: enc, codes: answer.Codes(spec, v)}
	if x, ok := answer.Numeric(spec, v); ok {
		p.num = &x
	}
	if p.codes == nil {
		p.codes = []int32{}
	}
	return p, nil
}

// notYours hides whether another panellist's assignment exists.
func notYours(id int64) error {
	return fault.New(fault.NotFound, "assignment %d is not one of yours", id)
}

// checkTiming applies the open, close and late-answer rules.
func checkTiming(now, answeredAt, opens, closes time.Time, grace time.Duration) error {
	switch {
	case answeredAt.After(now.Add(ClockSkew)):
		return fault.New(fault.Invalid, "answered_at: %s is in the future", answeredAt.UTC().Format(time.RFC3339))
	case now.Before(opens):
		return fault.New(fault.FailedPrecondition, "this question opens at %s", opens.UTC().Format(time.RFC3339))
	case answeredAt.Before(opens.Add(-ClockSkew)):
		return fault.New(fault.Invalid, "answered_at: %s is before the question opened", answeredAt.UTC().Format(time.RFC3339))
	case !now.Before(closes) && !answeredAt.Before(closes):
		return fault.New(fault.FailedPrecondition, "this question closed at %s", closes.UTC().Format(time.RFC3339))
	case !now.Before(closes.Add(grace)):
		return fault.New(fault.FailedPrecondition, "this question closed at %s and late answers are accepted for %s only", closes.UTC().Format(time.RFC3339), grace)
	}
	return nil
}
