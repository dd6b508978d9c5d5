// Package app wires the domain services, handlers and workers of one
// PanelPulse process together, so the server binary and the end-to-end
// tests build exactly the same thing.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/panelpulse/panelpulse/internal/admin"
	"github.com/panelpulse/panelpulse/internal/audit"
	"github.com/panelpulse/panelpulse/internal/auth"
	"github.com/panelpulse/panelpulse/internal/bank"
	"github.com/panelpulse/panelpulse/internal/clock"
	"github.com/panelpulse/panelpulse/internal/config"
	"github.com/panelpulse/panelpulse/internal/demo"
	"github.com/panelpulse/panelpulse/internal/export"
	"github.com/panelpulse/panelpulse/internal/observatory"
	"github.com/panelpulse/panelpulse/internal/panel"
	"github.com/panelpulse/panelpulse/internal/push"
	"github.com/panelpulse/panelpulse/internal/replica"
	"github.com/panelpulse/panelpulse/internal/rollup"
	"github.com/panelpulse/panelpulse/internal/roundtable"
	"github.com/panelpulse/panelpulse/internal/rpc"
	"github.com/panelpulse/panelpulse/internal/schedule"
	"github.com/panelpulse/panelpulse/internal/server"
	"github.com/panelpulse/panelpulse/internal/sessioncache"
	"github.com/panelpulse/panelpulse/internal/store"
	"github.com/panelpulse/panelpulse/internal/tenant"
	"github.com/panelpulse/panelpulse/internal/verbatim"
	"github.com/panelpulse/panelpulse/internal/web"
)

// Deps are what a process is built from: the bundle of store, clock,
// logger and operator tuning that New hands to every service and worker
// (as River's base service hands its archetype to each service), the push
// sender, and which background workers to run.
type Deps struct {
	Store *store.Store
	// ReadStore is an optional hot standby of Store: observatory reads and
	// exports go to it whenever it has every write they must see.
	ReadStore *store.Store
	Clock     clock.Clock
	Log       *slog.Logger
	Sender    push.Sender
	// Tuning is the operator's settings from internal/config; zero fields
	// take config.DefaultTuning.
	Tuning config.Tuning
	// Sessions bounds staff console sessions; zero means
	// auth.DefaultSessionPolicy.
	Sessions auth.SessionPolicy
	// SessionCacheTTL is how long a panellist's session, once confirmed by
	// the database, is trusted from memory: the bound within which another
	// process stops accepting a session this one revoked (this process
	// stops at once). Zero means sessioncache.DefaultTTL.
	SessionCacheTTL time.Duration
	// Roles picks the background workers of App.Workers.
	Roles Roles
	// LivePollPerStream gives every WatchResults stream its own database
	// poll instead of one per finding: the benchmark's baseline only.
	LivePollPerStream bool
	// AppURL is the web app's public address that web pushes link to
	// (config.Server.AppURL); empty links to /app/ on the phone's host.
	AppURL string
}

// Roles switches the background workers of a process, so replicas can be
// split by role.
type Roles struct {
	// Planner runs the planner.
	Planner bool
	// Dispatcher runs the push dispatcher.
	Dispatcher bool
	// Simulate runs the demo's simulated panel (demo tenant only).
	Simulate bool
}

// Worker is one background loop of the process.
type Worker struct {
	// Name names the worker in logs.
	Name string
	// Run runs the worker until ctx ends.
	Run func(ctx context.Context) error
}

// App is one process's parts.
type App struct {
	Handler    http.Handler
	Planner    *schedule.Planner
	Dispatcher *push.Dispatcher
	Admin      *admin.Service
	Bank       *bank.Bank
	Panel      *panel.Service
	// Observatory is the process's one observatory service.
	Observatory *observatory.Service
	// Reads picks the store observatory reads and exports use: a caught-up
	// standby (a *replica.Router, with Deps.ReadStore) or the primary.
	Reads replica.Reads
	// Rollup is the worker that folds answers into the observatory's
	// cells; the observatory's reads that must be current sync with it.
	Rollup *rollup.Rollup
	// Workers are the background loops Deps.Roles switched on, built from
	// the same services as the handlers; the caller runs each.
	Workers []Worker
}

