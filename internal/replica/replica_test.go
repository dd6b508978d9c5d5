package replica_test

import (
	"context"
	"testing"
	"time"

	"github.com/panelpulse/panelpulse/internal/pgtest"
	"github.com/panelpulse/panelpulse/internal/replica"
	"github.com/panelpulse/panelpulse/internal/store"
)

// untilStandby asks the router until it picks the standby: replay
// catching up is a condition to wait for, bounded by the test's deadline.
func untilStandby(t *testing.T, r *replica.Router, standby *store.Store) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for {
		got, err := r.For(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got == standby {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatal("the standby never caught up with the primary")
		case <-time.After(20 * time.Millisecond):
		}
	}
}

func rows(t *testing.T, st *store.Store) int {
	t.Helper()
	var n int
	if err := st.Pool.QueryRow(context.Background(), `SELECT count(*) FROM t`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestReadsGoToTheStandbyOnlyWhenItHasEveryWrite: a caught-up standby
// serves reads; while its replay is paused a write on the primary sends
// reads back to the primary (the standby still holds the old state, which
// no read is given); once replay resumes the standby serves again, with
// the write.
func TestReadsGoToTheStandbyOnlyWhenItHasEveryWrite(t *testing.T) {
	ctx := context.Background()
	pr := pgtest.NewPair(t)
	primary, standby := pr.Primary, pr.Standby
	if _, err := primary.Pool.Exec(ctx, `CREATE TABLE t (id int PRIMARY KEY)`); err != nil {
		t.Fatal(err)
	}
	r, err := replica.New(primary, standby)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := primary.Pool.Exec(ctx, `INSERT INTO t VALUES (1)`); err != nil {
		t.Fatal(err)
	}
	untilStandby(t, r, standby)
	if n := rows(t, standby); n != 1 {
		t.Fatalf("caught-up standby has %d rows, want 1", n)
	}
	if _, err := standby.Pool.Exec(ctx, `INSERT INTO t VALUES (9)`); err == nil {
		t.Fatal("the standby accepted a write")
	}

	if _, err := standby.Pool.Exec(ctx, `SELECT pg_wal_replay_pause()`); err != nil {
		t.Fatal(err)
	}
	if _, err := primary.Pool.Exec(ctx, `INSERT INTO t VALUES (2)`); err != nil {
		t.Fatal(err)
	}
	_, before := r.Counts()
	for range 3 {
		got, err := r.For(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got != primary {
			t.Fatal("a read went to a standby that lacks the latest write")
		}
		if n := rows(t, got); n != 2 {
			t.Fatalf("read sees %d rows, want 2", n)
		}
	}
	if _, after := r.Counts(); after-before != 3 {
		t.Fatalf("fallbacks counted %d, want 3", after-before)
	}
	if n := rows(t, standby); n != 1 {
		t.Fatalf("paused standby has %d rows, want the old 1", n)
	}

	if _, err := standby.Pool.Exec(ctx, `SELECT pg_wal_replay_resume()`); err != nil {
		t.Fatal(err)
	}
	untilStandby(t, r, standby)
	if n := rows(t, standby); n != 2 {
		t.Fatalf("resumed standby has %d rows, want 2", n)
	}
}

// TestADownStandbyIsNotNeeded: with the standby stopped, reads go to the
// primary and do not fail.
func TestADownStandbyIsNotNeeded(t *testing.T) {
	pr := pgtest.NewPair(t)
	r, err := replica.New(pr.Primary, pr.Standby)
	if err != nil {
		t.Fatal(err)
	}
	if err := pr.StopStandby(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	got, err := r.For(ctx)
	if err != nil || got != pr.Primary {
		t.Fatalf("with the standby down: %v, %v; want the primary", got == pr.Primary, err)
	}
}
