// Package browsertest drives Debian's Chromium from Go tests with chromedp:
// one browser per test package, a tab per test in its own browser context
// (its own cookies and storage), and helpers to sign in, set a phone or
// desktop viewport, go offline and back, and save screenshots as test
// artifacts. The page's clock is pinned to the server's fake clock by a
// Date shim that runs before the page's own scripts, and every
// Content-Security-Policy violation is recorded, so a test can insist on
// none.
package browsertest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Viewports the tests use.
var (
	Phone   = Viewport{Width: 390, Height: 844, Mobile: true}
	Desktop = Viewport{Width: 1400, Height: 1000}
)

// Viewport is a window size.
type Viewport struct {
	Width, Height int64
	Mobile        bool
}

// StepTimeout bounds each step of a test (a navigation, a wait for a
// selector), so a broken page fails the test instead of hanging it.
const StepTimeout = 20 * time.Second

// Browser is one running Chromium.
type Browser struct {
	ctx    context.Context
	cancel func()
}

// ExecPath finds the Chromium binary: $CHROMIUM, else chromium or
// chromium-browser on PATH.
func ExecPath() (string, error) {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p, nil
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("browsertest: Chromium not found (apt-get install chromium, or set CHROMIUM)")
}

// Start launches a headless Chromium. Stop it with Close.
func Start() (*Browser, error) {
	path, err := ExecPath()
	if err != nil {
		return nil, err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.Headless,
		chromedp.DisableGPU,
		chromedp.WindowSize(int(Desktop.Width), int(Desktop.Height)),
	)
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, bcancel := chromedp.NewContext(actx)
	// The first run starts the browser; its context must have no deadline,
	// since it bounds the browser's whole life.
	if err := chromedp.Do(bctx); err != nil {
		bcancel()
		acancel()
		return nil, fmt.Errorf("browsertest.Start: %w", err)
	}
	return &Browser{ctx: bctx, cancel: func() { bcancel(); acancel() }}, nil
}

// Close stops the browser.
func (b *Browser) Close() { b.cancel() }

// Tab is one test's page.
type Tab struct {
	t      *testing.T
	ctx    context.Context
	base   string
	mu     sync.Mutex
	shim   page.ScriptIdentifier
	shots  int
	prefix string
	// workers are sessions on this server's service workers (network).
	workers map[string]context.Context
}

// NewTab opens a tab in a fresh browser context for t, with the page clock
// pinned to now, against the server at base (e.g. "http://127.0.0.1:1234").
// On failure the tab's last screen is saved as an artifact.
func (b *Browser) NewTab(t *testing.T, base string, now time.Time) *Tab {
	t.Helper()
	return b.newTab(t, base, now, chromedp.WithNewBrowserContext())
}

// NewProfileTab is NewTab in the browser's own profile instead of a fresh
// (incognito) context, for the checks Chromium runs only outside
// incognito, such as installability. Its storage outlives the test, so
// use it against a server of its own.
func (b *Browser) NewProfileTab(t *testing.T, base string, now time.Time) *Tab {
	t.Helper()
	return b.newTab(t, base, now)
}

func (b *Browser) newTab(t *testing.T, base string, now time.Time, opts ...chromedp.ContextOption) *Tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx, opts...)
	tab := &Tab{t: t, ctx: ctx, base: base, prefix: regexp.MustCompile(`[^A-Za-z0-9_-]+`).ReplaceAllString(t.Name(), "_")}
	t.Cleanup(func() {
		if t.Failed() {
			tab.Screenshot("failure")
		}
		cancel()
	})
	// The first run opens the tab.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("browser: opening a tab: %v", err)
	}
	tab.do(chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		_, err := cdp.Call(ctx, target, network.Enable, network.EnableParams{})
		return err
	}))
	tab.PinClock(now)
	tab.SetViewport(Desktop)
	return tab
}

// shim replaces Date so that the page's "now" is the server's fake time:
// Date.now() and new Date() give pinned time; Date with arguments is the
// real constructor. It also records CSP violations in __ppViolations.
const shim = `(() => {
  const pinned = %d;
  const RealDate = Date;
  class PinnedDate extends RealDate {
    constructor(...args) { if (args.length === 0) { super(pinned); } else { super(...args); } }
    static now() { return pinned; }
  }
  globalThis.Date = PinnedDate;
  globalThis.__ppViolations = [];
  document.addEventListener("securitypolicyviolation", (e) => {
    globalThis.__ppViolations.push(e.effectiveDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile + ":" + e.lineNumber);
  });
})();`

// PinClock pins the page clock to now for every document loaded from here
// on; call it again after moving the server's clock, then reload.
func (tab *Tab) PinClock(now time.Time) {
	tab.t.Helper()
	tab.mu.Lock()
	old := tab.shim
	tab.mu.Unlock()
	tab.do(chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		if old != "" {
			if _, err := cdp.Call(ctx, target, page.RemoveScriptToEvaluateOnNewDocument, page.RemoveScriptToEvaluateOnNewDocumentParams{Identifier: old}); err != nil {
				return err
			}
		}
		res, err := cdp.Call(ctx, target, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: fmt.Sprintf(shim, now.UnixMilli())})
		if err != nil {
			return err
		}
		tab.mu.Lock()
		tab.shim = res.Identifier
		tab.mu.Unlock()
		return nil
	}))
}

