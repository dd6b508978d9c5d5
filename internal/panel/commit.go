package panel

import (
	"context"
	"sync"
	"time"

	"github.com/panelpulse/panelpulse/internal/auth"
	"github.com/panelpulse/panelpulse/internal/sessioncache"
)

// Group commit: concurrent Submit calls are written in one transaction, so
// one WAL flush acknowledges many answers. synchronous_commit stays on and a
// caller is answered only after the transaction holding its answer has
// committed. Answers are sharded by assignment id; one committer per shard
// keeps the revisions of an assignment in arrival order, and shards commit
// in parallel so that one batch's flush overlaps the next batch's work.
//
// Batches form without timers: a committer takes everything queued (up to
// the largest batch), and what arrives while that batch commits is the next
// batch, the way PostgreSQL groups commits behind a WAL flush. A lone
// answer therefore commits at once, and under load batches grow with the
// flush time.

// Defaults of the group committer.
const (
	DefaultMaxBatch = 128
	DefaultShards   = 2
)

// Option tunes a Service.
type Option func(*Service)

// WithSessionCache tells c of every session the service ends (signing out,
// withdrawal, erasure), so the process stops accepting it at once.
func WithSessionCache(c *sessioncache.Cache) Option {
	return func(s *Service) { s.sessions = c }
}

// WithGroupCommit sets the largest batch and the number of parallel
// committers; shards 0 turns group commit off (every answer in its own
// transaction).
func WithGroupCommit(maxBatch, shards int) Option {
	return func(s *Service) {
		s.maxBatch = max(1, maxBatch)
		s.shards = make([]*shard, max(0, shards))
	}
}

// item is one queued submission.
type item struct {
	who  auth.Principal
	sub  Submission
	now  time.Time
	done chan result
}

type result struct {
	rec Receipt
	err error
}

// shard is one committer's queue. Its goroutine starts when an answer
// arrives at an idle shard and ends when the queue is empty, so a Service
// needs no Close.
type shard struct {
	mu      sync.Mutex
	queue   []*item
	running bool
}

func newShards(n int) []*shard {
	out := make([]*shard, n)
	for i := range out {
		out[i] = &shard{}
	}
	return out
}

// enqueue submits through the shard of the assignment and waits for the
// committed result or the caller's context.
func (s *Service) enqueue(ctx context.Context, it *item) (Receipt, error) {
	sh := s.shards[uint64(it.sub.AssignmentID)%uint64(len(s.shards))]
	sh.mu.Lock()
	sh.queue = append(sh.queue, it)
	if !sh.running {
		sh.running = true
		go s.commitLoop(sh)
	}
	sh.mu.Unlock()
	select {
	case r := <-it.done:
		return r.rec, r.err
	case <-ctx.Done():
		// The answer may still commit; a retry with the same key finds it.
		return Receipt{}, ctx.Err()
	}
}

// commitLoop commits batches until the shard's queue is empty.
func (s *Service) commitLoop(sh *shard) {
	for {
		batch := sh.take(s.maxBatch)
		if len(batch) == 0 {
			return
		}
		s.commitBatch(batch)
	}
}

// take removes up to max items with at most one idempotency key per
// assignment: a later answer to an assignment already in the batch waits
// for the next batch, so revisions follow arrival order. Repeats of the same
// key ride along and share the first one's result. On an empty queue it
// marks the shard idle, under the same lock enqueue takes, and returns nil.
func (sh *shard) take(max int) []*item {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if len(sh.queue) == 0 {
		sh.running = false
		return nil
	}
	type akey struct{ tenant, assignment int64 }
	keys := map[akey]string{}
	var batch, rest []*item
	for _, it := range sh.queue {
		k := akey{it.who.TenantID, it.sub.AssignmentID}
		prev, seen := keys[k]
		switch {
		case seen && prev == it.sub.IdempotencyKey:
			batch = append(batch, it)
		case seen || len(keys) >= max:
			rest = append(rest, it)
		default:
			keys[k] = it.sub.IdempotencyKey
			batch = append(batch, it)
		}
	}
	sh.queue = rest
	return batch
}
