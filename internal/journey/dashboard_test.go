package journey_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"connectrpc.com/connect"
	"github.com/chromedp/chromedp"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1/panelpulsev1connect"
	"github.com/panelpulse/panelpulse/internal/apptest"
	"github.com/panelpulse/panelpulse/internal/auth"
	"github.com/panelpulse/panelpulse/internal/browsertest"
	"github.com/panelpulse/panelpulse/internal/calendar"
	"github.com/panelpulse/panelpulse/internal/clock"
	"github.com/panelpulse/panelpulse/internal/demo"
	"github.com/panelpulse/panelpulse/internal/schedule"
	"github.com/panelpulse/panelpulse/internal/tenant"
)

// jsFixed writes v with f decimals as JavaScript's toFixed does: the
// nearest, and of two the larger (Go's %f rounds exact ties to even).
func jsFixed(v float64, f int) string {
	r := new(big.Rat).SetFloat64(v)
	scale := new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(f)), nil))
	r.Mul(r, scale).Add(r, big.NewRat(1, 2))
	n := new(big.Int).Div(r.Num(), r.Denom()) // floor for positive denominators
	if r.Sign() < 0 && new(big.Int).Mul(n, r.Denom()).Cmp(r.Num()) != 0 {
		n.Sub(n, big.NewInt(1))
	}
	s := new(big.Rat).SetFrac(n, scale.Num()).FloatString(f)
	if strings.Trim(s, "-0.") == "" {
		s = strings.TrimPrefix(s, "-")
	}
	return s
}

func mean2(v *float64) string {
	if v == nil {
		return ""
	}
	return jsFixed(*v, 2)
}

func pct(v float64) string { return jsFixed(v*100, 1) + "%" }

func pctOpt(v *float64) string {
	if v == nil {
		return ""
	}
	return pct(*v)
}

// revisedKey is the question the fixture rewords before it is asked again.
const revisedKey = "training_spend_next_year"

// dashboard is the demo programme with its wave's earlier days answered,
// a population frame imported, and an analyst's Connect client.
type dashboard struct {
	*programme
	obs panelpulsev1connect.ObservatoryServiceClient
}

