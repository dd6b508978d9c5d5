package journey_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"connectrpc.com/connect"
	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/serviceworker"
	"github.com/chromedp/chromedp"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/internal/browsertest"
	"github.com/panelpulse/panelpulse/internal/tenant"
)

// TestPanellistOpensAWebPush: the app's web device gets today's push; the
// FCM message the server sent (its webpush part, through the fake FCM) is
// delivered to the app's service worker with CDP, which shows it as a
// notification linking to today's questions; opening that link
// acknowledges the push, and the day's questions are marked opened.
func TestPanellistOpensAWebPush(t *testing.T) {
	t.Parallel()
	a := newAppPanel(t)
	ctx := context.Background()
	token := a.enrol()
	me := a.client(token)
	if _, err := me.RegisterDevice(ctx, connect.NewRequest(&pb.RegisterDeviceRequest{FcmToken: "web-P1", Platform: pb.Platform_PLATFORM_WEB, AppVersion: "web"})); err != nil {
		t.Fatal(err)
	}
	a.day(0)
	if _, err := a.proc.App.Dispatcher.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	var sent json.RawMessage
	var data map[string]string
	for _, m := range a.proc.FCM.Messages() {
		if m.Token == "web-P1" {
			sent, data = m.Webpush, m.Data
		}
	}
	if len(sent) == 0 {
		t.Fatalf("the web device's message has no webpush part: %v", a.proc.FCM.Messages())
	}
	var wp struct {
		Notification json.RawMessage `json:"notification"`
	}
	if err := json.Unmarshal(sent, &wp); err != nil {
		t.Fatal(err)
	}
	link := "/app/?push=" + data["push_id"]
	if !strings.Contains(string(wp.Notification), `"link":"`+link+`"`) {
		t.Fatalf("the webpush notification %s does not link to %s", wp.Notification, link)
	}

	tab := a.signedIn(t, token)
	browsertest.Eval[bool](tab, `navigator.serviceWorker.ready.then(() => true)`)
	c := chromedp.FromContext(tab.Ctx())
	regs := make(chan serviceworker.RegistrationID, 8)
	if err := chromedp.Listen(tab.Ctx(), func(ev any) {
		if e, ok := ev.(*serviceworker.EventWorkerRegistrationUpdated); ok {
			for _, r := range e.Registrations {
				if r.ScopeURL == a.proc.URL+"/app/" && !r.IsDeleted {
					select {
					case regs <- r.RegistrationID:
					default:
					}
				}
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	body, _ := json.Marshal(map[string]any{"notification": wp.Notification, "data": data})
	var id serviceworker.RegistrationID
	tab.Do(chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		if err := grantNotifications(ctx, c, a.proc.URL); err != nil {
			return err
		}
		if _, err := cdp.Call(ctx, target, serviceworker.Enable, cdp.Empty{}); err != nil {
			return err
		}
		select {
		case id = <-regs:
			return nil
		case <-ctx.Done():
			return fmt.Errorf("no registration of the app's service worker: %w", ctx.Err())
		}
	}))
	// A push that reaches the worker before the granted permission has
	// reached it shows nothing, as a real browser would; the push is
	// delivered again until it shows (the notification's tag makes a
	// second one replace the first).
	shown := ""
	for attempt := 0; attempt < 5 && shown == ""; attempt++ {
		tab.Do(chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
			_, err := cdp.Call(ctx, target, serviceworker.DeliverPushMessage, serviceworker.DeliverPushMessageParams{Origin: a.proc.URL, RegistrationID: id, Data: string(body)})
			return err
		}))
		shown = browsertest.Eval[string](tab, `navigator.serviceWorker.ready.then(r => new Promise(done => {
			const until = performance.now() + 3000;
			const look = () => r.getNotifications().then(ns => {
				if (ns.length) done(ns[0].title + "|" + ns[0].body + "|" + ns[0].data.link);
				else if (performance.now() > until) done("");
				else setTimeout(look, 100);
			});
			look();
		}))`)
	}
	if want := "Today's PanelPulse|2 quick questions for you today|" + link; shown != want {
		t.Errorf("the notification shown is %q, want %q", shown, want)
	}

	// The notification's link opens today's questions and acknowledges it.
	tab.Open(link, q("vacancies", "input[type=number]"))
	browsertest.Run(tab, chromedp.Poll[bool](`location.search === ""`))
	for range 50 {
		res, err := me.GetToday(ctx, connect.NewRequest(&pb.GetTodayRequest{}))
		if err != nil {
			t.Fatal(err)
		}
		opened := 0
		for _, as := range res.Msg.Assignments {
			if as.Status == pb.AssignmentStatus_ASSIGNMENT_STATUS_OPENED {
				opened++
			}
		}
		if opened == len(res.Msg.Assignments) && opened > 0 {
			return
		}
		browsertest.Eval[bool](tab, `new Promise(r => requestAnimationFrame(() => r(true)))`)
	}
	t.Error("opening the notification's link did not mark today's questions opened")
}

