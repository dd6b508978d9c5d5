package app_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestOperationalEndpoints checks health, reflection and metrics on the
// API port, and that a malformed request is refused by the proto's rules.
func TestOperationalEndpoints(t *testing.T) {
	t.Parallel()
	h := newHarness(t, time.Date(2026, 11, 23, 9, 0, 0, 0, london))
	post := func(path, body string) (int, string) {
		t.Helper()
		res, err := http.Post(h.url+path, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	if code, body := post("/grpc.health.v1.Health/Check", `{}`); code != 200 || !strings.Contains(body, "SERVING") {
		t.Fatalf("health check: %d %s", code, body)
	}
	if code, body := post("/grpc.health.v1.Health/Check", `{"service":"panelpulse.v1.PanellistService"}`); code != 200 || !strings.Contains(body, "SERVING") {
		t.Fatalf("health check of PanellistService: %d %s", code, body)
	}
	// Enrol is public; the invite code's length rule is in the proto.
	code, body := post("/panelpulse.v1.PanellistService/Enrol", `{"tenant":"llr","inviteCode":"x","consentVersion":"1"}`)
	if code != 400 || !strings.Contains(body, "invalid_argument") || !strings.Contains(body, "invite_code") {
		t.Fatalf("short invite code: %d %s, want invalid_argument naming invite_code", code, body)
	}
	res, err := http.Get(h.url + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || !strings.Contains(string(b), `panelpulse_rpc_calls_total{code="invalid_argument",procedure="/panelpulse.v1.PanellistService/Enrol"} 1`) {
		t.Fatalf("metrics do not count the refused Enrol:\n%s", b)
	}
}
