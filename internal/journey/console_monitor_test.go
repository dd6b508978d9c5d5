package journey_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/chromedp/chromedp"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/internal/browsertest"
	"github.com/panelpulse/panelpulse/internal/demo"
)

// TestResponseMonitorAndPushDelivery: with the demo wave's past days
// planned and answered, and two days after them that nobody answered, the
// admin opens the response monitor split by
// sector and the push delivery screen, at desktop and phone size. Every
// number on the screens is the RPC's (GetResponseMonitor, GetPushStats,
// ListStoppedPanellists page after page), the charts are drawn inside the
// Content-Security-Policy, and nothing scrolls sideways at 390 px.
func TestResponseMonitorAndPushDelivery(t *testing.T) {
	t.Parallel()
	pr := newProgramme(t)
	ctx := context.Background()
	sim, err := demo.NewSimulator(ctx, pr.proc.Store, pr.proc.App.Observatory, pr.proc.Clock, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sim.Backfill(ctx, pr.proc.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	dispatch := func() {
		t.Helper()
		for {
			n, err := pr.proc.App.Dispatcher.Tick(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if n == 0 {
				return
			}
		}
	}
	// The past days' pushes are found answered or closed, and cancelled.
	dispatch()
	// Thursday and Friday go out (first pushes in the morning, reminders
	// in the afternoon) and nobody answers any more; the admin looks on
	// Monday morning, when Thursday has closed.
	for _, day := range []time.Time{now.AddDate(0, 0, 1), now.AddDate(0, 0, 2)} {
		morning := time.Date(day.Year(), day.Month(), day.Day(), 7, 0, 0, 0, time.UTC)
		pr.proc.Clock.Set(morning)
		if err := pr.proc.App.Planner.Tick(ctx); err != nil {
			t.Fatal(err)
		}
		pr.proc.Clock.Set(morning.Add(3 * time.Hour))
		dispatch()
		pr.proc.Clock.Set(morning.Add(9 * time.Hour))
		dispatch()
	}
	pr.proc.Clock.Set(time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC))
	api := admin(pr.proc, pr.keys.Admin)
	home, err := api.GetProgrammeHome(ctx, connect.NewRequest(&pb.GetProgrammeHomeRequest{}))
	if err != nil || len(home.Msg.LiveWaves) != 1 {
		t.Fatalf("the fixture should have one live wave: %v %v", home, err)
	}
	waveID := home.Msg.LiveWaves[0].Wave.Id
	mon, err := api.GetResponseMonitor(ctx, connect.NewRequest(&pb.GetResponseMonitorRequest{WaveId: waveID, Dimension: pb.Dimension_DIMENSION_SECTOR}))
	if err != nil {
		t.Fatal(err)
	}
	wantMonitor := map[string]map[string]string{}
	days := map[string]bool{}
	for _, r := range mon.Msg.Rows {
		c := r.Counts
		days[r.Day] = true
		wantMonitor[r.Day+"|"+r.Segment.Value] = map[string]string{
			"assigned": fmt.Sprint(c.Assigned), "pushed": fmt.Sprint(c.Pushed), "opened": fmt.Sprint(c.Opened),
			"answered": fmt.Sprint(c.Answered), "rate": fmt.Sprintf("%d%%", int(c.ResponseRate*100+0.5)),
		}
	}
	if len(days) < 5 {
		t.Fatalf("the monitor has %d days, want the wave's past days and today", len(days))
	}
	stats, err := api.GetPushStats(ctx, connect.NewRequest(&pb.GetPushStatsRequest{WaveId: waveID}))
	if err != nil {
		t.Fatal(err)
	}
	wantOutcomes, wantLed := map[string]map[string]string{}, map[string]map[string]string{}
	for _, d := range stats.Msg.Days {
		for kind, o := range map[string]*pb.PushOutcomes{"first": d.FirstPushes, "adhoc": d.AdHocPushes, "reminder": d.Reminders} {
			wantOutcomes[d.Day+"|"+kind] = map[string]string{
				"sent": fmt.Sprint(o.Sent), "failed": fmt.Sprint(o.Failed), "cancelled": fmt.Sprint(o.Cancelled),
				"queued": fmt.Sprint(o.Queued), "opened": fmt.Sprint(o.Opened),
			}
		}
		c := d.Counts
		median := "–"
		if c.AnsweredAfterPush > 0 {
			median = fmt.Sprintf("%.1f", c.MedianSecondsToAnswer/60)
		}
		wantLed[d.Day] = map[string]string{
			"assigned": fmt.Sprint(c.Assigned), "pushed": fmt.Sprint(c.Pushed), "reminded": fmt.Sprint(c.Reminded),
			"opened": fmt.Sprint(c.Opened), "answered-after-push": fmt.Sprint(c.AnsweredAfterPush), "median": median,
		}
	}
	// Who left the last assigned day that is over unanswered, page by page.
	var wantStopped []string
	token := ""
	pages := 0
	for {
		res, err := api.ListStoppedPanellists(ctx, connect.NewRequest(&pb.ListStoppedPanellistsRequest{WaveId: waveID, WorkingDays: 1, PageSize: 25, PageToken: token}))
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, s := range res.Msg.Panellists {
			last := s.LastAnsweredDay
			if last == "" {
				last = "never"
			}
			wantStopped = append(wantStopped, s.Ref+" "+last)
		}
		if token = res.Msg.NextPageToken; token == "" {
			break
		}
	}
	if pages < 2 {
		t.Fatalf("%d stopped panellists fill %d page, want more than one page of 25 to page through", len(wantStopped), pages)
	}

	for _, vp := range []struct {
		name string
		v    browsertest.Viewport
	}{{"desktop", browsertest.Desktop}, {"phone", browsertest.Phone}} {
		t.Run(vp.name, func(t *testing.T) {
			tab := browser.NewTab(t, pr.proc.URL, pr.proc.Clock.Now())
			tab.SetViewport(vp.v)
			tab.SignIn(pr.keys.Admin)

			// The monitor, split by sector, from the navigation.
			tab.Do(chromedp.Click(chromedp.CSS(`nav a[href="#monitor"]`)))
			tab.Do(chromedp.WaitVisible(chromedp.CSS(`[data-testid="monitor"]`)))
			tab.Do(chromedp.SetValue(chromedp.CSS(`select[name="by"]`), "sector"),
				chromedp.Evaluate[chromedp.Void](`document.querySelector('select[name="by"]').dispatchEvent(new Event("change", {bubbles: true}))`))
			tab.Do(chromedp.WaitVisible(chromedp.CSS(`[data-testid="monitor-chart"] svg.pp-plot`)))
			tab.Do(chromedp.WaitVisible(chromedp.CSS(`tr[data-row$="|Logistics"]`)))
			compare(t, "monitor", table(tab, `[data-testid="monitor"]`), wantMonitor)
			if got := browsertest.Eval[string](tab, `location.hash`); got != fmt.Sprintf("#monitor?wave=%d&by=sector", waveID) && got != "#monitor?by=sector" {
				t.Errorf("the monitor's location is %q, want the split in it to share", got)
			}

			// Who stopped answering: one day, then every page.
			tab.Do(chromedp.SetValue(chromedp.CSS(`input[name="days"]`), "1"),
				chromedp.Evaluate[chromedp.Void](`document.querySelector('input[name="days"]').dispatchEvent(new Event("change", {bubbles: true}))`))
			for range pages - 1 {
				tab.Do(chromedp.WaitVisible(chromedp.CSS(`[data-testid="stopped"] button`)))
				n := browsertest.Eval[int](tab, `document.querySelectorAll("[data-stopped]").length`)
				tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="stopped"] button`)))
				browsertest.Run(tab, chromedp.Poll[bool](fmt.Sprintf(`document.querySelectorAll("[data-stopped]").length > %d`, n)))
			}
			got := browsertest.Eval[[]string](tab, `[...document.querySelectorAll("[data-stopped]")].map(r => r.dataset.stopped + " " + r.querySelector('[data-col="last"]').textContent)`)
			if fmt.Sprint(got) != fmt.Sprint(wantStopped) {
				t.Errorf("the screen lists stopped panellists\n%v\nthe RPC\n%v", got, wantStopped)
			}
			if n := browsertest.Eval[int](tab, `document.querySelectorAll('[data-testid="stopped"] button').length`); n != 0 {
				t.Errorf("after the last page a Show more button is left")
			}
			if v := tab.Violations(); len(v) > 0 {
				t.Errorf("the monitor broke its Content-Security-Policy: %v", v)
			}
			if o := tab.HorizontalOverflow(); o > 0 {
				t.Errorf("at %dpx the monitor scrolls %dpx sideways", vp.v.Width, o)
			}
			tab.Screenshot("monitor")

			// Push delivery.
			tab.Do(chromedp.Click(chromedp.CSS(`nav a[href="#pushes"]`)))
			tab.Do(chromedp.WaitVisible(chromedp.CSS(`[data-testid="push-chart"] svg.pp-plot`)))
			compare(t, "push outcomes", table(tab, `[data-testid="push-outcomes"]`), wantOutcomes)
			compare(t, "what pushes led to", table(tab, `[data-testid="push-counts"]`), wantLed)
			if v := tab.Violations(); len(v) > 0 {
				t.Errorf("the push screen broke its Content-Security-Policy: %v", v)
			}
			if o := tab.HorizontalOverflow(); o > 0 {
				t.Errorf("at %dpx the push screen scrolls %dpx sideways", vp.v.Width, o)
			}
			tab.Screenshot("pushes")
		})
	}
}

// table reads a table's rows (data-row) and their cells (data-col).
func table(tab *browsertest.Tab, sel string) map[string]map[string]string {
	return browsertest.Eval[map[string]map[string]string](tab, fmt.Sprintf(`Object.fromEntries(
		[...document.querySelectorAll(%q + " tr[data-row]")].map(r => [r.dataset.row,
			Object.fromEntries([...r.querySelectorAll("[data-col]")].map(c => [c.dataset.col, c.textContent]))]))`, sel))
}

func compare(t *testing.T, what string, got, want map[string]map[string]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: the screen has %d rows, the RPC %d", what, len(got), len(want))
	}
	for row, cols := range want {
		for col, v := range cols {
			if g := got[row][col]; g != v {
				t.Errorf("%s %s %s: the screen shows %q, the RPC says %s", what, row, col, g, v)
			}
		}
	}
}
