package journey_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/panelpulse/panelpulse/internal/browsertest"
)

// TestCrossSiteFormRefused: a signed-in admin's browser visits another
// site on the same host (another port: the same site for SameSite, so the
// cookie goes along), whose form posts to the API. The request carries the
// session cookie but none of the protection headers, and is refused; a
// fetch from the console without them is refused the same way, while the
// console's own calls work.
func TestCrossSiteFormRefused(t *testing.T) {
	t.Parallel()
	pr := newProgramme(t)
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><form id="f" method="POST" enctype="text/plain"
			action="%s/panelpulse.v1.AdminService/CreateInvites"><input name='{"panellist_refs":[],"x":"' value='"}'></form>
			<script>document.getElementById("f").submit()</script>`, pr.proc.URL)
	}))
	t.Cleanup(evil.Close)

	tab := browser.NewTab(t, pr.proc.URL, pr.proc.Clock.Now())
	tab.SignIn(pr.keys.Admin)
	tab.Open(evil.URL, "body")
	browsertest.Run(tab, chromedp.Poll[bool](`location.href.includes("CreateInvites") && document.readyState === "complete"`))
	body := tab.Text("body")
	if !strings.Contains(body, "cross-site request protection") {
		t.Fatalf("the cross-site form got %q, want the refusal naming the protection", body)
	}

	tab.Open("/console/", `[data-testid="today"]`)
	status := browsertest.Eval[int](tab, `fetch("/panelpulse.v1.AdminService/GetProgrammeHome", {method: "POST",
		headers: {"Content-Type": "application/json"}, body: "{}"}).then(r => r.status)`)
	if status != http.StatusForbidden {
		t.Fatalf("a cookie-only fetch without the protection header: %d, want 403", status)
	}
	status = browsertest.Eval[int](tab, `fetch("/panelpulse.v1.AdminService/GetProgrammeHome", {method: "POST",
		headers: {"Content-Type": "application/json", "Connect-Protocol-Version": "1"}, body: "{}"}).then(r => r.status)`)
	if status != http.StatusOK {
		t.Fatalf("the same fetch with Connect-Protocol-Version: %d, want 200", status)
	}
}
