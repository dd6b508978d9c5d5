// Package rollup is the write side of the observatory: it folds answers
// and assignments into the rollup cells (observatory_cell) that trend reads
// take their sums from. The worker folds every tenant at an interval; a
// read that must include answers already acknowledged asks it to be
// current first with Sync.
//
// Every change a fold must see is recorded by database triggers as a
// (question, day) key in observatory_dirty: new answers and assignments
// (migration 00011), deleted answers and assignments, answers detached from
// their panellist, a business's sector, size band or district and a
// panellist's role or business changing (migration 00007). A fold takes the
// tenant's keys with one DELETE ... RETURNING and recomputes those days'
// cells from the latest answers, so revisions (a new latest answer
// replacing an old one) and several respondents per business come out
// exact and each recorded change is taken once: there is no id watermark
// and no second pass. A key inserted by a transaction that commits after
// the DELETE is not visible to it, stays, and is taken by the next fold;
// that fold may find the change already seen (the reads of the first fold
// came after the commit) and then leaves the cells and their version
// as they are. Folds of one tenant are serialised by a row lock on its
// observatory_rollup row, so several processes may run the worker.
//
// The version of a tenant's cells (observatory_rollup.version, which the
// observatory keys computed series on) moves only when a fold changed
// cells, when a rebuild replaced them or when the population frame changed.
package rollup

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/clock"
	"github.com/panelpulse/panelpulse/internal/fault"
	"github.com/panelpulse/panelpulse/internal/store"
)

// Config tunes the worker; zero fields take the defaults.
type Config struct {
	// Every is the interval between folds of every tenant (30 s).
	Every time.Duration
	// SyncTimeout bounds how long Sync waits to be current (10 s).
	SyncTimeout time.Duration
}

// The defaults of Config.
const (
	DefaultEvery       = 30 * time.Second
	DefaultSyncTimeout = 10 * time.Second
)

// ErrNotCurrent is returned by Sync when the cells could not be brought
// current within the timeout (another fold holds the tenant's lock, or the
// database is slow).
var ErrNotCurrent = fault.New(fault.Exhausted, "the results are being updated; try again in a moment")

// Rollup folds answers into the rollup cells.
type Rollup struct {
	st          *store.Store
	clock       clock.Clock
	log         *slog.Logger
	every       time.Duration
	syncTimeout time.Duration
	// exact replaces a day's cells at every change, without the release
	// steps (see recompute): for tests that check folds against the raw
	// answers, never for serving.
	exact bool
	// keysFolded counts the (question, day) keys recomputed.
	keysFolded atomic.Int64
}

// New returns a Rollup.
func New(st *store.Store, clk clock.Clock, log *slog.Logger, cfg Config) (*Rollup, error) {
	if st == nil || clk == nil || log == nil {
		return nil, errors.New("rollup.New: store, clock and logger are required")
	}
	r := &Rollup{st: st, clock: clk, log: log, every: cfg.Every, syncTimeout: cfg.SyncTimeout}
	if r.every <= 0 {
		r.every = DefaultEvery
	}
	if r.syncTimeout <= 0 {
		r.syncTimeout = DefaultSyncTimeout
	}
	return r, nil
}

// ExactFolds makes every fold replace the cells at once, without the
// disclosure release steps; tests that check folds against the raw answers
// use it. Never call it on a serving process.
func (r *Rollup) ExactFolds() { r.exact = true }

// Run folds every tenant at the configured interval of the clock until ctx
// ends.
func (r *Rollup) Run(ctx context.Context) error {
	return clock.Every(ctx, r.clock, r.every, r.Tick, func(err error) {
		r.log.Error("rollup fold failed", "err", err)
	})
}