// New builds the App.
func New(d Deps) (*App, error) {
	if d.Store == nil || d.Clock == nil || d.Sender == nil || d.Log == nil {
		return nil, errors.New("app.New: store, clock, sender and logger are required")
	}
	d.Tuning = d.Tuning.WithDefaults()
	b, err := bank.New(d.Store)
	if err != nil {
		return nil, err
	}
	planner, err := schedule.NewPlanner(d.Store, d.Clock, d.Log)
	if err != nil {
		return nil, err
	}
	adm, err := admin.New(d.Store, d.Clock, planner)
	if err != nil {
		return nil, err
	}
	var reads replica.Reads = replica.Primary{Store: d.Store}
	if d.ReadStore != nil {
		if reads, err = replica.New(d.Store, d.ReadStore); err != nil {
			return nil, err
		}
	}
	roll, err := rollup.New(d.Store, d.Clock, d.Log, rollup.Config{Every: d.Tuning.RefreshEvery})
	if err != nil {
		return nil, err
	}
	obs, err := observatory.New(d.Store, b, d.Clock, roll, observatory.WithReads(reads))
	if err != nil {
		return nil, err
	}
	ttl := d.SessionCacheTTL
	if ttl == 0 {
		ttl = sessioncache.DefaultTTL
	}
	sessions, err := sessioncache.New(d.Clock, ttl, sessioncache.DefaultSize)
	if err != nil {
		return nil, err
	}
	pan, err := panel.New(d.Store, obs, d.Clock, panel.WithSessionCache(sessions))
	if err != nil {
		return nil, err
	}
	rt, err := roundtable.New(d.Store, b, planner, obs, d.Clock)
	if err != nil {
		return nil, err
	}
	ph, err := rpc.NewPanellistHandler(pan, rt, d.Log)
	if err != nil {
		return nil, err
	}
	ah, err := rpc.NewAdminHandler(adm, b, d.Log)
	if err != nil {
		return nil, err
	}
	verb, err := verbatim.New(reads, b)
	if err != nil {
		return nil, err
	}
	oh, err := rpc.NewObservatoryHandler(obs, b, verb, d.Log)
	if err != nil {
		return nil, err
	}
	policy := d.Sessions
	if policy == (auth.SessionPolicy{}) {
		policy = auth.DefaultSessionPolicy
	}
	verifier, err := rpc.NewVerifier(d.Store, d.Clock, policy, rpc.WithSessionCache(sessions))
	if err != nil {
		return nil, err
	}
	authn, err := auth.NewMiddleware(verifier, rpc.Rules())
	if err != nil {
		return nil, err
	}
	rec, err := audit.New(d.Store, d.Clock, d.Log)
	if err != nil {
		return nil, err
	}
	sh, err := rpc.NewStaffHandler(verifier, d.Store, rec, d.Log)
	if err != nil {
		return nil, err
	}
	audh, err := rpc.NewAuditHandler(rec, d.Log)
	if err != nil {
		return nil, err
	}
	skh, err := rpc.NewStaffKeyHandler(d.Store, d.Clock, d.Log)
	if err != nil {
		return nil, err
	}
	drh, err := rpc.NewDataRequestHandler(pan, d.Log)
	if err != nil {
		return nil, err
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	// Observatory: the population frame RPC on AdminService, the export
	// endpoints and the web page.
	ahf, err := rpc.NewAdminWithFrame(ah, obs)
	if err != nil {
		return nil, err
	}
	exp, err := export.New(obs, b, d.Log, export.WithDownloads(rec))
	if err != nil {
		return nil, err
	}
	extra := exp.Routes(authn)
	wh, err := web.New()
	if err != nil {
		return nil, err
	}
	maps.Copy(extra, wh.Routes())
	extra["GET "+tenant.FirebaseWebConfigPath] = tenant.FirebaseWebConfigHandler(d.Store)
	var rtOpts []rpc.RoundtableOption
	if d.LivePollPerStream {
		rtOpts = append(rtOpts, rpc.WithPollPerStream())
	}
	rh, err := rpc.NewRoundtableHandler(rt, d.Log, d.Clock, time.Second, rtOpts...)
	if err != nil {
		return nil, err
	}
	h, err := server.New(server.Handlers{Panellist: ph, Admin: ahf, Observatory: oh, Roundtable: rh, Staff: sh,
		Audit: audh, StaffKey: skh, DataRequest: drh, Recorder: rec.Interceptor(), Clock: d.Clock, Extra: extra}, authn, d.Log, reg)
	if err != nil {
		return nil, fmt.Errorf("app.New: %w", err)
	}
	disp, err := push.NewDispatcher(d.Store, d.Sender, d.Clock, d.Log, push.Config{Workers: d.Tuning.PushWorkers, AppURL: d.AppURL})
	if err != nil {
		return nil, err
	}
	a := &App{Handler: h, Planner: planner, Dispatcher: disp, Admin: adm, Bank: b, Panel: pan, Observatory: obs, Reads: reads, Rollup: roll}
	a.addWorkers(d)
	return a, nil
}

// addWorkers fills a.Workers with the loops d.Roles switches on.
func (a *App) addWorkers(d Deps) {
	t := d.Tuning
	if d.Roles.Planner {
		a.Workers = append(a.Workers, Worker{"planner", func(ctx context.Context) error { return a.Planner.Run(ctx, t.PlanEvery) }})
		a.Workers = append(a.Workers, Worker{"rollup", a.Rollup.Run})
	}
	if d.Roles.Dispatcher {
		a.Workers = append(a.Workers, Worker{"dispatcher", func(ctx context.Context) error { return a.Dispatcher.Run(ctx, t.DispatchEvery) }})
	}
	if d.Roles.Simulate {
		a.Workers = append(a.Workers, Worker{"simulator", func(ctx context.Context) error {
			// The simulator reads the demo tenant, which exists only once
			// the demo is loaded: it is prepared when it starts.
			sim, err := demo.NewSimulator(ctx, d.Store, a.Observatory, d.Clock, d.Log)
			if err != nil {
				return err
			}
			n, err := sim.Backfill(ctx, d.Clock.Now())
			if err != nil {
				return err
			}
			d.Log.Info("demo history filled in", "answers", n)
			return sim.Run(ctx, t.SimulateEvery)
		}})
	}
}
