package pgtest

import (
	"context"
	"os"
	"testing"

	"github.com/panelpulse/panelpulse/internal/pgcluster"
	"github.com/panelpulse/panelpulse/internal/store"
)

// Pair is a primary and a hot standby of it, both started for one test
// from the installed binaries: the standby is a pg_basebackup of the
// primary that streams and replays its WAL.
type Pair struct {
	// Primary and Standby are stores on database "postgres" of each; the
	// primary is migrated (the standby replays the migration).
	Primary, Standby *store.Store
	// StopStandby shuts the standby down (the test's end stops both).
	StopStandby func() error
}

// NewPair starts a Pair; the test's end stops both servers.
func NewPair(tb testing.TB) Pair {
	tb.Helper()
	ctx := context.Background()
	p, err := pgcluster.Start(ctx, pgcluster.Options{Dir: serverDir(tb), Fast: true})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = p.Stop() })
	primary, err := store.OpenMigrated(ctx, p.URL("postgres"), 8)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(primary.Close)
	s, err := pgcluster.StartStandby(ctx, p, pgcluster.Options{Dir: serverDir(tb), Fast: true})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = s.Stop() })
	standby, err := store.Open(ctx, s.URL("postgres"), 8)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(standby.Close)
	return Pair{Primary: primary, Standby: standby, StopStandby: s.Stop}
}

// serverDir is a folder the postgres user may enter (a test's TempDir is
// not when the tests run as root), removed after the servers stop.
func serverDir(tb testing.TB) string {
	tb.Helper()
	d, err := os.MkdirTemp("", "pgtest-pair-*")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = os.RemoveAll(d) })
	return d
}
