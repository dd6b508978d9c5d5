package journey_test

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/chromedp/chromedp"
	"google.golang.org/protobuf/types/known/timestamppb"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1/panelpulsev1connect"
	"github.com/panelpulse/panelpulse/internal/apptest"
	"github.com/panelpulse/panelpulse/internal/auth"
	"github.com/panelpulse/panelpulse/internal/browsertest"
	"github.com/panelpulse/panelpulse/internal/calendar"
	"github.com/panelpulse/panelpulse/internal/schedule"
	"github.com/panelpulse/panelpulse/internal/tenant"
)

// roomStart is the live roundtable's morning: Monday 23 November 2026,
// 08:00 in London, before the panel's 09:00 delivery time.
var roomStart = time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)

// TestFacilitatorRunsALiveRoundtable: a facilitator creates a roundtable
// and a finding in the console, previews a test now on the logistics
// firms (whose day is full with two wave questions not yet pushed: each
// gives one up), sends it, and opens the projector view. Six
// manufacturers join with the code on the page and answer through the
// API; the projector's room side fills in as the disclosure rules
// release them (five, not six), then the panel side as the logistics
// firms answer, with n as WatchResults says. The facilitator closes the
// test and records the verdict; the evidence stored is the projector's
// last figures, shown on the page and in the summary.
func TestFacilitatorRunsALiveRoundtable(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	p := apptest.Start(t, roomStart)
	tn, err := tenant.Create(ctx, p.Store, tenant.Settings{Slug: "room", Name: "Room programme"})
	if err != nil {
		t.Fatal(err)
	}
	adminKey, err := tenant.IssueKey(ctx, p.Store, tn.ID, auth.RoleAdmin, "test")
	if err != nil {
		t.Fatal(err)
	}
	facKey, err := tenant.IssueKey(ctx, p.Store, tn.ID, auth.RoleFacilitator, "test")
	if err != nil {
		t.Fatal(err)
	}
	adm := admin(p, adminKey)
	must := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(adm.SetSectorMap(ctx, connect.NewRequest(&pb.SetSectorMapRequest{Rules: []*pb.SectorRule{
		{SicPrefix: "28", Sector: "Advanced Manufacturing"}, {SicPrefix: "49", Sector: "Logistics"}}})))
	bs := []string{"ref,name,sic,employees,district"}
	ps := []string{"ref,business_ref,name,email,role,delivery_time"}
	for i := range 12 {
		sic := "28110"
		if i >= 6 {
			sic = "49410"
		}
		bs = append(bs, fmt.Sprintf("B%d,Business %d,%s,20,Leicester", i, i, sic))
		ps = append(ps, fmt.Sprintf("P%d,B%d,Person %d,p%d@example.org,HR manager,09:00", i, i, i, i))
	}
	must(adm.ImportBusinesses(ctx, connect.NewRequest(&pb.ImportBusinessesRequest{Csv: strings.Join(bs, "\n")})))
	must(adm.ImportPanellists(ctx, connect.NewRequest(&pb.ImportPanellistsRequest{Csv: strings.Join(ps, "\n")})))
	for _, k := range []string{"q0", "q1", "q2"} {
		must(adm.CreateQuestion(ctx, connect.NewRequest(&pb.CreateQuestionRequest{Key: k, Theme: pb.Theme_THEME_SKILLS, Title: k, Wording: "How is " + k + "?",
			Spec: &pb.QuestionSpec{Type: pb.QuestionType_QUESTION_TYPE_SCALE, ScaleMin: 1, ScaleMax: 5, MinLabel: "Low", MaxLabel: "High"}})))
	}
	must(adm.CreateWave(ctx, connect.NewRequest(&pb.CreateWaveRequest{Name: "Wave", StartDate: "2026-11-23", WorkingDays: 3, Plan: []*pb.PlanItem{
		{Day: 0, QuestionKey: "q0", Segment: &pb.Segment{Dimension: pb.Dimension_DIMENSION_ALL}}, {Day: 0, QuestionKey: "q1", Segment: &pb.Segment{Dimension: pb.Dimension_DIMENSION_ALL}}, {Day: 1, QuestionKey: "q2", Segment: &pb.Segment{Dimension: pb.Dimension_DIMENSION_ALL}}}})))
	inv, err := adm.CreateInvites(ctx, connect.NewRequest(&pb.CreateInvitesRequest{}))
	if err != nil || len(inv.Msg.Invites) != 12 {
		t.Fatalf("CreateInvites: %v %v", inv, err)
	}
	phones := map[string]panelpulsev1connect.PanellistServiceClient{}
	for _, in := range inv.Msg.Invites {
		e, err := panelpulsev1connect.NewPanellistServiceClient(http.DefaultClient, p.URL).Enrol(ctx, connect.NewRequest(&pb.EnrolRequest{Tenant: "room", InviteCode: in.Code, ConsentVersion: "test"}))
		if err != nil {
			t.Fatal(err)
		}
		phones[in.PanellistRef] = panelpulsev1connect.NewPanellistServiceClient(http.DefaultClient, p.URL, apptest.Bearer(e.Msg.SessionToken))
	}
	tnr, err := p.Store.Q.TenantGet(ctx, tn.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.App.Planner.PlanDay(ctx, tnr, calendar.MustParseDate("2026-11-23")); err != nil {
		t.Fatal(err)
	}
	_, loc, err := schedule.Calendar(ctx, p.Store.Q, tnr)
	if err != nil {
		t.Fatal(err)
	}
	if now := p.Clock.Now().In(loc); now.Hour() != 8 {
		t.Fatalf("the journey needs the morning before delivery; it is %s", now)
	}
	fac := panelpulsev1connect.NewRoundtableServiceClient(http.DefaultClient, p.URL, apptest.Bearer(facKey))

	tab := browser.NewTab(t, p.URL, p.Clock.Now())
	tab.SetViewport(browsertest.Desktop)
	tab.SignIn(facKey)
	fill(tab, "#rt-title", "Logistics skills roundtable")
	setValue(tab, "#rt-date", "2026-11-23")
	fill(tab, "#rt-audience", "Employers in Leicester")
	tab.Do(chromedp.Click(chromedp.CSS("#rt-create button[type=submit]")), chromedp.WaitVisible(chromedp.CSS("#rt-code")))
	code := tab.Text("#rt-code")
	if len(code) != 6 {
		t.Fatalf("the join code shown is %q", code)
	}
	if got := browsertest.Eval[string](tab, `document.querySelector("svg.qr").dataset.qr`); got != p.URL+"/app/#room="+code {
		t.Errorf("the QR code encodes %q, want the app's room link", got)
	}
	const statement = "Drivers with the new licence are hard to find"
	fill(tab, "#finding-statement", statement)
	tab.Do(chromedp.Click(chromedp.CSS("#finding-create button[type=submit]")), chromedp.WaitVisible(chromedp.CSS("li.finding .test-preview")))
	tab.Screenshot("roundtable-page")
	fid := browsertest.Eval[string](tab, `document.querySelector("li.finding").dataset.finding`)
	findingID, _ := strconv.ParseInt(fid, 10, 64)
	card := fmt.Sprintf(`li.finding[data-finding=%q]`, fid)

	browsertest.Eval[bool](tab, fmt.Sprintf(`(() => { const el = document.querySelector(%q); el.value = %q; el.dispatchEvent(new Event("change", {bubbles: true})); return true; })()`,
		card+" .seg-dim", strconv.Itoa(int(pb.Dimension_DIMENSION_SECTOR))))
	fill(tab, card+" .seg-value", "Logistics")
	tab.Do(chromedp.Click(chromedp.CSS(card+" .test-preview")), chromedp.WaitVisible(chromedp.CSS(card+" .reach")))
	preview := tab.Text(card + " .reach")
	if want := "6 of 6 get it now (2026-11-23); 6 wave questions move to a later day."; preview != want {
		t.Errorf("the preview says %q, want %q", preview, want)
	}
	if s := tab.Text(card + " .phone"); !strings.Contains(s, statement) || !strings.Contains(s, "Strongly agree") {
		t.Errorf("the phone preview shows %q", s)
	}
	tab.Screenshot("test-preview")
	tab.Do(chromedp.Click(chromedp.CSS(card+" .test-send")), chromedp.WaitVisible(chromedp.CSS(card+" .sent")))
	if s := tab.Text(card + " .sent"); s != "Sent: "+preview {
		t.Errorf("after sending the page says %q, want the preview's figures", s)
	}

	key := fmt.Sprintf("finding_%d", findingID)
	answer := func(ref string, v int32) {
		t.Helper()
		today, err := phones[ref].GetToday(ctx, connect.NewRequest(&pb.GetTodayRequest{}))
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range today.Msg.Assignments {
			if a.Question.Key == key {
				must(phones[ref].SubmitAnswer(ctx, connect.NewRequest(&pb.SubmitAnswerRequest{
					AssignmentId: a.Id, IdempotencyKey: "finding-" + ref, Value: &pb.AnswerValue{Scale: &v}, AnsweredAt: timestamppb.New(p.Clock.Now()),
				})))
				return
			}
		}
		t.Fatalf("%s holds no finding test today", ref)
	}
	// The logistics firms hold the test today, opening at 09:00.
	p.Clock.Set(time.Date(2026, 11, 23, 9, 30, 0, 0, loc))

	page := browsertest.Eval[string](tab, `location.hash`)
	tab.SignIn(facKey) // the staff session ended while idle through the morning
	tab.Do(chromedp.Navigate(tab.URL("/console/"+page)), chromedp.WaitVisible(chromedp.CSS(card+" .projector-link")))
	tab.Do(chromedp.Click(chromedp.CSS(card+" .projector-link")), chromedp.WaitVisible(chromedp.CSS("#projector-n")))
	if s := tab.Text("#projector-statement"); s != statement {
		t.Errorf("the projector shows %q", s)
	}
	// shows waits, a poll of the process clock at a time, until the
	// projector's element sel says n.
	shows := func(sel string, n int) {
		t.Helper()
		cond := fmt.Sprintf(`document.querySelector(%q)?.dataset.n === %q`, sel, strconv.Itoa(n))
		for range 60 {
			p.Clock.Advance(time.Second)
			if _, err := chromedp.Run(tab.Ctx(), chromedp.Poll[bool](cond, chromedp.WithPollingTimeout(500*time.Millisecond))); err == nil {
				return
			}
		}
		t.Fatalf("%s never showed n = %d (shows %q)", sel, n, browsertest.Eval[string](tab, fmt.Sprintf(`document.querySelector(%q)?.dataset.n ?? ""`, sel)))
	}
	watched := func() *pb.WatchResultsResponse {
		t.Helper()
		s, err := fac.WatchResults(ctx, connect.NewRequest(&pb.WatchResultsRequest{FindingId: findingID}))
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if !s.Receive() {
			t.Fatalf("WatchResults: %v", s.Err())
		}
		return s.Msg()
	}

	for i := range 6 {
		j, err := phones[fmt.Sprintf("P%d", i)].JoinRoundtable(ctx, connect.NewRequest(&pb.JoinRoundtableRequest{JoinCode: strings.ToLower(code)}))
		if err != nil || j.Msg.Assigned != 1 {
			t.Fatalf("attendee %d joining: %v %v", i, j, err)
		}
	}
	for i, v := range []int32{4, 5, 4, 2, 4} {
		answer(fmt.Sprintf("P%d", i), v)
	}
	shows("#side-room", 5)
	tab.Screenshot("projector-room")
	if s := tab.Text("#side-room .side-text"); !strings.Contains(s, "n = 5") || !strings.Contains(s, "net agreement +60") {
		t.Errorf("the room side says %q, want n = 5 and net agreement +60", s)
	}
	if got := browsertest.Eval[string](tab, `document.querySelector("#side-panel").dataset.n`); got != "0" {
		t.Errorf("the panel side shows n = %s before any logistics firm answered", got)
	}
	answer("P5", 1) // the sixth attendee: not released until the next step
	p.Clock.Advance(time.Second)
	for i, v := range []int32{2, 1, 4, 2, 3} {
		answer(fmt.Sprintf("P%d", 6+i), v)
	}
	shows("#side-panel", 5)
	if got := browsertest.Eval[string](tab, `document.querySelector("#side-room").dataset.n`); got != "5" {
		t.Errorf("the room side shows n = %s with six answers, want the release of five", got)
	}
	w := watched()
	shows("#projector-n", int(w.Respondents))
	if w.Room.GetRespondents() != 5 || w.Panel.GetRespondents() != 5 || w.Respondents < 10 {
		t.Fatalf("WatchResults = %v, want room 5, panel 5, at least 10 in all", w)
	}
	tab.Screenshot("projector-room-and-panel")

	tab.Do(chromedp.Navigate(tab.URL("/console/"+page)), chromedp.WaitVisible(chromedp.CSS(card+" .test-close")))
	tab.Do(chromedp.Click(chromedp.CSS(card+" .test-close")), chromedp.WaitVisible(chromedp.CSS(card+" .closed")))
	tab.Do(chromedp.Click(chromedp.CSS(card+" .verdict-save")), chromedp.WaitVisible(chromedp.CSS(card+" .evidence")))
	stored, err := fac.GetFinding(ctx, connect.NewRequest(&pb.GetFindingRequest{FindingId: findingID}))
	if err != nil {
		t.Fatal(err)
	}
	h := stored.Msg.Finding.History
	if len(h) != 3 || h[2].Kind != pb.FindingEventKind_FINDING_EVENT_KIND_VERDICT || h[2].Verdict != pb.FindingStatus_FINDING_STATUS_VALIDATED {
		t.Fatalf("history = %v, want test, close, validated", h)
	}
	ev := h[2].Evidence
	if ev.Respondents != w.Respondents || ev.GetNetAgreement() != w.GetNetAgreement() || ev.Room.Respondents != 5 || ev.Panel.Respondents != 5 {
		t.Errorf("stored evidence %v, the projector's last figures %v", ev, w)
	}
	if s := tab.Text(card + " .evidence"); !strings.HasPrefix(s, "Validated") || !strings.Contains(s, fmt.Sprintf("n = %d", w.Respondents)) {
		t.Errorf("the page shows the verdict as %q", s)
	}
	tab.Screenshot("verdict")

	tab.Do(chromedp.Click(chromedp.CSS("#rt-summary-link")), chromedp.WaitVisible(chromedp.CSS("#summary-table")))
	row := tab.Text(fmt.Sprintf(`#summary-table tr[data-finding=%q]`, fid))
	if !strings.Contains(row, statement) || !strings.Contains(row, "Validated") || !strings.Contains(row, fmt.Sprintf("n = %d", w.Respondents)) {
		t.Errorf("the summary row says %q", row)
	}
	if n := tab.HorizontalOverflow(); n > 0 {
		t.Errorf("the summary scrolls sideways by %d px", n)
	}
	tab.Screenshot("summary")

	// At phone size the roundtable page and the projector view fit
	// without sideways scrolling.
	tab.SetViewport(browsertest.Phone)
	tab.Do(chromedp.Navigate(tab.URL("/console/"+page)), chromedp.WaitVisible(chromedp.CSS(card+" .evidence")))
	if n := tab.HorizontalOverflow(); n > 0 {
		t.Errorf("the roundtable page scrolls sideways by %d px at phone size", n)
	}
	tab.Screenshot("roundtable-phone")
	tab.Do(chromedp.Click(chromedp.CSS(card+" .projector-link")), chromedp.WaitVisible(chromedp.CSS("#projector-n")))
	if n := tab.HorizontalOverflow(); n > 0 {
		t.Errorf("the projector view scrolls sideways by %d px at phone size", n)
	}
	if v := tab.Violations(); len(v) > 0 {
		t.Errorf("Content-Security-Policy violations: %v", v)
	}
}
