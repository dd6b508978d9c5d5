package web_test

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// AppBudget is the most compressed bytes the panellist app's first load
// may take: its page and every script and style sheet that page loads.
const AppBudget = 150_000

// TestAppFirstLoadBudget adds up the gzip bytes, as served, of /app/ and
// of every /assets/ file it names, following the scripts' static imports,
// and holds them under AppBudget. It also checks the app is installable:
// the manifest is served as JSON with its icons.
func TestAppFirstLoadBudget(t *testing.T) {
	t.Parallel()
	srv := serve(t)
	refs := regexp.MustCompile(`(?:src|href)="(/assets/[^"]+)"|from\s*"\./([^"]+\.js)"|import\s*"\./([^"]+\.js)"`)
	seen := map[string]bool{}
	queue := []string{"/app/"}
	total := 0
	var parts []string
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		if seen[p] {
			continue
		}
		seen[p] = true
		res, body := get(t, srv.URL+p, true)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d", p, res.StatusCode)
		}
		n, err := strconv.Atoi(res.Header.Get("Content-Length"))
		if err != nil {
			t.Fatalf("GET %s: Content-Length %q", p, res.Header.Get("Content-Length"))
		}
		total += n
		parts = append(parts, p+" "+strconv.Itoa(n))
		for _, m := range refs.FindAllStringSubmatch(body, -1) {
			switch {
			case m[1] != "":
				queue = append(queue, m[1])
			case m[2] != "":
				queue = append(queue, "/assets/"+m[2])
			case m[3] != "":
				queue = append(queue, "/assets/"+m[3])
			}
		}
	}
	t.Logf("the app's first load: %d bytes compressed (%s)", total, strings.Join(parts, ", "))
	if len(parts) < 3 {
		t.Fatalf("the first load has only %v: the page, a script and a style sheet were expected", parts)
	}
	if total > AppBudget {
		t.Errorf("the app's first load is %d compressed bytes, over the budget of %d: %v", total, AppBudget, parts)
	}

	res, manifest := get(t, srv.URL+"/app/manifest.json", false)
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") ||
		!strings.Contains(manifest, `"start_url": "/app/"`) || !strings.Contains(manifest, `"display": "standalone"`) {
		t.Fatalf("GET /app/manifest.json: %d %q %s", res.StatusCode, res.Header.Get("Content-Type"), manifest)
	}
	for _, icon := range regexp.MustCompile(`"src": "(/app/icon-\d+\.png)"`).FindAllStringSubmatch(manifest, -1) {
		if res, body := get(t, srv.URL+icon[1], false); res.StatusCode != http.StatusOK || !strings.HasPrefix(body, "\x89PNG") {
			t.Errorf("GET %s: %d, want a PNG", icon[1], res.StatusCode)
		}
	}
}
