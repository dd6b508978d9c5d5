package demo_test

import (
	"context"
	"log/slog"
	"math"
	"os"
	"testing"
	"time"

	"github.com/panelpulse/panelpulse/internal/apptest"
	"github.com/panelpulse/panelpulse/internal/calendar"
	"github.com/panelpulse/panelpulse/internal/clock"
	"github.com/panelpulse/panelpulse/internal/demo"
	"github.com/panelpulse/panelpulse/internal/observatory"
	"github.com/panelpulse/panelpulse/internal/pgtest"
	"github.com/panelpulse/panelpulse/internal/schedule"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// morning is the process clock of the demo test: 07:00 in London on
// Wednesday 25 November 2026, before the demo panel's delivery times.
var morning = time.Date(2026, 11, 25, 7, 0, 0, 0, time.UTC)

// TestDemoLoadsOnceAndSimulates loads the demo tenant, checks its shape and
// that a second start reuses it with the same keys, then plans today and
// lets the simulated panel answer.
func TestDemoLoadsOnceAndSimulates(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	p := apptest.Start(t, morning)
	st := p.Store
	log := slog.New(slog.DiscardHandler)
	l, err := demo.NewLoader(st, p.App.Admin, p.App.Bank, p.Clock, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	keys, err := l.Ensure(ctx)
	if err != nil {
		t.Fatal(err)
	}
	again, err := l.Ensure(ctx)
	if err != nil || again != keys || keys.Admin == "" || keys.Analyst == "" || keys.Facilitator == "" {
		t.Fatalf("second Ensure = %v, %v; want the same three keys", again, err)
	}
	tn, err := st.Q.TenantGetBySlug(ctx, demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	ps, err := st.Q.PanellistList(ctx, tn.ID)
	if err != nil {
		t.Fatal(err)
	}
	bySector := map[string]int{}
	for _, p := range ps {
		bySector[p.Sector]++
		if p.Status != "active" || p.Devices != 1 {
			t.Fatalf("demo panellist %s is %s with %d devices, want active with 1", p.Ref, p.Status, p.Devices)
		}
	}
	if len(ps) != 122 || bySector["Advanced Manufacturing"] != 42 || bySector["Logistics"] != 28 ||
		bySector["Health and Social Care"]+bySector["Sports and Leisure"] != 52 {
		t.Fatalf("demo panel by sector = %v (%d), want 42 manufacturing, 52 sport and health, 28 logistics", bySector, len(ps))
	}
	qs, err := st.Q.QuestionListLatest(ctx, tn.ID)
	if err != nil || len(qs) != 22 {
		t.Fatalf("demo question bank has %d questions (%v), want the 22 of the demo content", len(qs), err)
	}

	cal, loc, err := schedule.Calendar(ctx, st.Q, tn)
	if err != nil {
		t.Fatal(err)
	}
	day := calendar.DateOf(morning.In(loc))
	if !cal.IsWorkingDay(day) || !calendar.DeliveryInstant(day, loc, 7*60).Equal(morning) {
		t.Fatalf("the test's clock %v is not 07:00 on a working day in %v", morning, loc)
	}
	res, err := p.App.Planner.PlanDay(ctx, tn, day)
	if err != nil || res.Assignments == 0 {
		t.Fatalf("planning the demo's day %s made %d assignments (%v)", day, res.Assignments, err)
	}
	sim, err := demo.NewSimulator(ctx, st, p.App.Observatory, p.Clock, log)
	if err != nil {
		t.Fatal(err)
	}
	n, err := sim.AnswerOpen(ctx, clock.NewFake(calendar.DeliveryInstant(day, loc, 15*60)))
	if err != nil {
		t.Fatal(err)
	}
	if rate := float64(n) / float64(res.Assignments); rate < 0.5 || rate > 0.9 {
		t.Fatalf("simulated panel answered %d of %d assignments (%.2f), want a plausible 50-90%%", n, res.Assignments, rate)
	}
	again2, err := sim.AnswerOpen(ctx, clock.NewFake(calendar.DeliveryInstant(day, loc, 16*60)))
	if err != nil || again2 != 0 {
		t.Fatalf("a second simulation pass answered %d more (%v), want 0: decisions are once per assignment", again2, err)
	}
}

// TestDemoWaveTrendWeighted runs the demo as on 1 December 2026 (the wave's
// first days answered) and reads the wave cell of recruit_confidence_12m:
// its respondents are distinct businesses of the panel with their
// business-days beside them, and weighted=true gives weighted estimates
// from the shipped population frame.
func TestDemoWaveTrendWeighted(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	// Loaded a week earlier and run since: the question is asked on
	// several days, so businesses answer it more than once.
	loaded := time.Date(2026, 11, 24, 7, 0, 0, 0, time.UTC)
	now := time.Date(2026, 12, 1, 17, 0, 0, 0, time.UTC)
	p := apptest.Start(t, loaded)
	st := p.Store
	log := slog.New(slog.DiscardHandler)
	l, err := demo.NewLoader(st, p.App.Admin, p.App.Bank, p.Clock, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.Ensure(ctx); err != nil {
		t.Fatal(err)
	}
	tn, err := st.Q.TenantGetBySlug(ctx, demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	sim, err := demo.NewSimulator(ctx, st, p.App.Observatory, p.Clock, log)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sim.Backfill(ctx, now); err != nil {
		t.Fatal(err)
	}
	businesses, err := st.Q.BusinessListSIC(ctx, tn.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, weighted := range []bool{false, true} {
		tr, err := p.App.Observatory.Trend(ctx, tn.ID, observatory.Request{QuestionKey: "recruit_confidence_12m",
			Period: observatory.Wave, Dimension: observatory.All, Weighted: weighted, Current: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(tr.Cells) != 1 {
			t.Fatalf("weighted=%v: %d wave cells, want 1", weighted, len(tr.Cells))
		}
		c := tr.Cells[0]
		t.Logf("weighted=%v (note %q, calibration %q): respondents %d, business-days %d, assigned %d, panel %d businesses; mean %v [%v, %v] sd %v n_eff %.2f",
			tr.Weighted, tr.WeightNote, tr.CalibrationNote, c.Respondents, c.BusinessDays, c.Assigned, len(businesses),
			deref(c.Mean), deref(c.CILow), deref(c.CIHigh), deref(c.SD), c.NEff)
		if tr.Weighted != weighted || tr.WeightNote != "" {
			t.Fatalf("asked weighted=%v, got weighted=%v (%q)", weighted, tr.Weighted, tr.WeightNote)
		}
		if c.Suppressed || c.Respondents == 0 || c.Respondents > len(businesses) || c.BusinessDays < c.Respondents || c.Mean == nil || c.CILow == nil {
			t.Fatalf("wave cell %+v: want shown, at most the panel's %d businesses, with an interval", c, len(businesses))
		}
	}
}

func deref(p *float64) float64 {
	if p == nil {
		return math.NaN()
	}
	return *p
}
