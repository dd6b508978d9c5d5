// Command benchtrend measures reading a trend series from the rollups: it
// starts a private durable PostgreSQL, loads answers with COPY for one
// tenant, folds them into the rollups once, then times 200 reads of one
// wave's daily series by sector and, in the same run, the equivalent raw
// GROUP BY over the answers table. Reads are timed twice: as the service
// serves them (a series computed once is kept until the rollups change) and
// computing the series from the rollups every time. The last line is
// "trend_p95_ms=T raw_groupby_ms=G answers=N".
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"runtime/pprof"
	"slices"
	"strings"
	"time"

	"github.com/panelpulse/panelpulse/gen/dbsqlctest"
	"github.com/panelpulse/panelpulse/internal/answer"
	"github.com/panelpulse/panelpulse/internal/bank"
	"github.com/panelpulse/panelpulse/internal/clock"
	"github.com/panelpulse/panelpulse/internal/command"
	"github.com/panelpulse/panelpulse/internal/observatory"
	"github.com/panelpulse/panelpulse/internal/observatory/synth"
	"github.com/panelpulse/panelpulse/internal/pgcluster"
	"github.com/panelpulse/panelpulse/internal/rollup"
	"github.com/panelpulse/panelpulse/internal/store"
	"github.com/panelpulse/panelpulse/internal/tenant"
)

func main() {
	command.Main("benchtrend", realMain)
}

// config is the benchmark's shape.
type config struct {
	Answers, Reads, Days, WaveDays, Questions int
	Dir, CPUProfile                           string
}

// Validate reports every problem at once.
func (c config) Validate() error {
	var probs []error
	if c.Answers < 1000 {
		probs = append(probs, errors.New("-answers must be at least 1000"))
	}
	if c.Reads < 1 {
		probs = append(probs, errors.New("-reads must be at least 1"))
	}
	if c.Days < c.WaveDays || c.WaveDays < 1 {
		probs = append(probs, errors.New("-days must be at least -wave-days, which must be at least 1"))
	}
	if c.Questions < 1 || c.Questions > 4 {
		probs = append(probs, errors.New("-questions must be 1..4"))
	}
	return errors.Join(probs...)
}

func realMain(ctx context.Context) error {
	var cfg config
	flag.IntVar(&cfg.Answers, "answers", 10_000_000, "answers to load")
	flag.IntVar(&cfg.Reads, "reads", 200, "trend reads to time")
	flag.IntVar(&cfg.Days, "days", 100, "days of answers")
	flag.IntVar(&cfg.WaveDays, "wave-days", 20, "days per wave")
	flag.IntVar(&cfg.Questions, "questions", 4, "questions asked each day (1..4)")
	flag.StringVar(&cfg.Dir, "dir", "", "folder for the private PostgreSQL (default: a temporary one)")
	flag.StringVar(&cfg.CPUProfile, "cpuprofile", "", "write a CPU profile of the trend reads (both kinds) here")
	flag.Parse()
	if err := cfg.Validate(); err != nil {
		return fmt.Errorf("benchtrend: %w", err)
	}
	env, err := pgcluster.Open(ctx, pgcluster.EnvOptions{Dir: cfg.Dir, Database: "bench", MaxConns: 8})
	if err != nil {
		return err
	}
	defer func() { _ = env.Close() }()
	st := env.Store
	tenantID, panel, err := load(ctx, st, cfg)
	if err != nil {
		return err
	}
	roll, err := fold(ctx, st)
	if err != nil {
		return err
	}
	wave := panel.WaveIDs[len(panel.WaveIDs)/2]
	q := panel.Questions[0]
	req := observatory.Request{QuestionKey: q.Key, Period: observatory.Day, Dimension: observatory.Sector, WaveID: wave}
	p95, err := timeReads(ctx, st, roll, cfg, tenantID, req)
	if err != nil {
		return err
	}
	rawMS, err := timeRawGroupBy(ctx, st, tenantID, q.ID, wave)
	if err != nil {
		return err
	}
	fmt.Printf("trend_p95_ms=%.2f raw_groupby_ms=%.1f answers=%d\n", p95, rawMS, panel.Rows)
	return nil
}

