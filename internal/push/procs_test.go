package push_test

import (
	"context"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/panelpulse/panelpulse/internal/fakefcm"
	"github.com/panelpulse/panelpulse/internal/pgtest"
	"github.com/panelpulse/panelpulse/internal/push/pushtest"
	"github.com/panelpulse/panelpulse/internal/store"
)

// These tests run dispatchers as separate processes (cmd/pushbench
// dispatch) on one database; make bench-push repeats them with 10,000
// pushes.
const procPushes = 2000

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// pushbench builds cmd/pushbench once per test binary.
func pushbench(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := filepath.Abs(filepath.Join("..", ".."))
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(binDir, "pushbench")
		cmd := exec.Command("go", "build", "-o", binPath, "./cmd/pushbench")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = err
			t.Logf("go build: %s", out)
		}
	})
	if buildErr != nil {
		t.Fatalf("building cmd/pushbench: %v", buildErr)
	}
	return binPath
}

// procEnv seeds n due pushes and starts a fake FCM for child processes.
func procEnv(t *testing.T, n int) (pushtest.Procs, *store.Store, *fakefcm.Server) {
	t.Helper()
	bin := pushbench(t)
	pool := pgtest.NewDB(t)
	if _, err := pushtest.Seed(context.Background(), pool, pushtest.Options{Panellists: n, Now: time.Now()}); err != nil {
		t.Fatal(err)
	}
	fake := fakefcm.New(fakefcm.WithoutRecording())
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	return pushtest.Procs{Bin: bin, DatabaseURL: pgtest.URLFor(pool), FCMEndpoint: srv.URL + "/v1"}, store.New(pool), fake
}

// TestKillDispatcher SIGKILLs a dispatcher process at random moments of a
// run and restarts it: every push reaches FCM at least once and fewer
// than 1% twice. A kill re-sends at most the pushes claimed and not yet
// recorded (Batch x Workers = 3), so 6 kills duplicate at most 18 of 2,000.
func TestKillDispatcher(t *testing.T) {
	t.Parallel()
	p, st, fake := procEnv(t, procPushes)
	p.Batch, p.Workers, p.Lease = 3, 1, time.Second
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	d, err := pushtest.KillRun(ctx, p, st, fake, procPushes, 6)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d pushes, %d kills mid-send: %d missing, %d duplicates", procPushes, d.Kills, d.Missing, d.Duplicates)
	if d.Missing != 0 || d.Duplicates*100 >= procPushes {
		t.Fatalf("%d pushes never reached FCM and %d were duplicated; want none and under 1%%", d.Missing, d.Duplicates)
	}
}

// TestThreeReplicas runs three dispatcher processes on one database at
// once: every push is delivered exactly once.
func TestThreeReplicas(t *testing.T) {
	t.Parallel()
	p, st, fake := procEnv(t, procPushes)
	p.Batch, p.Workers, p.Lease = 50, 2, time.Minute
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	d, err := pushtest.ReplicaRun(ctx, p, st, fake, procPushes, 3)
	if err != nil {
		t.Fatal(err)
	}
	if d.Missing != 0 || d.Duplicates != 0 {
		t.Fatalf("%d pushes missing, %d duplicated; want none", d.Missing, d.Duplicates)
	}
}
