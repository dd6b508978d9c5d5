package journey_test

import (
	"context"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/panelpulse/panelpulse/internal/apptest"
	"github.com/panelpulse/panelpulse/internal/browsertest"
)

// TestAppIsInstallable: Chromium's own installability check (the one
// behind its "Install app" prompt: manifest, icons, start URL, scope,
// service worker) finds nothing wrong with the panellist app.
func TestAppIsInstallable(t *testing.T) {
	t.Parallel()
	p := apptest.Start(t, now)
	tab := browser.NewProfileTab(t, p.URL, p.Clock.Now())
	tab.SetViewport(browsertest.Phone)
	tab.Open("/app/", "h1")
	browsertest.Eval[bool](tab, `navigator.serviceWorker.ready.then(() => true)`)
	var errs []*page.InstallabilityError
	tab.Do(chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		res, err := cdp.Call(ctx, target, page.GetInstallabilityErrors, cdp.Empty{})
		errs = res.InstallabilityErrors
		return err
	}))
	for _, e := range errs {
		args := map[string]string{}
		for _, a := range e.ErrorArguments {
			args[a.Name] = a.Value
		}
		t.Errorf("Chromium finds the app not installable: %s %v", e.ErrorID, args)
	}
}
