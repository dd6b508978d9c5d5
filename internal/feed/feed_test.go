package feed_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/panelpulse/panelpulse/internal/clock"
	"github.com/panelpulse/panelpulse/internal/feed"
)

const poll = time.Second

// key is a tenant's finding, as the live results are keyed.
type key struct{ tenant, finding int64 }

// source is what the loops read: a result per key, and how often each key
// was computed.
type source struct {
	mu    sync.Mutex
	vals  map[key]string
	calls map[key]int
	ctxs  []context.Context
}

func newSource() *source { return &source{vals: map[key]string{}, calls: map[key]int{}} }

func (s *source) set(k key, v string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.vals[k] = v
}

func (s *source) count(k key) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[k]
}

func (s *source) compute(ctx context.Context, k key) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls[k]++
	s.ctxs = append(s.ctxs, ctx)
	v, ok := s.vals[k]
	if !ok {
		return "", errors.New("no such finding")
	}
	return fmt.Sprintf("t%d/f%d:%s", k.tenant, k.finding, v), nil
}

// watcher is one subscriber: the results it was sent, and its end.
type watcher struct {
	got    chan string
	cancel context.CancelFunc
	done   chan error
}

func watch(ctx context.Context, h *feed.Hub[key, string], k key) *watcher {
	ctx, cancel := context.WithCancel(ctx)
	w := &watcher{got: make(chan string, 16), cancel: cancel, done: make(chan error, 1)}
	go func() {
		w.done <- h.Watch(ctx, k, func(v string) error { w.got <- v; return nil })
	}()
	return w
}

func (w *watcher) next(t *testing.T, ctx context.Context) string {
	t.Helper()
	select {
	case v := <-w.got:
		return v
	case err := <-w.done:
		t.Fatalf("watch ended before a result: %v", err)
	case <-ctx.Done():
		t.Fatal("no result before the test's deadline")
	}
	return ""
}

