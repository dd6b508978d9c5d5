package rollup

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/panelpulse/panelpulse/internal/answer"
	"github.com/panelpulse/panelpulse/internal/bank"
	"github.com/panelpulse/panelpulse/internal/clock"
	"github.com/panelpulse/panelpulse/internal/observatory/synth"
	"github.com/panelpulse/panelpulse/internal/pgtest"
	"github.com/panelpulse/panelpulse/internal/store"
	"github.com/panelpulse/panelpulse/internal/tenant"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// fixture is a tenant with a small synthetic panel, one question over
// three days, and a Rollup on a fake clock.
type fixture struct {
	ctx   context.Context
	st    *store.Store
	clock *clock.Fake
	roll  *Rollup
	panel synth.Panel
}

func newFixture(t *testing.T, cfg Config) *fixture {
	t.Helper()
	ctx := context.Background()
	st := store.New(pgtest.NewDB(t))
	tn, err := tenant.Create(ctx, st, tenant.Settings{Slug: "rollup", Name: "Rollup", SuppressionThreshold: 3})
	if err != nil {
		t.Fatal(err)
	}
	p, err := synth.Load(ctx, st, tn.ID, synth.Config{Seed: 3, Businesses: 12, MaxPeople: 2, Days: 3, AnswerRate: 1,
		Start:     time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC),
		Sectors:   []string{"Manufacturing", "Logistics"},
		Districts: []string{"Leicester", "Rutland"},
		Roles:     []string{"Owner", ""},
		Questions: []bank.Input{{Key: "confidence", Theme: "skills", Title: "Confidence", Wording: "How confident?",
			Spec: answer.Spec{Type: answer.TypeScale, ScaleMin: 1, ScaleMax: 10, MinLabel: "Low", MaxLabel: "High"}}}})
	if err != nil {
		t.Fatal(err)
	}
	clk := clock.NewFake(time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC))
	r, err := New(st, clk, slog.New(slog.DiscardHandler), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{ctx: ctx, st: st, clock: clk, roll: r, panel: p}
}

// sync syncs the tenant and checks the version and the keys folded so far.
func (f *fixture) sync(t *testing.T, what string, wantVersion, wantKeys int64) {
	t.Helper()
	v, err := f.roll.Sync(f.ctx, f.panel.TenantID)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if v != wantVersion || f.roll.keysFolded.Load() != wantKeys {
		t.Fatalf("%s: version %d after %d keys folded, want version %d after %d", what, v, f.roll.keysFolded.Load(), wantVersion, wantKeys)
	}
}

// TestEachChangeFoldedOnce: every recorded (question, day) is folded once,
// later syncs and ticks fold nothing, a revision refolds its one day, and
// the version moves only when cells change.
func TestEachChangeFoldedOnce(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Config{})
	f.sync(t, "first sync", 1, 3) // one question on three days
	f.sync(t, "second sync", 1, 3)
	if err := f.roll.Tick(f.ctx); err != nil {
		t.Fatal(err)
	}
	f.sync(t, "after a tick", 1, 3)
	// A revision of every answer of the first day: one key, new cells.
	if _, err := f.st.Pool.Exec(f.ctx, `
		WITH old AS (
			UPDATE answer SET is_latest = false
			WHERE tenant_id = $1 AND is_latest AND day = '2026-11-16'
			RETURNING *)
		INSERT INTO answer (tenant_id, assignment_id, panellist_id, business_id, question_id, day, question_version,
			revision, idempotency_key, value, num_value, codes, answered_at, received_at, is_latest)
		SELECT tenant_id, assignment_id, panellist_id, business_id, question_id, day, question_version,
			revision + 1, 'again', '{"scale":10}', 10, codes, answered_at, received_at, true
		FROM old`, f.panel.TenantID); err != nil {
		t.Fatal(err)
	}
	f.sync(t, "after the revision", 2, 4)
	f.sync(t, "again after the revision", 2, 4)
	// Every key recorded again with nothing changed: folded, same cells,
	// same version (series computed under it stay valid).
	if err := f.st.Q.ObservatoryDirtyRecordAll(f.ctx, f.panel.TenantID); err != nil {
		t.Fatal(err)
	}
	f.sync(t, "after recording unchanged keys", 2, 7)
}

// TestSyncTimesOut: while another fold holds the tenant's lock, Sync gives
// up after its timeout with ErrNotCurrent, and succeeds once the lock is
// free.
func TestSyncTimesOut(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Config{SyncTimeout: 5 * time.Second})
	tid := f.panel.TenantID
	if err := f.st.Q.ObservatoryRollupEnsure(f.ctx, tid); err != nil {
		t.Fatal(err)
	}
	tx, err := f.st.Pool.Begin(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(f.ctx)) }()
	if _, err := f.st.Q.WithTx(tx).ObservatoryRollupLock(f.ctx, tid); err != nil {
		t.Fatal(err)
	}
	errc := make(chan error, 1)
	go func() {
		_, err := f.roll.Sync(f.ctx, tid)
		errc <- err
	}()
	if err := f.clock.BlockUntilWaiters(f.ctx, 1); err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(5 * time.Second)
	if err := <-errc; !errors.Is(err, ErrNotCurrent) {
		t.Fatalf("Sync while the lock is held: got %v, want ErrNotCurrent", err)
	}
	if err := tx.Rollback(f.ctx); err != nil {
		t.Fatal(err)
	}
	f.sync(t, "once the lock is free", 1, 3)
}
