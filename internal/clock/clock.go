// Package clock is the one source of time for a PanelPulse process: what
// time it is, and waiting (timers, tickers, sleeps). Everything that asks
// the time gets a Clock from whoever builds it, so schedules, closes,
// deliveries, rates, leases and backoff can be tested at chosen instants
// and moved forward instead of slept through.
//
// Outside this package only latency measurement (metrics, logs, benchmark
// timings) reads the wall clock; a test in this package enforces it.
package clock

import (
	"context"
	"time"

	"github.com/jonboulle/clockwork"
)

// Clock tells the current time and makes timers on the same time line.
type Clock interface {
	Now() time.Time
	// NewTimer fires once, d after now.
	NewTimer(d time.Duration) Timer
	// NewTicker fires every d (d > 0).
	NewTicker(d time.Duration) Ticker
}

// Timer is a time.Timer on a Clock: Chan replaces the C field.
type Timer = clockwork.Timer

// Ticker is a time.Ticker on a Clock: Chan replaces the C field.
type Ticker = clockwork.Ticker

// Real is the system clock.
type Real struct{}

var system = clockwork.NewRealClock()

// Now returns the current time.
func (Real) Now() time.Time { return system.Now() }

// NewTimer returns a system timer.
func (Real) NewTimer(d time.Duration) Timer { return system.NewTimer(d) }

// NewTicker returns a system ticker.
func (Real) NewTicker(d time.Duration) Ticker { return system.NewTicker(d) }

// Fake is a clock that moves only when told to; safe for concurrent use.
// Its timers and tickers fire when Advance or Set moves it past them.
type Fake struct {
	fc *clockwork.FakeClock
}

// NewFake returns a fake clock at t.
func NewFake(t time.Time) *Fake { return &Fake{fc: clockwork.NewFakeClockAt(t)} }

// Now returns the fake time.
func (f *Fake) Now() time.Time { return f.fc.Now() }

// NewTimer returns a timer that fires when the clock reaches now+d.
func (f *Fake) NewTimer(d time.Duration) Timer { return f.fc.NewTimer(d) }

// NewTicker returns a ticker that fires each time the clock passes a
// multiple of d from now.
func (f *Fake) NewTicker(d time.Duration) Ticker { return f.fc.NewTicker(d) }

// Advance moves the clock forward by d, firing the timers it passes.
func (f *Fake) Advance(d time.Duration) { f.fc.Advance(d) }

// Set moves the clock to t (forward or back), firing the timers it passes.
func (f *Fake) Set(t time.Time) { f.fc.Advance(t.Sub(f.fc.Now())) }

// BlockUntilWaiters returns once n timers, tickers or sleeps wait on the
// clock, or when ctx ends: a test calls it before Advance, so that the
// code under test is known to be waiting.
func (f *Fake) BlockUntilWaiters(ctx context.Context, n int) error {
	return f.fc.BlockUntilContext(ctx, n)
}

// Every calls tick at once and then each time d (d > 0) passes on c, until
// ctx ends, and then returns nil: the run loop of a background worker. An
// error of a tick goes to failed, unless ctx has ended meanwhile (a tick cut
// short by shutdown has not failed); the next tick comes all the same.
func Every(ctx context.Context, c Clock, d time.Duration, tick func(context.Context) error, failed func(error)) error {
	tk := c.NewTicker(d)
	defer tk.Stop()
	for {
		if err := tick(ctx); err != nil && ctx.Err() == nil {
			failed(err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-tk.Chan():
		}
	}
}

// Sleep waits d on c, or until ctx ends (returning its error).
func Sleep(ctx context.Context, c Clock, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := c.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.Chan():
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

var (
	_ Clock = Real{}
	_ Clock = (*Fake)(nil)
)
