package push_test

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/gen/dbsqlctest"
	"github.com/panelpulse/panelpulse/internal/clock"
	"github.com/panelpulse/panelpulse/internal/fakefcm"
	"github.com/panelpulse/panelpulse/internal/fcm"
	"github.com/panelpulse/panelpulse/internal/pgtest"
	"github.com/panelpulse/panelpulse/internal/push"
	"github.com/panelpulse/panelpulse/internal/push/pushtest"
	"github.com/panelpulse/panelpulse/internal/store"
)

// env is a real dispatcher on a real database, sending through the real
// Firebase SDK to the fake FCM, with a fake clock.
type env struct {
	t     *testing.T
	ctx   context.Context
	st    *store.Store
	fake  *fakefcm.Server
	url   string // the fake's base URL
	clock *clock.Fake
	disp  *push.Dispatcher
	seed  pushtest.Seeded
}

// newEnv seeds n panellists with devices tokens each and one due push.
func newEnv(t *testing.T, n, devices int, cfg push.Config) *env {
	t.Helper()
	ctx := context.Background()
	st := store.New(pgtest.NewDB(t))
	now := time.Now().Truncate(time.Second)
	seed, err := pushtest.Seed(ctx, st.Pool, pushtest.Options{Panellists: n, Devices: devices, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	clk := clock.NewFake(now)
	fake := fakefcm.New(fakefcm.WithClock(clk))
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	e := &env{t: t, ctx: ctx, st: st, fake: fake, url: srv.URL, clock: clk, seed: seed}
	e.disp = e.dispatcher(srv.URL+"/v1", cfg)
	return e
}

// dispatcher builds another dispatcher on the same database.
func (e *env) dispatcher(endpoint string, cfg push.Config) *push.Dispatcher {
	e.t.Helper()
	sender, err := fcm.NewClient(e.ctx, fcm.Config{ProjectID: "demo", Endpoint: endpoint, Clock: e.clock})
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(sender.Close)
	d, err := push.NewDispatcher(e.st, sender, e.clock, slog.New(slog.NewTextHandler(io.Discard, nil)), cfg)
	if err != nil {
		e.t.Fatal(err)
	}
	return d
}

// tick runs one Tick and fails the test on error.
func (e *env) tick(d *push.Dispatcher) int {
	e.t.Helper()
	n, err := d.Tick(e.ctx)
	if err != nil {
		e.t.Fatalf("Tick: %v", err)
	}
	return n
}

// push returns panellist i's delivery push.
func (e *env) push(i int) dbsqlc.Push {
	e.t.Helper()
	p, err := pushtest.PushOf(e.ctx, e.st.Pool, e.seed.TenantID, i)
	if err != nil {
		e.t.Fatal(err)
	}
	return p
}

// panellist returns the panellist of push p and its device tokens.
func (e *env) panellist(p dbsqlc.Push) (dbsqlctest.Panellist, []string) {
	e.t.Helper()
	pl, err := dbsqlctest.New(e.st.Pool).PanellistGet(e.ctx, dbsqlctest.PanellistGetParams{TenantID: p.TenantID, ID: p.PanellistID})
	if err != nil {
		e.t.Fatal(err)
	}
	devs, err := e.st.Q.DeviceListForPanellists(e.ctx, dbsqlc.DeviceListForPanellistsParams{TenantIds: []int64{p.TenantID}, PanellistIds: []int64{p.PanellistID}})
	if err != nil {
		e.t.Fatal(err)
	}
	var toks []string
	for _, d := range devs {
		toks = append(toks, d.FcmToken)
	}
	return pl, toks
}
