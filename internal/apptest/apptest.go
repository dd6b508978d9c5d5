// Package apptest starts one PanelPulse process for tests: its own
// PostgreSQL database from internal/pgtest, and on it the in-process server
// of internal/loopback (the fake FCM server behind the real Firebase SDK, a
// fake clock, and the API served over HTTP). Packages using it call
// pgtest.Main from TestMain.
package apptest

import (
	"context"
	"net/http"
	"testing"
	"time"

	"connectrpc.com/connect"

	"github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1/panelpulsev1connect"
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

// StartOn starts a process on st (a database the test made itself, such
// as the primary of a pgtest.Pair) with the clock at now; the process
// stops when the test ends, the store stays the caller's.
func StartOn(tb testing.TB, st *store.Store, now time.Time, opts ...loopback.Option) *Process {
	tb.Helper()
	p, err := loopback.Start(context.Background(), st, now, opts...)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(p.Close)
	return p
}

// Bearer is a client option sending "Authorization: Bearer token" on every
// request, unary or streaming; an empty token sends nothing.
func Bearer(token string) connect.ClientOption { return loopback.Bearer(token) }

// Clients holds a client of every service of one process, all sending the
// same key.
type Clients struct {
	Admin       panelpulsev1connect.AdminServiceClient
	Observatory panelpulsev1connect.ObservatoryServiceClient
	Panellist   panelpulsev1connect.PanellistServiceClient
	Roundtable  panelpulsev1connect.RoundtableServiceClient
	Staff       panelpulsev1connect.StaffServiceClient
	Audit       panelpulsev1connect.AuditServiceClient
	StaffKey    panelpulsev1connect.StaffKeyServiceClient
	DataRequest panelpulsev1connect.DataRequestServiceClient
}

// As returns clients of p sending key as a bearer token; an empty key sends
// none, as an anonymous caller would.
func As(p *Process, key string) Clients {
	c, url, bearer := http.DefaultClient, p.URL, Bearer(key)
	return Clients{
		Admin:       panelpulsev1connect.NewAdminServiceClient(c, url, bearer),
		Observatory: panelpulsev1connect.NewObservatoryServiceClient(c, url, bearer),
		Panellist:   panelpulsev1connect.NewPanellistServiceClient(c, url, bearer),
		Roundtable:  panelpulsev1connect.NewRoundtableServiceClient(c, url, bearer),
		Staff:       panelpulsev1connect.NewStaffServiceClient(c, url, bearer),
		Audit:       panelpulsev1connect.NewAuditServiceClient(c, url, bearer),
		StaffKey:    panelpulsev1connect.NewStaffKeyServiceClient(c, url, bearer),
		DataRequest: panelpulsev1connect.NewDataRequestServiceClient(c, url, bearer),
	}
}
