// Command benchnational measures the national shape: -tenants regional
// programmes of -panellists each, every panellist with a phone, a wave of
// two questions a day, run through the real planner, dispatcher (the
// Firebase SDK into the fake FCM) and API on a private, durable PostgreSQL
// while a fake clock moves through -days working days minute by minute.
// Phones answer after their push, both questions in one SubmitAnswers call
// as an app coming back online sends them. It prints, per simulated day,
// the wall time it took; for the busiest simulated minute (the most
// pushes and answers: the 09:00 burst) what it carried and the rate at
// which the process got through it; the p99 submit latency; and the database
// size. The last line is
//
//	national_tenants=T panellists=N seconds_per_day=S burst_pushes_per_s=P burst_answers_per_s=A p99_ms=L db_mb=M regions_per_machine=R
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/panelpulse/panelpulse/internal/command"
)

func main() {
	command.Main("benchnational", func(ctx context.Context) error { return realMain(ctx, os.Args[1:]) })
}

// Config is the run's shape.
type Config struct {
	Tenants, Panellists, Days int
	// AnswerShare is the share of panellists who answer on a day.
	AnswerShare float64
	Dir         string
}

// Validate reports every problem at once.
func (c Config) Validate() error {
	var errs []error
	if c.Tenants < 1 || c.Tenants > 200 {
		errs = append(errs, fmt.Errorf("-tenants %d must be 1..200", c.Tenants))
	}
	if c.Panellists < 10 || c.Panellists > 20_000 {
		errs = append(errs, fmt.Errorf("-panellists %d (per tenant) must be 10..20000", c.Panellists))
	}
	if c.Days < 1 || c.Days > 5 {
		errs = append(errs, fmt.Errorf("-days %d must be 1..5 (one wave week)", c.Days))
	}
	if c.AnswerShare <= 0 || c.AnswerShare > 1 {
		errs = append(errs, fmt.Errorf("-answer-share %v must be in (0, 1]", c.AnswerShare))
	}
	return errors.Join(errs...)
}

func realMain(ctx context.Context, args []string) error {
	var cfg Config
	fs := flag.NewFlagSet("benchnational", flag.ContinueOnError)
	fs.IntVar(&cfg.Tenants, "tenants", 40, "regional programmes")
	fs.IntVar(&cfg.Panellists, "panellists", 2500, "panellists per programme")
	fs.IntVar(&cfg.Days, "days", 1, "simulated working days")
	fs.Float64Var(&cfg.AnswerShare, "answer-share", 0.7, "share of panellists answering each day")
	fs.StringVar(&cfg.Dir, "dir", "", "folder for the private PostgreSQL (default: a temporary one)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	r, err := newRig(ctx, cfg)
	if err != nil {
		return err
	}
	defer r.close()
	fmt.Printf("setup_seconds=%.1f enrolled=%d\n", r.setup.Seconds(), len(r.phones))
	var days []dayResult
	for d := range cfg.Days {
		res, err := r.day(ctx, d)
		if err != nil {
			return fmt.Errorf("day %d: %w", d+1, err)
		}
		days = append(days, res)
		fmt.Printf("day=%d seconds=%.1f pushes=%d answers=%d busiest_minute=%s burst_pushes=%d burst_answers=%d burst_seconds=%.2f p99_ms=%.1f\n",
			d+1, res.wall.Seconds(), res.pushes, res.answers, res.busiest.at.Format("15:04"), res.busiest.pushes, res.busiest.answers, res.busiest.wall.Seconds(), res.p99)
	}
	size, err := r.dbSize(ctx)
	if err != nil {
		return err
	}
	s := summarise(days)
	fmt.Printf("national_tenants=%d panellists=%d seconds_per_day=%.1f burst_pushes_per_s=%.0f burst_answers_per_s=%.0f p99_ms=%.1f db_mb=%.0f regions_per_machine=%.0f\n",
		cfg.Tenants, cfg.Tenants*cfg.Panellists, s.secondsPerDay, s.burstPushesPerS, s.burstAnswersPerS, s.p99, float64(size)/(1<<20),
		s.regions(cfg.Tenants))
	return nil
}
