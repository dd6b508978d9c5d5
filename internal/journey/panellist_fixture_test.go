package journey_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/chromedp/chromedp"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1/panelpulsev1connect"
	"github.com/panelpulse/panelpulse/internal/apptest"
	"github.com/panelpulse/panelpulse/internal/auth"
	"github.com/panelpulse/panelpulse/internal/browsertest"
	"github.com/panelpulse/panelpulse/internal/calendar"
	"github.com/panelpulse/panelpulse/internal/schedule"
	"github.com/panelpulse/panelpulse/internal/tenant"
)

// appStart is the app journeys' first morning: Wednesday 25 November 2026,
// 08:00 in London, before the panel's 09:00 delivery.
var appStart = time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)

// appSlug is the app journeys' programme.
const appSlug = "app"

// appPanel is a small programme whose four-day wave asks two questions a
// day of different types, with one invited panellist (P1).
type appPanel struct {
	t     *testing.T
	proc  *apptest.Process
	admin panelpulsev1connect.AdminServiceClient
	code  string // P1's invite code
}

// The wave's plan: two questions a working day from appStart.
var appPlan = [][]string{
	{"behaviours", "vacancies"},
	{"skills_rank", "digital"},
	{"cost_rest", "courses_fit"},
	{"finding", "biggest"},
}

func appQuestions() []*pb.CreateQuestionRequest {
	opts := func(labels ...string) []*pb.Option {
		out := make([]*pb.Option, len(labels))
		for i, l := range labels {
			out[i] = &pb.Option{Code: int32(i + 1), Label: l}
		}
		return out
	}
	withOther := opts("Government", "A levy", "The individual", "Other, please say")
	withOther[3].Other = true
	lo, hi := 0.0, 500.0
	q := func(key string, spec *pb.QuestionSpec, wording string) *pb.CreateQuestionRequest {
		return &pb.CreateQuestionRequest{Key: key, Theme: pb.Theme_THEME_SKILLS, Title: wording, Wording: wording, Spec: spec}
	}
	return []*pb.CreateQuestionRequest{
		q("behaviours", &pb.QuestionSpec{Type: pb.QuestionType_QUESTION_TYPE_MULTIPLE_CHOICE, Options: opts("Team player", "Reliable", "Resilient", "Polite"), MinSelections: 1, MaxSelections: 2}, "Which behaviours are missing? Choose up to 2."),
		q("vacancies", &pb.QuestionSpec{Type: pb.QuestionType_QUESTION_TYPE_NUMBER, NumberMin: &lo, NumberMax: &hi, Integer: true, Unit: "vacancies"}, "How many vacancies are hard to fill?"),
		q("skills_rank", &pb.QuestionSpec{Type: pb.QuestionType_QUESTION_TYPE_RANKING, Options: opts("Team working", "Leadership", "Writing", "Software"), TopK: 2}, "Rank the 2 most important skills."),
		q("digital", &pb.QuestionSpec{Type: pb.QuestionType_QUESTION_TYPE_MATRIX, Rows: opts("Next 6 months", "Next 24 months"), ScaleMin: 1, ScaleMax: 5, MinLabel: "Not at all", MaxLabel: "Very"}, "How confident are you of digital skills?"),
		q("cost_rest", &pb.QuestionSpec{Type: pb.QuestionType_QUESTION_TYPE_SINGLE_CHOICE, Options: withOther}, "Who should pay the rest?"),
		q("courses_fit", &pb.QuestionSpec{Type: pb.QuestionType_QUESTION_TYPE_SCALE, ScaleMin: 1, ScaleMax: 5, MinLabel: "Not at all well", MaxLabel: "Very well", AllowDontKnow: true}, "How well do courses fit?"),
		q("finding", &pb.QuestionSpec{Type: pb.QuestionType_QUESTION_TYPE_LIKERT, AllowDontKnow: true}, "The FE offer is hard to understand."),
		q("biggest", &pb.QuestionSpec{Type: pb.QuestionType_QUESTION_TYPE_TEXT, MaxLength: 40}, "What one skill would help most?"),
	}
}

func newAppPanel(t *testing.T) *appPanel {
	t.Helper()
	ctx := context.Background()
	p := apptest.Start(t, appStart)
	tn, err := tenant.Create(ctx, p.Store, tenant.Settings{Slug: appSlug, Name: "App programme"})
	if err != nil {
		t.Fatal(err)
	}
	key, err := tenant.IssueKey(ctx, p.Store, tn.ID, auth.RoleAdmin, "test")
	if err != nil {
		t.Fatal(err)
	}
	a := &appPanel{t: t, proc: p, admin: admin(p, key)}
	must := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(a.admin.SetSectorMap(ctx, connect.NewRequest(&pb.SetSectorMapRequest{Rules: []*pb.SectorRule{{SicPrefix: "28", Sector: "Advanced Manufacturing"}}})))
	must(a.admin.ImportBusinesses(ctx, connect.NewRequest(&pb.ImportBusinessesRequest{Csv: "ref,name,sic,employees,district\nB1,Business B1,28110,20,Leicester"})))
	must(a.admin.ImportPanellists(ctx, connect.NewRequest(&pb.ImportPanellistsRequest{Csv: "ref,business_ref,name,email,role,delivery_time\nP1,B1,Pat Jones,pat@example.org,HR manager,09:00"})))
	for _, q := range appQuestions() {
		must(a.admin.CreateQuestion(ctx, connect.NewRequest(q)))
	}
	w := &pb.CreateWaveRequest{Name: "App wave", StartDate: appStart.Format(time.DateOnly), WorkingDays: int32(len(appPlan))}
	for day, keys := range appPlan {
		for _, k := range keys {
			w.Plan = append(w.Plan, &pb.PlanItem{Day: int32(day), QuestionKey: k})
		}
	}
	must(a.admin.CreateWave(ctx, connect.NewRequest(w)))
	inv, err := a.admin.CreateInvites(ctx, connect.NewRequest(&pb.CreateInvitesRequest{}))
	if err != nil || len(inv.Msg.Invites) != 1 {
		t.Fatalf("CreateInvites: %v %v", inv, err)
	}
	a.code = inv.Msg.Invites[0].Code
	return a
}

