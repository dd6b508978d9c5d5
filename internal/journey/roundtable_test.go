package journey_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"connectrpc.com/connect"
	"github.com/chromedp/chromedp"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1/panelpulsev1connect"
	"github.com/panelpulse/panelpulse/internal/apptest"
	"github.com/panelpulse/panelpulse/internal/auth"
	"github.com/panelpulse/panelpulse/internal/browsertest"
	"github.com/panelpulse/panelpulse/internal/tenant"
)

// TestPanellistJoinsARoundtable: on a day whose two questions already fill
// the daily cap, an attendee types the room's code (in lower case) into
// the app, gets the roundtable's finding test at once and answers it;
// opening the room's QR link again says they joined and gives nothing
// twice; a wrong code is explained in place. History lists the finding
// as still being tested; the facilitator cannot validate it on one
// business (below the threshold) and records it as inconclusive, which
// History then says, its figures hidden.
func TestPanellistJoinsARoundtable(t *testing.T) {
	t.Parallel()
	a := newAppPanel(t)
	ctx := context.Background()
	token := a.enrol()
	a.day(0)
	tn, err := a.proc.Store.Q.TenantGetBySlug(ctx, appSlug)
	if err != nil {
		t.Fatal(err)
	}
	key, err := tenant.IssueKey(ctx, a.proc.Store, tn.ID, auth.RoleFacilitator, "test")
	if err != nil {
		t.Fatal(err)
	}
	fac := panelpulsev1connect.NewRoundtableServiceClient(http.DefaultClient, a.proc.URL, apptest.Bearer(key))
	f, err := fac.CreateFinding(ctx, connect.NewRequest(&pb.CreateFindingRequest{Statement: "Short courses suit small firms better than degrees"}))
	if err != nil {
		t.Fatal(err)
	}
	rt, err := fac.CreateRoundtable(ctx, connect.NewRequest(&pb.CreateRoundtableRequest{Title: "Skills roundtable", Date: "2026-11-25", FindingIds: []int64{f.Msg.Finding.Id}}))
	if err != nil {
		t.Fatal(err)
	}
	code := rt.Msg.Roundtable.JoinCode
	findingKey := fmt.Sprintf("finding_%d", f.Msg.Finding.Id)

	tab := a.signedIn(t, token)
	tab.Do(chromedp.WaitVisible(chromedp.CSS(q("vacancies", "input"))))
	tab.Do(chromedp.Click(chromedp.CSS("#room-open")))
	fill(tab, "#room-code", "ZZZZ99")
	tab.Do(chromedp.Click(chromedp.CSS("#room-join")))
	browsertest.Run(tab, chromedp.Poll[bool](`document.getElementById("room-status") !== null`))
	if s := tab.Text("#room-status"); !strings.Contains(s, "no open roundtable has this code") {
		t.Errorf("a wrong code: the app says %q", s)
	}
	fill(tab, "#room-code", strings.ToLower(code))
	tab.Do(chromedp.Click(chromedp.CSS("#room-join")))
	tab.Do(chromedp.WaitVisible(chromedp.CSS(q(findingKey, `input[value="4"]`))))
	if s := tab.Text("#room-status"); !strings.Contains(s, "Skills roundtable") {
		t.Errorf("after joining the app says %q", s)
	}
	tab.Do(chromedp.Click(chromedp.CSS(q(findingKey, `input[value="4"]`))))
	if s := send(tab, findingKey); !strings.HasPrefix(s, "Saved") {
		t.Errorf("the finding test: the card says %q", s)
	}
	tab.Screenshot("roundtable")

	today, err := a.client(token).GetToday(ctx, connect.NewRequest(&pb.GetTodayRequest{}))
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, as := range today.Msg.Assignments {
		keys = append(keys, as.Question.Key)
		if as.Question.Key == findingKey && (as.Answer.GetScale() != 4 || as.Revision != 1) {
			t.Errorf("the server holds %v (revision %d) for the finding test, want 4 once", as.Answer, as.Revision)
		}
	}
	if len(keys) != 3 {
		t.Errorf("today holds %v, want the day's two questions and the roundtable's past the cap", keys)
	}

	// The QR code in the room links to /app/#room=CODE: the app loads with
	// the code in its address.
	browsertest.Eval[bool](tab, fmt.Sprintf(`history.replaceState(null, "", "/app/#room=%s"), true`, code))
	tab.Reload("#today-title")
	browsertest.Run(tab, chromedp.Poll[bool](`document.getElementById("room-status") !== null`))
	if s := tab.Text("#room-status"); !strings.Contains(s, "You joined “Skills roundtable”") {
		t.Errorf("opening the room's link again: the app says %q", s)
	}
	if h := browsertest.Eval[string](tab, `window.location.hash`); h != "" {
		t.Errorf("the code stays in the address: %q", h)
	}

	outcome := fmt.Sprintf(`#findings li[data-finding="%d"] .outcome`, f.Msg.Finding.Id)
	tab.Do(chromedp.Click(chromedp.CSS("#tab-history")), chromedp.WaitVisible(chromedp.CSS(outcome)))
	if s := tab.Text(outcome); s != "Still being tested" {
		t.Errorf("before the verdict History says %q, want Still being tested", s)
	}
	if _, err := fac.SetFindingStatus(ctx, connect.NewRequest(&pb.SetFindingStatusRequest{FindingId: f.Msg.Finding.Id, Status: pb.FindingStatus_FINDING_STATUS_VALIDATED})); connect.CodeOf(err) != connect.CodeFailedPrecondition {
		t.Fatalf("validating on one business: %v, want FailedPrecondition", err)
	}
	if _, err := fac.SetFindingStatus(ctx, connect.NewRequest(&pb.SetFindingStatusRequest{FindingId: f.Msg.Finding.Id, Status: pb.FindingStatus_FINDING_STATUS_INCONCLUSIVE})); err != nil {
		t.Fatal(err)
	}
	tab.Do(chromedp.Click(chromedp.CSS("#tab-today")), chromedp.WaitVisible(chromedp.CSS("#today-title")))
	tab.Do(chromedp.Click(chromedp.CSS("#tab-history")), chromedp.WaitVisible(chromedp.CSS(outcome)))
	if s := tab.Text(outcome); !strings.HasPrefix(s, "The panel gave no clear answer") || !strings.Contains(s, "not shown") {
		t.Errorf("after the verdict History says %q, want no clear answer with its figures hidden", s)
	}
	tab.Screenshot("finding-outcome")
}

// TestPanellistSignsOut: signing out in the app ends the session on the
// server, not only on the phone: the token the phone held no longer works.
func TestPanellistSignsOut(t *testing.T) {
	t.Parallel()
	a := newAppPanel(t)
	token := a.enrol()
	tab := a.signedIn(t, token)
	tab.Do(chromedp.Click(chromedp.CSS("#tab-settings")), chromedp.Click(chromedp.CSS("#sign-out")), chromedp.WaitVisible(chromedp.CSS("#join")))
	if s := browsertest.Eval[string](tab, `localStorage.getItem("panelpulse.app.session") ?? ""`); s != "" {
		t.Errorf("the phone still keeps the session %q", s)
	}
	_, err := a.client(token).GetToday(context.Background(), connect.NewRequest(&pb.GetTodayRequest{}))
	if connect.CodeOf(err) != connect.CodeUnauthenticated {
		t.Errorf("GetToday with the signed-out token: %v, want Unauthenticated", err)
	}
}
