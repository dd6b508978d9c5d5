package fcm

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"firebase.google.com/go/v4/messaging"
	"github.com/google/go-cmp/cmp"

	"github.com/panelpulse/panelpulse/internal/clock"
	"github.com/panelpulse/panelpulse/internal/fakefcm"
)

// fixedNow is the clock tests give the client, so TTLs are exact.
var fixedNow = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// newTestClient starts a fake FCM over real HTTP and a Client pointed at it,
// on a fake clock at fixedNow unless cfg has a clock.
func newTestClient(t testing.TB, cfg Config, opts ...fakefcm.Option) (*Client, *fakefcm.Server) {
	t.Helper()
	fake := fakefcm.New(opts...)
	ts := httptest.NewServer(fake)
	t.Cleanup(ts.Close)
	cfg.ProjectID = "demo"
	cfg.Endpoint = ts.URL + "/v1"
	if cfg.Clock == nil {
		cfg.Clock = clock.NewFake(fixedNow)
	}
	c, err := NewClient(context.Background(), cfg)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	t.Cleanup(c.Close)
	return c, fake
}

func TestSendDelivered(t *testing.T) {
	t.Parallel()
	c, fake := newTestClient(t, Config{})
	expiry := fixedNow.Add(2 * time.Hour)
	msgs := []Message{
		{Token: "tok-a", Title: "Today's questions", Body: "Two questions, one minute",
			Data: map[string]string{"assignment_id": "42", "link": "panelpulse://a/42"}, CollapseKey: "p7-2026-03-02",
			Expiry: expiry, AnalyticsLabel: "wave 3/spring"},
		{Token: "tok-b", Data: map[string]string{"assignment_id": "43"}},
	}
	results, err := c.Send(context.Background(), msgs)
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	for i, r := range results {
		if r.Outcome != Delivered || !strings.HasPrefix(r.MessageID, "projects/demo/messages/") || r.Token != msgs[i].Token || r.Attempts != 1 {
			t.Errorf("result %d = %+v, want Delivered with a message id after 1 attempt", i, r)
		}
	}
	got := fake.Messages()
	if len(got) != 2 {
		t.Fatalf("fake recorded %d messages, want 2", len(got))
	}
	byToken := map[string]fakefcm.Message{}
	for _, m := range got {
		m.Name, m.Received = "", time.Time{}
		byToken[m.Token] = m
	}
	wantA := fakefcm.Message{
		Project: "demo", Token: "tok-a", Data: msgs[0].Data,
		Notification: &fakefcm.Notification{Title: msgs[0].Title, Body: msgs[0].Body},
		Android: &fakefcm.AndroidConfig{Priority: "high", TTL: "7200s", CollapseKey: "p7-2026-03-02",
			Notification: &fakefcm.AndroidNotification{Tag: "p7-2026-03-02"}},
		APNS: &fakefcm.APNSConfig{
			Headers: map[string]string{"apns-priority": "10", "apns-push-type": "alert",
				"apns-expiration": strconv.FormatInt(expiry.Unix(), 10), "apns-collapse-id": "p7-2026-03-02"},
			Payload: &fakefcm.APNSPayload{Aps: &fakefcm.Aps{Alert: &fakefcm.Alert{Title: msgs[0].Title, Body: msgs[0].Body}, Sound: "default"}},
		},
		FCMOptions: &fakefcm.FCMOptions{AnalyticsLabel: "wave_3_spring"},
	}
	if diff := cmp.Diff(wantA, byToken["tok-a"]); diff != "" {
		t.Errorf("visible push as FCM saw it differs (-want +got):\n%s", diff)
	}
	wantB := fakefcm.Message{
		Project: "demo", Token: "tok-b", Data: msgs[1].Data,
		Android: &fakefcm.AndroidConfig{Priority: "high"},
		APNS: &fakefcm.APNSConfig{
			Headers: map[string]string{"apns-priority": "5", "apns-push-type": "background"},
			Payload: &fakefcm.APNSPayload{Aps: &fakefcm.Aps{ContentAvailable: 1}},
		},
	}
	if diff := cmp.Diff(wantB, byToken["tok-b"]); diff != "" {
		t.Errorf("data-only push as FCM saw it differs (-want +got):\n%s", diff)
	}
}

func TestSendSplitsBatches(t *testing.T) {
	t.Parallel()
	c, fake := newTestClient(t, Config{}, fakefcm.WithoutRecording())
	var mu sync.Mutex
	var sizes []int
	c.sendEach = func(ctx context.Context, ms []*messaging.Message) (*messaging.BatchResponse, error) {
		mu.Lock()
		sizes = append(sizes, len(ms))
		mu.Unlock()
		return c.msg.SendEach(ctx, ms)
	}
	msgs := make([]Message, 1201)
	for i := range msgs {
		msgs[i] = Message{Token: "tok-" + strconv.Itoa(i), Title: "t"}
	}
	results, err := c.Send(context.Background(), msgs)
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	for i, r := range results {
		if r.Outcome != Delivered || r.Token != msgs[i].Token {
			t.Fatalf("result %d = %+v, want Delivered for %s", i, r, msgs[i].Token)
		}
	}
	if diff := cmp.Diff([]int{500, 500, 201}, sizes); diff != "" {
		t.Errorf("SendEach batch sizes differ (-want +got):\n%s", diff)
	}
	if fake.Count() != 1201 || fake.CountByToken("tok-1200") != 1 {
		t.Errorf("fake accepted %d messages, want 1201 with one for tok-1200", fake.Count())
	}
}

