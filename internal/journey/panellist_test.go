package journey_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/chromedp/chromedp"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/internal/browsertest"
)

// TestPanellistJoinsAndAnswers: a panellist opens the invite link from the
// letter on a phone, reads the privacy notice and joins; the code never
// stays in the address. On the first day they answer a multiple choice and
// a number, each first against a rule (too many choices, above the bound)
// that the server's sentence explains in place; on the second day a
// ranking by the up/down buttons and a matrix, and they change the day
// before's number (a new revision). The server holds every answer.
func TestPanellistJoinsAndAnswers(t *testing.T) {
	t.Parallel()
	a := newAppPanel(t)
	ctx := context.Background()
	tab := browser.NewTab(t, a.proc.URL, a.proc.Clock.Now())
	tab.SetViewport(browsertest.Phone)
	tab.Open("/app/#tenant="+appSlug+"&code="+a.code, "#join")
	if got := browsertest.Eval[string](tab, `location.href`); strings.Contains(got, a.code) || got != a.proc.URL+"/app/" {
		t.Errorf("after opening the invite link the address is %q, want %s/app/ without the code", got, a.proc.URL)
	}
	if got := browsertest.Eval[string](tab, `document.getElementById("code").value`); got != a.code {
		t.Fatalf("the invite code field holds %q, want the link's %q", got, a.code)
	}
	if c := tab.Text("#consent h2"); !strings.Contains(c, "panelpulse-2026-1") {
		t.Errorf("the privacy notice heading is %q, want its version", c)
	}
	tab.Do(chromedp.Click(chromedp.CSS("#join")))
	if e := tab.Text("[role=alert]"); !strings.Contains(e, "tick the box") {
		t.Errorf("joining without consent says %q", e)
	}
	tab.Screenshot("join")
	tab.Do(chromedp.Click(chromedp.CSS("#agree")), chromedp.Click(chromedp.CSS("#join")), chromedp.WaitVisible(chromedp.CSS("#today-title")))
	token := browsertest.Eval[string](tab, `JSON.parse(localStorage.getItem("panelpulse.app.session")).token`)
	me := a.client(token)

	// Day 1: a multiple choice and a number.
	tab.PinClock(a.day(0))
	tab.Reload(q("vacancies", "input[type=number]"))
	if p := tab.Text("#progress"); !strings.HasPrefix(p, "Day 1 of 4") {
		t.Errorf("progress says %q, want Day 1 of 4", p)
	}
	for _, v := range []string{"1", "2", "3"} {
		tab.Do(chromedp.Click(chromedp.CSS(q("behaviours", `input[value="`+v+`"]`))))
	}
	if s := send(tab, "behaviours"); s != "choices: at most 2 selections are allowed, got 3" && !strings.Contains(s, "at most 2 selections") {
		t.Errorf("three choices of at most two: the card says %q", s)
	}
	tab.Do(chromedp.Click(chromedp.CSS(q("behaviours", `input[value="3"]`))))
	if s := send(tab, "behaviours"); !strings.HasPrefix(s, "Saved (answer 1)") {
		t.Errorf("two choices: the card says %q", s)
	}
	fill(tab, q("vacancies", "input[type=number]"), "600")
	if s := send(tab, "vacancies"); !strings.Contains(s, "must be at most 500, got 600") {
		t.Errorf("600 vacancies of at most 500: the card says %q", s)
	}
	tab.Screenshot("rule-message")
	fill(tab, q("vacancies", "input[type=number]"), "12")
	if s := send(tab, "vacancies"); !strings.HasPrefix(s, "Saved (answer 1)") {
		t.Errorf("12 vacancies: the card says %q", s)
	}

	// Day 2: a ranking and a matrix; yesterday's number is still open.
	tab.PinClock(a.day(1))
	tab.Reload(q("skills_rank", "ol"))
	tab.Do(
		chromedp.Click(chromedp.CSS(q("skills_rank", `li[data-code="4"] button[aria-label^="Move Software up"]`))),
		chromedp.Click(chromedp.CSS(q("skills_rank", `li[data-code="4"] button[aria-label^="Move Software up"]`))),
		chromedp.Click(chromedp.CSS(q("skills_rank", `li[data-code="4"] button[aria-label^="Move Software up"]`))),
	)
	if s := send(tab, "skills_rank"); !strings.HasPrefix(s, "Saved") {
		t.Errorf("the ranking: the card says %q", s)
	}
	tab.Do(chromedp.Click(chromedp.CSS(q("digital", `fieldset[data-row="1"] input[value="4"]`))))
	if s := send(tab, "digital"); !strings.Contains(s, `row 2 ("Next 24 months") must be rated`) {
		t.Errorf("a matrix with one row unrated: the card says %q", s)
	}
	tab.Do(chromedp.Click(chromedp.CSS(q("digital", `fieldset[data-row="2"] input[value="2"]`))))
	if s := send(tab, "digital"); !strings.HasPrefix(s, "Saved") {
		t.Errorf("the matrix: the card says %q", s)
	}
	if b := tab.Text(q("vacancies", "button[type=submit]")); b != "Change answer" {
		t.Errorf("yesterday's answered number offers %q, want Change answer", b)
	}
	fill(tab, q("vacancies", "input[type=number]"), "15")
	if s := send(tab, "vacancies"); !strings.HasPrefix(s, "Saved (answer 2)") {
		t.Errorf("changing the number: the card says %q, want a second revision", s)
	}
	tab.Screenshot("day-2")

	h, err := me.ListHistory(ctx, connect.NewRequest(&pb.ListHistoryRequest{}))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]*pb.HistoryItem{}
	for _, i := range h.Msg.Items {
		got[i.Question.Key] = i
	}
	check := func(key string, ok bool, want string) {
		t.Helper()
		if !ok {
			t.Errorf("the server holds %s = %v, want %s", key, got[key], want)
		}
	}
	check("behaviours", got["behaviours"] != nil && len(got["behaviours"].Answer.Choices) == 2 && got["behaviours"].Revision == 1, "choices 1 and 2, revision 1")
	check("vacancies", got["vacancies"] != nil && got["vacancies"].Answer.GetNumber() == 15 && got["vacancies"].Revision == 2, "15 at revision 2")
	r := got["skills_rank"]
	check("skills_rank", r != nil && len(r.Answer.Ranking) == 2 && r.Answer.Ranking[0] == 4 && r.Answer.Ranking[1] == 1, "Software then Team working")
	m := got["digital"]
	check("digital", m != nil && m.Answer.Matrix[1] == 4 && m.Answer.Matrix[2] == 2, "rows rated 4 and 2")

	// How others answered: one business cannot be shown.
	tab.Do(chromedp.Click(chromedp.CSS(q("digital", "button.link"))))
	if s := tab.Text(".summary.suppressed"); !strings.Contains(s, "fewer than") {
		t.Errorf("the sector result says %q, want it hidden in words", s)
	}
	tab.Screenshot("results")
	if v := tab.Violations(); len(v) > 0 {
		t.Errorf("the app broke its Content-Security-Policy: %v", v)
	}
	if o := tab.HorizontalOverflow(); o > 0 {
		t.Errorf("the app scrolls %dpx sideways at 390px", o)
	}
}

