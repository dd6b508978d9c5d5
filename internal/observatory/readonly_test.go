package observatory_test

import (
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/panelpulse/panelpulse/internal/bank"
	"github.com/panelpulse/panelpulse/internal/observatory"
	"github.com/panelpulse/panelpulse/internal/observatory/synth"
	"github.com/panelpulse/panelpulse/internal/pgtest"
	"github.com/panelpulse/panelpulse/internal/store"
)

// TestTrendReadsOnlyRead: a Service on connections that refuse writes
// (default_transaction_read_only, as on a replica) serves every read; a
// read of a closed wave leaves the recorded changes to the rollup worker,
// and a read of all days (which includes today) has the rollup side, on
// its own connections, fold them first.
func TestTrendReadsOnlyRead(t *testing.T) {
	t.Parallel()
	pool := pgtest.NewDB(t)
	st := store.New(pool)
	f := newFixture(t, st, "read-only", 3, synth.Config{Seed: 5, Businesses: 30, MaxPeople: 2, Days: 6, WaveDays: 2,
		AnswerRate: 0.9, Start: time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC)})
	cfg, err := pgxpool.ParseConfig(pgtest.URLFor(pool))
	if err != nil {
		t.Fatal(err)
	}
	cfg.ConnConfig.RuntimeParams["default_transaction_read_only"] = "on"
	roPool, err := pgxpool.NewWithConfig(f.ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(roPool.Close)
	ro := store.New(roPool)
	if err := ro.Q.ObservatoryRollupBump(f.ctx, f.panel.TenantID); err == nil {
		t.Fatal("a write on the read-only connections succeeded; the test proves nothing")
	}
	b, err := bank.New(ro)
	if err != nil {
		t.Fatal(err)
	}
	obs, err := observatory.New(ro, b, testClock, f.roll)
	if err != nil {
		t.Fatal(err)
	}
	q := f.panel.Questions[0]
	closed := observatory.Request{QuestionKey: q.Key, Period: observatory.Day, Dimension: observatory.Sector, WaveID: f.panel.WaveIDs[0]}
	tr, err := obs.Trend(f.ctx, f.panel.TenantID, closed)
	if err != nil {
		t.Fatalf("closed wave on read-only connections: %v", err)
	}
	if len(tr.Cells) != 0 || dirtyRows(t, f) == 0 {
		t.Fatalf("closed wave read: %d cells and %d dirty rows, want no fold (0 cells, the changes left recorded)", len(tr.Cells), dirtyRows(t, f))
	}
	for _, d := range observatory.Dimensions {
		for _, weighted := range []bool{false, true} {
			if _, err := obs.Trend(f.ctx, f.panel.TenantID, observatory.Request{QuestionKey: q.Key, Period: observatory.Week, Dimension: d, Weighted: weighted}); err != nil {
				t.Fatalf("%s (weighted %v) on read-only connections: %v", d, weighted, err)
			}
		}
	}
	if n := dirtyRows(t, f); n != 0 {
		t.Fatalf("%d dirty rows after a read of all days, want none (it syncs)", n)
	}
	tr, err = obs.Trend(f.ctx, f.panel.TenantID, closed)
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Cells) == 0 {
		t.Fatal("closed wave read after the sync shows no cells")
	}
}
