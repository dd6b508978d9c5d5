// Package web serves the observatory web page: one embedded HTML page whose
// script asks for an analyst API key (kept in the tab's sessionStorage only)
// and draws trend series read from the JSON export endpoint.
package web

import (
	_ "embed"
	"net/http"
)

//go:embed observatory.html
var page []byte

// Path is where the page is served.
const Path = "/observatory/"

// Handler serves the page.
func Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		h := w.Header()
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		_, _ = w.Write(page)
	})
}

// Routes returns the patterns to mount (server.Handlers.Extra).
func Routes() map[string]http.Handler {
	return map[string]http.Handler{"GET " + Path: Handler()}
}