// Ctx is the tab's chromedp context, for steps the helpers do not cover.
func (tab *Tab) Ctx() context.Context { return tab.ctx }

// URL is the server's base URL joined with path.
func (tab *Tab) URL(path string) string { return tab.base + path }

func (tab *Tab) do(steps ...chromedp.Action[chromedp.Void]) {
	tab.t.Helper()
	ctx, cancel := context.WithTimeout(tab.ctx, StepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		tab.t.Fatalf("browser: %v", err)
	}
}

// Do runs steps, failing the test on the first error.
func (tab *Tab) Do(steps ...chromedp.Action[chromedp.Void]) {
	tab.t.Helper()
	tab.do(steps...)
}

// Run runs one action that returns a value, failing the test on error.
func Run[T any](tab *Tab, a chromedp.Action[T]) T {
	tab.t.Helper()
	ctx, cancel := context.WithTimeout(tab.ctx, StepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		tab.t.Fatalf("browser: %v", err)
	}
	return v
}

// Eval evaluates a JavaScript expression (promises awaited) into T.
func Eval[T any](tab *Tab, expr string) T {
	tab.t.Helper()
	return Run(tab, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

// Open navigates to path (on this server, or a full URL) and waits until
// the new document is loaded and sel is visible in it.
func (tab *Tab) Open(path, sel string) {
	tab.t.Helper()
	u := path
	if !strings.Contains(path, "://") {
		u = tab.URL(path)
	}
	tab.load(sel, func(ctx context.Context, target *chromedp.Target) error {
		res, err := cdp.Call(ctx, target, page.Navigate, page.NavigateParams{URL: u})
		if err == nil && res.ErrorText != "" {
			err = errors.New(res.ErrorText)
		}
		return err
	})
}

// Reload reloads the page and waits until sel is visible in it.
func (tab *Tab) Reload(sel string) {
	tab.t.Helper()
	tab.load(sel, func(ctx context.Context, target *chromedp.Target) error {
		_, err := cdp.Call(ctx, target, page.Reload, page.ReloadParams{})
		return err
	})
}

// load starts a navigation and waits for the new document, told from the
// old one by a mark set on the old one, to be complete and show sel.
// (Waiting on the protocol's load events instead missed the event now and
// then when the tab had loaded a page before.)
func (tab *Tab) load(sel string, start func(ctx context.Context, target *chromedp.Target) error) {
	tab.t.Helper()
	tab.do(chromedp.Evaluate[chromedp.Void](`globalThis.__ppOldDocument = true`), chromedp.Func(start))
	ready := chromedp.Poll[bool](fmt.Sprintf(`!globalThis.__ppOldDocument && document.readyState === "complete" && document.querySelector(%q) !== null`, sel))
	ctx, cancel := context.WithTimeout(tab.ctx, StepTimeout)
	defer cancel()
	for {
		// While the navigation is under way the old document's context
		// goes away under the poll, which then fails: poll the new one.
		_, err := chromedp.Run(ctx, ready)
		if err == nil {
			break
		}
		if ctx.Err() != nil {
			tab.t.Fatalf("browser: waiting for %s after a navigation: %v", sel, err)
		}
	}
	tab.do(chromedp.WaitVisible(chromedp.CSS(sel)))
}

// Text returns the text of the first element matching sel, once visible.
func (tab *Tab) Text(sel string) string {
	tab.t.Helper()
	tab.do(chromedp.WaitVisible(chromedp.CSS(sel)))
	return Run(tab, chromedp.Text(chromedp.CSS(sel)))
}

// SetViewport emulates a window of size v.
func (tab *Tab) SetViewport(v Viewport) {
	tab.t.Helper()
	var opts []chromedp.EmulateViewportOption
	if v.Mobile {
		opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	tab.do(chromedp.EmulateViewport(v.Width, v.Height, opts...))
}

// Offline cuts the tab's network (pages, fetches and this server's running
// service workers see no connection); Online restores it.
func (tab *Tab) Offline() {
	tab.t.Helper()
	tab.network(true, []*network.Conditions{{Offline: true, DownloadThroughput: -1, UploadThroughput: -1}})
}

// Online restores the network after Offline.
func (tab *Tab) Online() { tab.t.Helper(); tab.network(false, nil) }

// network sets what navigator.onLine says (overrideNetworkState) and the
// conditions requests meet (one global rule, or none), on the page and on
// this server's running service workers, whose own fetches the page's
// emulation does not reach; each worker keeps its session until the test
// ends, since the emulation lasts as long.
func (tab *Tab) network(offline bool, rules []*network.Conditions) {
	tab.t.Helper()
	if rules == nil {
		rules = []*network.Conditions{}
	}
	// The conditions change before navigator.onLine does, so a page that
	// reacts to the online event finds the network already back.
	override := chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		_, err := cdp.Call(ctx, target, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
			EmulateOfflineServiceWorker: &offline, MatchedNetworkConditions: rules,
		})
		if err != nil {
			return err
		}
		_, err = cdp.Call(ctx, target, network.OverrideNetworkState, network.OverrideNetworkStateParams{
			Offline: offline, DownloadThroughput: -1, UploadThroughput: -1,
		})
		return err
	})
	ctx, cancel := context.WithTimeout(tab.ctx, StepTimeout)
	defer cancel()
	infos, err := chromedp.Targets(ctx)
	if err != nil {
		tab.t.Fatalf("browser: listing targets: %v", err)
	}
	for _, ti := range infos {
		if ti.Type != "service_worker" || !strings.HasPrefix(ti.URL, tab.base+"/") {
			continue
		}
		tab.mu.Lock()
		if tab.workers == nil {
			tab.workers = map[string]context.Context{}
		}
		wctx, ok := tab.workers[string(ti.TargetID)]
		if !ok {
			var wcancel func()
			wctx, wcancel = chromedp.NewContext(tab.ctx, chromedp.WithTargetID(ti.TargetID), chromedp.WithDetachOnCancel())
			tab.workers[string(ti.TargetID)] = wctx
			tab.t.Cleanup(wcancel)
		}
		tab.mu.Unlock()
		if err := chromedp.Do(wctx, override); err != nil {
			tab.t.Fatalf("browser: the service worker's network: %v", err)
		}
	}
	// The page last: its online event comes when its workers are back too.
	tab.do(override)
	if offline || len(rules) == 0 {
		tab.settle(!offline)
	}
}

