package journey_test

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"connectrpc.com/connect"
	"github.com/chromedp/chromedp"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/internal/browsertest"
)

// TestStaffSeeTheirSections: an admin, an analyst and a facilitator sign in
// with their keys; each sees only their own section; the session cookie is
// out of the page's reach; after signing out the page is back at sign-in
// and the API refuses the browser.
func TestStaffSeeTheirSections(t *testing.T) {
	t.Parallel()
	pr := newProgramme(t)
	cases := []struct {
		role, key, heading, shows string
		hides                     []string
	}{
		{"admin", pr.keys.Admin, "Programme home", `[data-testid="today"]`, []string{"Questions by theme", "Your roundtables"}},
		{"analyst", pr.keys.Analyst, "Observatory", "#bank-h", []string{"Today,", "Your roundtables"}},
		{"facilitator", pr.keys.Facilitator, "Roundtables", "#rt-h", []string{"Today,", "Questions by theme"}},
	}
	for _, c := range cases {
		t.Run(c.role, func(t *testing.T) {
			tab := browser.NewTab(t, pr.proc.URL, pr.proc.Clock.Now())
			tab.SignIn(c.key)
			if h := tab.Text("h1"); h != c.heading {
				t.Fatalf("%s sees the heading %q, want %q", c.role, h, c.heading)
			}
			tab.Do(chromedp.WaitVisible(chromedp.CSS(c.shows)))
			body := tab.Text("body")
			for _, h := range c.hides {
				if strings.Contains(body, h) {
					t.Errorf("%s sees %q, which is not theirs", c.role, h)
				}
			}
			// The role's sections only: its landing section first, and no
			// other role's.
			nav := strings.Split(tab.Text("nav"), "\n")
			if nav[0] != c.heading {
				t.Errorf("%s's navigation starts with %q, want %q", c.role, nav[0], c.heading)
			}
			for _, other := range cases {
				if other.role != c.role && slices.Contains(nav, other.heading) {
					t.Errorf("%s's navigation %q holds %s's %q", c.role, nav, other.role, other.heading)
				}
			}
			if cookie := browsertest.Eval[string](tab, `document.cookie`); cookie != "" {
				t.Errorf("the page can read cookies %q; the session cookie must be HttpOnly", cookie)
			}
			tab.Screenshot(c.role + "-signed-in")
			tab.Do(chromedp.Click(chromedp.CSS(".banner button")), chromedp.WaitVisible(chromedp.CSS("#api-key")))
			status := browsertest.Eval[int](tab, `fetch("/panelpulse.v1.StaffService/WhoAmI", {method: "POST",
				headers: {"Content-Type": "application/json", "Connect-Protocol-Version": "1"}, body: "{}"}).then(r => r.status)`)
			if status != 401 {
				t.Fatalf("WhoAmI from the page after sign-out: %d, want 401", status)
			}
			tab.Open("/console/", "#api-key")
		})
	}
	t.Run("wrong key", func(t *testing.T) {
		tab := browser.NewTab(t, pr.proc.URL, pr.proc.Clock.Now())
		tab.Open("/console/", "#api-key")
		tab.Do(
			chromedp.SendKeys(chromedp.CSS("#api-key"), pr.keys.Admin+"x"),
			chromedp.KeyEvent("\r"),
		)
		if msg := tab.Text("#signin-error"); msg != "the API key is unknown or revoked" {
			t.Fatalf("a wrong key shows %q, want the server's sentence", msg)
		}
		if got := browsertest.Eval[string](tab, `document.activeElement.id`); got != "api-key" {
			t.Errorf("focus is on %q after a wrong key, want it left in the key field", got)
		}
	})
}