// expect fails unless w's next result is want.
func (w *watcher) expect(t *testing.T, ctx context.Context, want string) {
	t.Helper()
	if got := w.next(t, ctx); got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

// poll waits until the loops (waiters of them) sleep on the clock, then
// moves it one poll on.
func pollOnce(t *testing.T, ctx context.Context, clk *clock.Fake, waiters int) {
	t.Helper()
	if err := clk.BlockUntilWaiters(ctx, waiters); err != nil {
		t.Fatal(err)
	}
	clk.Advance(poll)
}

func (w *watcher) stop(t *testing.T) {
	t.Helper()
	w.cancel()
	if err := <-w.done; err != nil {
		t.Fatalf("watch ended with %v, want nil when its context ends", err)
	}
}

// setup returns a hub on a fake clock whose source holds first for the
// key it returns (tenant 1's finding 7).
func setup(t *testing.T, first string) (context.Context, *clock.Fake, *source, *feed.Hub[key, string], key) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	clk := clock.NewFake(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	src := newSource()
	h, err := feed.New(clk, poll, src.compute, func(a, b string) bool { return a == b })
	if err != nil {
		t.Fatal(err)
	}
	k := key{1, 7}
	src.set(k, first)
	return ctx, clk, src, h, k
}

// TestOneComputationPerPoll: N subscribers of one key cost one computation
// per poll, and each is sent every change.
func TestOneComputationPerPoll(t *testing.T) {
	t.Parallel()
	ctx, clk, src, h, k := setup(t, "n=0")
	const n = 50
	ws := make([]*watcher, n)
	for i := range ws {
		ws[i] = watch(ctx, h, k)
		if got := ws[i].next(t, ctx); got != "t1/f7:n=0" {
			t.Fatalf("subscriber %d first result %q, want t1/f7:n=0", i, got)
		}
	}
	if c := src.count(k); c != 1 {
		t.Fatalf("%d subscribers caused %d computations before the first poll, want 1", n, c)
	}
	if l := h.Loops(); l != 1 {
		t.Fatalf("%d loops for one key, want 1", l)
	}
	for round := 1; round <= 3; round++ {
		src.set(k, fmt.Sprintf("n=%d", round*5))
		pollOnce(t, ctx, clk, 1)
		want := fmt.Sprintf("t1/f7:n=%d", round*5)
		for i, w := range ws {
			if got := w.next(t, ctx); got != want {
				t.Fatalf("round %d subscriber %d got %q, want %q", round, i, got, want)
			}
		}
		if c := src.count(k); c != 1+round {
			t.Fatalf("after %d polls %d computations, want %d", round, c, 1+round)
		}
	}
	// A poll that finds the same result sends nothing.
	pollOnce(t, ctx, clk, 1)
	if err := clk.BlockUntilWaiters(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if c := src.count(k); c != 5 {
		t.Fatalf("after 4 polls %d computations, want 5", c)
	}
	for i, w := range ws {
		select {
		case v := <-w.got:
			t.Fatalf("subscriber %d was sent %q again although nothing changed", i, v)
		default:
		}
	}
	for _, w := range ws {
		w.stop(t)
	}
}

// TestLateSubscriber: a subscriber joining a running loop is sent the
// current result at once, with no computation of its own and no wait for
// the next poll.
func TestLateSubscriber(t *testing.T) {
	t.Parallel()
	ctx, clk, src, h, k := setup(t, "a")
	first := watch(ctx, h, k)
	first.next(t, ctx)
	src.set(k, "b")
	pollOnce(t, ctx, clk, 1)
	first.expect(t, ctx, "t1/f7:b")
	src.set(k, "c") // not yet polled
	late := watch(ctx, h, k)
	late.expect(t, ctx, "t1/f7:b")
	if c := src.count(k); c != 2 {
		t.Fatalf("%d computations, want 2 (the late subscriber computes nothing)", c)
	}
	first.stop(t)
	late.stop(t)
}

// TestLoopEndsWithLastSubscriber: the loop keeps running while anyone
// watches, stops (its context cancelled, no more computations) when the
// last subscriber leaves, and a new subscriber starts a fresh one.
func TestLoopEndsWithLastSubscriber(t *testing.T) {
	t.Parallel()
	ctx, clk, src, h, k := setup(t, "a")
	a, b := watch(ctx, h, k), watch(ctx, h, k)
	a.next(t, ctx)
	b.next(t, ctx)
	a.stop(t)
	if l := h.Loops(); l != 1 {
		t.Fatalf("%d loops with one subscriber left, want 1", l)
	}
	src.set(k, "b")
	pollOnce(t, ctx, clk, 1)
	b.expect(t, ctx, "t1/f7:b")
	b.stop(t)
	h.Wait()
	if l := h.Loops(); l != 0 {
		t.Fatalf("%d loops after everyone left, want 0", l)
	}
	src.mu.Lock()
	loopCtx := src.ctxs[len(src.ctxs)-1]
	src.mu.Unlock()
	if loopCtx.Err() == nil {
		t.Fatal("the loop's context is still live after the last subscriber left")
	}
	calls := src.count(k)
	clk.Advance(10 * poll)
	if c := src.count(k); c != calls {
		t.Fatalf("computations went on after everyone left: %d, then %d", calls, c)
	}
	c := watch(ctx, h, k)
	if got := c.next(t, ctx); got != "t1/f7:b" || src.count(k) != calls+1 {
		t.Fatalf("a new subscriber got %q after %d computations, want a fresh t1/f7:b", got, src.count(k))
	}
	c.stop(t)
}

// TestTenantIsolation: the same finding id in two tenants has two loops,
// and neither tenant is sent the other's result.
func TestTenantIsolation(t *testing.T) {
	t.Parallel()
	ctx, clk, src, h, ka := setup(t, "a")
	kb := key{2, 7}
	src.set(kb, "b")
	wa, wb := watch(ctx, h, ka), watch(ctx, h, kb)
	wa.expect(t, ctx, "t1/f7:a")
	wb.expect(t, ctx, "t2/f7:b")
	if l := h.Loops(); l != 2 {
		t.Fatalf("%d loops for two tenants, want 2", l)
	}
	src.set(ka, "a2")
	pollOnce(t, ctx, clk, 2)
	wa.expect(t, ctx, "t1/f7:a2")
	if err := clk.BlockUntilWaiters(ctx, 2); err != nil {
		t.Fatal(err)
	}
	select {
	case v := <-wb.got:
		t.Fatalf("tenant 2 was sent %q when only tenant 1's result changed", v)
	default:
	}
	wa.stop(t)
	wb.stop(t)
}

// TestComputeError: a failed computation ends every subscriber's watch
// with the error (a finding that does not exist, for instance).
func TestComputeError(t *testing.T) {
	t.Parallel()
	ctx, _, _, h, _ := setup(t, "")
	w := watch(ctx, h, key{1, 99})
	select {
	case err := <-w.done:
		if err == nil || err.Error() != "no such finding" {
			t.Fatalf("watch ended with %v, want the computation's error", err)
		}
	case v := <-w.got:
		t.Fatalf("sent %q for a key that fails", v)
	case <-ctx.Done():
		t.Fatal("watch did not end")
	}
	h.Wait()
}
