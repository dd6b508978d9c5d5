package panel

import (
	"context"
	"time"

	"github.com/panelpulse/panelpulse/internal/answer"
	"github.com/panelpulse/panelpulse/internal/auth"
	"github.com/panelpulse/panelpulse/internal/fault"
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
// close and it arrives within the tenant's grace period. Every answer is
// written by the batch committer (commitbatch.go): concurrent calls are
// group-committed (commit.go), and without group commit a call is a batch
// of one. The call returns once its answer is durable.
func (s *Service) Submit(ctx context.Context, who auth.Principal, sub Submission) (Receipt, error) {
	it := &item{who: who, sub: sub, now: s.clock.Now(), done: make(chan result, 1)}
	if len(s.shards) == 0 {
		r := s.commitAlone(ctx, it)
		return r.rec, r.err
	}
	return s.enqueue(ctx, it)
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
