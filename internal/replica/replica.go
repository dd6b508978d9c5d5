// Package replica sends reads to a streaming replica (a PostgreSQL hot
// standby) when that cannot make them stale: a read goes to the standby
// only if the standby has replayed everything the primary had committed
// when the read began, and to the primary otherwise. So a read still sees
// every answer already acknowledged, whatever the standby's lag; a lagging
// standby moves load back to the primary instead of serving old numbers.
package replica

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/panelpulse/panelpulse/internal/store"
)

// Reads picks the store a read-only request reads from.
type Reads interface {
	// For returns the store to read from now; call it after any write
	// (such as a rollup sync) that the read must see.
	For(ctx context.Context) (*store.Store, error)
}

// Primary reads everything from one store: a process without a replica.
type Primary struct{ Store *store.Store }

// For returns the primary.
func (p Primary) For(context.Context) (*store.Store, error) { return p.Store, nil }

// Router reads from a standby that has caught up, else from the primary.
type Router struct {
	primary, standby *store.Store
	served, fellBack atomic.Int64
}

// New returns a Router over a primary and its standby.
func New(primary, standby *store.Store) (*Router, error) {
	if primary == nil || standby == nil {
		return nil, fmt.Errorf("replica.New: primary and standby are required")
	}
	return &Router{primary: primary, standby: standby}, nil
}

// For returns the standby when its replay position has reached the
// primary's current WAL insert position (which is past every commit
// already acknowledged, even one whose WAL is still in memory), else the
// primary. A standby that
// cannot be asked (down, not a standby) also sends the read to the
// primary: the standby is an optimisation, never a requirement.
func (r *Router) For(ctx context.Context) (*store.Store, error) {
	var lsn string
	if err := r.primary.Pool.QueryRow(ctx, `SELECT pg_current_wal_insert_lsn()::text`).Scan(&lsn); err != nil {
		return nil, fmt.Errorf("replica: primary position: %w", err)
	}
	var caughtUp bool
	err := r.standby.Pool.QueryRow(ctx,
		`SELECT coalesce(pg_last_wal_replay_lsn() >= $1::pg_lsn, false)`, lsn).Scan(&caughtUp)
	if err != nil || !caughtUp {
		r.fellBack.Add(1)
		return r.primary, nil
	}
	r.served.Add(1)
	return r.standby, nil
}

// Counts reports how many reads the standby served and how many fell back
// to the primary because the standby lagged or could not be asked.
func (r *Router) Counts() (standby, primary int64) { return r.served.Load(), r.fellBack.Load() }