// TestPanellistAnswersOffline: with today's questions loaded, the phone
// goes offline; the panellist answers (the app keeps it), reloads the app
// while still offline (the service worker serves the page and today's
// questions, and the kept answer shows), and comes back online an hour
// later: the answer reaches the server exactly once, with the time it was
// given offline.
func TestPanellistAnswersOffline(t *testing.T) {
	t.Parallel()
	a := newAppPanel(t)
	ctx := context.Background()
	token := a.enrol()
	me := a.client(token)
	given := a.day(0)
	tab := a.signedIn(t, token)
	// Today's questions once more, now through the worker, which keeps them.
	controlled(t, tab, q("vacancies", "input[type=number]"))

	tab.Offline()
	fill(tab, q("vacancies", "input[type=number]"), "7")
	if s := send(tab, "vacancies"); !strings.HasPrefix(s, "Kept on this phone") {
		t.Fatalf("answering offline: the card says %q", s)
	}
	tab.Reload(q("vacancies", "input[type=number]"))
	if s := tab.Text("#offline-status"); s != "You are offline." {
		t.Errorf("offline, the status says %q", s)
	}
	if v := browsertest.Eval[string](tab, `document.querySelector('article[data-question="vacancies"] input[type=number]').value`); v != "7" {
		t.Errorf("after an offline reload the kept answer shows %q, want 7", v)
	}
	if s := tab.Text(q("vacancies", ".status")); !strings.HasPrefix(s, "Kept on this phone") {
		t.Errorf("after an offline reload the card says %q", s)
	}
	tab.Screenshot("offline-kept")
	if h, _ := me.ListHistory(ctx, connect.NewRequest(&pb.ListHistoryRequest{})); len(h.Msg.Items) != 0 {
		t.Fatalf("the server holds %d answers while the phone is offline", len(h.Msg.Items))
	}

	a.proc.Clock.Advance(time.Hour)
	tab.Online()
	// The app sends on the online event; checking for questions (what a
	// panellist does on opening the app) sends too, and a second send of
	// the same answer would be stored once all the same.
	tab.Do(chromedp.Click(chromedp.CSS("#check")))
	browsertest.Run(tab, chromedp.Poll[bool](`document.querySelector('article[data-question="vacancies"] button[type=submit]')?.textContent === "Change answer"`))
	// Opening the app again sends nothing more.
	tab.Reload(q("vacancies", "input[type=number]"))
	h, err := me.ListHistory(ctx, connect.NewRequest(&pb.ListHistoryRequest{}))
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Msg.Items) != 1 {
		t.Fatalf("the server holds %d answers, want 1", len(h.Msg.Items))
	}
	it := h.Msg.Items[0]
	if it.Answer.GetNumber() != 7 || it.Revision != 1 || !it.AnsweredAt.AsTime().Equal(given) {
		t.Errorf("the server holds %v at revision %d answered at %v, want 7 once (revision 1) answered at %v", it.Answer, it.Revision, it.AnsweredAt.AsTime(), given)
	}
	if n := browsertest.Eval[int](tab, `new Promise(r => { const o = indexedDB.open("panelpulse-app"); o.onsuccess = () => { const g = o.result.transaction("outbox").objectStore("outbox").count(); g.onsuccess = () => r(g.result); }; })`); n != 0 {
		t.Errorf("%d answers are still waiting on the phone", n)
	}
}

