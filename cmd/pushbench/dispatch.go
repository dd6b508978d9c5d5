package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/panelpulse/panelpulse/internal/clock"
	"github.com/panelpulse/panelpulse/internal/fcm"
	"github.com/panelpulse/panelpulse/internal/push"
	"github.com/panelpulse/panelpulse/internal/store"
)

// dispatchConfig is the configuration of "pushbench dispatch".
type dispatchConfig struct {
	DatabaseURL string // DATABASE_URL
	ProjectID   string // FCM_PROJECT_ID
	Endpoint    string // FCM_ENDPOINT: a fake's base URL + "/v1"; empty: real FCM
	Credentials string // GOOGLE_APPLICATION_CREDENTIALS (empty: ADC)
	RatePerMin  int
	Batch       int
	Workers     int
	Lease       time.Duration
	Poll        time.Duration
}

func (c *dispatchConfig) flags(fs *flag.FlagSet) {
	fs.IntVar(&c.Batch, "batch", 500, "pushes claimed per Tick")
	fs.IntVar(&c.Workers, "workers", 4, "concurrent claim-send-record loops")
	fs.DurationVar(&c.Lease, "lease", 2*time.Minute, "claim lease")
	fs.DurationVar(&c.Poll, "poll", time.Second, "poll interval when idle")
	fs.IntVar(&c.RatePerMin, "rate", fcm.DefaultRatePerMinute, "FCM messages per minute (0: unlimited)")
}

func (c *dispatchConfig) env() {
	c.DatabaseURL = os.Getenv("DATABASE_URL")
	c.ProjectID = os.Getenv("FCM_PROJECT_ID")
	c.Endpoint = os.Getenv("FCM_ENDPOINT")
	c.Credentials = os.Getenv("GOOGLE_APPLICATION_CREDENTIALS")
	if c.ProjectID == "" && c.Endpoint != "" {
		c.ProjectID = "demo"
	}
}

// Validate reports every problem at once.
func (c dispatchConfig) Validate() error {
	var errs []error
	if c.DatabaseURL == "" {
		errs = append(errs, errors.New("DATABASE_URL is required"))
	}
	if c.ProjectID == "" {
		errs = append(errs, errors.New("FCM_PROJECT_ID is required unless FCM_ENDPOINT is set"))
	}
	if c.Batch <= 0 || c.Workers <= 0 || c.Lease <= 0 || c.Poll <= 0 {
		errs = append(errs, errors.New("-batch, -workers, -lease and -poll must be positive"))
	}
	return errors.Join(errs...)
}

// dispatch runs one dispatcher until ctx ends.
func dispatch(ctx context.Context, cfg dispatchConfig) error {
	if err := cfg.Validate(); err != nil {
		return fmt.Errorf("dispatch: %w", err)
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	st, err := store.Open(ctx, cfg.DatabaseURL, int32(cfg.Workers*2+2))
	if err != nil {
		return fmt.Errorf("dispatch: %w", err)
	}
	defer st.Close()
	clk := clock.Real{}
	sender, err := fcm.NewClient(ctx, fcm.Config{
		ProjectID: cfg.ProjectID, Endpoint: cfg.Endpoint, CredentialsFile: cfg.Credentials, RatePerMinute: cfg.RatePerMin, Clock: clk,
	})
	if err != nil {
		return fmt.Errorf("dispatch: %w", err)
	}
	defer sender.Close()
	d, err := push.NewDispatcher(st, sender, clk, log, push.Config{Batch: cfg.Batch, Workers: cfg.Workers, Lease: cfg.Lease})
	if err != nil {
		return fmt.Errorf("dispatch: %w", err)
	}
	return d.Run(ctx, cfg.Poll)
}
