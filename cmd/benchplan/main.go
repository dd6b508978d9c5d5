// Command benchplan measures planning one day for a large panel: it starts
// a private PostgreSQL, loads active panellists across tenants with COPY,
// gives each tenant a wave, times PlanDay for all tenants, then times a
// plain INSERT ... SELECT of the same rows as a baseline. The last line is
// "plan_panellists=N plan_seconds=S rows_per_s=R plan_ratio=Q", Q being the
// planning time over the baseline's (the goal is at most 0.67).
package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/panelpulse/panelpulse/internal/command"
)

func main() {
	command.Main("benchplan", realMain)
}

func realMain(ctx context.Context) error {
	var cfg config
	flag.IntVar(&cfg.Panellists, "panellists", 1_000_000, "active panellists in all")
	flag.IntVar(&cfg.Tenants, "tenants", 40, "tenants sharing them")
	flag.IntVar(&cfg.Workers, "workers", 2, "tenants planned at once")
	flag.StringVar(&cfg.Dir, "dir", "", "folder for the private PostgreSQL (default: a temporary one)")
	flag.Parse()
	if err := cfg.Validate(); err != nil {
		return err
	}
	b, err := start(ctx, cfg)
	if err != nil {
		return err
	}
	defer b.close()
	if err := b.load(ctx); err != nil {
		return err
	}
	plan, err := b.plan(ctx)
	if err != nil {
		return err
	}
	base, err := b.baseline(ctx)
	if err != nil {
		return err
	}
	fmt.Printf("baseline_rows=%d baseline_seconds=%.2f baseline_rows_per_s=%.0f\n", base.rows, base.seconds, float64(base.rows)/base.seconds)
	fmt.Printf("plan_assignments=%d plan_pushes=%d plan_rows=%d\n", plan.assignments, plan.pushes, plan.rows)
	fmt.Printf("plan_panellists=%d plan_seconds=%.2f rows_per_s=%.0f plan_ratio=%.2f\n", cfg.Panellists, plan.seconds, float64(plan.rows)/plan.seconds, plan.seconds/base.seconds)
	return nil
}

// config is the benchmark's shape.
type config struct {
	Panellists, Tenants, Workers int
	Dir                          string
}

// Validate reports every problem at once.
func (c config) Validate() error {
	var probs []string
	if c.Panellists < 1 {
		probs = append(probs, "-panellists must be at least 1")
	}
	if c.Tenants < 1 || c.Tenants > c.Panellists {
		probs = append(probs, "-tenants must be between 1 and -panellists")
	}
	if c.Workers < 1 {
		probs = append(probs, "-workers must be at least 1")
	}
	if len(probs) > 0 {
		return fmt.Errorf("benchplan: %v", probs)
	}
	return nil
}
