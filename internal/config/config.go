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
	// DatabaseReadURL is an optional hot standby of that database
	// (DATABASE_READ_URL): observatory reads and exports go to it whenever
	// it has replayed every write they must see (internal/replica).
	DatabaseReadURL string
	// DataDir holds the private cluster and the demo keys (PANELPULSE_DATA).
	DataDir string
	// API, Planner and Dispatcher switch the parts of the process, so
	// replicas can be split by role.
	API, Planner, Dispatcher bool
	// Simulate makes demo panellists answer.
	Simulate bool
	// Tuning is the pool size, worker counts and intervals.
	Tuning
	// FCMProjectID (FCM_PROJECT_ID), FCMEndpoint (FCM_ENDPOINT, for a fake),
	// FCMCredentials (GOOGLE_APPLICATION_CREDENTIALS) and FCMRatePerMinute
	// (FCM_RATE_PER_MINUTE) configure push delivery. Without a project the
	// demo's fake FCM sink is used.
	FCMProjectID, FCMEndpoint, FCMCredentials string
	FCMRatePerMinute                          int
	// AppURL is the panellist web app's public address, an absolute http
	// or https URL such as https://panel.example.org/app/ (PANELPULSE_APP_URL,
	// -app-url): web pushes link there. Empty links to /app/ on the host the
	// phone got the app from.
	AppURL string
	// LogLevel is debug, info, warn or error (PANELPULSE_LOG_LEVEL).
	LogLevel string
}

// Tuning is what an operator tunes in a running process: the database pool
// and the background workers' concurrency and intervals. Every field is
// positive after Load; a zero field given to app.New takes its value from
// DefaultTuning.
type Tuning struct {
	// MaxConns is the database pool size (PANELPULSE_DB_MAX_CONNS, -db-max-conns).
	MaxConns int
	// PushWorkers is how many claim-send-record loops the push dispatcher
	// runs at once (PANELPULSE_PUSH_WORKERS, -push-workers).
	PushWorkers int
	// PlanEvery, DispatchEvery, RefreshEvery and SimulateEvery are the
	// planner's, the dispatcher's idle, the observatory rollup refresher's
	// and the demo simulator's intervals.
	PlanEvery, DispatchEvery, RefreshEvery, SimulateEvery time.Duration
}

// DefaultTuning is the tuning of a process given no settings.
func DefaultTuning() Tuning {
	return Tuning{MaxConns: 40, PushWorkers: 4, PlanEvery: 30 * time.Second, DispatchEvery: time.Second,
		RefreshEvery: 30 * time.Second, SimulateEvery: 15 * time.Second}
}

// WithDefaults returns t with every zero field taken from DefaultTuning.
func (t Tuning) WithDefaults() Tuning {
	d := DefaultTuning()
	return Tuning{
		MaxConns: orDefault(t.MaxConns, d.MaxConns), PushWorkers: orDefault(t.PushWorkers, d.PushWorkers),
		PlanEvery: orDefault(t.PlanEvery, d.PlanEvery), DispatchEvery: orDefault(t.DispatchEvery, d.DispatchEvery),
		RefreshEvery: orDefault(t.RefreshEvery, d.RefreshEvery), SimulateEvery: orDefault(t.SimulateEvery, d.SimulateEvery),
	}
}