// load makes the tenant and loads its synthetic answers by COPY, then
// vacuums as autovacuum would after a bulk load, so that it does not run
// during the timed reads (it would take minutes of the two cores at 10M
// rows) and the reads see the steady state.
func load(ctx context.Context, st *store.Store, cfg config) (int64, synth.Panel, error) {
	tn, err := tenant.Create(ctx, st, tenant.Settings{Slug: "bench", Name: "Bench"})
	if err != nil {
		return 0, synth.Panel{}, err
	}
	// One person per business on average (1..1 here) keeps answers exact:
	// people = answers / (days * questions).
	people := cfg.Answers / (cfg.Days * cfg.Questions)
	start := time.Now()
	panel, err := synth.Load(ctx, st, tn.ID, synth.Config{
		Seed: 1, Businesses: people, MaxPeople: 1, Days: cfg.Days, WaveDays: cfg.WaveDays,
		Sectors:   benchSectors,
		Districts: []string{"Leicester", "Charnwood", "Rutland", "Melton"},
		Start:     time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC), Questions: benchQuestions()[:cfg.Questions],
		AnswerRate: 1, ReviseRate: 0,
	})
	if err != nil {
		return 0, synth.Panel{}, err
	}
	fmt.Printf("load_seconds=%.1f answers=%d assignments=%d businesses=%d\n", time.Since(start).Seconds(), panel.Rows, panel.Assignments, people)
	start = time.Now()
	if _, err := st.Pool.Exec(ctx, "VACUUM (ANALYZE)"); err != nil {
		return 0, synth.Panel{}, err
	}
	fmt.Printf("vacuum_seconds=%.1f\n", time.Since(start).Seconds())
	return tn.ID, panel, nil
}

// fold folds every answer into the rollups once and returns the rollup
// worker the reads sync with.
func fold(ctx context.Context, st *store.Store) (*rollup.Rollup, error) {
	roll, err := rollup.New(st, clock.Real{}, slog.New(slog.NewTextHandler(os.Stderr, nil)), rollup.Config{})
	if err != nil {
		return nil, err
	}
	start := time.Now()
	if err := roll.Tick(ctx); err != nil {
		return nil, err
	}
	fmt.Printf("refresh_seconds=%.1f\n", time.Since(start).Seconds())
	if _, err := st.Pool.Exec(ctx, "ANALYZE observatory_cell"); err != nil {
		return nil, err
	}
	return roll, nil
}

// timeReads times cfg.Reads reads of req three ways: as the service serves
// them, computing the series from the rollups every time, and weighted. It
// returns the 95th percentile of the first.
func timeReads(ctx context.Context, st *store.Store, roll *rollup.Rollup, cfg config, tenantID int64, req observatory.Request) (float64, error) {
	b, err := bank.New(st)
	if err != nil {
		return 0, err
	}
	obs, err := observatory.New(st, b, clock.Real{}, roll)
	if err != nil {
		return 0, err
	}
	if _, err := obs.Trend(ctx, tenantID, req); err != nil { // fills the series cache
		return 0, err
	}
	if cfg.CPUProfile != "" {
		f, err := os.Create(cfg.CPUProfile)
		if err != nil {
			return 0, err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return 0, err
		}
	}
	times := make([]float64, cfg.Reads)
	var cells int
	read := func(o *observatory.Service, r observatory.Request) error {
		for i := range times {
			t0 := time.Now()
			tr, err := o.Trend(ctx, tenantID, r)
			if err != nil {
				return err
			}
			if r.Weighted && !tr.Weighted {
				return fmt.Errorf("benchtrend: weighted read not weighted: %s", tr.WeightNote)
			}
			times[i] = float64(time.Since(t0).Microseconds()) / 1000
			if cells == 0 { // every report gives the cells of the plain series
				cells = len(tr.Cells)
			}
		}
		return nil
	}
	if err := read(obs, req); err != nil {
		return 0, err
	}
	p95 := report("trend_reads", times, cells)
	// The same reads computing the series from the rollups every time (as
	// after each fold while answers arrive): the cost per cell.
	uncached, err := observatory.New(st, b, clock.Real{}, roll)
	if err != nil {
		return 0, err
	}
	uncached.DisableCache()
	if err := read(uncached, req); err != nil {
		return 0, err
	}
	pprof.StopCPUProfile()
	report("uncached_reads", times, cells)
	// Weighted reads rake each day to a population frame and so read the
	// (sector, size band) strata: four times the rows of the sector series.
	if _, problems, err := uncached.ImportFrame(ctx, tenantID, strings.NewReader(benchFrame())); err != nil || len(problems) > 0 {
		return 0, fmt.Errorf("benchtrend: frame: %v %w", problems, err)
	}
	weighted := req
	weighted.Weighted = true
	if err := read(uncached, weighted); err != nil {
		return 0, err
	}
	report("weighted_uncached_reads", times, cells)
	return p95, nil
}

