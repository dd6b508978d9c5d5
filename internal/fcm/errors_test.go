package fcm

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"

	"firebase.google.com/go/v4/messaging"

	"github.com/panelpulse/panelpulse/internal/clock"
	"github.com/panelpulse/panelpulse/internal/fakefcm"
)

func TestSendClassifiesErrors(t *testing.T) {
	t.Parallel()
	c, fake := newTestClient(t, Config{})
	faults := map[string]fakefcm.Fault{
		"quota":        {Kind: fakefcm.QuotaExceeded, RetryAfter: 3 * time.Second},
		"unavailable":  {Kind: fakefcm.Unavailable}, // the SDK retries it 4 times (~7 s)
		"internal":     {Kind: fakefcm.Internal},
		"unregistered": {Kind: fakefcm.Unregistered},
		"invalid":      {Kind: fakefcm.InvalidArgument},
		"mismatch":     {Kind: fakefcm.SenderIDMismatch},
		"apns-auth":    {Kind: fakefcm.ThirdPartyAuthError},
	}
	want := map[string]Result{
		"quota":        {Outcome: Retry, Reason: "QUOTA_EXCEEDED", RetryAfter: 3 * time.Second},
		"unavailable":  {Outcome: Retry, Reason: "UNAVAILABLE", SDKRetried: true},
		"internal":     {Outcome: Retry, Reason: "INTERNAL"},
		"unregistered": {Outcome: TokenInvalid, Reason: "UNREGISTERED"},
		"invalid":      {Outcome: TokenInvalid, Reason: "INVALID_ARGUMENT"},
		"mismatch":     {Outcome: TokenInvalid, Reason: "SENDER_ID_MISMATCH"},
		"apns-auth":    {Outcome: Failed, Reason: "THIRD_PARTY_AUTH_ERROR"},
		"fine":         {Outcome: Delivered},
	}
	var msgs []Message
	for token, f := range faults {
		f.Times = fakefcm.Always
		fake.FailToken(token, f)
		msgs = append(msgs, Message{Token: token, Title: "t"})
	}
	msgs = append(msgs, Message{Token: "fine", Title: "t"})

	results, err := c.Send(context.Background(), msgs)
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	for _, r := range results {
		w := want[r.Token]
		if r.Outcome != w.Outcome || r.Reason != w.Reason || r.RetryAfter != w.RetryAfter || r.SDKRetried != w.SDKRetried {
			t.Errorf("%s: got %v %q RetryAfter %v SDKRetried %v (err %v); want %v %q %v %v",
				r.Token, r.Outcome, r.Reason, r.RetryAfter, r.SDKRetried, r.Err, w.Outcome, w.Reason, w.RetryAfter, w.SDKRetried)
		}
		if (r.Outcome == Delivered) != (r.Err == nil) {
			t.Errorf("%s: Err = %v with outcome %v", r.Token, r.Err, r.Outcome)
		}
	}
	// The SDK made five requests for the 503 and one for the others.
	if got := fake.Requests(); got != len(msgs)+4 {
		t.Errorf("fake saw %d requests, want %d (503 retried 4 times by the SDK)", got, len(msgs)+4)
	}
}

func TestInvalidPayloadKeepsToken(t *testing.T) {
	t.Parallel()
	c, _ := newTestClient(t, Config{})
	// The SDK does not check reserved data keys, so FCM (the fake) rejects
	// this with INVALID_ARGUMENT about the payload: not the token's fault.
	_, err := c.msg.Send(context.Background(), &messaging.Message{Token: "t", Data: map[string]string{"google.x": "1"}})
	if r := Classify(err, fixedNow); r.Outcome != Failed || r.Reason != "INVALID_ARGUMENT" {
		t.Errorf("Classify(%v) = %v %q, want Failed INVALID_ARGUMENT", err, r.Outcome, r.Reason)
	}
}

func TestSDKAbsorbsOne503(t *testing.T) {
	t.Parallel()
	c, fake := newTestClient(t, Config{})
	fake.FailToken("t", fakefcm.Fault{Kind: fakefcm.Unavailable, Times: 1})
	results, err := c.Send(context.Background(), []Message{{Token: "t", Title: "x"}})
	if err != nil || results[0].Outcome != Delivered || results[0].Attempts != 1 {
		t.Fatalf("Send = %+v, %v; want Delivered in one Send attempt", results, err)
	}
	if fake.Requests() != 2 {
		t.Errorf("fake saw %d requests, want 2 (the SDK's own retry)", fake.Requests())
	}
}

func TestSendRetriesInCall(t *testing.T) {
	t.Parallel()
	c, fake := newTestClient(t, Config{MaxAttempts: 3, MaxRetryWait: 5 * time.Second})
	fake.FailToken("twice", fakefcm.Fault{Kind: fakefcm.QuotaExceeded, Times: 2})
	fake.FailToken("slow", fakefcm.Fault{Kind: fakefcm.QuotaExceeded, RetryAfter: time.Minute})
	fake.FailToken("dead", fakefcm.Fault{Kind: fakefcm.Unregistered})
	results, err := sendOnFakeTime(c, []Message{{Token: "twice", Title: "x"}, {Token: "slow", Title: "x"}, {Token: "dead", Title: "x"}}, 5*time.Second)
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	if r := results[0]; r.Outcome != Delivered || r.Attempts != 3 {
		t.Errorf("twice: %v after %d attempts, want Delivered after 3", r.Outcome, r.Attempts)
	}
	if r := results[1]; r.Outcome != Retry || r.Attempts != 1 || r.RetryAfter != time.Minute {
		t.Errorf("slow: %v after %d attempts, RetryAfter %v; want Retry after 1 (1m exceeds MaxRetryWait)", r.Outcome, r.Attempts, r.RetryAfter)
	}
	if r := results[2]; r.Outcome != TokenInvalid || r.Attempts != 1 {
		t.Errorf("dead: %v after %d attempts, want TokenInvalid after 1", r.Outcome, r.Attempts)
	}
}

// sendOnFakeTime runs Send and moves the client's fake clock by step
// whenever Send waits on it (a retry's backoff, the rate limit), until Send
// returns.
func sendOnFakeTime(c *Client, msgs []Message, step time.Duration) ([]Result, error) {
	clk := c.clock.(*clock.Fake)
	sent, stop := context.WithCancel(context.Background())
	var results []Result
	var err error
	go func() {
		results, err = c.Send(context.Background(), msgs)
		stop()
	}()
	for clk.BlockUntilWaiters(sent, 1) == nil {
		clk.Advance(step)
	}
	<-sent.Done()
	return results, err
}

func TestNetworkErrorIsRetry(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now: connection refused
	c, err := NewClient(context.Background(), Config{ProjectID: "demo", Endpoint: "http://" + addr + "/v1", Clock: clock.NewFake(fixedNow)})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	results, err := c.Send(context.Background(), []Message{{Token: "t", Title: "x"}})
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	if r := results[0]; r.Outcome != Retry || r.Reason != "network" || !r.SDKRetried {
		t.Errorf("refused connection: %+v, want Retry network SDKRetried", r)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	results, err = c.Send(ctx, []Message{{Token: "t", Title: "x"}})
	if !errors.Is(err, context.Canceled) || results[0].Outcome != Retry {
		t.Errorf("cancelled Send = %+v, %v; want Retry and context.Canceled", results, err)
	}
}
