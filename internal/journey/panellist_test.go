package journey_test

import (
	"context"
	"strings"
	"testing"

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
