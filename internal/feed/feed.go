// Package feed shares one poll loop per key among every subscriber of a
// process: the first subscriber of a key starts a loop that computes the
// key's result at once and again every poll of the injected clock, each
// subscriber is handed the latest result (at once on joining, then on each
// change), and the loop ends when the last subscriber leaves. Live results
// watched by 500 screens thus cost the database what one screen costs. A
// shared poll works against a hot standby, where LISTEN/NOTIFY does not.
package feed

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/panelpulse/panelpulse/internal/clock"
)

// Hub runs the poll loops of one kind of result, keyed by K (a key that
// includes the tenant, so two tenants never share a loop).
type Hub[K comparable, V any] struct {
	clk     clock.Clock
	every   time.Duration
	compute func(ctx context.Context, key K) (V, error)
	equal   func(a, b V) bool

	mu      sync.Mutex
	sources map[K]*source[V]
	loops   sync.WaitGroup
}

// source is one key's loop and its latest result; its fields are guarded
// by the hub's mutex.
type source[V any] struct {
	cancel  context.CancelFunc
	subs    map[chan struct{}]struct{}
	version uint64 // 0 until the first result
	val     V
	err     error
}

// New returns a hub that computes a key's result with compute every poll
// of clk; equal says when a new result is the same as the last, which is
// then not handed out again.
func New[K comparable, V any](clk clock.Clock, every time.Duration, compute func(ctx context.Context, key K) (V, error), equal func(a, b V) bool) (*Hub[K, V], error) {
	if clk == nil || every <= 0 || compute == nil || equal == nil {
		return nil, errors.New("feed.New: clock, a positive poll interval, compute and equal are required")
	}
	return &Hub[K, V]{clk: clk, every: every, compute: compute, equal: equal, sources: map[K]*source[V]{}}, nil
}

// Watch calls send with the key's current result at once (when a loop
// already runs for the key) or as soon as the first computation ends, and
// again with each later result that differs, until ctx ends (nil), send
// fails (its error) or a computation fails (that error). A subscriber that
// is slow to send skips to the latest result; it never holds up the loop.
func (h *Hub[K, V]) Watch(ctx context.Context, key K, send func(V) error) error {
	notify := make(chan struct{}, 1)
	src := h.join(key, notify)
	defer h.leave(key, src, notify)
	var seen uint64
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-notify:
		}
		h.mu.Lock()
		version, val, err := src.version, src.val, src.err
		h.mu.Unlock()
		if version == seen {
			continue
		}
		seen = version
		if err != nil {
			return err
		}
		if err := send(val); err != nil {
			return err
		}
	}
}

// Loops is the number of poll loops running (one per watched key).
func (h *Hub[K, V]) Loops() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.sources)
}

// Wait returns once every loop whose last subscriber left has ended.
func (h *Hub[K, V]) Wait() { h.loops.Wait() }

func (h *Hub[K, V]) join(key K, notify chan struct{}) *source[V] {
	h.mu.Lock()
	defer h.mu.Unlock()
	src, ok := h.sources[key]
	if !ok {
		// The loop belongs to no subscriber: it outlives the one that
		// started it and ends when the last one leaves.
		ctx, cancel := context.WithCancel(context.Background())
		src = &source[V]{cancel: cancel, subs: map[chan struct{}]struct{}{}}
		h.sources[key] = src
		h.loops.Add(1)
		go h.run(ctx, key, src)
	}
	src.subs[notify] = struct{}{}
	if src.version > 0 {
		notify <- struct{}{}
	}
	return src
}

func (h *Hub[K, V]) leave(key K, src *source[V], notify chan struct{}) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(src.subs, notify)
	if len(src.subs) == 0 {
		src.cancel()
		if h.sources[key] == src {
			delete(h.sources, key)
		}
	}
}

func (h *Hub[K, V]) run(ctx context.Context, key K, src *source[V]) {
	defer h.loops.Done()
	for ctx.Err() == nil {
		val, err := h.compute(ctx, key)
		if ctx.Err() != nil {
			return
		}
		h.publish(src, val, err)
		if clock.Sleep(ctx, h.clk, h.every) != nil {
			return
		}
	}
}

// publish records a result and wakes the subscribers when it differs from
// the last one (an error always differs).
func (h *Hub[K, V]) publish(src *source[V], val V, err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if src.version > 0 && err == nil && src.err == nil && h.equal(src.val, val) {
		return
	}
	src.version++
	src.val, src.err = val, err
	for n := range src.subs {
		select {
		case n <- struct{}{}:
		default: // already woken; it reads the latest result
		}
	}
}
