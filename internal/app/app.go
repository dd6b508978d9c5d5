// Package app wires the domain services, handlers and workers of one
// PanelPulse process together, so the server binary and the end-to-end
// tests build exactly the same thing.
package app

import (
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/panelpulse/panelpulse/internal/admin"
	"github.com/panelpulse/panelpulse/internal/auth"
	"github.com/panelpulse/panelpulse/internal/bank"
	"github.com/panelpulse/panelpulse/internal/clock"
	"github.com/panelpulse/panelpulse/internal/export"
	"github.com/panelpulse/panelpulse/internal/observatory"
	"github.com/panelpulse/panelpulse/internal/panel"
	"github.com/panelpulse/panelpulse/internal/push"
	"github.com/panelpulse/panelpulse/internal/roundtable"
	"github.com/panelpulse/panelpulse/internal/rpc"
	"github.com/panelpulse/panelpulse/internal/schedule"
	"github.com/panelpulse/panelpulse/internal/server"
	"github.com/panelpulse/panelpulse/internal/store"
	"github.com/panelpulse/panelpulse/internal/web"
)

// Deps are what a process is built from.
type Deps struct {
	Store  *store.Store
	Clock  clock.Clock
	Sender push.Sender
	Log    *slog.Logger
	Push   push.Config
	// Sessions bounds staff console sessions; zero means
	// auth.DefaultSessionPolicy.
	Sessions auth.SessionPolicy
	// LivePollPerStream gives every WatchResults stream its own database
	// poll instead of one per finding: the benchmark's baseline only.
	LivePollPerStream bool
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
}

// New builds the App.
func New(d Deps) (*App, error) {
	if d.Store == nil || d.Clock == nil || d.Sender == nil || d.Log == nil {
		return nil, errors.New("app.New: store, clock, sender and logger are required")
	}
	b, err := bank.New(d.Store)
	if err != nil {
		return nil, err
	}
	adm, err := admin.New(d.Store, d.Clock)
	if err != nil {
		return nil, err
	}
	obs, err := observatory.New(d.Store, b, d.Clock)
	if err != nil {
		return nil, err
	}
	pan, err := panel.New(d.Store, obs, d.Clock)
	if err != nil {
		return nil, err
	}
	ph, err := rpc.NewPanellistHandler(pan, d.Log)
	if err != nil {
		return nil, err
	}
	ah, err := rpc.NewAdminHandler(adm, b, d.Log)
	if err != nil {
		return nil, err
	}
	oh, err := rpc.NewObservatoryHandler(obs, b, d.Log)
	if err != nil {
		return nil, err
	}
	policy := d.Sessions
	if policy == (auth.SessionPolicy{}) {
		policy = auth.DefaultSessionPolicy
	}
	verifier, err := rpc.NewVerifier(d.Store, d.Clock, policy)
	if err != nil {
		return nil, err
	}
	authn, err := auth.NewMiddleware(verifier, rpc.Rules())
	if err != nil {
		return nil, err
	}
	sh, err := rpc.NewStaffHandler(verifier, d.Store, d.Log)
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
	exp, err := export.New(obs, b, d.Log)
	if err != nil {
		return nil, err
	}
	extra := exp.Routes(authn)
	wh, err := web.New()
	if err != nil {
		return nil, err
	}
	maps.Copy(extra, wh.Routes())
	planner, err := schedule.NewPlanner(d.Store, d.Clock, d.Log)
	if err != nil {
		return nil, err
	}
	rt, err := roundtable.New(d.Store, b, planner, obs, d.Clock)
	if err != nil {
		return nil, err
	}
	var rtOpts []rpc.RoundtableOption
	if d.LivePollPerStream {
		rtOpts = append(rtOpts, rpc.WithPollPerStream())
	}
	rh, err := rpc.NewRoundtableHandler(rt, d.Log, d.Clock, time.Second, rtOpts...)
	if err != nil {
		return nil, err
	}
	h, err := server.New(server.Handlers{Panellist: ph, Admin: ahf, Observatory: oh, Roundtable: rh, Staff: sh, Clock: d.Clock, Extra: extra}, authn, d.Log, reg)
	if err != nil {
		return nil, fmt.Errorf("app.New: %w", err)
	}
	disp, err := push.NewDispatcher(d.Store, d.Sender, d.Clock, d.Log, d.Push)
	if err != nil {
		return nil, err
	}
	return &App{Handler: h, Planner: planner, Dispatcher: disp, Admin: adm, Bank: b, Panel: pan, Observatory: obs}, nil
}
