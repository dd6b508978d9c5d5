package panel

import (
	"context"
	"sync"
	"time"

	"github.com/panelpulse/panelpulse/internal/auth"
)

// Group commit: concurrent Submit calls are written in one transaction, so
// one WAL flush acknowledges many answers. synchronous_commit stays on and a
// caller is answered only after the transaction holding its answer has
// committed. Answers are sharded by assignment id; one committer per shard
// keeps the revisions of an assignment in arrival order, and shards commit
// in parallel so that one batch's flush overlaps the next batch's work.

// Defaults of the group committer.
const (
	DefaultMaxBatch = 128
	DefaultMaxWait  = 2 * time.Millisecond
	DefaultShards   = 2
	// committerIdle is how long an idle committer goroutine lingers.
	committerIdle = time.Second
)

// Option tunes a Service.
type Option func(*Service)

// WithGroupCommit sets the largest batch, the longest wait to fill one and
// the number of parallel committers; shards 0 turns group commit off (every
// answer in its own transaction).
func WithGroupCommit(maxBatch int, maxWait time.Duration, shards int) Option {
	return func(s *Service) {
		s.maxBatch, s.maxWait = max(1, maxBatch), max(0, maxWait)
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

// shard is one committer's queue. Its goroutine starts on demand and ends
// after committerIdle without work, so a Service needs no Close.
type shard struct {
	mu      sync.Mutex
	queue   []*item
	running bool
	wake    chan struct{}
}

func newShards(n int) []*shard {
	out := make([]*shard, n)
	for i := range out {
		out[i] = &shard{wake: make(chan struct{}, 1)}
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
	n := len(sh.queue)
	sh.mu.Unlock()
	if n == 1 || n >= s.maxBatch {
		select {
		case sh.wake <- struct{}{}:
		default:
		}
	}
	select {
	case r := <-it.done:
		return r.rec, r.err
	case <-ctx.Done():
		// The answer may still commit; a retry with the same key finds it.
		return Receipt{}, ctx.Err()
	}
}

// commitLoop collects batches and commits them until the queue stays empty.
func (s *Service) commitLoop(sh *shard) {
	idle := time.NewTimer(committerIdle)
	defer idle.Stop()
	for {
		sh.mu.Lock()
		n := len(sh.queue)
		if n == 0 {
			sh.mu.Unlock()
			idle.Reset(committerIdle)
			select {
			case <-sh.wake:
				continue
			case <-idle.C:
				sh.mu.Lock()
				if len(sh.queue) == 0 {
					sh.running = false
					sh.mu.Unlock()
					return
				}
				sh.mu.Unlock()
				continue
			}
		}
		sh.mu.Unlock()
		if n < s.maxBatch && s.maxWait > 0 {
			s.collect(sh)
		}
		batch := sh.take(s.maxBatch)
		s.commitBatch(batch)
	}
}

// collect waits up to maxWait for the queue to reach maxBatch.
func (s *Service) collect(sh *shard) {
	deadline := time.NewTimer(s.maxWait)
	defer deadline.Stop()
	for {
		select {
		case <-deadline.C:
			return
		case <-sh.wake:
			sh.mu.Lock()
			full := len(sh.queue) >= s.maxBatch
			sh.mu.Unlock()
			if full {
				return
			}
		}
	}
}

// take removes up to max items with at most one idempotency key per
// assignment: a later answer to an assignment already in the batch waits
// for the next batch, so revisions follow arrival order. Repeats of the same
// key ride along and share the first one's result.
func (sh *shard) take(max int) []*item {
	sh.mu.Lock()
	defer sh.mu.Unlock()
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
