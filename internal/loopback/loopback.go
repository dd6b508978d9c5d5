// Package loopback runs one whole PanelPulse process inside the calling
// program: the app on a given store, the fake FCM behind the real Firebase
// SDK, a fake clock, and the API served over HTTP on 127.0.0.1. The test
// harness (internal/apptest) and the load benchmarks start the same thing
// through it. It does not import testing.
package loopback

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"time"

	"connectrpc.com/connect"

	"github.com/panelpulse/panelpulse/internal/app"
	"github.com/panelpulse/panelpulse/internal/clock"
	"github.com/panelpulse/panelpulse/internal/fakefcm"
	"github.com/panelpulse/panelpulse/internal/fcm"
	"github.com/panelpulse/panelpulse/internal/store"
)

// Process is a running in-process server.
type Process struct {
	Store *store.Store
	Clock *clock.Fake
	FCM   *fakefcm.Server
	App   *app.App
	// URL is the API's base URL.
	URL string

	fcmSrv, apiSrv *httptest.Server
	sender         *fcm.Client
}

// Option changes how Start builds the process.
type Option func(*options)

type options struct {
	log   *slog.Logger
	reads *store.Store
	fcm   []fakefcm.Option
}

// WithFCM passes options to the fake FCM server (a hook on every message,
// no recording for long runs); its clock is always the process's.
func WithFCM(opts ...fakefcm.Option) Option {
	return func(o *options) { o.fcm = append(o.fcm, opts...) }
}

// WithReadStore gives the process a hot standby of its store to read the
// observatory from (app.Deps.ReadStore).
func WithReadStore(st *store.Store) Option {
	return func(o *options) { o.reads = st }
}

// WithLog sends the process's log to w as text; by default it is discarded.
func WithLog(w io.Writer) Option {
	return func(o *options) { o.log = slog.New(slog.NewTextHandler(w, nil)) }
}

// Start starts a process on st with the clock at now. Close stops it (the
// store stays open).
func Start(ctx context.Context, st *store.Store, now time.Time, opts ...Option) (_ *Process, err error) {
	o := options{log: slog.New(slog.DiscardHandler)}
	for _, opt := range opts {
		opt(&o)
	}
	p := &Process{Store: st, Clock: clock.NewFake(now)}
	defer func() {
		if err != nil {
			p.Close()
		}
	}()
	p.FCM = fakefcm.New(append(o.fcm, fakefcm.WithClock(p.Clock))...)
	p.fcmSrv = httptest.NewServer(p.FCM)
	if p.sender, err = fcm.NewClient(ctx, fcm.Config{ProjectID: "demo", Endpoint: p.fcmSrv.URL + "/v1", Clock: p.Clock}); err != nil {
		return nil, fmt.Errorf("loopback.Start: %w", err)
	}
	if p.App, err = app.New(app.Deps{Store: st, ReadStore: o.reads, Clock: p.Clock, Sender: p.sender, Log: o.log}); err != nil {
		return nil, fmt.Errorf("loopback.Start: %w", err)
	}
	p.apiSrv = httptest.NewServer(p.App.Handler)
	p.URL = p.apiSrv.URL
	return p, nil
}

// Close stops the API server, the fake FCM and the FCM client.
func (p *Process) Close() {
	if p.apiSrv != nil {
		p.apiSrv.Close()
	}
	if p.sender != nil {
		p.sender.Close()
	}
	if p.fcmSrv != nil {
		p.fcmSrv.Close()
	}
}

// Bearer is a client option sending "Authorization: Bearer token" on every
// request, unary or streaming; an empty token sends nothing.
func Bearer(token string) connect.ClientOption {
	return connect.WithInterceptors(bearer(token))
}

type bearer string

func (b bearer) WrapUnary(next connect.UnaryFunc) connect.UnaryFunc {
	return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
		if b != "" {
			req.Header().Set("Authorization", "Bearer "+string(b))
		}
		return next(ctx, req)
	}
}

func (b bearer) WrapStreamingClient(next connect.StreamingClientFunc) connect.StreamingClientFunc {
	return func(ctx context.Context, spec connect.Spec) connect.StreamingClientConn {
		conn := next(ctx, spec)
		if b != "" {
			conn.RequestHeader().Set("Authorization", "Bearer "+string(b))
		}
		return conn
	}
}

func (b bearer) WrapStreamingHandler(next connect.StreamingHandlerFunc) connect.StreamingHandlerFunc {
	return next
}