// enrol joins P1 through the API and returns the session token.
func (a *appPanel) enrol() string {
	a.t.Helper()
	res, err := a.client("").Enrol(context.Background(), connect.NewRequest(&pb.EnrolRequest{Tenant: appSlug, InviteCode: a.code, ConsentVersion: "test"}))
	if err != nil {
		a.t.Fatal(err)
	}
	return res.Msg.SessionToken
}

func (a *appPanel) client(token string) panelpulsev1connect.PanellistServiceClient {
	return panelpulsev1connect.NewPanellistServiceClient(http.DefaultClient, a.proc.URL, apptest.Bearer(token))
}

// day moves the server clock to 10:00 on the wave's working day n and
// plans that day.
func (a *appPanel) day(n int) time.Time {
	a.t.Helper()
	ctx := context.Background()
	tn, err := a.proc.Store.Q.TenantGetBySlug(ctx, appSlug)
	if err != nil {
		a.t.Fatal(err)
	}
	cal, loc, err := schedule.Calendar(ctx, a.proc.Store.Q, tn)
	if err != nil {
		a.t.Fatal(err)
	}
	d := cal.AddWorkingDays(calendar.DateOf(appStart.In(loc)), n)
	at := time.Date(d.Year, d.Month, d.Day, 10, 0, 0, 0, loc)
	a.proc.Clock.Set(at)
	if _, err := a.proc.App.Planner.PlanDay(ctx, tn, d); err != nil {
		a.t.Fatal(err)
	}
	return at
}

// signedIn opens the app in a phone-sized tab with the session token
// already kept, as after joining.
func (a *appPanel) signedIn(t *testing.T, token string) *browsertest.Tab {
	t.Helper()
	tab := browser.NewTab(t, a.proc.URL, a.proc.Clock.Now())
	tab.SetViewport(browsertest.Phone)
	tab.Open("/app/", "h1")
	browsertest.Eval[bool](tab, fmt.Sprintf(`localStorage.setItem("panelpulse.app.session", JSON.stringify({tenant: %q, token: %q, name: "Pat Jones"})), true`, appSlug, token))
	tab.Reload("#today-title")
	return tab
}

// controlled waits for the app's service worker to be active and reloads
// the page, which the worker then serves (a page loaded while the worker
// was still installing stays uncontrolled until its next load), waiting
// for sel.
func controlled(t *testing.T, tab *browsertest.Tab, sel string) {
	t.Helper()
	browsertest.Eval[bool](tab, `navigator.serviceWorker.ready.then(() => true)`)
	tab.Reload(sel)
	if !browsertest.Eval[bool](tab, `!!navigator.serviceWorker.controller`) {
		t.Fatal("the app's service worker does not control the reloaded page")
	}
}

// q is the selector of an element inside the card of question key.
func q(key, sel string) string { return fmt.Sprintf(`article[data-question=%q] %s`, key, sel) }

// fill empties the input at sel and types text into it.
func fill(tab *browsertest.Tab, sel, text string) {
	tab.Do(chromedp.WaitVisible(chromedp.CSS(sel)))
	browsertest.Eval[bool](tab, fmt.Sprintf(`(() => { const el = document.querySelector(%q); el.value = ""; el.dispatchEvent(new Event("input", {bubbles: true})); return true; })()`, sel))
	tab.Do(chromedp.SendKeys(chromedp.CSS(sel), text))
}

// setValue sets the input at sel to v as a picker would (date fields take
// typed keys in the browser's locale order).
func setValue(tab *browsertest.Tab, sel, v string) {
	tab.Do(chromedp.WaitVisible(chromedp.CSS(sel)))
	browsertest.Eval[bool](tab, fmt.Sprintf(`(() => { const el = document.querySelector(%q); el.value = %q; el.dispatchEvent(new Event("input", {bubbles: true})); return true; })()`, sel, v))
}

// send presses the card's send button and returns its status text once
// shown (the saved, kept or refused sentence).
func send(tab *browsertest.Tab, key string) string {
	card := fmt.Sprintf(`document.querySelector('article[data-question=%q]')`, key)
	before := browsertest.Eval[string](tab, card+`.dataset.sent`)
	tab.Do(chromedp.Click(chromedp.CSS(q(key, "button[type=submit]"))))
	browsertest.Run(tab, chromedp.Poll[bool](fmt.Sprintf(`%s.dataset.sent !== %q && %s.querySelector(".status") !== null`, card, before, card)))
	return strings.TrimSpace(tab.Text(q(key, ".status")))
}
