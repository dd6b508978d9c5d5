// Package apptest starts one PanelPulse process for tests: its own
// PostgreSQL database from internal/pgtest, and on it the in-process server
// of internal/loopback (the fake FCM server behind the real Firebase SDK, a
// fake clock, and the API served over HTTP). Packages using it call
// pgtest.Main from TestMain.
package apptest

import (
	"context"
	"testing"
	"time"

	"connectrpc.com/connect"

	"github.com/panelpulse/panelpulse/internal/loopback"
	"github.com/panelpulse/panelpulse/internal/pgtest"
	"github.com/panelpulse/panelpulse/internal/store"
)

// Process is a running test process.
type Process = loopback.Process

// Start starts a process on its own database with the clock at now;
// everything stops when the test ends.
func Start(tb testing.TB, now time.Time, opts ...loopback.Option) *Process {
	tb.Helper()
	p, err := loopback.Start(context.Background(), store.New(pgtest.NewDB(tb)), now, opts...)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(p.Close)
	return p
}

// Bearer is a client option sending "Authorization: Bearer token" on every
// request, unary or streaming; an empty token sends nothing.
func Bearer(token string) connect.ClientOption { return loopback.Bearer(token) }
