// Package apptest starts one PanelPulse process for tests: its own
// PostgreSQL database from internal/pgtest, the fake FCM server behind the
// real Firebase SDK, a fake clock, and the API served over HTTP. Packages
// using it call pgtest.Main from TestMain.
package apptest

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"
	"time"

	"connectrpc.com/connect"

	"github.com/panelpulse/panelpulse/internal/app"
	"github.com/panelpulse/panelpulse/internal/clock"
	"github.com/panelpulse/panelpulse/internal/fakefcm"
	"github.com/panelpulse/panelpulse/internal/fcm"
	"github.com/panelpulse/panelpulse/internal/pgtest"
	"github.com/panelpulse/panelpulse/internal/store"
)

// Process is a running test process.
type Process struct {
	Store *store.Store
	Clock *clock.Fake
	FCM   *fakefcm.Server
	App   *app.App
	// URL is the API's base URL.
	URL string
}

// Start starts a process with the clock at now; everything stops when the
// test ends.
func Start(tb testing.TB, now time.Time) *Process {
	tb.Helper()
	ctx := context.Background()
	st := store.New(pgtest.NewDB(tb))
	clk := clock.NewFake(now)
	fake := fakefcm.New(fakefcm.WithClock(clk))
	fakeSrv := httptest.NewServer(fake)
	tb.Cleanup(fakeSrv.Close)
	sender, err := fcm.NewClient(ctx, fcm.Config{ProjectID: "demo", Endpoint: fakeSrv.URL + "/v1", Clock: clk})
	if err != nil {
		tb.Fatal(err)
	}
	a, err := app.New(app.Deps{Store: st, Clock: clk, Sender: sender, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		tb.Fatal(err)
	}
	srv := httptest.NewServer(a.Handler)
	tb.Cleanup(srv.Close)
	return &Process{Store: st, Clock: clk, FCM: fake, App: a, URL: srv.URL}
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
