package web_test

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/panelpulse/panelpulse/internal/web"
)

func serve(t *testing.T) *httptest.Server {
	t.Helper()
	h, err := web.New()
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	for p, hh := range h.Routes() {
		mux.Handle(p, hh)
	}
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func get(t *testing.T, url string, gz bool) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if gz {
		req.Header.Set("Accept-Encoding", "gzip")
	}
	tr := &http.Transport{DisableCompression: true}
	res, err := (&http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var r io.Reader = res.Body
	if res.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	}
	b, _ := io.ReadAll(r)
	return res, string(b)
}

// TestPagesAndAssets: pages are never cached, the hashed files they load
// are immutable for a year, every reply has a CSP without inline code or
// other origins (but the Firebase push services' calls), and nothing in the pages is inline script or from a CDN.
func TestPagesAndAssets(t *testing.T) {
	t.Parallel()
	srv := serve(t)
	if strings.Contains(web.CSP, "unsafe-inline") || strings.Contains(web.CSP, "unsafe-eval") || strings.Contains(strings.Replace(web.CSP, web.FirebaseHosts, "", 1), "http") {
		t.Fatalf("CSP %q allows inline code or another origin", web.CSP)
	}
	assetRE := regexp.MustCompile(`(?:src|href)="([^"]+)"`)
	for _, page := range []string{web.ConsolePath, web.AppPath} {
		res, body := get(t, srv.URL+page, false)
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") ||
			res.Header.Get("Cache-Control") != "no-store" || res.Header.Get("Content-Security-Policy") != web.CSP {
			t.Fatalf("GET %s: %d %v", page, res.StatusCode, res.Header)
		}
		if regexp.MustCompile(`<script>|<script(?:\s+type="module")?>\S|<style|style="`).MatchString(body) {
			t.Fatalf("%s has inline script or style:\n%s", page, body)
		}
		refs := assetRE.FindAllStringSubmatch(body, -1)
		if len(refs) < 2 {
			t.Fatalf("%s loads %d files, want its script and stylesheet", page, len(refs))
		}
		for _, m := range refs {
			ref := m[1]
			// The app's manifest and icons keep fixed names under /app/
			// (an installed app finds them there), revalidated each time.
			if page == web.AppPath && regexp.MustCompile(`^/app/(manifest\.json|icon-\d+\.png)$`).MatchString(ref) {
				if res, _ := get(t, srv.URL+ref, false); res.StatusCode != http.StatusOK || res.Header.Get("Cache-Control") != "no-cache" {
					t.Fatalf("GET %s: %d %v", ref, res.StatusCode, res.Header)
				}
				continue
			}
			if !regexp.MustCompile(`^/assets/[\w-]+-[\w-]{8}\.(js|css)$`).MatchString(ref) {
				t.Fatalf("%s loads %q, want a hashed file of this origin under /assets/", page, ref)
			}
			res, plain := get(t, srv.URL+ref, false)
			if res.StatusCode != http.StatusOK || res.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" {
				t.Fatalf("GET %s: %d %v", ref, res.StatusCode, res.Header)
			}
			zres, unzipped := get(t, srv.URL+ref, true)
			if len(plain) > 1000 && zres.Header.Get("Content-Encoding") != "gzip" || unzipped != plain {
				t.Fatalf("GET %s with gzip: encoding %q and %d bytes, want gzip of the same %d bytes", ref, zres.Header.Get("Content-Encoding"), len(unzipped), len(plain))
			}
		}
	}
	res, body := get(t, srv.URL+"/app/sw.js", false)
	if res.StatusCode != http.StatusOK || res.Header.Get("Cache-Control") != "no-cache" || !strings.Contains(body, "addEventListener") {
		t.Fatalf("GET /app/sw.js: %d %v", res.StatusCode, res.Header)
	}
	if res, _ := get(t, srv.URL+"/assets/missing-00000000.js", false); res.StatusCode != http.StatusNotFound {
		t.Fatalf("a missing asset: %d, want 404", res.StatusCode)
	}
	if res, _ := get(t, srv.URL+web.ObservatoryPath, false); res.StatusCode != http.StatusFound || res.Header.Get("Location") != web.ConsolePath {
		t.Fatalf("GET %s: %d to %q, want a redirect to %s", web.ObservatoryPath, res.StatusCode, res.Header.Get("Location"), web.ConsolePath)
	}
}
