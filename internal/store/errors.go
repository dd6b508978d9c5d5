package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/fault"
)

// Sentinel errors of the store; every query error reached through the
// store wraps at most one of them.
var (
	// ErrNotFound means the row does not exist for this tenant.
	ErrNotFound = errors.New("not found")
	// ErrConflict means a unique key already holds the value.
	ErrConflict = errors.New("conflict")
	// ErrInvalid means the database refused a value (a check constraint, a
	// missing value, a malformed number or date).
	ErrInvalid = errors.New("invalid value")
	// ErrRetry means the transaction lost a race with another one (it was
	// chosen as a deadlock victim or failed to serialize): nothing was
	// written, and running it again may succeed.
	ErrRetry = errors.New("transaction lost a race; retry")
)

var sentinels = []error{ErrNotFound, ErrConflict, ErrInvalid, ErrRetry}

// faults are the caller-facing forms of the sentinels: a kind and a
// sentence of the store's own, so the driver's text is never shown.
var faults = map[error]*fault.Error{
	ErrNotFound: {Kind: fault.NotFound, Message: "not found"},
	ErrConflict: {Kind: fault.Conflict, Message: "it already exists"},
	ErrInvalid:  {Kind: fault.Invalid, Message: "a value breaks a rule of the stored data (out of range, missing or malformed)"},
	ErrRetry:    {Kind: fault.Aborted, Message: "a concurrent change got in the way; try again"},
}

// Fault returns the caller-facing error of the sentinel err wraps, for the
// edges (Connect and plain HTTP) to map like any other fault; ok is false
// when err wraps none.
func Fault(err error) (*fault.Error, bool) {
	for _, s := range sentinels {
		if errors.Is(err, s) {
			return faults[s], true
		}
	}
	return nil, false
}

// PostgreSQL error codes the sentinels stand for.
var sentinelOfCode = map[string]error{
	"23505": ErrConflict, // unique_violation
	"23514": ErrInvalid,  // check_violation
	"23502": ErrInvalid,  // not_null_violation
	"22P02": ErrInvalid,  // invalid_text_representation
	"22007": ErrInvalid,  // invalid_datetime_format
	"22008": ErrInvalid,  // datetime_field_overflow
	"40P01": ErrRetry,    // deadlock_detected
	"40001": ErrRetry,    // serialization_failure
}

// Translate maps a driver error to its sentinel, keeping the cause. Errors
// from Store.Q and InTx are translated already; Translate is for the raw
// Pool and leaves an already translated error as it is.
func Translate(err error) error {
	if err == nil {
		return nil
	}
	for _, s := range sentinels {
		if errors.Is(err, s) {
			return err
		}
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("%w: %w", ErrNotFound, err)
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		if s, ok := sentinelOfCode[pgErr.Code]; ok {
			return fmt.Errorf("%w: %w", s, err)
		}
	}
	return err
}

// translating is a connection (pool or transaction) whose errors come
// back translated; the generated queries run on it.
type translating struct{ db dbsqlc.DBTX }

var _ dbsqlc.DBTX = translating{}

func (t translating) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	tag, err := t.db.Exec(ctx, sql, args...)
	return tag, Translate(err)
}

func (t translating) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	rows, err := t.db.Query(ctx, sql, args...)
	if err != nil {
		return rows, Translate(err)
	}
	return translatedRows{rows}, nil
}

func (t translating) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	return translatedRow{t.db.QueryRow(ctx, sql, args...)}
}

func (t translating) CopyFrom(ctx context.Context, table pgx.Identifier, columns []string, src pgx.CopyFromSource) (int64, error) {
	n, err := t.db.CopyFrom(ctx, table, columns, src)
	return n, Translate(err)
}

type translatedRows struct{ pgx.Rows }

func (r translatedRows) Err() error { return Translate(r.Rows.Err()) }

func (r translatedRows) Scan(dest ...any) error { return Translate(r.Rows.Scan(dest...)) }

type translatedRow struct{ pgx.Row }

func (r translatedRow) Scan(dest ...any) error { return Translate(r.Row.Scan(dest...)) }
