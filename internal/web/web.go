// Package web serves the embedded web clients: the staff console at
// /console/, the panellist app at /app/ (its service worker at /app/sw.js,
// scoped to /app/) and their content-hashed files at /assets/. Hashed files
// are cached for a year as immutable; pages and the service worker are
// never cached. Every reply carries a Content-Security-Policy that allows
// only this origin's scripts, styles and API (and the Firebase services the
// app registers with for push), with no inline code. The old
// observatory page's address redirects to the console.
package web

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	webdist "github.com/panelpulse/panelpulse/web"
)

// Paths where the clients are served.
const (
	ConsolePath     = "/console/"
	AppPath         = "/app/"
	AssetsPath      = "/assets/"
	ObservatoryPath = "/observatory/"
)

// FirebaseHosts are the only other origins a page may call: the Firebase
// services the panellist app registers with for web push (installations
// and FCM registrations), when the programme has a Firebase web
// configuration. No script, style or image comes from another origin.
const FirebaseHosts = "https://firebaseinstallations.googleapis.com https://fcmregistrations.googleapis.com"

// CSP is the Content-Security-Policy of every page: nothing inline, nothing
// from another origin but the calls to FirebaseHosts.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; " +
	"connect-src 'self' " + FirebaseHosts + "; manifest-src 'self'; worker-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// file is one embedded file, with its gzip form when that is smaller.
type file struct {
	body, gz    []byte
	contentType string
	cache       string
}

// Handler serves the embedded build.
type Handler struct {
	files map[string]file // by URL path
}

// New reads the embedded build and compresses it once.
func New() (*Handler, error) {
	return newHandler(webdist.Dist)
}

func newHandler(dist fs.FS) (*Handler, error) {
	h := &Handler{files: map[string]file{}}
	err := fs.WalkDir(dist, "dist", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := fs.ReadFile(dist, p)
		if err != nil {
			return err
		}
		url := strings.TrimPrefix(p, "dist")
		f := file{body: body, contentType: mime.TypeByExtension(path.Ext(p))}
		switch {
		case strings.HasPrefix(url, AssetsPath):
			f.cache = "public, max-age=31536000, immutable"
		case strings.HasSuffix(url, "/index.html"):
			f.cache = "no-store"
			url = strings.TrimSuffix(url, "index.html")
		default:
			f.cache = "no-cache"
		}
		if f.contentType == "" {
			f.contentType = "application/octet-stream"
		}
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		if _, err := zw.Write(body); err != nil {
			return err
		}
		if err := zw.Close(); err != nil {
			return err
		}
		if buf.Len() < len(body) {
			f.gz = buf.Bytes()
		}
		h.files[url] = f
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("web.New: %w", err)
	}
	for _, p := range []string{ConsolePath, AppPath} {
		if _, ok := h.files[p]; !ok {
			return nil, fmt.Errorf("web.New: the build has no page for %s (run make web)", p)
		}
	}
	return h, nil
}

// Routes returns the patterns to mount (server.Handlers.Extra).
func (h *Handler) Routes() map[string]http.Handler {
	return map[string]http.Handler{
		"GET " + ConsolePath: h,
		"GET " + AppPath:     h,
		"GET " + AssetsPath:  h,
		"GET " + ObservatoryPath: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, ConsolePath, http.StatusFound)
		}),
	}
}

// ServeHTTP serves one embedded file.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f, ok := h.files[r.URL.Path]
	hd := w.Header()
	hd.Set("Content-Security-Policy", CSP)
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "no-referrer")
	hd.Set("Cross-Origin-Opener-Policy", "same-origin")
	if !ok {
		hd.Set("Cache-Control", "no-store")
		http.NotFound(w, r)
		return
	}
	hd.Set("Content-Type", f.contentType)
	hd.Set("Cache-Control", f.cache)
	hd.Add("Vary", "Accept-Encoding")
	body := f.body
	if f.gz != nil && acceptsGzip(r) {
		hd.Set("Content-Encoding", "gzip")
		body = f.gz
	}
	hd.Set("Content-Length", fmt.Sprint(len(body)))
	if r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write(body)
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(enc), "gzip") && strings.TrimSpace(q) != "q=0" {
			return true
		}
	}
	return false
}
