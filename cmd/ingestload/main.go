// Command ingestload measures answer ingest: it starts a private, durable
// PostgreSQL (fsync and synchronous_commit on), loads a programme with
// -panellists enrolled panellists and their open questions, serves the API
// in-process on 127.0.0.1, and drives SubmitAnswer with real Connect
// clients from -clients goroutines for -duration. In the same run and on
// the same cluster it measures pgbench inserting one equivalent answer row
// per transaction with the same number of clients. The last line is
//
//	ingest_ratio=R answers_per_s=N pgbench_tps=M p99_ms=P
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/panelpulse/panelpulse/internal/command"
)

func main() {
	command.Main("ingestload", func(ctx context.Context) error { return realMain(ctx, os.Args[1:]) })
}

// Config is the run's shape.
type Config struct {
	Panellists int
	Clients    int
	Duration   time.Duration
	Warmup     time.Duration
	CPUProfile string
	MaxConns   int
}

// Validate reports every problem at once.
func (c Config) Validate() error {
	var errs []error
	if c.Panellists < c.Clients || c.Panellists > 100_000 {
		errs = append(errs, fmt.Errorf("-panellists %d must be between -clients and 100000", c.Panellists))
	}
	if c.Clients < 1 || c.Clients > 150 {
		errs = append(errs, fmt.Errorf("-clients %d must be 1..150", c.Clients))
	}
	if c.Duration < time.Second || c.Duration > time.Minute {
		errs = append(errs, fmt.Errorf("-duration %v must be 1s..1m (the whole run stays under 2 minutes)", c.Duration))
	}
	if c.MaxConns < 2 {
		errs = append(errs, fmt.Errorf("-max-conns %d must be at least 2", c.MaxConns))
	}
	return errors.Join(errs...)
}

func realMain(ctx context.Context, args []string) error {
	var cfg Config
	fs := flag.NewFlagSet("ingestload", flag.ContinueOnError)
	fs.IntVar(&cfg.Panellists, "panellists", 2000, "enrolled panellists, one open question each")
	fs.IntVar(&cfg.Clients, "clients", 32, "concurrent clients (and pgbench clients)")
	fs.DurationVar(&cfg.Duration, "duration", 15*time.Second, "measured load per side")
	fs.DurationVar(&cfg.Warmup, "warmup", 2*time.Second, "unmeasured load before each side")
	fs.StringVar(&cfg.CPUProfile, "cpuprofile", "", "write a CPU profile of the ingest side to this file")
	fs.IntVar(&cfg.MaxConns, "max-conns", 16, "server pool size")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	started := time.Now()
	r, err := newRig(ctx, cfg)
	if err != nil {
		return err
	}
	defer r.close()
	fmt.Printf("fixture: %d panellists ready in %v\n", cfg.Panellists, time.Since(started).Round(time.Millisecond))
	ing, err := r.drive(ctx)
	if err != nil {
		return err
	}
	fmt.Printf("ingest: %d answers in %v by %d clients, %d errors, p50 %.2f ms, p99 %.2f ms\n",
		ing.answers, ing.elapsed.Round(time.Millisecond), cfg.Clients, ing.errors, ing.p50, ing.p99)
	tps, err := r.pgbench(ctx)
	if err != nil {
		return err
	}
	fmt.Printf("pgbench: %.0f single-row INSERT transactions/s with %d clients\n", tps, cfg.Clients)
	rate := float64(ing.answers) / ing.elapsed.Seconds()
	fmt.Printf("total run %v\n", time.Since(started).Round(time.Second))
	fmt.Printf("ingest_ratio=%.2f answers_per_s=%.0f pgbench_tps=%.0f p99_ms=%.2f\n", rate/tps, rate, tps, ing.p99)
	return nil
}
