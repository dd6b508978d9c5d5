package app_test

import (
	"context"
	"testing"

	"connectrpc.com/connect"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/internal/apptest"
	"github.com/panelpulse/panelpulse/internal/sessioncache"
)

// TestWithdrawnSessionsStopAtOnceHereAndWithinTheTTLElsewhere: two API
// processes share one database, each caching the sessions it has checked.
// A panellist withdraws through process A: A refuses the session at once;
// process B, which checked it a moment before, may accept it until its
// cached entry expires (sessioncache.DefaultTTL on B's clock), and refuses
// it from then on.
func TestWithdrawnSessionsStopAtOnceHereAndWithinTheTTLElsewhere(t *testing.T) {
	t.Parallel()
	monday := scenarioMondays[0]
	h := newHarness(t, at(monday, 0, 7, 0))
	p := h.programme("sessions")
	people := h.panel(p, day(monday, 0), []string{"M1,28110,12", "M2,28220,60"})
	b := apptest.StartOn(t, h.st, at(monday, 0, 7, 0))
	ctx := h.ctx
	onA, onB := people["M1"], apptest.As(b, h.tokens["M1"]).Panellist
	today := func(c interface {
		GetToday(ctx context.Context, r *connect.Request[pb.GetTodayRequest]) (*connect.Response[pb.GetTodayResponse], error)
	}) error {
		_, err := c.GetToday(ctx, connect.NewRequest(&pb.GetTodayRequest{}))
		return err
	}
	must(t, today(onA))
	must(t, today(onB))

	must(t, call(onA.Withdraw(ctx, connect.NewRequest(&pb.WithdrawRequest{}))))
	wantCode(t, today(onA), connect.CodeUnauthenticated, "the withdrawing process, at once")
	if err := today(onB); err != nil {
		t.Fatalf("process B within the TTL: %v (the stated bound is the TTL; at once only where it was revoked)", err)
	}
	b.Clock.Advance(sessioncache.DefaultTTL)
	wantCode(t, today(onB), connect.CodeUnauthenticated, "process B once its cached entry expired")
	must(t, today(people["M2"]))
	must(t, today(apptest.As(b, h.tokens["M2"]).Panellist))
}

// TestSignedOutSessionStopsAtOnce: signing out on one phone ends that
// session in the process at once, though it was cached a moment before;
// the panellist's other session stays.
func TestSignedOutSessionStopsAtOnce(t *testing.T) {
	t.Parallel()
	monday := scenarioMondays[0]
	h := newHarness(t, at(monday, 0, 7, 0))
	p := h.programme("signout-cache")
	people := h.panel(p, day(monday, 0), []string{"M1,28110,12"})
	c := people["M1"]
	must(t, call(c.GetToday(h.ctx, connect.NewRequest(&pb.GetTodayRequest{}))))
	must(t, call(c.EndSession(h.ctx, connect.NewRequest(&pb.EndSessionRequest{}))))
	_, err := c.GetToday(h.ctx, connect.NewRequest(&pb.GetTodayRequest{}))
	wantCode(t, err, connect.CodeUnauthenticated, "a signed-out session")
}
