package panel

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/answer"
	"github.com/panelpulse/panelpulse/internal/bank"
	"github.com/panelpulse/panelpulse/internal/store"
)

// The batch committer is the one way an answer is written. A batch reads
// its assignments (PanelCommitRead, one statement), validates every item
// in Go, and writes the valid ones in one statement (PanelCommitWrite).
// Items that break a rule are answered with their own error and never
// reach the write, so they cannot fail their batch-mates.

// batchTimeout bounds one batch transaction.
const batchTimeout = 30 * time.Second

// aloneAttempts is how often a batch of one runs before a lost race (a
// deadlock or serialization failure) is returned to the caller.
const aloneAttempts = 4

// commitBatch writes a group-committed batch and answers every caller
// after the commit. The read runs outside any transaction and the write is
// its own durable transaction: two round trips and one WAL flush for the
// batch. If the write fails in the database (a concurrent writer on
// another replica took a revision or key the read did not see), every
// item is written again as a batch of one under its assignment's lock.
func (s *Service) commitBatch(batch []*item) {
	ctx, cancel := context.WithTimeout(context.Background(), batchTimeout)
	defer cancel()
	results := make([]result, len(batch))
	if err := s.writeBatch(ctx, s.st.Q, batch, results); err != nil {
		for _, it := range batch {
			it.done <- s.commitAlone(ctx, it)
		}
		return
	}
	for i, it := range batch {
		it.done <- results[i]
	}
}

// commitAlone writes one answer as a batch of one in its own transaction
// that locks the assignment before reading it, so no other writer can take
// its revision in between: the path without group commit, and the fallback
// of a batch whose write failed. A transaction that loses a race (a
// deadlock victim) runs again.
func (s *Service) commitAlone(ctx context.Context, it *item) result {
	for attempt := 1; ; attempt++ {
		res := make([]result, 1)
		err := s.st.InTx(ctx, func(q *dbsqlc.Queries) error {
			if err := q.PanelCommitLock(ctx, dbsqlc.PanelCommitLockParams{TenantID: it.who.TenantID, ID: it.sub.AssignmentID}); err != nil {
				return err
			}
			return s.writeBatch(ctx, q, []*item{it}, res)
		})
		switch {
		case err == nil:
			return res[0]
		case attempt < aloneAttempts && errors.Is(err, store.ErrRetry):
			continue
		}
		return result{err: fmt.Errorf("panel.Submit: %w", err)}
	}
}

type pairKey struct{ tenant, id int64 }

type idemKey struct {
	pairKey
	key string
}

// replay is an existing answer as PanelCommitRead returns it.
type replay struct {
	Key        string    `json:"key"`
	ID         int64     `json:"id"`
	Revision   int32     `json:"revision"`
	ReceivedAt time.Time `json:"received_at"`
}

// batchRead is what PanelCommitRead returns for a batch: its assignments
// and the receipts of the idempotency keys already stored.
type batchRead struct {
	assignments map[pairKey]dbsqlc.PanelCommitReadRow
	replays     map[idemKey]Receipt
}

// writeBatch reads, validates and writes batch on q, filling results
// (index-aligned with batch). It returns an error only when the batch as a
// whole failed in the database; then no result counts.
func (s *Service) writeBatch(ctx context.Context, q *dbsqlc.Queries, batch []*item, results []result) error {
	rd, err := readBatch(ctx, q, batch)
	if err != nil {
		return err
	}
	specs := map[pairKey]*answer.Spec{}
	owner := map[idemKey]int{} // the item whose answer a key's repeats share
	var answers []store.NewAnswer
	for i, it := range batch {
		pk := pairKey{it.who.TenantID, it.sub.AssignmentID}
		ik := idemKey{pk, it.sub.IdempotencyKey}
		a, ok := rd.assignments[pk]
		if !ok || a.PanellistID != it.who.PanellistID {
			results[i].err = fmt.Errorf("panel.Submit: %w", notYours(it.sub.AssignmentID))
			continue
		}
		if rec, ok := rd.replays[ik]; ok {
			results[i].rec = rec
			continue
		}
		if _, ok := owner[ik]; ok {
			continue // filled from its owner after the write
		}
		spec, ok := specs[pk]
		if !ok {
			sp, err := bank.DecodeSpec(a.Spec)
			if err != nil {
				return fmt.Errorf("panel.writeBatch: %w", err)
			}
			spec, specs[pk] = &sp, &sp
		}
		na, err := newAnswer(a, spec, it)
		if err != nil {
			results[i].err = fmt.Errorf("panel.Submit: %w", err)
			continue
		}
		owner[ik] = i
		answers = append(answers, na)
	}
	if len(answers) == 0 {
		return nil
	}
	written, err := store.WriteAnswers(ctx, q, answers)
	if err != nil {
		return fmt.Errorf("panel.writeBatch: write: %w", err)
	}
	return shareWritten(batch, results, written, owner)
}