// TestPanellistPausesAndWithdraws: in the settings the panellist pauses
// until a date (the server holds it), makes a code that signs another
// phone in, then leaves with erasure
// after confirming; the app says what erasure did, the session no longer
// works and the app is back at joining.
func TestPanellistPausesAndWithdraws(t *testing.T) {
	t.Parallel()
	a := newAppPanel(t)
	ctx := context.Background()
	token := a.enrol()
	me := a.client(token)
	tab := a.signedIn(t, token)
	tab.Do(chromedp.Click(chromedp.CSS("#tab-settings")), chromedp.WaitVisible(chromedp.CSS("#pause-until")))
	browsertest.Run(tab, chromedp.Poll[bool](`document.getElementById("delivery-time").value === "09:00"`))
	setValue(tab, "#pause-until", "2026-12-04")
	tab.Do(chromedp.Click(chromedp.CSS("#pause")))
	browsertest.Run(tab, chromedp.Poll[bool](`document.getElementById("pause-state").textContent.startsWith("Paused until")`))
	prefs, err := me.UpdatePreferences(ctx, connect.NewRequest(&pb.UpdatePreferencesRequest{}))
	if err != nil {
		t.Fatal(err)
	}
	if prefs.Msg.PauseUntil != "2026-12-04" {
		t.Errorf("the server holds a pause until %q, want 2026-12-04 (%s)", prefs.Msg.PauseUntil, tab.Text("#pause-state"))
	}
	tab.Screenshot("paused")

	// A code for another phone, shown once, signs that phone in.
	tab.Do(chromedp.Click(chromedp.CSS("#recovery")))
	code := strings.Fields(tab.Text("#recovery-code"))[0]
	if _, err := a.client("").Recover(ctx, connect.NewRequest(&pb.RecoverRequest{Tenant: appSlug, RecoveryCode: code})); err != nil {
		t.Errorf("the recovery code %q shown in the settings: %v", code, err)
	}

	tab.Do(chromedp.Click(chromedp.CSS("#erase")), chromedp.Click(chromedp.CSS("#withdraw")))
	if c := tab.Text("#confirm-text"); !strings.Contains(c, "erase") {
		t.Errorf("the confirmation says %q", c)
	}
	tab.Do(chromedp.Click(chromedp.CSS("#withdraw-confirm")))
	if s := tab.Text("#withdrawn"); !strings.Contains(s, "have been erased") {
		t.Errorf("after leaving the app says %q", s)
	}
	tab.Screenshot("withdrawn")
	if _, err := me.GetToday(ctx, connect.NewRequest(&pb.GetTodayRequest{})); connect.CodeOf(err) != connect.CodeUnauthenticated {
		t.Errorf("GetToday after withdrawing: %v, want Unauthenticated", err)
	}
	tab.Do(chromedp.Click(chromedp.CSS("#withdrawn button")), chromedp.WaitVisible(chromedp.CSS("#join")))
	if s := browsertest.Eval[string](tab, `localStorage.getItem("panelpulse.app.session") ?? ""`); s != "" {
		t.Errorf("the phone still keeps the session %q", s)
	}
}

