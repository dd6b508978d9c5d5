// Package store opens the PostgreSQL pool, applies migrations, runs work in
// transactions over the sqlc queries and turns driver errors into the
// sentinels the rest of the program understands.
package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"

	"github.com/panelpulse/panelpulse/db"
	"github.com/panelpulse/panelpulse/gen/dbsqlc"
)

// Sentinel errors returned by Translate.
var (
	// ErrNotFound means the row does not exist for this tenant.
	ErrNotFound = errors.New("not found")
	// ErrConflict means a unique key already holds the value.
	ErrConflict = errors.New("conflict")
	// ErrInvalid means the database refused a value (a check constraint).
	ErrInvalid = errors.New("invalid value")
)

// Store holds the pool and the generated queries bound to it.
type Store struct {
	Pool *pgxpool.Pool
	Q    *dbsqlc.Queries
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
	return &Store{Pool: pool, Q: dbsqlc.New(pool)}
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

// InTx runs fn in a transaction, committing when fn returns nil.
func (s *Store) InTx(ctx context.Context, fn func(q *dbsqlc.Queries) error) error {
	return pgx.BeginFunc(ctx, s.Pool, func(tx pgx.Tx) error {
		return fn(s.Q.WithTx(tx))
	})
}

// Translate maps driver errors to the sentinels, keeping the cause.
func Translate(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("%w: %w", ErrNotFound, err)
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code {
		case "23505":
			return fmt.Errorf("%w: %w", ErrConflict, err)
		case "23514", "23502", "22P02", "22007", "22008":
			return fmt.Errorf("%w: %w", ErrInvalid, err)
		}
	}
	return err
}
