package fakefcm

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/panelpulse/panelpulse/internal/clock"
)

// post sends body to the fake's send endpoint and returns status, headers
// and the decoded reply.
// serve serves s over HTTP until the test ends and returns its URL.
func serve(tb testing.TB, s *Server) string {
	ts := httptest.NewServer(s)
	tb.Cleanup(ts.Close)
	return ts.URL
}

func post(t *testing.T, url, body string) (int, http.Header, map[string]any) {
	t.Helper()
	resp, err := http.Post(url+"/v1/projects/demo/messages:send", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatalf("post: %v", err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read reply: %v", err)
	}
	var got map[string]any
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatalf("reply %q is not JSON: %v", raw, err)
	}
	return resp.StatusCode, resp.Header, got
}

// errorCode digs the FcmError errorCode out of an error reply.
func errorCode(reply map[string]any) string {
	e, _ := reply["error"].(map[string]any)
	details, _ := e["details"].([]any)
	for _, d := range details {
		m, _ := d.(map[string]any)
		if m["@type"] == "type.googleapis.com/google.firebase.fcm.v1.FcmError" {
			s, _ := m["errorCode"].(string)
			return s
		}
	}
	return ""
}

func TestAcceptsAndRecords(t *testing.T) {
	t.Parallel()
	var hooked []string
	var mu sync.Mutex
	s := New(WithOnMessage(func(m Message) {
		mu.Lock()
		defer mu.Unlock()
		hooked = append(hooked, m.Token)
	}))
	base := serve(t, s)

	body := `{"message":{"token":"tok-1","data":{"a":"1"},
		"android":{"priority":"high","ttl":"3600s","collapse_key":"day-1"},
		"apns":{"headers":{"apns-priority":"10","apns-expiration":"1700000000"},
		        "payload":{"aps":{"alert":{"title":"T","body":"B"},"sound":"default"}}},
		"fcm_options":{"analytics_label":"wave-1"}}}`
	code, _, reply := post(t, base, body)
	if code != http.StatusOK {
		t.Fatalf("status = %d, want 200; reply %v", code, reply)
	}
	name, _ := reply["name"].(string)
	if !strings.HasPrefix(name, "projects/demo/messages/") {
		t.Errorf("name = %q, want projects/demo/messages/ID", name)
	}
	if _, _, dry := post(t, base, `{"validate_only":true,"message":{"token":"tok-2"}}`); dry["name"] == nil {
		t.Errorf("dry run reply %v has no name", dry)
	}

	msgs := s.Messages()
	if len(msgs) != 1 || s.Count() != 1 || s.CountByToken("tok-1") != 1 || s.CountByToken("tok-2") != 0 {
		t.Fatalf("recorded %d messages, Count %d; want only tok-1 (dry runs are not recorded)", len(msgs), s.Count())
	}
	m := msgs[0]
	want := Message{Token: "tok-1", Data: map[string]string{"a": "1"},
		Android: &AndroidConfig{Priority: "high", TTL: "3600s", CollapseKey: "day-1"},
		APNS: &APNSConfig{Headers: map[string]string{"apns-priority": "10", "apns-expiration": "1700000000"},
			Payload: &APNSPayload{Aps: &Aps{Alert: &Alert{Title: "T", Body: "B"}, Sound: "default"}}},
		FCMOptions: &FCMOptions{AnalyticsLabel: "wave-1"}, Name: name, Project: "demo"}
	m.Received = time.Time{}
	if diff := cmp.Diff(want, m); diff != "" {
		t.Errorf("recorded message differs (-want +got):\n%s", diff)
	}
	mu.Lock()
	defer mu.Unlock()
	if diff := cmp.Diff([]string{"tok-1"}, hooked); diff != "" {
		t.Errorf("OnMessage calls differ (-want +got):\n%s", diff)
	}
}

func TestRejectsBadShapes(t *testing.T) {
	t.Parallel()
	s := New()
	base := serve(t, s)
	big := strings.Repeat("x", 5*1024)
	tests := map[string]string{
		"two targets":       `{"message":{"token":"a","topic":"news"}}`,
		"no target":         `{"message":{"data":{"a":"1"}}}`,
		"blank token":       `{"message":{"token":"  "}}`,
		"no message":        `{}`,
		"not JSON":          `{"message":`,
		"5 KB data":         `{"message":{"token":"a","data":{"k":"` + big + `"}}}`,
		"data not string":   `{"message":{"token":"a","data":{"k":1}}}`,
		"reserved data key": `{"message":{"token":"a","data":{"google.x":"1"}}}`,
		"bad priority":      `{"message":{"token":"a","android":{"priority":"urgent"}}}`,
		"bad ttl":           `{"message":{"token":"a","android":{"ttl":"1h"}}}`,
		"apns header int":   `{"message":{"token":"a","apns":{"headers":{"apns-priority":10}}}}`,
		"apns priority":     `{"message":{"token":"a","apns":{"headers":{"apns-priority":"7"}}}}`,
		"bad label":         `{"message":{"token":"a","fcm_options":{"analytics_label":"wave 1!"}}}`,
		"label too long":    `{"message":{"token":"a","fcm_options":{"analytics_label":"` + strings.Repeat("a", 51) + `"}}}`,
		"bad topic":         `{"message":{"topic":"a b"}}`,
	}
	for name, body := range tests {
		code, _, reply := post(t, base, body)
		if code != http.StatusBadRequest || errorCode(reply) != "INVALID_ARGUMENT" {
			t.Errorf("%s: got %d %v, want 400 INVALID_ARGUMENT", name, code, reply)
		}
	}
	if s.Count() != 0 {
		t.Errorf("Count = %d after only bad messages, want 0", s.Count())
	}
	if code, _, _ := post(t, base, `{"message":{"token":"a","data":{"k":"`+big[:4000]+`"}}}`); code != http.StatusOK {
		t.Errorf("4 KB data: status %d, want 200", code)
	}
}