// TestPanellistAnswersTheOtherTypes: a single choice whose "other" needs
// its words, a scale with end labels answered and then changed to "don't
// know", a Likert statement, and a short text whose counter and the
// server's rule both say when it is too long.
func TestPanellistAnswersTheOtherTypes(t *testing.T) {
	t.Parallel()
	a := newAppPanel(t)
	ctx := context.Background()
	token := a.enrol()
	a.day(2)
	tab := a.signedIn(t, token)
	tab.Do(chromedp.Click(chromedp.CSS(q("cost_rest", `input[value="4"]`))))
	if s := send(tab, "cost_rest"); !strings.Contains(s, `please say what the "other" answer is`) {
		t.Errorf("other without words: the card says %q", s)
	}
	fill(tab, q("cost_rest", "#a"+browsertest.Eval[string](tab, `document.querySelector('article[data-question="cost_rest"]').dataset.assignment`)+"-other"), "Sector bodies")
	if s := send(tab, "cost_rest"); !strings.HasPrefix(s, "Saved") {
		t.Errorf("other with words: the card says %q", s)
	}
	if ends := tab.Text(q("courses_fit", ".ends")); !strings.Contains(ends, "Not at all well") || !strings.Contains(ends, "Very well") {
		t.Errorf("the scale's end labels read %q", ends)
	}
	tab.Do(chromedp.Click(chromedp.CSS(q("courses_fit", `input[value="4"]`))))
	if s := send(tab, "courses_fit"); !strings.HasPrefix(s, "Saved (answer 1)") {
		t.Errorf("the scale: the card says %q", s)
	}
	tab.Do(chromedp.Click(chromedp.CSS(q("courses_fit", `input[type=checkbox]`))))
	if s := send(tab, "courses_fit"); !strings.HasPrefix(s, "Saved (answer 2)") {
		t.Errorf("don't know: the card says %q", s)
	}

	tab.PinClock(a.day(3))
	tab.Reload(q("finding", "input"))
	tab.Do(chromedp.Click(chromedp.CSS(q("finding", `input[value="4"]`))))
	if s := send(tab, "finding"); !strings.HasPrefix(s, "Saved") {
		t.Errorf("the Likert statement: the card says %q", s)
	}
	long := "Reading and acting on technical drawings well"
	fill(tab, q("biggest", "textarea"), long)
	if c := tab.Text(q("biggest", ".counter.over")); c != fmt.Sprintf("%d of 40 characters", len(long)) {
		t.Errorf("the counter says %q", c)
	}
	if s := send(tab, "biggest"); !strings.Contains(s, "40") {
		t.Errorf("a text over 40 characters: the card says %q", s)
	}
	fill(tab, q("biggest", "textarea"), "Technical drawing")
	if s := send(tab, "biggest"); !strings.HasPrefix(s, "Saved") {
		t.Errorf("the text: the card says %q", s)
	}
	tab.Screenshot("other-types")

	h, err := a.client(token).ListHistory(ctx, connect.NewRequest(&pb.ListHistoryRequest{}))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]*pb.AnswerValue{}
	for _, i := range h.Msg.Items {
		got[i.Question.Key] = i.Answer
	}
	if v := got["cost_rest"]; v.GetChoice() != 4 || v.GetOtherText() != "Sector bodies" {
		t.Errorf("the server holds cost_rest = %v", v)
	}
	if v := got["courses_fit"]; !v.GetDontKnow() || v.Scale != nil {
		t.Errorf("the server holds courses_fit = %v, want don't know", v)
	}
	if v := got["finding"]; v.GetScale() != 4 {
		t.Errorf("the server holds finding = %v, want 4 (agree)", v)
	}
	if v := got["biggest"]; v.GetText() != "Technical drawing" {
		t.Errorf("the server holds biggest = %v", v)
	}
}