// settle waits until a request from the page meets the network just set:
// the browser hands new conditions to its network service on their own
// way, so a request made at once may still go out (or still fail) under
// the old ones. The probe is a HEAD of the app's manifest, which the
// app's service worker passes to the network.
func (tab *Tab) settle(reachable bool) {
	tab.t.Helper()
	Eval[bool](tab, fmt.Sprintf(`(async () => {
		for (;;) {
			const ok = await fetch(%q, {method: "HEAD", cache: "no-store"}).then(() => true, () => false);
			if (ok === %t) return true;
			await new Promise((r) => setTimeout(r, 20));
		}
	})()`, tab.base+"/app/manifest.json", reachable))
}

// Fast3G is the network Chrome's DevTools call "Fast 3G": 562.5 ms round
// trips, about 1.44 Mbit/s down and 675 kbit/s up.
var Fast3G = network.Conditions{Latency: 562.5, DownloadThroughput: 180_000, UploadThroughput: 84_375}

// Throttle makes every request of the tab's page and of this server's
// service workers run on network c (its latency and throughput);
// Unthrottle ends it.
func (tab *Tab) Throttle(c network.Conditions) {
	tab.t.Helper()
	tab.network(false, []*network.Conditions{&c})
}

// Unthrottle ends Throttle.
func (tab *Tab) Unthrottle() { tab.t.Helper(); tab.network(false, nil) }

// SignIn opens the console, enters the staff API key and waits for the
// signed-in navigation.
func (tab *Tab) SignIn(key string) {
	tab.t.Helper()
	tab.Open("/console/", "#api-key")
	tab.do(
		chromedp.SendKeys(chromedp.CSS("#api-key"), key),
		chromedp.Click(chromedp.CSS("form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(`nav[aria-label="Sections"]`)),
	)
}

// Violations returns the Content-Security-Policy violations the current
// document has reported.
func (tab *Tab) Violations() []string {
	tab.t.Helper()
	raw := Run(tab, chromedp.Evaluate[[]byte](`globalThis.__ppViolations || []`))
	var v []string
	if err := json.Unmarshal(raw, &v); err != nil {
		tab.t.Fatalf("reading CSP violations: %v", err)
	}
	return v
}

// HorizontalOverflow is how many CSS pixels the page is wider than the
// window (0 when nothing scrolls sideways).
func (tab *Tab) HorizontalOverflow() int {
	tab.t.Helper()
	return Eval[int](tab, `Math.max(0, document.documentElement.scrollWidth - document.documentElement.clientWidth)`)
}

// Screenshot saves the whole page as a PNG artifact named after the test
// and name, and returns its path ("" if it could not be taken).
func (tab *Tab) Screenshot(name string) string {
	tab.t.Helper()
	ctx, cancel := context.WithTimeout(tab.ctx, StepTimeout)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		tab.t.Logf("screenshot %s: %v", name, err)
		return ""
	}
	tab.mu.Lock()
	tab.shots++
	n := tab.shots
	tab.mu.Unlock()
	path := filepath.Join(tab.t.ArtifactDir(), fmt.Sprintf("%s-%02d-%s.png", tab.prefix, n, name))
	if err := os.WriteFile(path, png, 0o644); err != nil {
		tab.t.Logf("screenshot %s: %v", name, err)
		return ""
	}
	tab.t.Logf("screenshot %s: %s", name, path)
	return path
}
