package app_test

import (
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/panelpulse/panelpulse/internal/tenant"
)

// TestFirebaseWebConfigServed: the app reads its programme's Firebase web
// configuration without a session: 404 until it is set (the app then
// checks for questions when opened), the JSON once set, and a
// configuration missing a field the SDK needs is refused.
func TestFirebaseWebConfigServed(t *testing.T) {
	t.Parallel()
	h := newHarness(t, time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC))
	p := h.programme("fb")
	h.programme("fb-other")
	get := func(slug string) (int, string) {
		t.Helper()
		res, err := http.Get(h.url + tenant.FirebaseWebConfigPath + "?tenant=" + slug)
		must(t, err)
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		must(t, err)
		return res.StatusCode, string(b)
	}
	if code, _ := get("fb"); code != http.StatusNotFound {
		t.Fatalf("before it is set: %d, want 404", code)
	}
	if err := tenant.SetFirebaseWebConfig(h.ctx, h.st, p.id, []byte(`{"apiKey": "k", "projectId": "p"}`)); err == nil {
		t.Fatal("a configuration without appId and messagingSenderId was stored")
	}
	cfg := `{"apiKey": "k", "appId": "1:2:web:3", "projectId": "panel-fb", "messagingSenderId": "2"}`
	must(t, tenant.SetFirebaseWebConfig(h.ctx, h.st, p.id, []byte(cfg)))
	code, body := get("fb")
	var got map[string]string
	if code != http.StatusOK || json.Unmarshal([]byte(body), &got) != nil || got["projectId"] != "panel-fb" || got["appId"] != "1:2:web:3" || len(got) != 4 {
		t.Fatalf("once set: %d %s, want the configuration stored", code, body)
	}
	for _, slug := range []string{"fb-other", "nobody"} {
		if code, _ := get(slug); code != http.StatusNotFound {
			t.Errorf("programme %q: %d, want 404", slug, code)
		}
	}
}