func newDashboard(t *testing.T) *dashboard {
	t.Helper()
	pr := newProgramme(t)
	ctx := context.Background()
	sim, err := demo.NewSimulator(ctx, pr.proc.Store, pr.proc.App.Observatory, pr.proc.Clock, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sim.Backfill(ctx, pr.proc.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	// A roundtable's Likert statement and the free-text question go to
	// everyone on the next working day, planned and answered as the
	// backfill does, so every question type has answers.
	for _, key := range []string{"biggest_difference_skill", "finding_fe_offer_unclear"} {
		_, err := admin(pr.proc, pr.keys.Admin).SendAdHoc(ctx, connect.NewRequest(&pb.SendAdHocRequest{QuestionKey: key, When: pb.AdHocWhen_AD_HOC_WHEN_NEXT_WEEKDAY}))
		if err != nil {
			t.Fatalf("SendAdHoc %s: %v", key, err)
		}
	}
	// A new wording of a question asked again later: its series pools two
	// versions.
	qs, err := admin(pr.proc, pr.keys.Admin).ListQuestions(ctx, connect.NewRequest(&pb.ListQuestionsRequest{}))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range qs.Msg.Questions {
		if q.Key == revisedKey {
			_, err := admin(pr.proc, pr.keys.Admin).CreateQuestion(ctx, connect.NewRequest(&pb.CreateQuestionRequest{Key: q.Key,
				Theme: q.Theme, Title: q.Title, Wording: q.Wording + " (Think of the next twelve months.)", Spec: q.Spec}))
			if err != nil {
				t.Fatalf("revising %s: %v", q.Key, err)
			}
		}
	}
	tn, err := pr.proc.Store.Q.TenantGetBySlug(ctx, demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	cal, loc, err := schedule.Calendar(ctx, pr.proc.Store.Q, tn)
	if err != nil {
		t.Fatal(err)
	}
	// A panellist's day holds a capped number of questions: the second
	// send waits for a day with room (the third).
	next := calendar.DateOf(pr.proc.Clock.Now().In(loc))
	for range 3 {
		next = cal.NextWorkingDay(next)
		planner, err := schedule.NewPlanner(pr.proc.Store, clock.NewFake(calendar.DeliveryInstant(next, loc, 7*60)), slog.New(slog.NewTextHandler(io.Discard, nil)))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := planner.PlanDay(ctx, tn, next); err != nil {
			t.Fatal(err)
		}
		if _, err := sim.AnswerOpen(ctx, clock.NewFake(calendar.DeliveryInstant(next, loc, 15*60))); err != nil {
			t.Fatal(err)
		}
	}
	return &dashboard{programme: pr, obs: apptest.As(pr.proc, pr.keys.Analyst).Observatory}
}

func (d *dashboard) trend(t *testing.T, key string, period pb.Period, dim pb.Dimension, weighted bool) *pb.GetTrendResponse {
	t.Helper()
	res, err := d.obs.GetTrend(context.Background(), connect.NewRequest(&pb.GetTrendRequest{QuestionKey: key, Period: period, Dimension: dim, Weighted: weighted}))
	if err != nil {
		t.Fatalf("GetTrend %s: %v", key, err)
	}
	return res.Msg
}

// cellText reads a table cell of the dashboard.
func cellText(tab *browsertest.Tab, period, segment, item, col string) string {
	sel := fmt.Sprintf(`tr[data-period=%q][data-segment=%q]`, period, segment)
	if item != "" {
		sel += fmt.Sprintf(`[data-item=%q]`, item)
	}
	return browsertest.Eval[string](tab, fmt.Sprintf(`(document.querySelector(%q) || {querySelector: () => null}).querySelector('td[data-col=%q]')?.textContent ?? "<no such cell>"`, sel+"", col))
}

// titles are the <title> texts of the chart's marks.
func titles(tab *browsertest.Tab) []string {
	return browsertest.Eval[[]string](tab, `[...document.querySelectorAll('[data-testid="obs-chart"] svg title')].map(t => t.textContent)`)
}

func openView(tab *browsertest.Tab, key, query string) {
	tab.Do(chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`location.hash = %q`, "observatory/"+key+"?"+query)))
	tab.Do(chromedp.WaitVisible(chromedp.CSS(`[data-testid="obs-table"]`)))
	tab.Do(chromedp.WaitVisible(chromedp.CSS(`[data-testid="obs-chart"] svg.pp-plot`)))
}

// pick is the first question of a type whose series has a shown cell.
func (d *dashboard) pick(t *testing.T, typ pb.QuestionType, period pb.Period, dim pb.Dimension) (string, *pb.GetTrendResponse) {
	t.Helper()
	cb, err := d.obs.ListCodebook(context.Background(), connect.NewRequest(&pb.ListCodebookRequest{}))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range cb.Msg.Questions {
		if q.Spec.Type != typ {
			continue
		}
		if tr := d.trend(t, q.Key, period, dim, false); latestShownPeriod(tr.Cells) != "" {
			return q.Key, tr
		}
	}
	return "", nil
}

// latestShownPeriod is the dashboard's default period for bar charts.
func latestShownPeriod(cells []*pb.TrendCell) string {
	at := ""
	for _, c := range cells {
		if !c.Suppressed {
			at = c.Period
		}
	}
	return at
}

// TestObservatoryDashboard: an analyst opens the dashboard; for a question
// of each type the chart's marks and its table show GetTrend's numbers,
// suppressed cells show no value, weighting changes the estimates and says
// so, downloads are what is on screen, verbatims keep to shown cells and
// their programme, and nothing scrolls sideways on a phone.
func TestObservatoryDashboard(t *testing.T) {
	d := newDashboard(t)
	ctx := context.Background()
	tab := browser.NewTab(t, d.proc.URL, d.proc.Clock.Now())
	tab.SetViewport(browsertest.Desktop)
	tab.SignIn(d.keys.Analyst)
	tab.Do(chromedp.WaitVisible(chromedp.CSS("#bank-h")))

	t.Run("browse", func(t *testing.T) {
		cb, err := d.obs.ListCodebook(ctx, connect.NewRequest(&pb.ListCodebookRequest{}))
		if err != nil {
			t.Fatal(err)
		}
		shown := browsertest.Eval[[]string](tab, `[...document.querySelectorAll('section[aria-label] [data-question]')].map(a => a.dataset.question)`)
		folded := browsertest.Eval[[]string](tab, `[...document.querySelectorAll('.obs-findings [data-question]')].map(a => a.dataset.question)`)
		for _, q := range cb.Msg.Questions {
			finding := strings.HasPrefix(q.Key, "finding_")
			if finding == slices.Contains(shown, q.Key) || finding != slices.Contains(folded, q.Key) {
				t.Errorf("question %s: in the themes %v, among the findings %v", q.Key, slices.Contains(shown, q.Key), slices.Contains(folded, q.Key))
			}
		}
		if body := tab.Text("body"); !strings.Contains(body, cb.Msg.Questions[0].Wording) {
			t.Errorf("the bank does not show the wording %q", cb.Msg.Questions[0].Wording)
		}
		tab.Screenshot("question-bank")
	})

	t.Run("mean by sector", func(t *testing.T) {
		key := "recruit_confidence_12m"
		tr := d.trend(t, key, pb.Period_PERIOD_WEEK, pb.Dimension_DIMENSION_SECTOR, false)
		openView(tab, key, "period=week&segment=sector")
		marks := titles(tab)
		shownCells := 0
		for _, c := range tr.Cells {
			if got := cellText(tab, c.Period, c.Segment, "", "mean"); got != mean2(c.Mean) {
				t.Errorf("%s %s: the table's mean is %q, GetTrend's %s", c.Period, c.Segment, got, mean2(c.Mean))
			}
			if c.Suppressed || c.Mean == nil {
				continue
			}
			shownCells++
			want := fmt.Sprintf("%s · %s · mean %s (%s to %s), %d businesses, response rate %s", c.Segment, c.Period,
				mean2(c.Mean), mean2(c.CiLow), mean2(c.CiHigh), c.Respondents, pctOpt(c.ResponseRate))
			if !slices.Contains(marks, want) {
				t.Errorf("the chart has no mark %q", want)
			}
			if got := cellText(tab, c.Period, c.Segment, "", "response_rate"); got != pctOpt(c.ResponseRate) {
				t.Errorf("%s %s: response rate %q, GetTrend's %s", c.Period, c.Segment, got, pctOpt(c.ResponseRate))
			}
		}
		if shownCells == 0 {
			t.Fatal("the fixture has no shown cell to compare")
		}
		tab.Screenshot("mean-by-sector")
	})

	t.Run("suppressed cells show no value", func(t *testing.T) {
		key := "recruit_confidence_12m"
		tr := d.trend(t, key, pb.Period_PERIOD_DAY, pb.Dimension_DIMENSION_SECTOR_SIZE, false)
		var hidden []*pb.TrendCell
		for _, c := range tr.Cells {
			if c.Suppressed {
				hidden = append(hidden, c)
			}
		}
		if len(hidden) == 0 {
			t.Fatal("the fixture has no suppressed day by sector and size band")
		}
		openView(tab, key, "period=day&segment=sector_size")
		label := fmt.Sprintf("fewer than %d", tr.SuppressionThreshold)
		marks := titles(tab)
		for _, c := range hidden {
			for _, col := range []string{"mean", "ci_low", "ci_high", "median", "businesses", "assigned", "response_rate", "n_eff"} {
				if got := cellText(tab, c.Period, c.Segment, "", col); got != "" {
					t.Errorf("suppressed %s %s shows %s %q", c.Period, c.Segment, col, got)
				}
			}
			if got := cellText(tab, c.Period, c.Segment, "", "status"); got != label {
				t.Errorf("suppressed %s %s is labelled %q, want %q", c.Period, c.Segment, got, label)
			}
			if want := fmt.Sprintf("%s · %s: %s", c.Segment, c.Period, label); !slices.Contains(marks, want) {
				t.Errorf("the chart does not label the gap %q", want)
			}
		}
		tab.Screenshot("suppressed-gaps")
	})

	t.Run("shares", func(t *testing.T) {
		for _, key := range []string{"recruit_planning_horizon", "recruit_channels"} {
			tr := d.trend(t, key, pb.Period_PERIOD_WEEK, pb.Dimension_DIMENSION_SIZE_BAND, false)
			at := latestShownPeriod(tr.Cells)
			openView(tab, key, "period=week&segment=size_band")
			marks := titles(tab)
			n := 0
			for _, c := range tr.Cells {
				if c.Period != at || c.Suppressed {
					continue
				}
				for _, s := range c.Shares {
					n++
					if got := cellText(tab, c.Period, c.Segment, s.Label, "share"); got != pct(s.Share) {
						t.Errorf("%s %s %s: share %q, GetTrend's %s", key, c.Segment, s.Label, got, pct(s.Share))
					}
					want := fmt.Sprintf("%s · %s · %s: %s (%s to %s)", c.Segment, c.Period, s.Label, pct(s.Share), pct(s.CiLow), pct(s.CiHigh))
					if !slices.Contains(marks, want) {
						t.Errorf("the chart has no mark %q", want)
					}
				}
			}
			if n == 0 {
				t.Fatalf("%s: no shown share to compare", key)
			}
			// The bars are drawn to scale: each bar's length over the
			// axis's full length is its share.
			type bar struct {
				Title string  `json:"title"`
				Width float64 `json:"width"`
			}
			bars := browsertest.Eval[[]bar](tab, `[...document.querySelectorAll('[data-testid="obs-chart"] svg rect')]
				.filter(r => r.querySelector('title')).map(r => ({title: r.querySelector('title').textContent, width: r.getBBox().width}))`)
			full := browsertest.Eval[float64](tab, `document.querySelector('[data-testid="obs-chart"] svg [aria-label="frame"] rect').getBBox().width`)
			if len(bars) != n || full <= 0 {
				t.Fatalf("%s: %d bars for %d shares, axis %v px", key, len(bars), n, full)
			}
			for _, c := range tr.Cells {
				if c.Period != at || c.Suppressed {
					continue
				}
				for _, s := range c.Shares {
					title := fmt.Sprintf("%s · %s · %s: %s (%s to %s)", c.Segment, c.Period, s.Label, pct(s.Share), pct(s.CiLow), pct(s.CiHigh))
					for _, b := range bars {
						if b.Title == title && (b.Width/full-s.Share > 0.01 || s.Share-b.Width/full > 0.01) {
							t.Errorf("%s: the bar of %s is %.3f of the axis, its share %.3f", key, title, b.Width/full, s.Share)
						}
					}
				}
			}
			tab.Screenshot("shares-" + key)
		}
	})

	t.Run("likert", func(t *testing.T) {
		key, tr := d.pick(t, pb.QuestionType_QUESTION_TYPE_LIKERT, pb.Period_PERIOD_WAVE, pb.Dimension_DIMENSION_ALL)
		if key == "" {
			t.Skip("the demo's first days put no Likert statement to enough businesses")
		}
		openView(tab, key, "period=wave&segment=all")
		marks := titles(tab)
		for _, c := range tr.Cells {
			if c.Suppressed {
				continue
			}
			want := fmt.Sprintf("%s · %s · net agreement %s (%s to %s)", c.Segment, c.Period, pct(c.NetAgreement.Estimate), pct(c.NetAgreement.Lower), pct(c.NetAgreement.Upper))
			if !slices.Contains(marks, want) {
				t.Errorf("the chart has no mark %q", want)
			}
			if got := cellText(tab, c.Period, c.Segment, "", "net"); got != pct(c.NetAgreement.Estimate) {
				t.Errorf("net agreement %q, GetTrend's %s", got, pct(c.NetAgreement.Estimate))
			}
			for _, s := range c.Shares {
				if got := cellText(tab, c.Period, c.Segment, "", fmt.Sprintf("share_%d", s.Code)); got != pct(s.Share) {
					t.Errorf("Likert point %d: %q, GetTrend's %s", s.Code, got, pct(s.Share))
				}
			}
		}
		tab.Screenshot("likert")
	})

	t.Run("ranking", func(t *testing.T) {
		key, tr := d.pick(t, pb.QuestionType_QUESTION_TYPE_RANKING, pb.Period_PERIOD_WAVE, pb.Dimension_DIMENSION_SECTOR)
		if key == "" {
			t.Fatal("no ranking question has a shown cell")
		}
		openView(tab, key, "period=wave&segment=sector")
		marks := titles(tab)
		n := 0
		for _, c := range tr.Cells {
			if c.Suppressed {
				continue
			}
			for _, r := range c.Ranks {
				n++
				if got := cellText(tab, c.Period, c.Segment, r.Label, "borda"); got != jsFixed(r.Borda, 2) {
					t.Errorf("%s %s: Borda %q, GetTrend's %s", c.Segment, r.Label, got, jsFixed(r.Borda, 2))
				}
				mr := ""
				if r.MeanRank > 0 {
					mr = jsFixed(r.MeanRank, 2)
				}
				want := fmt.Sprintf("%s · %s · %s: Borda %s, mean rank %s, top-3 %s", c.Segment, c.Period, r.Label, jsFixed(r.Borda, 2), mr, pct(r.Top3Share))
				if !slices.Contains(marks, want) {
					t.Errorf("the chart has no mark %q", want)
				}
			}
		}
		if n == 0 {
			t.Fatal("no shown ranking to compare")
		}
		tab.Screenshot("ranking")
	})

	t.Run("matrix", func(t *testing.T) {
		key, tr := d.pick(t, pb.QuestionType_QUESTION_TYPE_MATRIX, pb.Period_PERIOD_WAVE, pb.Dimension_DIMENSION_ALL)
		if key == "" {
			t.Fatal("no matrix question has a shown cell")
		}
		openView(tab, key, "period=wave&segment=all")
		marks := titles(tab)
		n := 0
		for _, c := range tr.Cells {
			if c.Suppressed {
				continue
			}
			for _, r := range c.Rows {
				if r.Suppressed {
					if got := cellText(tab, c.Period, c.Segment, r.Label, "mean"); got != "" {
						t.Errorf("suppressed row %s shows %q", r.Label, got)
					}
					continue
				}
				n++
				if got := cellText(tab, c.Period, c.Segment, r.Label, "mean"); got != mean2(r.Mean) {
					t.Errorf("row %s: mean %q, GetTrend's %s", r.Label, got, mean2(r.Mean))
				}
				want := fmt.Sprintf("%s · %s · %s: mean %s (%s to %s)", c.Segment, c.Period, r.Label, mean2(r.Mean), mean2(r.CiLow), mean2(r.CiHigh))
				if !slices.Contains(marks, want) {
					t.Errorf("the chart has no mark %q", want)
				}
			}
		}
		if n == 0 {
			t.Fatal("no shown matrix row to compare")
		}
		tab.Screenshot("matrix")
	})

	t.Run("version break", func(t *testing.T) {
		tr := d.trend(t, revisedKey, pb.Period_PERIOD_WEEK, pb.Dimension_DIMENSION_ALL, false)
		if len(tr.VersionStarts) != 2 || tr.VersionStarts[1].Version != 2 {
			t.Fatalf("GetTrend's version starts %v, want versions 1 and 2", tr.VersionStarts)
		}
		openView(tab, revisedKey, "period=week&segment=all")
		want := fmt.Sprintf("version 2 from %s", tr.VersionStarts[1].FirstDay)
		if got := tab.Text(`[data-testid="versions"]`); !strings.Contains(got, want) {
			t.Errorf("the version note reads %q, want %q", got, want)
		}
		tab.Screenshot("version-break")
	})

	t.Run("weighting", func(t *testing.T) {
		key := "recruit_confidence_12m"
		plain := d.trend(t, key, pb.Period_PERIOD_WAVE, pb.Dimension_DIMENSION_ALL, false)
		weighted := d.trend(t, key, pb.Period_PERIOD_WAVE, pb.Dimension_DIMENSION_ALL, true)
		if !weighted.Weighted {
			t.Fatalf("the fixture's frame should weight the series: %q", weighted.WeightNote)
		}
		c0, c1 := plain.Cells[0], weighted.Cells[0]
		if mean2(c0.Mean) == mean2(c1.Mean) {
			t.Fatalf("weighting should move the fixture's mean (%s both)", mean2(c0.Mean))
		}
		openView(tab, key, "period=wave&segment=all")
		if note := tab.Text(`[data-testid="weighting-note"]`); !strings.HasPrefix(note, "Unweighted:") {
			t.Errorf("the unweighted view's note is %q", note)
		}
		if got := cellText(tab, c0.Period, c0.Segment, "", "mean"); got != mean2(c0.Mean) {
			t.Errorf("unweighted mean %q, GetTrend's %s", got, mean2(c0.Mean))
		}
		tab.Do(chromedp.Click(chromedp.CSS(`[data-filter="weighted"]`)))
		browsertest.Run(tab, chromedp.Poll[bool](`document.querySelector('[data-testid="weighting-note"]').textContent.startsWith("Weighted:") && !!document.querySelector('[data-testid="obs-table"]')`))
		tab.Do(chromedp.WaitVisible(chromedp.CSS(`[data-testid="obs-table"]`)))
		if got := cellText(tab, c1.Period, c1.Segment, "", "mean"); got != mean2(c1.Mean) {
			t.Errorf("weighted mean %q, GetTrend's %s", got, mean2(c1.Mean))
		}
		if h := browsertest.Eval[string](tab, `location.hash`); !strings.Contains(h, "weighted=true") {
			t.Errorf("the link %q does not keep the weighting", h)
		}
		tab.Screenshot("weighted")
	})

	t.Run("downloads are what is on screen", func(t *testing.T) {
		key := "recruit_confidence_12m"
		tr := d.trend(t, key, pb.Period_PERIOD_WEEK, pb.Dimension_DIMENSION_SECTOR, false)
		openView(tab, key, "period=week&segment=sector")
		files := download(tab, "csv", "json", "microdata-csv", "microdata-parquet")
		// CSV: one row per cell on screen, the raw numbers of GetTrend.
		recs, err := csv.NewReader(strings.NewReader(files[0].Text)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		rows := browsertest.Eval[int](tab, `document.querySelectorAll('[data-testid="obs-table"] tbody tr').length`)
		if len(recs)-1 != rows || rows != len(tr.Cells) {
			t.Fatalf("the CSV has %d rows, the table %d, GetTrend %d cells", len(recs)-1, rows, len(tr.Cells))
		}
		head := recs[0]
		col := func(r []string, name string) string { return r[slices.Index(head, name)] }
		for i, c := range tr.Cells {
			r := recs[i+1]
			if col(r, "period") != c.Period || col(r, "segment") != c.Segment {
				t.Fatalf("CSV row %d is %s %s, GetTrend's %s %s", i, col(r, "period"), col(r, "segment"), c.Period, c.Segment)
			}
			want := ""
			if c.Mean != nil {
				want = strconv.FormatFloat(*c.Mean, 'g', -1, 64)
			}
			if got := col(r, "mean"); got != "" || want != "" {
				gv, _ := strconv.ParseFloat(got, 64)
				if c.Mean == nil || gv != *c.Mean {
					t.Errorf("CSV %s %s mean %q, GetTrend's %s", c.Period, c.Segment, got, want)
				}
			}
		}
		var doc struct {
			Weighted bool             `json:"weighted"`
			Rows     []map[string]any `json:"rows"`
		}
		if err := json.Unmarshal([]byte(files[1].Text), &doc); err != nil {
			t.Fatal(err)
		}
		if len(doc.Rows) != len(tr.Cells) {
			t.Fatalf("the JSON has %d rows, GetTrend %d cells", len(doc.Rows), len(tr.Cells))
		}
		for i, c := range tr.Cells {
			m, _ := doc.Rows[i]["mean"].(float64)
			if (c.Mean == nil) != (doc.Rows[i]["mean"] == nil) || (c.Mean != nil && m != *c.Mean) {
				t.Errorf("JSON row %d mean %v, GetTrend's %v", i, doc.Rows[i]["mean"], c.Mean)
			}
		}
		// Micro-data and codebook: the server's exports, as an analyst's
		// script fetches them with the key.
		for _, f := range []struct {
			got  file
			path string
		}{{files[2], "/export/v1/microdata.csv?question=" + url.QueryEscape(key)}, {files[3], "/export/v1/microdata.parquet?question=" + url.QueryEscape(key)}} {
			want := fetchExport(t, d, f.path)
			if f.got.Size != len(want) || (f.got.Text != "" && f.got.Text != string(want)) {
				t.Errorf("%s: the button saved %d bytes, the export has %d", f.got.Name, f.got.Size, len(want))
			}
		}
		if !strings.HasPrefix(files[2].Text, "answer_id,") {
			t.Errorf("the micro-data CSV starts %.40q", files[2].Text)
		}
	})

	t.Run("verbatims", func(t *testing.T) {
		key := "biggest_difference_skill"
		res, err := d.obs.ListVerbatims(ctx, connect.NewRequest(&pb.ListVerbatimsRequest{QuestionKey: key, Period: pb.Period_PERIOD_WAVE, Dimension: pb.Dimension_DIMENSION_SECTOR}))
		if err != nil {
			t.Fatal(err)
		}
		tab.Do(chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`location.hash = %q`, "observatory/"+key+"?period=wave&segment=sector")))
		tab.Do(chromedp.WaitVisible(chromedp.CSS(".obs-warning")))
		browsertest.Run(tab, chromedp.Poll[bool](`!document.querySelector(".obs-verbatims .loading")`))
		ids := browsertest.Eval[[]string](tab, `[...document.querySelectorAll("[data-answer]")].map(e => e.dataset.answer)`)
		var want []string
		for _, v := range res.Msg.Verbatims {
			want = append(want, strconv.FormatInt(v.AnswerId, 10))
		}
		if !slices.Equal(ids, want) {
			t.Errorf("the page lists answers %v, ListVerbatims %v", ids, want)
		}
		// By day and sector x size band most cells are small: their texts
		// are withheld, and no cell shown has fewer texts than the threshold.
		fine, err := d.obs.ListVerbatims(ctx, connect.NewRequest(&pb.ListVerbatimsRequest{QuestionKey: key,
			Period: pb.Period_PERIOD_DAY, Dimension: pb.Dimension_DIMENSION_SECTOR_SIZE, PageSize: 500}))
		if err != nil {
			t.Fatal(err)
		}
		all, err := d.obs.ListVerbatims(ctx, connect.NewRequest(&pb.ListVerbatimsRequest{QuestionKey: key,
			Period: pb.Period_PERIOD_WAVE, Dimension: pb.Dimension_DIMENSION_ALL, PageSize: 500}))
		if err != nil {
			t.Fatal(err)
		}
		if fine.Msg.WithheldCells == 0 || len(fine.Msg.Verbatims) >= len(all.Msg.Verbatims) {
			t.Errorf("by day and sector x size band %d cells are withheld and %d of %d texts shown", fine.Msg.WithheldCells, len(fine.Msg.Verbatims), len(all.Msg.Verbatims))
		}
		// Pages follow on: the first page and the next make the whole list.
		if res.Msg.NextPageToken == "" {
			t.Fatalf("%d texts fit one page of %d", len(all.Msg.Verbatims), len(res.Msg.Verbatims))
		}
		ids = nil
		tab.Do(chromedp.Click(chromedp.CSS(".obs-verbatims .obs-actions button")))
		browsertest.Run(tab, chromedp.Poll[bool](fmt.Sprintf(`!!document.querySelector('[data-answer]') && document.querySelector('[data-answer]').dataset.answer !== %q`, want[0])))
		ids = browsertest.Eval[[]string](tab, `[...document.querySelectorAll("[data-answer]")].map(e => e.dataset.answer)`)
		next, err := d.obs.ListVerbatims(ctx, connect.NewRequest(&pb.ListVerbatimsRequest{QuestionKey: key, Period: pb.Period_PERIOD_WAVE,
			Dimension: pb.Dimension_DIMENSION_SECTOR, PageToken: res.Msg.NextPageToken}))
		if err != nil {
			t.Fatal(err)
		}
		var want2 []string
		for _, v := range next.Msg.Verbatims {
			want2 = append(want2, strconv.FormatInt(v.AnswerId, 10))
		}
		if !slices.Equal(ids, want2) {
			t.Errorf("the next page lists %v, ListVerbatims %v", ids, want2)
		}
		perCell := map[string]int{}
		for _, v := range fine.Msg.Verbatims {
			perCell[v.Period+"|"+v.Segment]++
		}
		for c, n := range perCell {
			if n < int(fine.Msg.SuppressionThreshold) {
				t.Errorf("cell %s shows %d texts, fewer than the threshold %d", c, n, fine.Msg.SuppressionThreshold)
			}
		}
		if w := tab.Text(".obs-warning"); !strings.Contains(w, "identify a firm") {
			t.Errorf("the warning reads %q", w)
		}
		tab.Screenshot("verbatims")
	})

	t.Run("verbatims stay in their programme", func(t *testing.T) {
		other, err := tenant.Create(ctx, d.proc.Store, tenant.Settings{Slug: "other", Name: "Other programme"})
		if err != nil {
			t.Fatal(err)
		}
		adminKey, err := tenant.IssueKey(ctx, d.proc.Store, other.ID, auth.RoleAdmin, "test")
		if err != nil {
			t.Fatal(err)
		}
		analystKey, err := tenant.IssueKey(ctx, d.proc.Store, other.ID, auth.RoleAnalyst, "test")
		if err != nil {
			t.Fatal(err)
		}
		key := "biggest_difference_skill"
		obs := apptest.As(d.proc, analystKey).Observatory
		_, err = obs.ListVerbatims(ctx, connect.NewRequest(&pb.ListVerbatimsRequest{QuestionKey: key}))
		if connect.CodeOf(err) != connect.CodeNotFound {
			t.Fatalf("another programme's analyst reading the demo's question: %v, want NotFound", err)
		}
		_, err = apptest.As(d.proc, adminKey).Admin.CreateQuestion(ctx, connect.NewRequest(&pb.CreateQuestionRequest{Key: key,
			Theme: pb.Theme_THEME_OTHER, Title: "Biggest difference", Wording: "What would make the biggest difference?",
			Spec: &pb.QuestionSpec{Type: pb.QuestionType_QUESTION_TYPE_TEXT, MaxLength: 280}}))
		if err != nil {
			t.Fatal(err)
		}
		res, err := obs.ListVerbatims(ctx, connect.NewRequest(&pb.ListVerbatimsRequest{QuestionKey: key, Period: pb.Period_PERIOD_WAVE, Dimension: pb.Dimension_DIMENSION_ALL}))
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Msg.Verbatims) != 0 {
			t.Fatalf("another programme's analyst reads %d of the demo's answers", len(res.Msg.Verbatims))
		}
		mine, err := d.obs.ListVerbatims(ctx, connect.NewRequest(&pb.ListVerbatimsRequest{QuestionKey: key, Period: pb.Period_PERIOD_WAVE, Dimension: pb.Dimension_DIMENSION_ALL}))
		if err != nil || len(mine.Msg.Verbatims) == 0 {
			t.Fatalf("the demo's analyst should read its own answers: %v %v", mine, err)
		}
	})

	t.Run("phone", func(t *testing.T) {
		ph := browser.NewTab(t, d.proc.URL, d.proc.Clock.Now())
		ph.SetViewport(browsertest.Phone)
		ph.SignIn(d.keys.Analyst)
		ph.Do(chromedp.WaitVisible(chromedp.CSS("#bank-h")))
		if o := ph.HorizontalOverflow(); o > 0 {
			t.Errorf("the question bank scrolls %dpx sideways at 390px", o)
		}
		ph.Screenshot("phone-bank")
		for _, v := range []struct{ key, query string }{
			{"recruit_confidence_12m", "period=week&segment=sector_size&weighted=true"},
			{"recruit_channels", "period=week&segment=sector"},
			{"skills_rank_top3", "period=wave&segment=size_band"},
			{"future_needs_importance", "period=wave&segment=sector"},
		} {
			openView(ph, v.key, v.query)
			if o := ph.HorizontalOverflow(); o > 0 {
				t.Errorf("%s scrolls %dpx sideways at 390px", v.key, o)
			}
			if v := ph.Violations(); len(v) > 0 {
				t.Errorf("the page broke its Content-Security-Policy: %v", v)
			}
			ph.Screenshot("phone-" + v.key)
		}
	})
}

