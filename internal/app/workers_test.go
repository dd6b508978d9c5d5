package app_test

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"testing"
	"time"

	"github.com/panelpulse/panelpulse/internal/app"
	"github.com/panelpulse/panelpulse/internal/clock"
	"github.com/panelpulse/panelpulse/internal/config"
	"github.com/panelpulse/panelpulse/internal/fcm"
	"github.com/panelpulse/panelpulse/internal/pgtest"
	"github.com/panelpulse/panelpulse/internal/store"
)

// refusingSender stands in for FCM in processes that never send.
type refusingSender struct{}

func (refusingSender) Send(context.Context, []fcm.Message) ([]fcm.Result, error) {
	return nil, errors.New("this process sends nothing")
}

// TestWorkersFollowRoles builds processes of each role from one bundle and
// checks that App.Workers holds exactly the loops switched on, and that
// each ends when its context does.
func TestWorkersFollowRoles(t *testing.T) {
	t.Parallel()
	st := store.New(pgtest.NewDB(t))
	clk := clock.NewFake(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	for _, c := range []struct {
		roles app.Roles
		want  []string
	}{
		{app.Roles{}, nil},
		{app.Roles{Planner: true, Dispatcher: true}, []string{"planner", "rollup", "dispatcher"}},
		{app.Roles{Dispatcher: true, Simulate: true}, []string{"dispatcher", "simulator"}},
	} {
		a, err := app.New(app.Deps{Store: st, Clock: clk, Log: slog.New(slog.DiscardHandler), Sender: refusingSender{},
			Tuning: config.Tuning{PushWorkers: 2}, Roles: c.roles})
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, w := range a.Workers {
			names = append(names, w.Name)
		}
		if !slices.Equal(names, c.want) {
			t.Fatalf("roles %+v built workers %v, want %v", c.roles, names, c.want)
		}
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		for _, w := range a.Workers {
			if w.Name == "simulator" {
				continue // it needs the demo tenant, loaded in the demo tests
			}
			if err := w.Run(ctx); err != nil && !errors.Is(err, context.Canceled) {
				t.Fatalf("%s on an ended context: %v, want it to stop", w.Name, err)
			}
		}
	}
}

// TestNewRefusesMissingBundle checks that a process is not built without
// its store, clock, logger or sender.
func TestNewRefusesMissingBundle(t *testing.T) {
	t.Parallel()
	if _, err := app.New(app.Deps{Clock: clock.NewFake(time.Time{}), Log: slog.New(slog.DiscardHandler), Sender: refusingSender{}}); err == nil {
		t.Fatal("app.New without a store succeeded")
	}
}
