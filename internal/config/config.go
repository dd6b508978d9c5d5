// Package config reads the server's settings from environment variables
// and flags (flags win), validates them all at once and logs them with
// secrets redacted.
package config

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"time"

	"github.com/panelpulse/panelpulse/internal/fcm"
)

// Server is the configuration of cmd/panelpulse.
type Server struct {
	// Addr is the listen address (PANELPULSE_ADDR).
	Addr string
	// DatabaseURL is the PostgreSQL URL (DATABASE_URL); empty starts a
	// private cluster in DataDir and loads the demo tenant.
	DatabaseURL string
	// DataDir holds the private cluster and the demo keys (PANELPULSE_DATA).
	DataDir string
	// API, Planner and Dispatcher switch the parts of the process, so
	// replicas can be split by role.
	API, Planner, Dispatcher bool
	// Simulate makes demo panellists answer.
	Simulate bool
	// PlanEvery and DispatchEvery are the workers' polling intervals.
	PlanEvery, DispatchEvery time.Duration
	// FCMProjectID (FCM_PROJECT_ID), FCMEndpoint (FCM_ENDPOINT, for a fake),
	// FCMCredentials (GOOGLE_APPLICATION_CREDENTIALS) and FCMRatePerMinute
	// (FCM_RATE_PER_MINUTE) configure push delivery. Without a project the
	// demo's fake FCM sink is used.
	FCMProjectID, FCMEndpoint, FCMCredentials string
	FCMRatePerMinute                          int
	// LogLevel is debug, info, warn or error (PANELPULSE_LOG_LEVEL).
	LogLevel string
}

// Load reads the environment through getenv, then flags from args.
func Load(args []string, getenv func(string) string) (Server, error) {
	env := func(k, def string) string {
		if v := getenv(k); v != "" {
			return v
		}
		return def
	}
	rate, err := strconv.Atoi(env("FCM_RATE_PER_MINUTE", strconv.Itoa(fcm.DefaultRatePerMinute)))
	if err != nil {
		return Server{}, fmt.Errorf("config: FCM_RATE_PER_MINUTE: %w", err)
	}
	c := Server{
		Addr: env("PANELPULSE_ADDR", "127.0.0.1:8080"), DatabaseURL: getenv("DATABASE_URL"),
		DataDir: env("PANELPULSE_DATA", ".data"), FCMProjectID: getenv("FCM_PROJECT_ID"),
		FCMEndpoint: getenv("FCM_ENDPOINT"), FCMCredentials: getenv("GOOGLE_APPLICATION_CREDENTIALS"),
		FCMRatePerMinute: rate, LogLevel: env("PANELPULSE_LOG_LEVEL", "info"),
	}
	fs := flag.NewFlagSet("panelpulse serve", flag.ContinueOnError)
	fs.StringVar(&c.Addr, "addr", c.Addr, "listen address")
	fs.StringVar(&c.DataDir, "data", c.DataDir, "folder of the private PostgreSQL and demo keys")
	fs.BoolVar(&c.API, "api", true, "serve the API")
	fs.BoolVar(&c.Planner, "planner", true, "run the planner and the observatory rollup refresher")
	fs.BoolVar(&c.Dispatcher, "dispatcher", true, "run the push dispatcher")
	fs.BoolVar(&c.Simulate, "simulate", false, "demo only: simulated panellists answer their questions")
	fs.DurationVar(&c.PlanEvery, "plan-every", 30*time.Second, "planner interval")
	fs.DurationVar(&c.DispatchEvery, "dispatch-every", time.Second, "dispatcher idle poll interval")
	fs.IntVar(&c.FCMRatePerMinute, "fcm-rate", c.FCMRatePerMinute, "FCM messages per minute (0 = no limit)")
	fs.StringVar(&c.LogLevel, "log-level", c.LogLevel, "debug, info, warn or error")
	if err := fs.Parse(args); err != nil {
		return Server{}, err
	}
	return c, c.Validate()
}

// Demo reports whether the process runs the self-contained demo.
func (c Server) Demo() bool { return c.DatabaseURL == "" }

// Validate reports every problem at once.
func (c Server) Validate() error {
	var errs []error
	if c.Addr == "" {
		errs = append(errs, errors.New("addr is empty"))
	}
	if c.DatabaseURL != "" {
		if _, err := url.Parse(c.DatabaseURL); err != nil {
			errs = append(errs, fmt.Errorf("DATABASE_URL: %w", err))
		}
	} else if c.DataDir == "" {
		errs = append(errs, errors.New("without DATABASE_URL a data folder is required"))
	}
	if !c.API && !c.Planner && !c.Dispatcher {
		errs = append(errs, errors.New("nothing to run: -api, -planner and -dispatcher are all off"))
	}
	if c.PlanEvery <= 0 || c.DispatchEvery <= 0 {
		errs = append(errs, errors.New("intervals must be positive"))
	}
	if c.FCMRatePerMinute < 0 {
		errs = append(errs, errors.New("fcm-rate must not be negative"))
	}
	if c.Simulate && !c.Demo() {
		errs = append(errs, errors.New("-simulate needs the demo (no DATABASE_URL)"))
	}
	if c.FCMProjectID == "" && !c.Demo() {
		errs = append(errs, errors.New("FCM_PROJECT_ID is required outside the demo"))
	}
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(c.LogLevel)); err != nil {
		errs = append(errs, fmt.Errorf("log level: %w", err))
	}
	return errors.Join(errs...)
}

// Level is the parsed log level.
func (c Server) Level() slog.Level {
	var lvl slog.Level
	_ = lvl.UnmarshalText([]byte(c.LogLevel))
	return lvl
}

// LogAttrs returns the settings for a log line, with the database password
// and credentials path redacted.
func (c Server) LogAttrs() []any {
	db := "private cluster in " + c.DataDir
	if c.DatabaseURL != "" {
		if u, err := url.Parse(c.DatabaseURL); err == nil {
			db = u.Redacted()
		} else {
			db = "(unparseable)"
		}
	}
	creds := ""
	if c.FCMCredentials != "" {
		creds = "(set)"
	}
	return []any{"addr", c.Addr, "database", db, "api", c.API, "planner", c.Planner, "dispatcher", c.Dispatcher,
		"simulate", c.Simulate, "fcm_project", c.FCMProjectID, "fcm_endpoint", c.FCMEndpoint, "fcm_credentials", creds,
		"fcm_rate_per_minute", c.FCMRatePerMinute}
}