func orDefault[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

// validate reports every tuning problem.
func (t Tuning) validate() []error {
	var errs []error
	if t.MaxConns < 2 || t.MaxConns > 1000 {
		errs = append(errs, fmt.Errorf("db-max-conns %d must be 2..1000", t.MaxConns))
	}
	if t.PushWorkers < 1 || t.PushWorkers > 64 {
		errs = append(errs, fmt.Errorf("push-workers %d must be 1..64", t.PushWorkers))
	}
	if t.PlanEvery <= 0 || t.DispatchEvery <= 0 || t.RefreshEvery <= 0 || t.SimulateEvery <= 0 {
		errs = append(errs, errors.New("intervals must be positive"))
	}
	return errs
}

// Load reads the environment through getenv, then flags from args.
func Load(args []string, getenv func(string) string) (Server, error) {
	env := func(k, def string) string {
		if v := getenv(k); v != "" {
			return v
		}
		return def
	}
	var errs []error
	number := func(k string, def int) int {
		n, err := strconv.Atoi(env(k, strconv.Itoa(def)))
		if err != nil {
			errs = append(errs, fmt.Errorf("config: %s: %w", k, err))
		}
		return n
	}
	tuning := DefaultTuning()
	rate := number("FCM_RATE_PER_MINUTE", fcm.DefaultRatePerMinute)
	tuning.MaxConns = number("PANELPULSE_DB_MAX_CONNS", tuning.MaxConns)
	tuning.PushWorkers = number("PANELPULSE_PUSH_WORKERS", tuning.PushWorkers)
	if err := errors.Join(errs...); err != nil {
		return Server{}, err
	}
	c := Server{
		Addr: env("PANELPULSE_ADDR", "127.0.0.1:8080"), DatabaseURL: getenv("DATABASE_URL"),
		DatabaseReadURL: getenv("DATABASE_READ_URL"),
		DataDir:         env("PANELPULSE_DATA", ".data"), FCMProjectID: getenv("FCM_PROJECT_ID"),
		FCMEndpoint: getenv("FCM_ENDPOINT"), FCMCredentials: getenv("GOOGLE_APPLICATION_CREDENTIALS"),
		FCMRatePerMinute: rate, LogLevel: env("PANELPULSE_LOG_LEVEL", "info"), Tuning: tuning,
		AppURL: getenv("PANELPULSE_APP_URL"),
	}

	fs := flag.NewFlagSet("panelpulse serve", flag.ContinueOnError)
	fs.StringVar(&c.Addr, "addr", c.Addr, "listen address")
	fs.StringVar(&c.DataDir, "data", c.DataDir, "folder of the private PostgreSQL and demo keys")
	fs.BoolVar(&c.API, "api", true, "serve the API")
	fs.BoolVar(&c.Planner, "planner", true, "run the planner and the observatory rollup refresher")
	fs.BoolVar(&c.Dispatcher, "dispatcher", true, "run the push dispatcher")
	fs.BoolVar(&c.Simulate, "simulate", false, "demo only: simulated panellists answer their questions")
	fs.DurationVar(&c.PlanEvery, "plan-every", c.PlanEvery, "planner interval")
	fs.DurationVar(&c.DispatchEvery, "dispatch-every", c.DispatchEvery, "dispatcher idle poll interval")
	fs.DurationVar(&c.RefreshEvery, "refresh-every", c.RefreshEvery, "observatory rollup refresh interval")
	fs.DurationVar(&c.SimulateEvery, "simulate-every", c.SimulateEvery, "demo only: interval between simulated answering passes")
	fs.IntVar(&c.MaxConns, "db-max-conns", c.MaxConns, "database pool size")
	fs.IntVar(&c.PushWorkers, "push-workers", c.PushWorkers, "concurrent push dispatcher loops")
	fs.IntVar(&c.FCMRatePerMinute, "fcm-rate", c.FCMRatePerMinute, "FCM messages per minute (0 = no limit)")
	fs.StringVar(&c.AppURL, "app-url", c.AppURL, "the panellist app's public address, e.g. https://panel.example.org/app/ (web push links)")
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
	if c.DatabaseReadURL != "" {
		if c.Demo() {
			errs = append(errs, errors.New("DATABASE_READ_URL needs DATABASE_URL: a read replica is a standby of that database"))
		} else if _, err := url.Parse(c.DatabaseReadURL); err != nil {
			errs = append(errs, fmt.Errorf("DATABASE_READ_URL: %w", err))
		}
	}
	if !c.API && !c.Planner && !c.Dispatcher {
		errs = append(errs, errors.New("nothing to run: -api, -planner and -dispatcher are all off"))
	}
	errs = append(errs, c.Tuning.validate()...)
	if c.FCMRatePerMinute < 0 {
		errs = append(errs, errors.New("fcm-rate must not be negative"))
	}
	if c.Simulate && !c.Demo() {
		errs = append(errs, errors.New("-simulate needs the demo (no DATABASE_URL)"))
	}
	if c.FCMProjectID == "" && !c.Demo() {
		errs = append(errs, errors.New("FCM_PROJECT_ID is required outside the demo"))
	}
	if c.AppURL != "" {
		if u, err := url.Parse(c.AppURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			errs = append(errs, fmt.Errorf("app-url (PANELPULSE_APP_URL) %q: want an absolute http or https URL such as https://panel.example.org/app/", c.AppURL))
		}
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

// redacted is a database URL without its password.
func redacted(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparseable)"
	}
	return u.Redacted()
}

// LogAttrs returns the settings for a log line, with the database password
// and credentials path redacted.
func (c Server) LogAttrs() []any {
	db := "private cluster in " + c.DataDir
	if c.DatabaseURL != "" {
		db = redacted(c.DatabaseURL)
	}
	read := ""
	if c.DatabaseReadURL != "" {
		read = redacted(c.DatabaseReadURL)
	}
	creds := ""
	if c.FCMCredentials != "" {
		creds = "(set)"
	}
	return []any{"addr", c.Addr, "database", db, "read_replica", read, "api", c.API, "planner", c.Planner, "dispatcher", c.Dispatcher,
		"simulate", c.Simulate, "fcm_project", c.FCMProjectID, "fcm_endpoint", c.FCMEndpoint, "fcm_credentials", creds,
		"fcm_rate_per_minute", c.FCMRatePerMinute, "app_url", c.AppURL, "db_max_conns", c.MaxConns, "push_workers", c.PushWorkers,
		"plan_every", c.PlanEvery, "dispatch_every", c.DispatchEvery, "refresh_every", c.RefreshEvery, "simulate_every", c.SimulateEvery}
}