// Tick folds every tenant once. This is the one place that lists all
// tenants: the worker serves them all.
func (r *Rollup) Tick(ctx context.Context) error {
	ts, err := r.st.Q.TenantList(ctx)
	if err != nil {
		return fmt.Errorf("rollup.Tick: %w", err)
	}
	var errs []error
	for _, t := range ts {
		if _, err := r.fold(ctx, t.ID); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Sync folds every change of the tenant committed before the call and
// returns the version of the cells that include them. It waits at most the
// configured timeout and returns ErrNotCurrent after it. The reads that
// must include answers already acknowledged call it: a panellist's sector
// results right after the answer, a roundtable's live results and an
// analyst's read of a period that includes today.
func (r *Rollup) Sync(ctx context.Context, tenantID int64) (int64, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	timer := r.clock.NewTimer(r.syncTimeout)
	defer timer.Stop()
	go func() {
		select {
		case <-timer.Chan():
			cancel(ErrNotCurrent)
		case <-ctx.Done():
		}
	}()
	v, err := r.fold(ctx, tenantID)
	if err != nil {
		if errors.Is(context.Cause(ctx), ErrNotCurrent) {
			return 0, fmt.Errorf("rollup.Sync %d: %w", tenantID, ErrNotCurrent)
		}
		return 0, fmt.Errorf("rollup.Sync: %w", err)
	}
	return v, nil
}

// Version returns the version of the tenant's cells without folding.
func (r *Rollup) Version(ctx context.Context, tenantID int64) (int64, error) {
	v, err := r.st.Q.ObservatoryRollupVersion(ctx, tenantID)
	if err != nil {
		return 0, fmt.Errorf("rollup.Version: %w", err)
	}
	return v, nil
}

// fold takes the tenant's recorded keys, recomputes their days and returns
// the version of the cells after it: in the common case, nothing to fold,
// one query answers both.
func (r *Rollup) fold(ctx context.Context, tenantID int64) (int64, error) {
	s, err := r.st.Q.ObservatoryRollupState(ctx, tenantID)
	if err != nil {
		return 0, fmt.Errorf("rollup.fold: %w", err)
	}
	if !s.Pending {
		return s.Version, nil
	}
	if err := r.st.Q.ObservatoryRollupEnsure(ctx, tenantID); err != nil {
		return 0, fmt.Errorf("rollup.fold: %w", err)
	}
	var version int64
	err = r.st.InTx(ctx, func(q *dbsqlc.Queries) error {
		lock, err := q.ObservatoryRollupLock(ctx, tenantID)
		if err != nil {
			return err
		}
		version = lock.Version
		// Taken under the lock, before the recompute reads the answers. A
		// key inserted by a transaction that commits after this DELETE ...
		// RETURNING is not visible to it, stays, and is taken next time.
		dirty, err := q.ObservatoryDirtyTake(ctx, tenantID)
		if err != nil || len(dirty) == 0 {
			return err
		}
		changed, err := r.recompute(ctx, q, tenantID, uniqueKeys(dirty), false)
		if err != nil {
			return err
		}
		if changed {
			version++
		}
		return q.ObservatoryRollupMark(ctx, dbsqlc.ObservatoryRollupMarkParams{TenantID: tenantID, RefreshedAt: new(r.clock.Now()), Changed: changed})
	})
	if err != nil {
		return 0, fmt.Errorf("rollup.fold %d: %w", tenantID, err)
	}
	return version, nil
}

// Rebuild recomputes every cell of a tenant from the answers, and clears
// the tenant's recorded keys, which the rebuild covers.
func (r *Rollup) Rebuild(ctx context.Context, tenantID int64) error {
	if err := r.st.Q.ObservatoryRollupEnsure(ctx, tenantID); err != nil {
		return fmt.Errorf("rollup.Rebuild: %w", err)
	}
	err := r.st.InTx(ctx, func(q *dbsqlc.Queries) error {
		if _, err := q.ObservatoryRollupLock(ctx, tenantID); err != nil {
			return err
		}
		if err := q.ObservatoryCellDeleteAll(ctx, tenantID); err != nil {
			return err
		}
		if err := q.ObservatoryDirtyDeleteAll(ctx, tenantID); err != nil {
			return err
		}
		all, err := q.ObservatoryAllKeys(ctx, tenantID)
		if err != nil {
			return err
		}
		keys := make([]key, len(all))
		for i, k := range all {
			keys[i] = key(k)
		}
		if _, err := r.recompute(ctx, q, tenantID, keys, true); err != nil {
			return err
		}
		return q.ObservatoryRollupMark(ctx, dbsqlc.ObservatoryRollupMarkParams{TenantID: tenantID, RefreshedAt: new(r.clock.Now()), Changed: true})
	})
	if err != nil {
		return fmt.Errorf("rollup.Rebuild %d: %w", tenantID, err)
	}
	return nil
}