func TestFaults(t *testing.T) {
	t.Parallel()
	s := New()
	base := serve(t, s)
	send := func(token string) (int, http.Header, string) {
		code, h, reply := post(t, base, `{"message":{"token":"`+token+`"}}`)
		return code, h, errorCode(reply)
	}

	s.FailToken("quota", Fault{Kind: QuotaExceeded, Times: 2, RetryAfter: 1500 * time.Millisecond})
	for i := 0; i < 2; i++ {
		code, h, ec := send("quota")
		if code != 429 || ec != "QUOTA_EXCEEDED" || h.Get("Retry-After") != "2" {
			t.Errorf("quota try %d: got %d %s Retry-After %q, want 429 QUOTA_EXCEEDED 2", i, code, ec, h.Get("Retry-After"))
		}
	}
	if code, _, _ := send("quota"); code != 200 {
		t.Errorf("quota after 2 faults: status %d, want 200", code)
	}

	kinds := map[FaultKind]struct {
		code int
		ec   string
	}{
		Unavailable: {503, "UNAVAILABLE"}, Internal: {500, "INTERNAL"}, Unregistered: {404, "UNREGISTERED"},
		InvalidArgument: {400, "INVALID_ARGUMENT"}, SenderIDMismatch: {403, "SENDER_ID_MISMATCH"},
		ThirdPartyAuthError: {401, "THIRD_PARTY_AUTH_ERROR"},
	}
	for k, want := range kinds {
		s.FailToken("t", Fault{Kind: k, Times: Always})
		for i := 0; i < 3; i++ {
			if code, _, ec := send("t"); code != want.code || ec != want.ec {
				t.Errorf("kind %d: got %d %s, want %d %s", k, code, ec, want.code, want.ec)
			}
		}
	}

	s.FailToken("t", Fault{Kind: SenderIDMismatch})
	s.FailAll(Fault{Kind: Unavailable, Times: 1})
	if code, _, ec := send("t"); code != 403 || ec != "SENDER_ID_MISMATCH" {
		t.Errorf("token fault should win over FailAll: got %d %s", code, ec)
	}
	if code, _, _ := send("other"); code != 503 {
		t.Errorf("FailAll: status %d, want 503", code)
	}
	if code, _, _ := send("other"); code != 200 {
		t.Errorf("after FailAll Times 1: status %d, want 200", code)
	}
	s.ClearFaults()
	if code, _, _ := send("t"); code != 200 {
		t.Errorf("after ClearFaults: status %d, want 200", code)
	}
}

func TestLatencyAndRouting(t *testing.T) {
	t.Parallel()
	clk := clock.NewFake(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	s := New(WithClock(clk), WithLatency(50*time.Millisecond))
	base := serve(t, s)
	answered := make(chan int, 1)
	go func() {
		resp, err := http.Post(base+"/v1/projects/demo/messages:send", "application/json", strings.NewReader(`{"message":{"token":"a"}}`))
		if err != nil {
			answered <- 0
			return
		}
		resp.Body.Close()
		answered <- resp.StatusCode
	}()
	if err := clk.BlockUntilWaiters(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
	clk.Advance(49 * time.Millisecond)
	select {
	case code := <-answered:
		t.Fatalf("answered (%d) 49 ms into a 50 ms latency", code)
	default:
	}
	clk.Advance(time.Millisecond)
	if code := <-answered; code != 200 {
		t.Fatalf("status %d, want 200", code)
	}
	if got := s.Messages(); len(got) != 1 || !got[0].Received.Equal(clk.Now()) {
		t.Errorf("received = %v, want the one message at the fake's clock %v", got, clk.Now())
	}
	s.SetLatency(0)
	for _, path := range []string{"/v1/projects//messages:send", "/v1/projects/a/b/messages:send", "/v2/x"} {
		resp, err := http.Post(base+path, "application/json", strings.NewReader(`{}`))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", path, resp.StatusCode)
		}
	}
	resp, err := http.Get(base + "/v1/projects/a/messages:send")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET: status %d, want 405", resp.StatusCode)
	}
}

func TestConcurrentAndCapacity(t *testing.T) {
	t.Parallel()
	s := New(WithoutRecording())
	srv, url, err := s.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	s.FailToken("capacity-7", Fault{Kind: Internal, Times: 1})
	// The one injected failure must surface as an error.
	if _, err := MeasureCapacity(context.Background(), url, 20, 4); err == nil {
		t.Error("MeasureCapacity hid an injected 500")
	}
	s.Reset()
	rate, err := MeasureCapacity(context.Background(), url, 2000, 16)
	if err != nil {
		t.Fatal(err)
	}
	if s.Count() != 2000 || len(s.Messages()) != 0 || rate <= 0 {
		t.Errorf("Count %d, recorded %d, rate %.0f; want 2000 counted, none recorded", s.Count(), len(s.Messages()), rate)
	}
}
