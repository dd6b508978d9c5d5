package journey_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"connectrpc.com/connect"
	"github.com/chromedp/chromedp"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/internal/browsertest"
)

// TestAdminRunsWavesOnACalendar: the month calendar shows weekends, bank
// holidays and closure days, the daily cap, and on each day what the
// running wave sends to whom exactly as PreviewWave says; the admin starts
// a wave from a day of the calendar (a sector segment), edits it, and
// cancels it, and the calendar and the API follow each step.
func TestAdminRunsWavesOnACalendar(t *testing.T) {
	t.Parallel()
	pr := newProgramme(t)
	ctx := context.Background()
	api := admin(pr.proc, pr.keys.Admin)
	if _, err := api.SetClosureDays(ctx, connect.NewRequest(&pb.SetClosureDaysRequest{Days: []*pb.ClosureDay{{Day: "2026-12-30", Reason: "Office move"}}})); err != nil {
		t.Fatal(err)
	}
	waves, err := api.ListWaves(ctx, connect.NewRequest(&pb.ListWavesRequest{Status: pb.WaveStatus_WAVE_STATUS_RUNNING}))
	if err != nil || len(waves.Msg.Waves) != 1 {
		t.Fatalf("the demo should run one wave today: %v %v", waves, err)
	}
	demoWave := waves.Msg.Waves[0]
	pv, err := api.PreviewWave(ctx, connect.NewRequest(&pb.PreviewWaveRequest{WaveId: demoWave.Id}))
	if err != nil {
		t.Fatal(err)
	}
	perDay := map[string][]*pb.PreviewItem{}
	for _, it := range pv.Msg.Items {
		perDay[it.Day] = append(perDay[it.Day], it)
	}
	qs, err := api.ListQuestions(ctx, connect.NewRequest(&pb.ListQuestionsRequest{PageSize: 1}))
	if err != nil {
		t.Fatal(err)
	}
	key := qs.Msg.Questions[0].Key

	tab := browser.NewTab(t, pr.proc.URL, pr.proc.Clock.Now())
	tab.SignIn(pr.keys.Admin)
	goHash(tab, "#waves", `[data-testid="calendar"] li[data-day="2026-11-25"]`)
	if got := tab.Text(`[data-testid="month"]`); got != "November 2026" {
		t.Errorf("the calendar opens on %q, want the programme's month, November 2026", got)
	}
	if got := tab.Text(`[data-testid="cap"]`); !strings.Contains(got, fmt.Sprintf("at most %d question", pv.Msg.DailyCap)) {
		t.Errorf("the cap line is %q, want the daily cap %d", got, pv.Msg.DailyCap)
	}
	if k := browsertest.Eval[string](tab, `document.querySelector('li[data-day="2026-11-28"]').dataset.kind`); k != "weekend" {
		t.Errorf("Saturday 28 November is %q, want weekend", k)
	}
	checked := 0
	for d, items := range perDay {
		if !strings.HasPrefix(d, "2026-11") {
			continue
		}
		cell := fmt.Sprintf(`li[data-day=%q] li[data-wave="%d"]`, d, demoWave.Id)
		if n := browsertest.Eval[int](tab, fmt.Sprintf(`document.querySelectorAll(%q).length`, cell)); n != len(items) {
			t.Errorf("%s shows %d sends of the wave, PreviewWave %d", d, n, len(items))
		}
		text := tab.Text(fmt.Sprintf(`li[data-day=%q] .sends`, d))
		for _, it := range items {
			if !strings.Contains(text, fmt.Sprintf("%s to ", it.QuestionKey)) || !strings.Contains(text, fmt.Sprintf("%d panellist", it.Panellists)) {
				t.Errorf("%s reads %q, want %s to %d panellists", d, text, it.QuestionKey, it.Panellists)
			}
		}
		checked++
	}
	if checked == 0 {
		t.Fatalf("the demo wave sends nothing in November: %v", pv.Msg.Items)
	}
	tab.Screenshot("calendar-november")

	goHash(tab, "#waves?month=2026-12", `li[data-day="2026-12-25"]`)
	if k, txt := browsertest.Eval[string](tab, `document.querySelector('li[data-day="2026-12-25"]').dataset.kind`), tab.Text(`li[data-day="2026-12-25"] .tag`); k != "holiday" || !strings.Contains(txt, "Christmas") {
		t.Errorf("25 December is %q %q, want the Christmas bank holiday", k, txt)
	}
	if k, txt := browsertest.Eval[string](tab, `document.querySelector('li[data-day="2026-12-30"]').dataset.kind`), tab.Text(`li[data-day="2026-12-30"] .tag`); k != "closure" || !strings.Contains(txt, "Office move") {
		t.Errorf("30 December is %q %q, want the closure day", k, txt)
	}
	tab.Screenshot("calendar-december")

	// A new wave from Monday 30 November, to one sector.
	goHash(tab, "#waves?month=2026-11", `li[data-day="2026-11-30"] a.start`)
	tab.Do(chromedp.Click(chromedp.CSS(`li[data-day="2026-11-30"] a.start`)))
	tab.Do(chromedp.WaitVisible(chromedp.CSS(`input[name="name"]`)))
	if got := browsertest.Eval[string](tab, `document.querySelector('input[name="start"]').value`); got != "2026-11-30" {
		t.Errorf("the form starts on %q, want the day clicked", got)
	}
	fill(tab, `input[name="name"]`, "Apprenticeship pulse")
	pick(tab, `input[name="days"]`, "3")
	pick(tab, `select[name="plan-key-0"]`, key)
	pick(tab, `select[name="plan-dimension-0"]`, fmt.Sprint(int32(pb.Dimension_DIMENSION_SECTOR)))
	fill(tab, `input[name="plan-value-0"]`, "Logistics")
	tab.Screenshot("new-wave-form")
	tab.Do(chromedp.Click(chromedp.CSS(`form[aria-label="Wave"] button[type="submit"]`)))
	waitJS(tab, `document.querySelector('li[data-day="2026-11-30"] .sends').textContent.includes('Apprenticeship pulse')`)
	all, err := api.ListWaves(ctx, connect.NewRequest(&pb.ListWavesRequest{PageSize: 1}))
	if err != nil {
		t.Fatal(err)
	}
	w := all.Msg.Waves[0]
	got, err := api.GetWave(ctx, connect.NewRequest(&pb.GetWaveRequest{Id: w.Id}))
	if err != nil {
		t.Fatal(err)
	}
	if w.Name != "Apprenticeship pulse" || w.StartDate != "2026-11-30" || w.WorkingDays != 3 || w.Status != pb.WaveStatus_WAVE_STATUS_PLANNED ||
		len(got.Msg.Plan) != 1 || got.Msg.Plan[0].QuestionKey != key ||
		got.Msg.Plan[0].Segment.GetDimension() != pb.Dimension_DIMENSION_SECTOR || got.Msg.Plan[0].Segment.GetValue() != "Logistics" {
		t.Fatalf("stored wave %v plan %v", w, got.Msg.Plan)
	}
	if txt := tab.Text(`li[data-day="2026-11-30"] .sends`); !strings.Contains(txt, key+" to Sector: Logistics") {
		t.Errorf("30 November reads %q, want %s to Sector: Logistics", txt, key)
	}

	// Edit it: two days, another name.
	goHash(tab, fmt.Sprintf("#waves/%d", w.Id), `input[name="name"]`)
	fill(tab, `input[name="name"]`, "Apprenticeship pulse, short")
	pick(tab, `input[name="days"]`, "2")
	tab.Do(chromedp.Click(chromedp.CSS(`form[aria-label="Wave"] button[type="submit"]`)))
	waitJS(tab, `document.querySelector('.wave-form .saved')?.textContent === 'Saved.'`)
	got, err = api.GetWave(ctx, connect.NewRequest(&pb.GetWaveRequest{Id: w.Id}))
	if err != nil || got.Msg.Wave.WorkingDays != 2 || got.Msg.Wave.Name != "Apprenticeship pulse, short" || got.Msg.Wave.EndDate != "2026-12-01" {
		t.Fatalf("after the edit %v (%v)", got, err)
	}

	// Cancel it.
	tab.Do(chromedp.Click(chromedp.CSS(`.wave-form button.danger`)))
	tab.Do(chromedp.WaitVisible(chromedp.CSS(`.confirm`)))
	tab.Screenshot("cancel-confirm")
	tab.Do(chromedp.Click(chromedp.CSS(`.confirm button.danger`)))
	tab.Do(chromedp.WaitVisible(chromedp.CSS(`[data-testid="cancelled-note"]`)))
	got, err = api.GetWave(ctx, connect.NewRequest(&pb.GetWaveRequest{Id: w.Id}))
	if err != nil || got.Msg.Wave.Status != pb.WaveStatus_WAVE_STATUS_CANCELLED {
		t.Fatalf("after Cancel the API says %v (%v)", got, err)
	}
	goHash(tab, "#waves?month=2026-11", `li[data-day="2026-11-30"]`)
	waitJS(tab, fmt.Sprintf(`document.querySelector('[data-testid="wave-list"] tr[data-wave="%d"] [data-col="status"]').textContent === 'cancelled'`, w.Id))
	if n := browsertest.Eval[int](tab, fmt.Sprintf(`document.querySelectorAll('li[data-day="2026-11-30"] li[data-wave="%d"]').length`, w.Id)); n != 0 {
		t.Errorf("the cancelled wave still sends on 30 November")
	}
	if v := tab.Violations(); len(v) > 0 {
		t.Errorf("the calendar broke its Content-Security-Policy: %v", v)
	}
	tab.Screenshot("calendar-after-cancel")
}
