// Package store opens the PostgreSQL pool, applies migrations, runs work in
// transactions over the sqlc queries and turns driver errors into the
// sentinels the rest of the program understands.
//
// The store is the one place that knows the driver. Every query reached
// through Store.Q or InTx runs on a connection wrapped by the store, so the
// error it returns is already translated (Translate): a missing row is
// ErrNotFound, a unique key ErrConflict, a refused value ErrInvalid, a lost
// race (deadlock, serialization failure) ErrRetry, each wrapping the
// driver's error for the log. Domain code therefore tests errors with
// errors.Is against these sentinels and never translates or inspects a
// PostgreSQL code itself. Fault gives each sentinel's caller-facing kind
// and a sentence of the store's own, which both edges (Connect and the
// plain-HTTP exports) map like any other fault, so the driver's text is
// logged but never shown to a client.
// Batch writes that need PostgreSQL arrays in a particular layout (the
// group commit of answers) are built here too (answers.go).
package store

import (
	"context"
	"fmt"
	"io/fs"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"

	"github.com/panelpulse/panelpulse/db"
	"github.com/panelpulse/panelpulse/gen/dbsqlc"
)

// Store holds the pool and the generated queries bound to it.
type Store struct {
	// Pool is the raw pool, for migrations and bulk COPY; its errors are
	// not translated.
	Pool *pgxpool.Pool
	// Q runs the queries on the pool, returning translated errors.
	Q *dbsqlc.Queries
}

// Open connects to url and checks the connection.
func Open(ctx context.Context, url string, maxConns int32) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("store.Open: parse url: %w", err)
	}
	if maxConns > 0 {
		cfg.MaxConns = maxConns
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("store.Open: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("store.Open: ping: %w", err)
	}
	return New(pool), nil
}

// New wraps an existing pool.
func New(pool *pgxpool.Pool) *Store {
	return &Store{Pool: pool, Q: dbsqlc.New(translating{pool})}
}

// Close closes the pool.
func (s *Store) Close() { s.Pool.Close() }

// Migrate applies every pending migration.
func Migrate(ctx context.Context, pool *pgxpool.Pool) error {
	sub, err := fs.Sub(db.Migrations, "migrations")
	if err != nil {
		return fmt.Errorf("store.Migrate: %w", err)
	}
	sqlDB := stdlib.OpenDBFromPool(pool)
	defer sqlDB.Close()
	p, err := goose.NewProvider(goose.DialectPostgres, sqlDB, sub)
	if err != nil {
		return fmt.Errorf("store.Migrate: provider: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("store.Migrate: up: %w", err)
	}
	return nil
}

// OpenMigrated connects to url with Open and applies every pending
// migration: what a process does before it serves from a database.
func OpenMigrated(ctx context.Context, url string, maxConns int32) (*Store, error) {
	st, err := Open(ctx, url, maxConns)
	if err != nil {
		return nil, err
	}
	if err := Migrate(ctx, st.Pool); err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

// InTx runs fn in a transaction, committing when fn returns nil. The
// queries fn gets return translated errors, and so does InTx for the
// begin and the commit; fn's own errors come back as they are.
func (s *Store) InTx(ctx context.Context, fn func(q *dbsqlc.Queries) error) error {
	return Translate(pgx.BeginFunc(ctx, s.Pool, func(tx pgx.Tx) error {
		return fn(dbsqlc.New(translating{tx}))
	}))
}
