package pgcluster

import (
	"context"
	"fmt"
	"os"

	"github.com/jackc/pgx/v5"

	"github.com/panelpulse/panelpulse/internal/store"
)

// EnvOptions configures an Env.
type EnvOptions struct {
	// Dir is the cluster's folder; empty uses a temporary folder that Close
	// removes. A kept folder keeps its data from one run to the next.
	Dir string
	// Fast turns off fsync and synchronous commit (see Options.Fast).
	Fast bool
	// Database is the database the store opens; empty is "postgres". Any
	// other name is dropped if it exists and created empty, so every run
	// starts from the same state.
	Database string
	// MaxConns is the store's pool size; zero keeps pgx's default.
	MaxConns int32
}

// Env is a running private cluster with one migrated database opened as a
// store: what the demo server and every benchmark command start from.
type Env struct {
	Cluster *Cluster
	Store   *store.Store
	// URL is the connection URL of the store's database.
	URL string
	tmp string
}

// Open starts the cluster, creates the database when one is named, opens
// the store and migrates it. Close releases all of it.
func Open(ctx context.Context, opt EnvOptions) (_ *Env, err error) {
	e := &Env{}
	defer func() {
		if err != nil {
			_ = e.Close()
		}
	}()
	dir := opt.Dir
	if dir == "" {
		if e.tmp, err = os.MkdirTemp("", "panelpulse-pg-*"); err != nil {
			return nil, fmt.Errorf("pgcluster.Open: %w", err)
		}
		dir = e.tmp
	}
	if e.Cluster, err = Start(ctx, Options{Dir: dir, Fast: opt.Fast}); err != nil {
		return nil, err
	}
	name := opt.Database
	if name == "" {
		name = "postgres"
	} else if err := e.Cluster.RecreateDatabase(ctx, name); err != nil {
		return nil, err
	}
	e.URL = e.Cluster.URL(name)
	if e.Store, err = store.OpenMigrated(ctx, e.URL, opt.MaxConns); err != nil {
		return nil, err
	}
	return e, nil
}

// OpenDatabase creates another database on the cluster (dropping one of
// that name first) and returns it migrated as a store, which the caller
// closes.
func (e *Env) OpenDatabase(ctx context.Context, name string, maxConns int32) (*store.Store, error) {
	if err := e.Cluster.RecreateDatabase(ctx, name); err != nil {
		return nil, err
	}
	return store.OpenMigrated(ctx, e.Cluster.URL(name), maxConns)
}

// Close closes the store, stops the cluster and removes a temporary
// folder; it may be called on a partly opened Env. It returns the error of
// stopping the cluster.
func (e *Env) Close() error {
	if e.Store != nil {
		e.Store.Close()
	}
	var err error
	if e.Cluster != nil {
		err = e.Cluster.Stop()
	}
	if e.tmp != "" {
		_ = os.RemoveAll(e.tmp)
	}
	return err
}

// RecreateDatabase drops database name if it exists and creates it empty.
func (c *Cluster) RecreateDatabase(ctx context.Context, name string) error {
	conn, err := pgx.Connect(ctx, c.URL("postgres"))
	if err != nil {
		return fmt.Errorf("pgcluster.RecreateDatabase: %w", err)
	}
	defer conn.Close(ctx)
	ident := pgx.Identifier{name}.Sanitize()
	if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+ident+" WITH (FORCE)"); err != nil {
		return fmt.Errorf("pgcluster.RecreateDatabase: drop %s: %w", name, err)
	}
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+ident); err != nil {
		return fmt.Errorf("pgcluster.RecreateDatabase: %s: %w", name, err)
	}
	return nil
}
