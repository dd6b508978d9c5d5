package push_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/push"
	"github.com/panelpulse/panelpulse/internal/push/pushtest"
)

// TestDeliveryMessageShape checks one message per device with what the app
// and FCM need: high priority, TTL until close, the collapse key per
// panellist and day, APNs headers and alert, assignment ids, deep link and
// the wave's analytics label; and that a sent push is not sent again.
func TestDeliveryMessageShape(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 2, 2, push.Config{})
	if n := e.tick(e.disp); n != 2 {
		t.Fatalf("claimed %d pushes, want 2", n)
	}
	if e.fake.Count() != 4 {
		t.Fatalf("fake FCM got %d messages, want 4 (2 panellists x 2 devices)", e.fake.Count())
	}
	p := e.push(1)
	if p.Status != "sent" || p.DevicesSent != 2 || p.SentAt == nil || p.Attempts != 1 {
		t.Fatalf("push 1 = status %q devices %d sent_at %v attempts %d, want sent to 2 devices on attempt 1", p.Status, p.DevicesSent, p.SentAt, p.Attempts)
	}
	collapse := fmt.Sprintf("pp-%d-%s", p.PanellistID, p.Day.Format(time.DateOnly))
	var got int
	for _, m := range e.fake.Messages() {
		if m.Token != pushtest.Token(1, 0) && m.Token != pushtest.Token(1, 1) {
			continue
		}
		got++
		a := m.Android
		if a == nil || a.Priority != "high" || a.CollapseKey != collapse || a.Notification == nil || a.Notification.Tag != collapse {
			t.Fatalf("android config %+v, want high priority and collapse key/tag %q", a, collapse)
		}
		ttl, err := time.ParseDuration(a.TTL)
		if err != nil || ttl < 5*time.Hour || ttl > 6*time.Hour+time.Minute {
			t.Fatalf("android ttl %q, want about six hours (until the assignment closes)", a.TTL)
		}
		h := m.APNS.Headers
		if h["apns-collapse-id"] != collapse || h["apns-priority"] != "10" || h["apns-expiration"] != strconv.FormatInt(p.ExpiresAt.Unix(), 10) {
			t.Fatalf("apns headers %v, want collapse id %q, priority 10 and expiration %d", h, collapse, p.ExpiresAt.Unix())
		}
		if m.APNS.Payload == nil || m.APNS.Payload.Aps == nil || m.APNS.Payload.Aps.Alert == nil {
			t.Fatalf("apns payload lacks an alert: %+v", m.APNS.Payload)
		}
		wantIDs := strconv.FormatInt(p.AssignmentIds[0], 10)
		pid := strconv.FormatInt(p.ID, 10)
		if m.Data["assignment_ids"] != wantIDs || m.Data["push_id"] != pid || m.Data["link"] != "panelpulse://today?push="+pid || m.Data["kind"] != "delivery" {
			t.Fatalf("data %v, want assignment_ids %s, push_id and deep link for push %s", m.Data, wantIDs, pid)
		}
		if want := fmt.Sprintf("wave-%d", e.seed.WaveID); m.FCMOptions == nil || m.FCMOptions.AnalyticsLabel != want {
			t.Fatalf("fcm_options %+v, want analytics label %q", m.FCMOptions, want)
		}
	}
	if got != 2 {
		t.Fatalf("panellist 1's two devices got %d messages, want 2", got)
	}
	if n := e.tick(e.disp); n != 0 || e.fake.Count() != 4 {
		t.Fatalf("second Tick claimed %d and FCM count is %d, want 0 and still 4", n, e.fake.Count())
	}
}

