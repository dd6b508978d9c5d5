package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"log/slog"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/gen/dbsqlctest"
	"github.com/panelpulse/panelpulse/internal/calendar"
	"github.com/panelpulse/panelpulse/internal/clock"
	"github.com/panelpulse/panelpulse/internal/pgcluster"
	"github.com/panelpulse/panelpulse/internal/schedule"
	"github.com/panelpulse/panelpulse/internal/store"
	"github.com/panelpulse/panelpulse/internal/tenant"
)

var (
	london, _ = time.LoadLocation("Europe/London")
	// planDay is a Monday; the baseline writes the Monday after.
	planDay     = calendar.MustParseDate("2026-11-30")
	baselineDay = calendar.MustParseDate("2026-12-07")
)

// bench is the running benchmark: the cluster, the store and the tenants.
type bench struct {
	cfg     config
	env     *pgcluster.Env
	st      *store.Store
	tenants []dbsqlc.Tenant
	waves   []int64
	qs      []int64
}

func start(ctx context.Context, cfg config) (*bench, error) {
	// Durable settings (fsync on): the figure is what a real server does.
	env, err := pgcluster.Open(ctx, pgcluster.EnvOptions{Dir: cfg.Dir, MaxConns: int32(cfg.Workers + 2)})
	if err != nil {
		return nil, fmt.Errorf("benchplan: %w", err)
	}
	return &bench{cfg: cfg, env: env, st: env.Store}, nil
}

func (b *bench) close() { _ = b.env.Close() }

// load makes the tenants, each with a question, a one-day wave sending it
// to everyone, and its share of businesses and active panellists by COPY.
func (b *bench) load(ctx context.Context) error {
	t0 := time.Now()
	per := b.cfg.Panellists / b.cfg.Tenants
	for i := range b.cfg.Tenants {
		n := per
		if i == b.cfg.Tenants-1 {
			n = b.cfg.Panellists - per*(b.cfg.Tenants-1)
		}
		t, err := tenant.Create(ctx, b.st, tenant.Settings{Slug: fmt.Sprintf("bench-%02d", i), Name: fmt.Sprintf("Bench %d", i)})
		if err != nil {
			return err
		}
		q, w, err := b.wave(ctx, t.ID)
		if err != nil {
			return err
		}
		if err := b.copyPanel(ctx, t.ID, n); err != nil {
			return err
		}
		b.tenants, b.qs, b.waves = append(b.tenants, t), append(b.qs, q), append(b.waves, w)
	}
	if err := dbsqlctest.New(b.st.Pool).BenchAnalyze(ctx); err != nil {
		return err
	}
	log.Printf("loaded %d panellists in %d tenants in %.1f s", b.cfg.Panellists, b.cfg.Tenants, time.Since(t0).Seconds())
	return nil
}

func (b *bench) wave(ctx context.Context, tenantID int64) (int64, int64, error) {
	q, err := b.st.Q.QuestionInsert(ctx, dbsqlc.QuestionInsertParams{TenantID: tenantID, Key: "confidence", Theme: "recruitment_confidence"})
	if err != nil {
		return 0, 0, err
	}
	if err := b.st.Q.QuestionVersionInsert(ctx, dbsqlc.QuestionVersionInsertParams{
		TenantID: tenantID, QuestionID: q, Version: 1, Type: "scale", Title: "Confidence", Wording: "How confident are you?",
		Spec: []byte(`{"type":"scale","scale_min":1,"scale_max":10}`),
	}); err != nil {
		return 0, 0, err
	}
	w, err := b.st.Q.WaveInsert(ctx, dbsqlc.WaveInsertParams{TenantID: tenantID, Name: "Bench", StartDate: planDay.Time(nil),
		EndDate: planDay.Time(nil), WorkingDays: 1, Seed: tenantID * 7919})
	if err != nil {
		return 0, 0, err
	}
	err = b.st.Q.PlanItemInsertMany(ctx, dbsqlc.PlanItemInsertManyParams{TenantID: tenantID, WaveID: w.ID,
		DayIndexes: []int32{0}, QuestionIds: []int64{q}, Segments: []string{"all"}, Splits: []int16{0}})
	return q, w.ID, err
}

