package panel

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/answer"
	"github.com/panelpulse/panelpulse/internal/bank"
)

// batchTimeout bounds one batch transaction.
const batchTimeout = 30 * time.Second

// commitBatch writes a batch and answers every caller after the commit.
// It reads the batch's assignments (one statement), validates every item
// in Go, and writes the valid ones in one statement, which is its own
// durable transaction: two round trips and one WAL flush for the batch.
// Items that break a rule are answered with their own error and never reach
// the write, so they cannot fail their batch-mates; if the write fails in
// the database (a concurrent writer on another replica took a revision or
// key), every item is retried on its own under a row lock.
func (s *Service) commitBatch(batch []*item) {
	ctx, cancel := context.WithTimeout(context.Background(), batchTimeout)
	defer cancel()
	results := make([]result, len(batch))
	if err := s.writeBatch(ctx, batch, results); err != nil {
		for _, it := range batch {
			rec, err := s.submitOne(ctx, it.who, it.sub, it.now)
			it.done <- result{rec: rec, err: err}
		}
		return
	}
	for i, it := range batch {
		it.done <- results[i]
	}
}

type pairKey struct{ tenant, id int64 }

// replay is an existing answer as PanelCommitRead returns it.
type replay struct {
	Key        string    `json:"key"`
	ID         int64     `json:"id"`
	Revision   int32     `json:"revision"`
	ReceivedAt time.Time `json:"received_at"`
}

// writeBatch fills results (index-aligned with batch).
func (s *Service) writeBatch(ctx context.Context, batch []*item, results []result) error {
	q := s.st.Q
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
		return fmt.Errorf("panel.writeBatch: read: %w", err)
	}
	assignments := make(map[pairKey]dbsqlc.PanelCommitReadRow, len(rows))
	type idemKey struct {
		pairKey
		key string
	}
	replays := map[idemKey]Receipt{}
	for _, r := range rows {
		pk := pairKey{r.TenantID, r.ID}
		assignments[pk] = r
		var rs []replay
		if err := json.Unmarshal(r.Replays, &rs); err != nil {
			return fmt.Errorf("panel.writeBatch: replays: %w", err)
		}
		for _, p := range rs {
			replays[idemKey{pk, p.Key}] = Receipt{AnswerID: p.ID, Revision: p.Revision, ReceivedAt: p.ReceivedAt, Replayed: true}
		}
	}
	for i, it := range batch {
		a, ok := assignments[pairKey{it.who.TenantID, it.sub.AssignmentID}]
		if !ok || a.PanellistID != it.who.PanellistID {
			results[i].err = fmt.Errorf("panel.Submit: %w", notYours(it.sub.AssignmentID))
		}
	}
	specs := map[pairKey]*answer.Spec{}
	owner := map[idemKey]int{} // the item whose answer a key's repeats share
	var w dbsqlc.PanelCommitWriteParams
	for i, it := range batch {
		if results[i].err != nil {
			continue
		}
		pk := pairKey{it.who.TenantID, it.sub.AssignmentID}
		ik := idemKey{pk, it.sub.IdempotencyKey}
		if rec, ok := replays[ik]; ok {
			results[i].rec = rec
			continue
		}
		if _, ok := owner[ik]; ok {
			continue // filled from its owner after the write
		}
		a := assignments[pk]
		grace := time.Duration(a.LateGraceMinutes) * time.Minute
		if err := checkTiming(it.now, it.sub.AnsweredAt, a.OpensAt, a.ClosesAt, grace); err != nil {
			results[i].err = fmt.Errorf("panel.Submit: %w", err)
			continue
		}
		spec, ok := specs[pk]
		if !ok {
			sp, err := bank.DecodeSpec(a.Spec)
			if err != nil {
				return fmt.Errorf("panel.writeBatch: %w", err)
			}
			spec, specs[pk] = &sp, &sp
		}
		p, err := prepare(spec, it.sub.Value)
		if err != nil {
			results[i].err = fmt.Errorf("panel.Submit: %w", err)
			continue
		}
		owner[ik] = i
		w.TenantIds = append(w.TenantIds, pk.tenant)
		w.AssignmentIds = append(w.AssignmentIds, a.ID)
		w.PanellistIds = append(w.PanellistIds, a.PanellistID)
		w.BusinessIds = append(w.BusinessIds, a.BusinessID)
		w.QuestionIds = append(w.QuestionIds, a.QuestionID)
		w.Days = append(w.Days, a.Day)
		w.QuestionVersions = append(w.QuestionVersions, a.QuestionVersion)
		w.Revisions = append(w.Revisions, a.LastRevision+1)
		w.Keys = append(w.Keys, it.sub.IdempotencyKey)
		w.Vals = append(w.Vals, string(p.enc))
		w.HasNums = append(w.HasNums, p.num != nil)
		w.NumValues = append(w.NumValues, deref(p.num))
		w.Codes = append(w.Codes, intArray(p.codes))
		w.AnsweredAts = append(w.AnsweredAts, it.sub.AnsweredAt)
		w.ReceivedAts = append(w.ReceivedAts, it.now)
	}
	if len(w.Keys) == 0 {
		return nil
	}
	written, err := q.PanelCommitWrite(ctx, w)
	if err != nil {
		return fmt.Errorf("panel.writeBatch: write: %w", err)
	}
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
			return fmt.Errorf("panel.writeBatch: assignment %d missing from the write", it.sub.AssignmentID)
		}
		rec.Replayed = owner[ik] != i
		results[i].rec = rec
	}
	return nil
}

func deref(p *float64) float64 {
	if p == nil {
		return 0
	}
	return *p
}

// intArray renders codes as a PostgreSQL array literal, e.g. {1,3}.
func intArray(codes []int32) string {
	var b strings.Builder
	b.WriteByte('{')
	for i, c := range codes {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(int64(c), 10))
	}
	b.WriteByte('}')
	return b.String()
}
