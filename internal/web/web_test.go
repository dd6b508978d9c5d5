package web_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/panelpulse/panelpulse/internal/web"
)

// TestPage serves the page with its security headers, and the script reads
// the JSON export with the key in a header, never in the URL.
func TestPage(t *testing.T) {
	t.Parallel()
	mux := http.NewServeMux()
	for p, h := range web.Routes() {
		mux.Handle(p, h)
	}
	srv := httptest.NewServer(mux)
	defer srv.Close()
	res, err := http.Get(srv.URL + web.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") ||
		res.Header.Get("Content-Security-Policy") == "" {
		t.Fatalf("GET %s: %d %v", web.Path, res.StatusCode, res.Header)
	}
	page := string(body)
	if !strings.Contains(page, `Authorization: "Bearer "`) || strings.Contains(page, "?key=") || !strings.Contains(page, "trend.json?") {
		t.Fatal("the page should call trend.json with the key in the Authorization header only")
	}
}