// benchFrame is the population frame of the weighted reads: businesses by
// sector and size band.
func benchFrame() string {
	var frame strings.Builder
	frame.WriteString("sector,size_band,businesses\n")
	for _, s := range benchSectors {
		for i, b := range []string{"micro", "small", "medium", "large"} {
			fmt.Fprintf(&frame, "%s,%s,%d\n", s, b, []int{4000, 900, 200, 40}[i])
		}
	}
	return frame.String()
}

// timeRawGroupBy times the straightforward GROUP BY over the raw answers
// that the rollups replace, three times, and returns the median in ms.
func timeRawGroupBy(ctx context.Context, st *store.Store, tenantID, questionID, wave int64) (float64, error) {
	q := dbsqlctest.New(st.Pool)
	var times []float64
	for range 3 {
		t0 := time.Now()
		rows, err := q.ObservatoryRawTrendNumeric(ctx, dbsqlctest.ObservatoryRawTrendNumericParams{TenantID: tenantID, QuestionID: questionID, Dimension: "sector", WaveID: wave})
		if err != nil {
			return 0, err
		}
		if _, err := q.ObservatoryRawAssigned(ctx, dbsqlctest.ObservatoryRawAssignedParams{TenantID: tenantID, QuestionID: questionID, Dimension: "sector", WaveID: wave}); err != nil {
			return 0, err
		}
		times = append(times, float64(time.Since(t0).Microseconds())/1000)
		if len(rows) == 0 {
			return 0, errors.New("benchtrend: the raw GROUP BY found no answers")
		}
	}
	slices.Sort(times)
	return times[1], nil
}

// benchSectors are the synthetic panel's sectors.
var benchSectors = []string{"Manufacturing", "Logistics", "Health", "Retail", "Construction", "Digital", "Creative", "Hospitality", "Energy", "Education"}

// report prints the spread of read times and returns the 95th percentile.
func report(name string, times []float64, cells int) float64 {
	slices.Sort(times)
	p95 := times[int(float64(len(times))*0.95+0.5)-1]
	fmt.Printf("%s=%d cells=%d p50_ms=%.2f p95_ms=%.2f max_ms=%.2f\n", name, len(times), cells, times[len(times)/2], p95, times[len(times)-1])
	return p95
}

// benchQuestions are the questions asked every day; the first is read.
func benchQuestions() []bank.Input {
	opts := []answer.Option{{Code: 1, Label: "Digital"}, {Code: 2, Label: "Technical"}, {Code: 3, Label: "Management"}, {Code: 4, Label: "Sales"}}
	return []bank.Input{
		{Key: "confidence", Theme: "recruitment_confidence", Title: "Confidence", Wording: "How confident are you of recruiting?",
			Spec: answer.Spec{Type: answer.TypeScale, ScaleMin: 1, ScaleMax: 10, MinLabel: "Not at all", MaxLabel: "Completely"}},
		{Key: "skills", Theme: "skills", Title: "Skills", Wording: "Which skills do you lack?",
			Spec: answer.Spec{Type: answer.TypeMultipleChoice, Options: opts}},
		{Key: "agree", Theme: "finding_test", Title: "Finding", Wording: "Apprenticeships meet our needs.",
			Spec: answer.Spec{Type: answer.TypeLikert}},
		{Key: "priorities", Theme: "training_investment", Title: "Priorities", Wording: "Rank your top 3 priorities.",
			Spec: answer.Spec{Type: answer.TypeRanking, Options: opts, TopK: 3}},
	}
}