// copyPanel loads n businesses and one active panellist each with COPY.
func (b *bench) copyPanel(ctx context.Context, tenantID int64, n int) error {
	sectors := []string{"Manufacturing", "Logistics", "Retail", "Health"}
	sizes := []string{"micro", "small", "medium", "large"}
	_, err := b.st.Pool.CopyFrom(ctx, pgx.Identifier{"business"},
		[]string{"tenant_id", "ref", "name", "sic", "sector", "size_band", "employees", "district"},
		pgx.CopyFromFunc(counter(n, func(i int) []any {
			return []any{tenantID, fmt.Sprintf("B%07d", i), "Business", "28110", sectors[i%4], sizes[i/4%4], int32(i % 500), "Leicester"}
		})))
	if err != nil {
		return fmt.Errorf("benchplan: copy businesses: %w", err)
	}
	bs, err := b.st.Q.BusinessListSIC(ctx, tenantID)
	if err != nil {
		return err
	}
	_, err = b.st.Pool.CopyFrom(ctx, pgx.Identifier{"panellist"},
		[]string{"tenant_id", "business_id", "ref", "name", "email", "role", "time_zone", "delivery_minute", "status"},
		pgx.CopyFromFunc(counter(len(bs), func(i int) []any {
			return []any{tenantID, bs[i].ID, fmt.Sprintf("P%07d", i), "Person", "p@example.org", "owner", "Europe/London", int32(480 + i%121), "active"}
		})))
	if err != nil {
		return fmt.Errorf("benchplan: copy panellists: %w", err)
	}
	return nil
}

// counter feeds CopyFromFunc n rows made by row.
func counter(n int, row func(i int) []any) func() ([]any, error) {
	i := 0
	return func() ([]any, error) {
		if i == n {
			return nil, nil
		}
		i++
		return row(i - 1), nil
	}
}

type planResult struct {
	assignments, pushes, rows int64
	seconds                   float64
}

// plan times PlanDay for every tenant, cfg.Workers tenants at once.
func (b *bench) plan(ctx context.Context) (planResult, error) {
	clk := clock.NewFake(calendar.DeliveryInstant(planDay, london, 5))
	p, err := schedule.NewPlanner(b.st, clk, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return planResult{}, err
	}
	var (
		mu  sync.Mutex
		res planResult
	)
	t0 := time.Now()
	err = b.each(func(i int) error {
		r, err := p.PlanDay(ctx, b.tenants[i], planDay)
		mu.Lock()
		res.assignments += r.Assignments
		res.pushes += r.Deliveries + r.Reminders
		mu.Unlock()
		return err
	})
	res.seconds = time.Since(t0).Seconds()
	res.rows = res.assignments + res.pushes
	return res, err
}

type baseResult struct {
	rows    int64
	seconds float64
}

// baseline writes the same rows for the next Monday with plain INSERT ...
// SELECT per tenant, as many tenants at once as plan.
func (b *bench) baseline(ctx context.Context) (baseResult, error) {
	var (
		mu  sync.Mutex
		res baseResult
	)
	t0 := time.Now()
	err := b.each(func(i int) error {
		return pgx.BeginFunc(ctx, b.st.Pool, func(tx pgx.Tx) error {
			q := dbsqlctest.New(tx)
			day := baselineDay.Time(time.UTC)
			n, err := q.AssignmentBenchBaseline(ctx, dbsqlctest.AssignmentBenchBaselineParams{TenantID: b.tenants[i].ID, WaveID: b.waves[i], QuestionID: b.qs[i], Day: day})
			if err != nil {
				return err
			}
			m, err := q.PushBenchBaseline(ctx, dbsqlctest.PushBenchBaselineParams{TenantID: b.tenants[i].ID, Day: day})
			mu.Lock()
			res.rows += n + m
			mu.Unlock()
			return err
		})
	})
	res.seconds = time.Since(t0).Seconds()
	return res, err
}

// each runs fn for every tenant index on cfg.Workers goroutines.
func (b *bench) each(fn func(i int) error) error {
	idx := make(chan int)
	errs := make(chan error, len(b.tenants))
	var wg sync.WaitGroup
	for range b.cfg.Workers {
		wg.Go(func() {
			for i := range idx {
				if err := fn(i); err != nil {
					errs <- err
				}
			}
		})
	}
	for i := range b.tenants {
		idx <- i
	}
	close(idx)
	wg.Wait()
	close(errs)
	return <-errs
}
