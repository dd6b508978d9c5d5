package app_test

import (
	"testing"
	"time"

	"github.com/panelpulse/panelpulse/internal/fakefcm"
)

// TestReminderNeverBeforeFirstPush plans a day late, at 15:30 when the
// 09:00 delivery and the 15:00 reminder of every panellist are both due:
// the fake FCM must receive each panellist's first push strictly before
// that panellist's reminder, however the dispatcher's ticks fall, and a
// reminder whose first push never reached the phone is not sent at all.
func TestReminderNeverBeforeFirstPush(t *testing.T) {
	t.Parallel()
	late := time.Date(2026, 11, 23, 15, 30, 0, 0, london)
	h := newHarness(t, late)
	ctx := h.ctx
	p := h.programme("push-order")
	h.panel(p, "2026-11-23", []string{"M1,28110,12", "M2,28220,60", "M3,28990,3"})
	must(t, h.app.Planner.Tick(ctx))
	// M2's first push meets a quota error and is retried a minute later;
	// M3's fails for good.
	h.fcm.FailToken("tok-PM2", fakefcm.Fault{Kind: fakefcm.QuotaExceeded, RetryAfter: time.Minute})
	h.fcm.FailToken("tok-PM3", fakefcm.Fault{Kind: fakefcm.ThirdPartyAuthError})
	tick := func(at time.Time, want int, what string) {
		t.Helper()
		h.clock.Set(at)
		if n, err := h.app.Dispatcher.Tick(ctx); err != nil || n != want {
			t.Fatalf("%s: tick claimed %d pushes (err %v), want %d", what, n, err, want)
		}
	}
	// At 15:30 only the first pushes are claimed, though the reminders
	// have been due since 15:00.
	tick(late, 3, "15:30")
	for _, m := range h.fcm.Messages() {
		if m.Data["kind"] != "delivery" {
			t.Fatalf("the first tick sent a %q push to %s, want deliveries only", m.Data["kind"], m.Token)
		}
	}
	// At the same instant M1's reminder still waits (it never goes with
	// its first push), M2's waits for the retry, and M3's is claimed only
	// to be cancelled.
	tick(late, 1, "15:30 again")
	tick(late.Add(time.Second), 1, "15:30:01 (M1's reminder)")
	h.fcm.ClearFaults()
	tick(late.Add(time.Minute), 1, "15:31 (M2's retried first push)")
	tick(late.Add(time.Minute+time.Second), 1, "15:31:01 (M2's reminder)")
	tick(late.Add(time.Hour), 0, "16:30")

	first := map[string]time.Time{}
	reminded := map[string]time.Time{}
	for _, m := range h.fcm.Messages() {
		switch m.Data["kind"] {
		case "delivery":
			first[m.Token] = m.Received
		case "reminder":
			if _, ok := reminded[m.Token]; ok {
				t.Fatalf("%s got two reminders", m.Token)
			}
			reminded[m.Token] = m.Received
			f, ok := first[m.Token]
			if !ok || !f.Before(m.Received) {
				t.Fatalf("%s: reminder at %v, first push at %v (seen %v): want the first push strictly before", m.Token, m.Received, f, ok)
			}
		}
	}
	for _, tok := range []string{"tok-PM1", "tok-PM2"} {
		if _, ok := reminded[tok]; !ok {
			t.Fatalf("%s got no reminder: %v", tok, h.fcm.Messages())
		}
	}
	if _, ok := reminded["tok-PM3"]; ok {
		t.Fatalf("tok-PM3 got a reminder though its first push never reached it")
	}
	var status, reason string
	must(t, h.st.Pool.QueryRow(ctx, `SELECT p.status, p.last_error FROM push p JOIN panellist pl ON pl.tenant_id = p.tenant_id AND pl.id = p.panellist_id
		WHERE p.tenant_id = $1 AND pl.ref = 'PM3' AND p.kind = 'reminder'`, p.id).Scan(&status, &reason))
	if status != "cancelled" || reason != "the day's first push was not delivered" {
		t.Fatalf("PM3's reminder is %q (%s), want cancelled as its first push was not delivered", status, reason)
	}
}