// TestConcurrentTicksShareTheQueue runs eight Ticks at a time from two
// dispatchers until the queue is empty: every push goes out exactly once.
// (Should a slow machine make a send fail transiently, the push is retried
// later: the clock moves on until nothing is open.)
func TestConcurrentTicksShareTheQueue(t *testing.T) {
	t.Parallel()
	const n = 400
	e := newEnv(t, n, 1, push.Config{Batch: 25})
	other := e.dispatcher(e.url+"/v1", push.Config{Batch: 25})
	for round := 0; ; round++ {
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for w := range 8 {
			d := e.disp
			if w%2 == 1 {
				d = other
			}
			wg.Go(func() {
				for {
					k, err := d.Tick(e.ctx)
					if err != nil {
						errs <- err
						return
					}
					if k == 0 {
						return
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		open, err := e.st.Q.PushCountOpen(e.ctx)
		if err != nil {
			t.Fatal(err)
		}
		if open == 0 || round == 3 {
			break
		}
		e.clock.Advance(10 * time.Minute)
	}
	if d := pushtest.Check(e.fake, n); d.Missing != 0 || d.Duplicates != 0 {
		t.Fatalf("%d pushes missing and %d duplicated, want none", d.Missing, d.Duplicates)
	}
}

// TestCrashedClaimIsTakenOverAfterLease simulates dispatchers that claimed
// and died: nobody sends until the lease ends, then another dispatcher
// does; a late write under an expired claim's lease is fenced off while
// the live claim's write lands; and a push whose dispatchers keep dying
// fails after MaxAttempts claims.
func TestCrashedClaimIsTakenOverAfterLease(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 2, 1, push.Config{Lease: time.Minute, MaxAttempts: 5})
	claim := func() map[int64]dbsqlc.Push {
		t.Helper()
		now := e.clock.Now()
		rows, err := e.st.Q.PushClaimDue(e.ctx, dbsqlc.PushClaimDueParams{Now: now, LeaseUntil: now.Add(time.Minute), MaxPushes: 2})
		if err != nil || len(rows) != 2 {
			t.Fatalf("claim: %d pushes, %v; want 2", len(rows), err)
		}
		byID := map[int64]dbsqlc.Push{}
		for _, r := range rows {
			byID[r.ID] = r
		}
		return byID
	}
	p1 := e.push(1)
	first := claim()
	if n := e.tick(e.disp); n != 0 {
		t.Fatalf("claimed %d pushes under a live lease, want 0", n)
	}
	e.clock.Advance(time.Minute + time.Second)
	second := claim() // the first claimant is presumed dead
	finish := func(lease time.Time) {
		t.Helper()
		err := e.st.Q.PushFinishMany(e.ctx, dbsqlc.PushFinishManyParams{Tenants: []int64{p1.TenantID}, Ids: []int64{p1.ID},
			LeaseUntil: lease, Statuses: []string{"failed"}, LastErrors: []string{"late"}})
		if err != nil {
			t.Fatal(err)
		}
	}
	finish(*first[p1.ID].LeaseUntil)
	if p := e.push(1); p.Status != "sending" || p.Attempts != 2 {
		t.Fatalf("a write under the expired lease changed the push to %q (attempt %d), want it still sending on attempt 2", p.Status, p.Attempts)
	}
	finish(*second[p1.ID].LeaseUntil)
	if p := e.push(1); p.Status != "failed" || p.LastError != "late" {
		t.Fatalf("the live claim's write left the push %q (%q), want failed (late)", p.Status, p.LastError)
	}
	e.clock.Advance(time.Minute + time.Second)
	if n := e.tick(e.disp); n != 1 || e.fake.Count() != 1 || e.fake.CountByToken(pushtest.Token(2, 0)) != 1 {
		t.Fatalf("after the second lease: claimed %d, FCM got %d; want push 2 taken over and sent once", n, e.fake.Count())
	}
	if p := e.push(2); p.Status != "sent" || p.Attempts != 3 {
		t.Fatalf("push 2 is %q on attempt %d, want sent on attempt 3", p.Status, p.Attempts)
	}

	// A push claimed by dispatchers that die every time gives up.
	f := newEnv(t, 1, 1, push.Config{Lease: time.Minute, MaxAttempts: 2})
	for range 2 {
		now := f.clock.Now()
		if _, err := f.st.Q.PushClaimDue(f.ctx, dbsqlc.PushClaimDueParams{Now: now, LeaseUntil: now.Add(time.Minute), MaxPushes: 1}); err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(time.Minute + time.Second)
	}
	if n := f.tick(f.disp); n != 1 || f.fake.Count() != 0 {
		t.Fatalf("third claim: claimed %d, FCM got %d; want 1 and 0", n, f.fake.Count())
	}
	if p := f.push(1); p.Status != "failed" || !strings.HasPrefix(p.LastError, "gave up after 2 claims") {
		t.Fatalf("push is %q (%q), want failed after 2 claims", p.Status, p.LastError)
	}
}

// TestExpiredPushIsCancelled checks a push whose assignments closed
// while no dispatcher ran is not sent.
func TestExpiredPushIsCancelled(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 1, 1, push.Config{})
	e.clock.Advance(7 * time.Hour)
	if n := e.tick(e.disp); n != 1 || e.fake.Requests() != 0 {
		t.Fatalf("claimed %d, FCM got %d requests; want 1 and 0", n, e.fake.Requests())
	}
	if p := e.push(1); p.Status != "cancelled" || !strings.Contains(p.LastError, "expired") {
		t.Fatalf("push is %q (%q), want cancelled as expired", p.Status, p.LastError)
	}
}

// TestShutdownMidSendRequeues stops a dispatcher while FCM is slow to
// answer: the interrupted pushes go straight back to the queue instead of
// staying claimed until the lease ends.
func TestShutdownMidSendRequeues(t *testing.T) {
	t.Parallel()
	const n = 20
	e := newEnv(t, n, 1, push.Config{Batch: n})
	e.fake.SetLatency(2 * time.Second)
	ctx, cancel := context.WithCancel(e.ctx)
	done := make(chan error, 1)
	go func() { done <- e.disp.Run(ctx, time.Second) }()
	for e.fake.Requests() < n {
		time.Sleep(5 * time.Millisecond)
	}
	start := time.Now()
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	t.Logf("Run returned %v after cancel", time.Since(start))
	for i := 1; i <= n; i++ {
		if p := e.push(i); p.Status != "queued" || p.LeaseUntil != nil || p.LastError != "canceled" {
			t.Fatalf("push %d after shutdown: %q lease %v (%q), want queued without lease (canceled)", i, p.Status, p.LeaseUntil, p.LastError)
		}
	}
}