// grantNotifications grants the notification permission to origin in the
// tab's browser context, as a panellist accepting the browser's prompt.
func grantNotifications(ctx context.Context, c *chromedp.Context, origin string) error {
	if _, err := cdp.Call(ctx, c.Browser, cdpbrowser.SetPermission, cdpbrowser.SetPermissionParams{
		Permission: &cdpbrowser.PermissionDescriptor{Name: "notifications"}, Setting: cdpbrowser.PermissionSettingGranted,
		Origin: origin, BrowserContextID: c.BrowserContextID,
	}); err != nil {
		return fmt.Errorf("granting notifications: %w", err)
	}
	return nil
}

// loaded is a page expression: whether the page has fetched a resource
// whose address contains part.
func loaded(part string) string {
	return fmt.Sprintf(`performance.getEntriesByType("resource").some(e => e.name.includes(%q))`, part)
}

// TestPanellistAppRegistersWithFCM: without the programme's Firebase web
// configuration the app offers no notifications and never loads the
// Firebase SDK; with one it offers them, and pressing the button (the
// permission granted) loads the SDK and tries to register with FCM, which
// cannot be reached here: the app says so in plain words and keeps
// working.
func TestPanellistAppRegistersWithFCM(t *testing.T) {
	t.Parallel()
	a := newAppPanel(t)
	ctx := context.Background()
	a.day(0)
	token := a.enrol()
	tab := a.signedIn(t, token)
	browsertest.Run(tab, chromedp.Poll[bool](loaded(tenant.FirebaseWebConfigPath)))
	browsertest.Eval[bool](tab, `new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))`)
	if browsertest.Eval[bool](tab, `!!document.querySelector("#enable-notifications")`) {
		t.Error("without a Firebase web configuration the app offers notifications")
	}
	if browsertest.Eval[bool](tab, loaded("/assets/firebase-")) {
		t.Error("without a Firebase web configuration the app loaded the Firebase SDK")
	}

	tn, err := a.proc.Store.Q.TenantGetBySlug(ctx, appSlug)
	if err != nil {
		t.Fatal(err)
	}
	cfg := `{"apiKey":"AIza-test","projectId":"panelpulse-test","appId":"1:42:web:abc","messagingSenderId":"42"}`
	if err := tenant.SetFirebaseWebConfig(ctx, a.proc.Store, tn.ID, []byte(cfg)); err != nil {
		t.Fatal(err)
	}
	tab.Reload("#enable-notifications")
	if browsertest.Eval[bool](tab, loaded("/assets/firebase-")) {
		t.Error("the app loaded the Firebase SDK before notifications were asked for")
	}
	if got := tab.Text("#enable-notifications"); got != "Get a notification when questions arrive" {
		t.Errorf("the notification button says %q", got)
	}
	c := chromedp.FromContext(tab.Ctx())
	tab.Do(chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		return grantNotifications(ctx, c, a.proc.URL)
	}), chromedp.Click("#enable-notifications"))
	note := browsertest.Run(tab, chromedp.Poll[string](`document.querySelector("#notifications-note")?.textContent || false`))
	if !strings.Contains(note, "Firebase, which delivers the notifications, could not be reached.") {
		t.Errorf("the failure to reach Firebase reads %q", note)
	}
	if !browsertest.Eval[bool](tab, loaded("/assets/firebase-")) {
		t.Error("pressing the button did not load the Firebase SDK")
	}
	if v := tab.Violations(); len(v) > 0 {
		t.Errorf("Content-Security-Policy violations: %v", v)
	}

	// The app keeps working: today's questions are there and the tabs switch.
	tab.Do(chromedp.Click("#tab-settings"), chromedp.WaitVisible("#preferences"), chromedp.Click("#tab-today"), chromedp.WaitVisible("#today-title"))
}
