package journey_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/chromedp/chromedp"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/internal/apptest"
	"github.com/panelpulse/panelpulse/internal/browsertest"
)

// auditActions is the action column of the audit table, top to bottom.
func auditActions(tab *browsertest.Tab) []string {
	return browsertest.Eval[[]string](tab, `[...document.querySelectorAll('[data-testid="audit-events"] tr[data-event] [data-col="action"]')].map(e => e.firstChild.textContent)`)
}

// waitActions waits until the audit table shows want.
func waitActions(t *testing.T, tab *browsertest.Tab, want []string) {
	t.Helper()
	js := fmt.Sprintf(`JSON.stringify([...document.querySelectorAll('[data-testid="audit-events"] tr[data-event] [data-col="action"]')].map(e => e.firstChild.textContent)) === %q`, mustJSON(want))
	browsertest.Run(tab, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(browsertest.StepTimeout)))
	if got := auditActions(tab); !slices.Equal(got, want) {
		t.Fatalf("the audit log shows %v, want %v", got, want)
	}
}

func mustJSON(v []string) string {
	return `["` + strings.Join(v, `","`) + `"]`
}

// TestConsoleAuditLog: what an admin and an analyst did over two days is
// in the console's audit log, newest first, with who did it; the action,
// staff key and day filters narrow it (and live in the link); no key is
// shown anywhere on the page.
func TestConsoleAuditLog(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	p, _, adminKey := staffProgramme(t, "audit")
	adm := apptest.As(p, adminKey)
	if _, err := adm.Admin.SetClosureDays(ctx, connect.NewRequest(&pb.SetClosureDaysRequest{Days: []*pb.ClosureDay{{Day: "2026-12-29", Reason: "Works shutdown"}}})); err != nil {
		t.Fatal(err)
	}
	created, err := adm.StaffKey.CreateStaffKey(ctx, connect.NewRequest(&pb.CreateStaffKeyRequest{Label: "Asha", Role: pb.StaffRole_STAFF_ROLE_ANALYST}))
	if err != nil {
		t.Fatal(err)
	}
	p.Clock.Advance(24 * time.Hour)
	if _, err := apptest.As(p, created.Msg.Secret).Staff.SignIn(ctx, connect.NewRequest(&pb.SignInRequest{ApiKey: created.Msg.Secret})); err != nil {
		t.Fatal(err)
	}
	if _, err := adm.Admin.SetClosureDays(ctx, connect.NewRequest(&pb.SetClosureDaysRequest{Days: []*pb.ClosureDay{{Day: "24/12/2026"}}})); connect.CodeOf(err) != connect.CodeInvalidArgument {
		t.Fatalf("a malformed closure day: %v", err)
	}

	tab := browser.NewTab(t, p.URL, p.Clock.Now())
	tab.SignIn(adminKey)
	goTo(tab, "#audit", `[data-testid="audit-events"] tr[data-event]`)
	all := []string{"SignIn", "SetClosureDays", "SignIn", "CreateStaffKey", "SetClosureDays"}
	waitActions(t, tab, all)
	res, err := adm.Audit.ListAuditEvents(ctx, connect.NewRequest(&pb.ListAuditEventsRequest{}))
	if err != nil {
		t.Fatal(err)
	}
	ev := func(e *pb.AuditEvent) string { return fmt.Sprintf(`tr[data-event="%d"]`, e.Id) }
	if got := tab.Text(ev(res.Msg.Events[2]) + ` [data-col="who"]`); got != "Asha\nAnalyst" {
		t.Errorf("the analyst's sign-in shows who as %q", got)
	}
	if got := tab.Text(ev(res.Msg.Events[1]) + ` [data-col="outcome"]`); got != "invalid argument" {
		t.Errorf("the refused change shows the outcome %q", got)
	}
	body := tab.Text("body")
	if strings.Contains(body, adminKey) || strings.Contains(body, created.Msg.Secret) || strings.Contains(body, "ppk_") {
		t.Fatal("the audit log page shows an API key")
	}
	if !strings.Contains(tab.Text(ev(res.Msg.Events[4])), "Works shutdown") {
		t.Error("the first change's details do not say what was set")
	}
	tab.Screenshot("audit-all")

	fill(tab, "#audit-action", "closuredays")
	tab.Do(chromedp.Click(chromedp.CSS(`.filters button[type=submit]`)))
	waitActions(t, tab, []string{"SetClosureDays", "SetClosureDays"})
	if h := browsertest.Eval[string](tab, `location.hash`); h != "#audit?action=closuredays" {
		t.Errorf("the filter is not in the link: %q", h)
	}
	tab.Screenshot("audit-by-action")

	goTo(tab, "#audit", `[data-testid="audit-events"] tr[data-event]`)
	browsertest.Run(tab, chromedp.Poll[bool](fmt.Sprintf(`!!document.querySelector('#audit-key option[value="%d"]')`, created.Msg.Key.Id)))
	choose(tab, "#audit-key", fmt.Sprint(created.Msg.Key.Id))
	tab.Do(chromedp.Click(chromedp.CSS(`.filters button[type=submit]`)))
	waitActions(t, tab, []string{"SignIn"})

	day2 := p.Clock.Now().UTC().Format("2006-01-02")
	goTo(tab, "#audit", `[data-testid="audit-events"] tr[data-event]`)
	setValue(tab, "#audit-from", day2)
	setValue(tab, "#audit-to", day2)
	tab.Do(chromedp.Click(chromedp.CSS(`.filters button[type=submit]`)))
	waitActions(t, tab, []string{"SignIn", "SetClosureDays", "SignIn"})
	day1 := p.Clock.Now().Add(-24 * time.Hour).UTC().Format("2006-01-02")
	goTo(tab, "#audit?to="+day1, `[data-testid="audit-events"] tr[data-event]`)
	waitActions(t, tab, []string{"CreateStaffKey", "SetClosureDays"})
	tab.Screenshot("audit-by-day")
}
