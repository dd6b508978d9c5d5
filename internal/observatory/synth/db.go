package synth

import (
	"context"
	"fmt"
	"os"

	"github.com/jackc/pgx/v5"

	"github.com/panelpulse/panelpulse/internal/pgtest"
	"github.com/panelpulse/panelpulse/internal/store"
)

// DB is a private, durable PostgreSQL (fsync on) with a migrated database,
// for the observatory benchmarks.
type DB struct {
	Store   *store.Store
	URL     string
	cluster *pgtest.Cluster
	dir     string
	tmp     bool
}

// StartDB starts a cluster in dir (a temporary folder when empty).
func StartDB(ctx context.Context, dir string) (*DB, error) {
	d := &DB{dir: dir}
	if dir == "" {
		tmp, err := os.MkdirTemp("", "ppbench-*")
		if err != nil {
			return nil, fmt.Errorf("synth.StartDB: %w", err)
		}
		d.dir, d.tmp = tmp, true
		if err := os.Chmod(tmp, 0o755); err != nil {
			return nil, fmt.Errorf("synth.StartDB: %w", err)
		}
	}
	c, err := pgtest.Start(ctx, pgtest.Options{Dir: d.dir})
	if err != nil {
		return nil, err
	}
	d.cluster = c
	conn, err := pgx.Connect(ctx, c.URL("postgres"))
	if err != nil {
		d.Close()
		return nil, fmt.Errorf("synth.StartDB: %w", err)
	}
	_, _ = conn.Exec(ctx, "DROP DATABASE IF EXISTS bench")
	_, err = conn.Exec(ctx, "CREATE DATABASE bench")
	conn.Close(ctx)
	if err != nil {
		d.Close()
		return nil, fmt.Errorf("synth.StartDB: %w", err)
	}
	d.URL = c.URL("bench")
	st, err := store.Open(ctx, d.URL, 8)
	if err != nil {
		d.Close()
		return nil, err
	}
	d.Store = st
	if err := store.Migrate(ctx, st.Pool); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

// Close stops the cluster and removes a temporary folder.
func (d *DB) Close() {
	if d.Store != nil {
		d.Store.Close()
	}
	if d.cluster != nil {
		_ = d.cluster.Stop()
	}
	if d.tmp {
		_ = os.RemoveAll(d.dir)
	}
}
