package clock_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/panelpulse/panelpulse/internal/clock"
)

// TestEvery: the first tick comes at once and one more each time the
// interval passes; a tick's error goes to failed and the ticks go on; when
// the context ends Every returns nil and hands on no error of the tick it
// cut short.
func TestEvery(t *testing.T) {
	t.Parallel()
	clk := clock.NewFake(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	ctx, cancel := context.WithCancel(context.Background())
	ticks := make(chan int)
	var failures []error
	n := 0
	done := make(chan error)
	go func() {
		done <- clock.Every(ctx, clk, time.Minute, func(ctx context.Context) error {
			n++
			ticks <- n
			switch n {
			case 2:
				return errors.New("tick 2 failed")
			case 4:
				cancel() // shutdown comes while tick 4 runs
				return errors.New("tick 4 cut short")
			}
			return nil
		}, func(err error) { failures = append(failures, err) })
	}()
	if got := <-ticks; got != 1 {
		t.Fatalf("first tick %d, want 1 at once", got)
	}
	for want := 2; want <= 4; want++ {
		if err := clk.BlockUntilWaiters(context.Background(), 1); err != nil {
			t.Fatal(err)
		}
		clk.Advance(time.Minute)
		if got := <-ticks; got != want {
			t.Fatalf("tick %d after a minute, want %d", got, want)
		}
	}
	if err := <-done; err != nil {
		t.Fatalf("Every returned %v after the context ended, want nil", err)
	}
	if len(failures) != 1 || failures[0].Error() != "tick 2 failed" {
		t.Fatalf("failures %v, want only tick 2's", failures)
	}
}