// TestProgrammeHomeIsTheAPIs: the admin's home shows exactly what
// GetProgrammeHome answers (today's counts, the live waves, each stratum's
// panel, frame, target and shortfall), draws the coverage chart without
// breaking the Content-Security-Policy, fits a phone without sideways
// scrolling, and can be used from the keyboard.
func TestProgrammeHomeIsTheAPIs(t *testing.T) {
	t.Parallel()
	pr := newProgramme(t)
	res, err := admin(pr.proc, pr.keys.Admin).GetProgrammeHome(context.Background(), connect.NewRequest(&pb.GetProgrammeHomeRequest{}))
	if err != nil {
		t.Fatal(err)
	}
	home := res.Msg
	today := home.Today.Counts
	if today.Assigned == 0 || today.Answered == 0 || len(home.LiveWaves) != 1 || !home.FrameImported {
		t.Fatalf("the fixture should have today's assignments and answers, one live wave and a frame: %v", home)
	}
	// Today's counts are the response monitor's for today (one wave, no
	// ad-hoc sends in the fixture).
	mon, err := admin(pr.proc, pr.keys.Admin).GetResponseMonitor(context.Background(), connect.NewRequest(&pb.GetResponseMonitorRequest{WaveId: home.LiveWaves[0].Wave.Id}))
	if err != nil {
		t.Fatal(err)
	}
	var monAssigned, monPushed, monAnswered int32
	for _, r := range mon.Msg.Rows {
		if r.Day == home.Today.Day {
			monAssigned, monPushed, monAnswered = monAssigned+r.Counts.Assigned, monPushed+r.Counts.Pushed, monAnswered+r.Counts.Answered
		}
	}
	if monAssigned != today.Assigned || monPushed != today.Pushed || monAnswered != today.Answered {
		t.Fatalf("home today %d/%d/%d assigned/pushed/answered, the response monitor %d/%d/%d",
			today.Assigned, today.Pushed, today.Answered, monAssigned, monPushed, monAnswered)
	}
	short := 0
	for _, s := range home.Coverage {
		if s.Shortfall > 0 {
			short++
		}
	}
	if short == 0 {
		t.Fatalf("the fixture's frame should leave some strata short: %v", home.Coverage)
	}

	for _, vp := range []struct {
		name string
		v    browsertest.Viewport
	}{{"phone", browsertest.Phone}, {"desktop", browsertest.Desktop}} {
		t.Run(vp.name, func(t *testing.T) {
			tab := browser.NewTab(t, pr.proc.URL, pr.proc.Clock.Now())
			tab.SetViewport(vp.v)
			tab.SignIn(pr.keys.Admin)
			tab.Do(chromedp.WaitVisible(chromedp.CSS(`[data-testid="coverage-chart"] svg.pp-plot`)))

			want := map[string]string{
				"assigned": fmt.Sprint(today.Assigned), "pushed": fmt.Sprint(today.Pushed),
				"opened": fmt.Sprint(today.Opened), "answered": fmt.Sprint(today.Answered),
				"deliveries": fmt.Sprint(home.Today.FirstPushesSent), "reminders": fmt.Sprint(home.Today.RemindersSent),
				"rate": fmt.Sprintf("%d%%", int(today.ResponseRate*100+0.5)),
			}
			for name, v := range want {
				if got := tab.Text(fmt.Sprintf(`[data-count=%q]`, name)); got != v {
					t.Errorf("today's %s shows %q, the API says %s", name, got, v)
				}
			}
			if got := tab.Text("#today-h"); got != "Today, "+home.Today.Day {
				t.Errorf("today's heading is %q, want the API's day %s", got, home.Today.Day)
			}
			for _, w := range home.LiveWaves {
				row := fmt.Sprintf(`[data-wave="%d"]`, w.Wave.Id)
				if got := tab.Text(row + " th"); got != w.Wave.Name {
					t.Errorf("wave %d is named %q, want %q", w.Wave.Id, got, w.Wave.Name)
				}
				if got := tab.Text(row + ` [data-col="assigned"]`); got != fmt.Sprint(w.Counts.Assigned) {
					t.Errorf("wave %d shows %s assigned, the API says %d", w.Wave.Id, got, w.Counts.Assigned)
				}
				if got := tab.Text(row + ` [data-col="answered"]`); got != fmt.Sprint(w.Counts.Answered) {
					t.Errorf("wave %d shows %s answered, the API says %d", w.Wave.Id, got, w.Counts.Answered)
				}
			}
			rows := browsertest.Eval[int](tab, `document.querySelectorAll("[data-stratum]").length`)
			if rows != len(home.Coverage) {
				t.Errorf("the coverage table has %d rows, the API %d strata", rows, len(home.Coverage))
			}
			for _, s := range home.Coverage {
				row := fmt.Sprintf(`[data-stratum="%s/%s"]`, s.Sector, s.SizeBand)
				for col, v := range map[string]int32{"panel": s.PanelBusinesses, "frame": s.FrameBusinesses, "target": s.TargetBusinesses, "shortfall": s.Shortfall} {
					if !s.InFrame && (col == "frame" || col == "target") {
						continue
					}
					got := tab.Text(row + fmt.Sprintf(` [data-col=%q]`, col))
					if n, err := strconv.Atoi(got); err != nil || int32(n) != v {
						t.Errorf("%s/%s %s shows %q, the API says %d", s.Sector, s.SizeBand, col, got, v)
					}
				}
			}
			if v := tab.Violations(); len(v) > 0 {
				t.Errorf("the page broke its Content-Security-Policy: %v", v)
			}
			if o := tab.HorizontalOverflow(); o > 0 {
				t.Errorf("at %dpx the page scrolls %dpx sideways", vp.v.Width, o)
			}
			tab.Screenshot("home")

			// Keyboard: from the top of the page the first Tab reaches the
			// skip link, which takes focus to the main content; every
			// control has a name.
			browsertest.Eval[bool](tab, `document.activeElement.blur(), true`)
			tab.Do(chromedp.KeyEvent("\t"))
			if got := browsertest.Eval[string](tab, `document.activeElement.textContent`); got != "Skip to content" {
				t.Errorf("the first Tab focuses %q, want the skip link", got)
			}
			tab.Do(chromedp.KeyEvent("\r"))
			if got := browsertest.Eval[string](tab, `document.activeElement.id`); got != "main" {
				t.Errorf("the skip link moved focus to %q, want main", got)
			}
			unnamed := browsertest.Eval[int](tab, `[...document.querySelectorAll("button, a, input, select, textarea")]
				.filter(e => !(e.labels?.length || e.getAttribute("aria-label") || e.textContent.trim())).length`)
			if unnamed > 0 {
				t.Errorf("%d controls have no accessible name", unnamed)
			}
			landmarks := browsertest.Eval[int](tab, `document.querySelectorAll("header, nav, main").length`)
			if landmarks != 3 {
				t.Errorf("the page has %d of the banner, navigation and main landmarks, want 3", landmarks)
			}
		})
	}
}