// readBatch reads the assignments of batch and the answers stored under
// its idempotency keys.
func readBatch(ctx context.Context, q *dbsqlc.Queries, batch []*item) (batchRead, error) {
	var lockT, lockID []int64
	var keys []string
	seen := map[pairKey]bool{}
	for _, it := range batch {
		k := pairKey{it.who.TenantID, it.sub.AssignmentID}
		if !seen[k] {
			seen[k] = true
			lockT, lockID = append(lockT, k.tenant), append(lockID, k.id)
		}
		keys = append(keys, it.sub.IdempotencyKey)
	}
	rows, err := q.PanelCommitRead(ctx, dbsqlc.PanelCommitReadParams{TenantIds: lockT, Ids: lockID, Keys: keys})
	if err != nil {
		return batchRead{}, fmt.Errorf("panel.writeBatch: read: %w", err)
	}
	rd := batchRead{assignments: make(map[pairKey]dbsqlc.PanelCommitReadRow, len(rows)), replays: map[idemKey]Receipt{}}
	for _, r := range rows {
		pk := pairKey{r.TenantID, r.ID}
		rd.assignments[pk] = r
		var rs []replay
		if err := json.Unmarshal(r.Replays, &rs); err != nil {
			return batchRead{}, fmt.Errorf("panel.writeBatch: replays: %w", err)
		}
		for _, p := range rs {
			rd.replays[idemKey{pk, p.Key}] = Receipt{AnswerID: p.ID, Revision: p.Revision, ReceivedAt: p.ReceivedAt, Replayed: true}
		}
	}
	return rd, nil
}

// newAnswer checks an item against its assignment's timing rules and
// question and gives the row to write, at the revision after the last.
func newAnswer(a dbsqlc.PanelCommitReadRow, spec *answer.Spec, it *item) (store.NewAnswer, error) {
	grace := time.Duration(a.LateGraceMinutes) * time.Minute
	if err := checkTiming(it.now, it.sub.AnsweredAt, a.OpensAt, a.ClosesAt, grace); err != nil {
		return store.NewAnswer{}, err
	}
	p, err := prepare(spec, it.sub.Value)
	if err != nil {
		return store.NewAnswer{}, err
	}
	return store.NewAnswer{
		TenantID: a.TenantID, AssignmentID: a.ID, PanellistID: a.PanellistID, BusinessID: a.BusinessID,
		QuestionID: a.QuestionID, Day: a.Day, QuestionVersion: a.QuestionVersion, Revision: a.LastRevision + 1,
		IdempotencyKey: it.sub.IdempotencyKey, Value: p.enc, NumValue: p.num, Codes: p.codes,
		AnsweredAt: it.sub.AnsweredAt, ReceivedAt: it.now,
	}, nil
}

// shareWritten gives every item still without a result the receipt of the
// answer written for its assignment; repeats of a key are marked replayed.
func shareWritten(batch []*item, results []result, written []dbsqlc.PanelCommitWriteRow, owner map[idemKey]int) error {
	// One new answer per assignment, so the assignment names the row.
	byAssignment := make(map[pairKey]Receipt, len(written))
	for _, r := range written {
		byAssignment[pairKey{r.TenantID, r.AssignmentID}] = Receipt{AnswerID: r.ID, Revision: r.Revision, ReceivedAt: r.ReceivedAt}
	}
	for i, it := range batch {
		if results[i].err != nil || results[i].rec.AnswerID != 0 {
			continue
		}
		ik := idemKey{pairKey{it.who.TenantID, it.sub.AssignmentID}, it.sub.IdempotencyKey}
		rec, ok := byAssignment[ik.pairKey]
		if !ok {
			// The assignment went between the read and the write.
			return fmt.Errorf("panel.writeBatch: assignment %d missing from the write", it.sub.AssignmentID)
		}
		rec.Replayed = owner[ik] != i
		results[i].rec = rec
	}
	return nil
}
