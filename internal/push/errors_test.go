package push_test

import (
	"net"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/panelpulse/panelpulse/internal/fakefcm"
	"github.com/panelpulse/panelpulse/internal/push"
	"github.com/panelpulse/panelpulse/internal/push/pushtest"
)

// TestTransientErrorsAreRescheduled sends through the real SDK to a fake
// that answers each retryable class: the push goes back to the queue with
// its reason, due no sooner than Retry-After, and is sent once FCM recovers.
func TestTransientErrorsAreRescheduled(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		fault   fakefcm.Fault
		network bool
		reason  string
		minWait time.Duration
	}{
		{name: "429 with Retry-After", fault: fakefcm.Fault{Kind: fakefcm.QuotaExceeded, RetryAfter: 30 * time.Second}, reason: "QUOTA_EXCEEDED", minWait: 30 * time.Second},
		{name: "500", fault: fakefcm.Fault{Kind: fakefcm.Internal}, reason: "INTERNAL"},
		{name: "503 every time", fault: fakefcm.Fault{Kind: fakefcm.Unavailable}, reason: "UNAVAILABLE"},
		{name: "network", network: true, reason: "network"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, 1, 1, push.Config{})
			d := e.disp
			if c.network {
				ln, err := net.Listen("tcp", "127.0.0.1:0")
				if err != nil {
					t.Fatal(err)
				}
				addr := ln.Addr().String()
				ln.Close() // nothing listens there: connection refused
				d = e.dispatcher("http://"+addr+"/v1", push.Config{})
			} else {
				e.fake.FailAll(c.fault)
			}
			start := e.clock.Now()
			if n := e.tick(d); n != 1 {
				t.Fatalf("claimed %d, want 1", n)
			}
			p := e.push(1)
			if p.Status != "queued" || p.LastError != c.reason || p.Attempts != 1 || p.LeaseUntil != nil {
				t.Fatalf("push after %s: status %q reason %q attempts %d lease %v; want queued, %q, 1, no lease", c.name, p.Status, p.LastError, p.Attempts, p.LeaseUntil, c.reason)
			}
			wait := p.DueAt.Sub(start)
			if wait < c.minWait || wait > c.minWait+time.Second {
				t.Fatalf("rescheduled %v later, want between %v and %v (backoff with jitter, at least Retry-After)", wait, c.minWait, c.minWait+time.Second)
			}
			if n := e.tick(e.disp); n != 0 {
				t.Fatalf("claimed %d before the retry is due, want 0", n)
			}
			e.fake.ClearFaults()
			e.clock.Set(p.DueAt)
			if n := e.tick(e.disp); n != 1 || e.fake.Count() != 1 {
				t.Fatalf("when due: claimed %d, FCM accepted %d; want 1 and 1", n, e.fake.Count())
			}
			if p := e.push(1); p.Status != "sent" || p.Attempts != 2 || p.LastError != "" {
				t.Fatalf("push is %q on attempt %d (%q), want sent on attempt 2", p.Status, p.Attempts, p.LastError)
			}
		})
	}
}

// TestOneUnavailableIsRetriedBySDK: a single 503 is retried by the
// Firebase SDK itself and the push goes out in the same Tick.
func TestOneUnavailableIsRetriedBySDK(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 1, 1, push.Config{})
	e.fake.FailAll(fakefcm.Fault{Kind: fakefcm.Unavailable, Times: 1})
	e.tick(e.disp)
	if p := e.push(1); p.Status != "sent" || e.fake.Requests() != 2 {
		t.Fatalf("push %q after %d requests, want sent after 2", p.Status, e.fake.Requests())
	}
}

// TestKeepsFailingEndsFailed: a push FCM keeps refusing with 500 fails
// with its reason after MaxAttempts tries; a permanent error fails at once.
func TestKeepsFailingEndsFailed(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 2, 1, push.Config{MaxAttempts: 3})
	e.fake.FailToken(pushtest.Token(1, 0), fakefcm.Fault{Kind: fakefcm.Internal})
	e.fake.FailToken(pushtest.Token(2, 0), fakefcm.Fault{Kind: fakefcm.ThirdPartyAuthError})
	for try := 1; try <= 3; try++ {
		e.tick(e.disp)
		e.clock.Advance(10 * time.Minute)
	}
	if p := e.push(1); p.Status != "failed" || p.Attempts != 3 || p.LastError != "gave up after 3 attempts: INTERNAL" {
		t.Fatalf("push 1 is %q after %d attempts (%q), want failed after 3 with INTERNAL", p.Status, p.Attempts, p.LastError)
	}
	p2 := e.push(2)
	if p2.Status != "failed" || p2.Attempts != 1 || p2.LastError != "THIRD_PARTY_AUTH_ERROR" {
		t.Fatalf("push 2 is %q after %d attempts (%q), want failed at once with THIRD_PARTY_AUTH_ERROR", p2.Status, p2.Attempts, p2.LastError)
	}
	if _, toks := e.panellist(p2); len(toks) != 1 {
		t.Fatalf("a third-party auth error removed the token: %v", toks)
	}
	if n := e.fake.Requests(); n != 4 {
		t.Fatalf("FCM got %d requests, want 4 (3 tries and 1)", n)
	}
}

// TestDeadTokensArePruned: tokens FCM reports UNREGISTERED, invalid or
// with a sender mismatch are deleted; a panellist left with none is marked
// unreachable and their push fails; one with a working device is served.
func TestDeadTokensArePruned(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 4, 2, push.Config{})
	e.fake.FailToken(pushtest.Token(1, 0), fakefcm.Fault{Kind: fakefcm.Unregistered})
	e.fake.FailToken(pushtest.Token(1, 1), fakefcm.Fault{Kind: fakefcm.Unregistered})
	e.fake.FailToken(pushtest.Token(2, 0), fakefcm.Fault{Kind: fakefcm.SenderIDMismatch})
	e.fake.FailToken(pushtest.Token(3, 0), fakefcm.Fault{Kind: fakefcm.InvalidArgument})
	e.fake.FailToken(pushtest.Token(3, 1), fakefcm.Fault{Kind: fakefcm.SenderIDMismatch})
	if n := e.tick(e.disp); n != 4 {
		t.Fatalf("claimed %d, want 4", n)
	}
	cases := []struct {
		i           int
		status      string
		reason      string
		tokens      []string
		unreachable bool
	}{
		{1, "failed", "UNREGISTERED,UNREGISTERED", nil, true},
		{2, "sent", "", []string{pushtest.Token(2, 1)}, false},
		{3, "failed", "INVALID_ARGUMENT,SENDER_ID_MISMATCH", nil, true},
		{4, "sent", "", []string{pushtest.Token(4, 0), pushtest.Token(4, 1)}, false},
	}
	for _, c := range cases {
		p := e.push(c.i)
		pl, toks := e.panellist(p)
		if p.Status != c.status || p.LastError != c.reason || !slices.Equal(toks, c.tokens) || pl.Unreachable != c.unreachable {
			t.Errorf("panellist %d: push %q (%q), tokens %v, unreachable %v; want %q (%q), %v, %v",
				c.i, p.Status, p.LastError, toks, pl.Unreachable, c.status, c.reason, c.tokens, c.unreachable)
		}
	}
	e.fake.ClearFaults()
	e.clock.Advance(time.Hour)
	if n := e.tick(e.disp); n != 0 {
		t.Fatalf("claimed %d after pruning, want 0: failed pushes are final", n)
	}
	if p := e.push(1); !strings.Contains(p.LastError, "UNREGISTERED") {
		t.Fatalf("reason lost: %q", p.LastError)
	}
}