// file is one download the page made.
type file struct {
	Name string `json:"name"`
	Text string `json:"text"`
	Size int    `json:"size"`
}

// download clicks each download button in turn and returns the files the
// page handed to the browser (read back from their blob links; saving to
// disk is the browser's part).
func download(tab *browsertest.Tab, buttons ...string) []file {
	browsertest.Eval[bool](tab, `(() => {
		window.__ppDownloads = [];
		if (!window.__ppCapture) {
			window.__ppCapture = true;
			// The page's Content-Security-Policy keeps fetch off blob:
			// links, so the blobs are noted as they get their links.
			const blobs = new Map();
			const make = URL.createObjectURL;
			URL.createObjectURL = (b) => { const u = make(b); blobs.set(u, b); return u; };
			window.__ppBlobs = blobs;
			document.addEventListener("click", (e) => {
				const a = e.target;
				if (!(a instanceof HTMLAnchorElement) || !a.download) return;
				e.preventDefault();
				window.__ppDownloads.push(window.__ppBlobs.get(a.href).arrayBuffer().then((b) => ({
					name: a.download, size: b.byteLength,
					text: a.download.endsWith(".parquet") ? "" : new TextDecoder().decode(b),
				})));
			}, true);
		}
		return true;
	})()`)
	for i, b := range buttons {
		tab.Do(chromedp.Click(chromedp.CSS(fmt.Sprintf(`[data-download=%q]`, b))))
		browsertest.Run(tab, chromedp.Poll[bool](fmt.Sprintf(`window.__ppDownloads.length > %d`, i)))
	}
	raw := browsertest.Eval[[]byte](tab, `Promise.all(window.__ppDownloads).then(JSON.stringify)`)
	var s string
	var out []file
	if err := json.Unmarshal(raw, &s); err == nil {
		raw = []byte(s)
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		panic(err)
	}
	return out
}

// fetchExport GETs an export route with the analyst's key.
func fetchExport(t *testing.T, d *dashboard, path string) []byte {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, d.proc.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+d.keys.Analyst)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %v %s", path, res.StatusCode, err, b)
	}
	return b
}
