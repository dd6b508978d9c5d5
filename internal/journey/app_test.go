package journey_test

import (
	"testing"

	"github.com/panelpulse/panelpulse/internal/apptest"
	"github.com/panelpulse/panelpulse/internal/browsertest"
)

// TestAppShellOffline: the panellist app's page registers its service
// worker for /app/ only; once it is active, the page reloads with the
// network cut, still shows the app (joining, without a session) and says
// the phone is offline, then comes back.
func TestAppShellOffline(t *testing.T) {
	t.Parallel()
	p := apptest.Start(t, now)
	tab := browser.NewTab(t, p.URL, p.Clock.Now())
	tab.SetViewport(browsertest.Phone)
	tab.Open("/app/", "h1")
	scope := browsertest.Eval[string](tab, `navigator.serviceWorker.ready.then(r => r.scope)`)
	if scope != p.URL+"/app/" {
		t.Fatalf("the service worker's scope is %q, want %s/app/", scope, p.URL)
	}
	// The worker takes the page over (clients.claim) before it is used.
	browsertest.Eval[bool](tab, `navigator.serviceWorker.controller ? true : new Promise(r => navigator.serviceWorker.addEventListener("controllerchange", () => r(true)))`)
	if got := browsertest.Eval[int](tab, `Date.now()`); int64(got) != now.UnixMilli() {
		t.Errorf("the page's clock says %d, want the server's %d", got, now.UnixMilli())
	}

	tab.Offline()
	tab.Reload("h1")
	if h := tab.Text("h1"); h != "Join the panel" {
		t.Fatalf("offline, the app shows %q", h)
	}
	if s := tab.Text("#offline-status"); s != "You are offline." {
		t.Errorf("offline, the status says %q", s)
	}
	if !browsertest.Eval[bool](tab, `performance.getEntriesByType("navigation")[0].workerStart > 0`) {
		t.Error("the offline page did not come from the service worker")
	}
	tab.Screenshot("offline")
	tab.Online()
	tab.Reload("h1")
	if s := browsertest.Eval[string](tab, `document.getElementById("offline-status").textContent`); s != "" {
		t.Errorf("back online, the status still says %q", s)
	}
	if v := tab.Violations(); len(v) > 0 {
		t.Errorf("the app broke its Content-Security-Policy: %v", v)
	}
	if o := tab.HorizontalOverflow(); o > 0 {
		t.Errorf("the app scrolls %dpx sideways at 390px", o)
	}
}