// TestPanellistLateOfflineAnswers: an answer given offline before the
// question closed is accepted when the phone comes back after the close
// but within the grace period; past the grace period the app says why it
// was not stored.
func TestPanellistLateOfflineAnswers(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name    string
		back    time.Duration
		refused bool
	}{
		{"within grace", 40 * time.Hour, false},
		{"after grace", 6 * 24 * time.Hour, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			a := newAppPanel(t)
			token := a.enrol()
			a.day(0)
			tab := a.signedIn(t, token)
			controlled(t, tab, q("vacancies", "input[type=number]"))
			tab.Offline()
			fill(tab, q("vacancies", "input[type=number]"), "3")
			if s := send(tab, "vacancies"); !strings.HasPrefix(s, "Kept on this phone") {
				t.Fatalf("answering offline: the card says %q", s)
			}
			a.proc.Clock.Advance(c.back)
			// Back online, the app sends what it kept (on the online event,
			// and when checking for questions).
			tab.Online()
			tab.Do(chromedp.Click(chromedp.CSS("#check")))
			if c.refused {
				s := tab.Text("#refused")
				h, err := a.client(token).ListHistory(context.Background(), connect.NewRequest(&pb.ListHistoryRequest{}))
				if err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(s, "could not be stored") || len(s) < 40 {
					t.Errorf("the app says %q, want why the late answer was not stored", s)
				}
				if len(h.Msg.Items) != 0 {
					t.Errorf("the server stored %d answers after the grace period", len(h.Msg.Items))
				}
				tab.Screenshot("refused")
				return
			}
			browsertest.Run(tab, chromedp.Poll[bool](`indexedDB.databases().then(() => new Promise(r => { const o = indexedDB.open("panelpulse-app"); o.onsuccess = () => { const g = o.result.transaction("outbox").objectStore("outbox").count(); g.onsuccess = () => r(g.result === 0); }; }))`))
			h, err := a.client(token).ListHistory(context.Background(), connect.NewRequest(&pb.ListHistoryRequest{}))
			if err != nil || len(h.Msg.Items) != 1 || h.Msg.Items[0].Answer.GetNumber() != 3 {
				t.Errorf("after the close, within the grace period, the server holds %v (%v), want the answer 3", h.Msg.GetItems(), err)
			}
		})
	}
}

// TestAppLoadOnFast3G measures, and only states, how long the app takes to
// show today's questions on a throttled "Fast 3G" network: the first visit
// (nothing kept) and a later one (the service worker serves the app; the
// questions still come from the server). Timing is logged, never asserted.
func TestAppLoadOnFast3G(t *testing.T) {
	t.Parallel()
	a := newAppPanel(t)
	token := a.enrol()
	a.day(0)
	tab := browser.NewTab(t, a.proc.URL, a.proc.Clock.Now())
	tab.SetViewport(browsertest.Phone)
	tab.Throttle(browsertest.Fast3G)
	tab.Open("/app/", "h1")
	cold := browsertest.Eval[float64](tab, `performance.getEntriesByType("navigation")[0].loadEventEnd`)
	tab.Unthrottle()
	browsertest.Eval[bool](tab, fmt.Sprintf(`localStorage.setItem("panelpulse.app.session", JSON.stringify({tenant: %q, token: %q, name: "Pat Jones"})), true`, appSlug, token))
	controlled(t, tab, q("vacancies", "input[type=number]"))
	tab.Throttle(browsertest.Fast3G)
	tab.Reload("#root")
	browsertest.Run(tab, chromedp.Poll[bool](`document.querySelector('article[data-question="vacancies"]') !== null`))
	warm := browsertest.Eval[[]float64](tab, `[performance.getEntriesByType("navigation")[0].loadEventEnd, performance.now()]`)
	t.Logf("Fast 3G: first visit loaded in %.0f ms; with the service worker the app loaded in %.0f ms and showed today's questions after %.0f ms", cold, warm[0], warm[1])
}