func TestSendRefusesInvalidAndExpired(t *testing.T) {
	t.Parallel()
	c, fake := newTestClient(t, Config{})
	msgs := []Message{
		{Token: "big", Data: map[string]string{"k": strings.Repeat("x", 5*1024)}},
		{Token: ""},
		{Token: "reserved", Data: map[string]string{"google.sent_time": "1"}},
		{Token: "long-key", CollapseKey: strings.Repeat("k", 65)},
		{Token: "expired", Title: "t", Expiry: fixedNow.Add(-time.Minute)},
		{Token: "ok", Title: "t", Expiry: fixedNow.Add(time.Minute)},
	}
	results, err := c.Send(context.Background(), msgs)
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	var got []string
	for _, r := range results {
		got = append(got, r.Outcome.String()+":"+r.Reason)
	}
	want := []string{"failed:invalid_message", "failed:invalid_message", "failed:invalid_message",
		"failed:invalid_message", "failed:expired", "delivered:"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("outcomes differ (-want +got):\n%s", diff)
	}
	if fake.Requests() != 1 {
		t.Errorf("fake saw %d requests, want only the valid message", fake.Requests())
	}
}

func TestRateLimiterBoundsRate(t *testing.T) {
	t.Parallel()
	// 1200 a minute is 20 a second with a burst of 20: one batch of 60
	// messages waits until the limiter has given all 60, two seconds of
	// clock time, and nothing goes out before. The clock is fake, so the
	// test moves it and looks.
	clk := clock.NewFake(fixedNow)
	c, fake := newTestClient(t, Config{RatePerMinute: 1200, Clock: clk})
	if c.burst != 20 {
		t.Fatalf("burst = %d, want 20", c.burst)
	}
	msgs := make([]Message, 60)
	for i := range msgs {
		msgs[i] = Message{Token: "tok-" + strconv.Itoa(i), Title: "t"}
	}
	ctx := context.Background()
	done := make(chan error, 1)
	go func() {
		_, err := c.Send(ctx, msgs)
		done <- err
	}()
	for second := range 2 {
		// The sender waits on the clock for the next 20 tokens.
		if err := clk.BlockUntilWaiters(ctx, 1); err != nil {
			t.Fatal(err)
		}
		clk.Advance(999 * time.Millisecond)
		if got := fake.Count(); got != 0 {
			t.Fatalf("%d.999 s into the batch the fake accepted %d, want none before the limiter gave all 60", second, got)
		}
		clk.Advance(time.Millisecond)
	}
	if err := <-done; err != nil {
		t.Fatalf("Send: %v", err)
	}
	if fake.Count() != 60 {
		t.Errorf("fake accepted %d, want 60", fake.Count())
	}
	if tokens := c.limiter.TokensAt(clk.Now()); tokens > 0.5 {
		t.Errorf("limiter has %.1f tokens left right after the burst, want it drained", tokens)
	}

	// A context that ends while waiting stops Send and marks the rest Retry;
	// the tokens it had reserved go back.
	wctx, cancel := context.WithCancel(ctx)
	type sent struct {
		results []Result
		err     error
	}
	out := make(chan sent, 1)
	go func() {
		r, err := c.Send(wctx, msgs)
		out <- sent{r, err}
	}()
	if err := clk.BlockUntilWaiters(ctx, 1); err != nil {
		t.Fatal(err)
	}
	cancel()
	res := <-out
	if res.err == nil {
		t.Fatal("Send whose context ended while the limiter was empty returned no error")
	}
	if last := res.results[len(res.results)-1]; last.Outcome != Retry {
		t.Errorf("unsent message = %+v, want Retry", last)
	}
	if fake.Count() != 60 {
		t.Errorf("fake accepted %d after the cancelled Send, want still 60", fake.Count())
	}
}

func TestNoLimiterWhenUnlimited(t *testing.T) {
	t.Parallel()
	c, _ := newTestClient(t, Config{RatePerMinute: 0})
	if c.limiter != nil {
		t.Error("RatePerMinute 0 should mean no limiter")
	}
	d, _ := newTestClient(t, Config{RatePerMinute: DefaultRatePerMinute})
	if d.burst != MaxBatch {
		t.Errorf("default rate burst = %d, want %d", d.burst, MaxBatch)
	}
}

func TestTunedTransportReusesConnections(t *testing.T) {
	t.Parallel()
	// SendEach runs 50 requests at a time. With Go's default of two idle
	// connections per host most would be closed and redialled; the tuned
	// pool keeps them, so a few batches need about 50 connections in all.
	ts := httptest.NewUnstartedServer(fakefcm.New(fakefcm.WithoutRecording()))
	var mu sync.Mutex
	dialled := 0
	ts.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			mu.Lock()
			dialled++
			mu.Unlock()
		}
	}
	ts.Start()
	defer ts.Close()
	c, err := NewClient(context.Background(), Config{ProjectID: "demo", Endpoint: ts.URL + "/v1", Clock: clock.NewFake(fixedNow)})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	msgs := make([]Message, 1500)
	for i := range msgs {
		msgs[i] = Message{Token: "tok-" + strconv.Itoa(i), Title: "t"}
	}
	if _, err := c.Send(context.Background(), msgs); err != nil {
		t.Fatalf("Send: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if dialled > 100 {
		t.Errorf("%d connections for 1500 messages, want at most 100 (the SDK must use our pooled client)", dialled)
	}
	t.Logf("%d connections for 1500 messages", dialled)
}
