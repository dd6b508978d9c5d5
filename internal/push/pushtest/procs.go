package pushtest

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"time"

	"github.com/panelpulse/panelpulse/internal/fakefcm"
	"github.com/panelpulse/panelpulse/internal/store"
)

// Procs starts dispatcher processes: Bin is a cmd/pushbench binary, run as
// "Bin dispatch" with DATABASE_URL and FCM_ENDPOINT set.
type Procs struct {
	// Bin is the pushbench binary.
	Bin string
	// DatabaseURL is the database the dispatchers share.
	DatabaseURL string
	// FCMEndpoint is the fake's base URL + "/v1".
	FCMEndpoint string
	// Batch, Workers and Lease are passed as -batch, -workers and -lease.
	Batch, Workers int
	Lease          time.Duration
}

// Start starts one dispatcher process.
func (p Procs) Start() (*exec.Cmd, error) {
	cmd := exec.Command(p.Bin, "dispatch",
		"-batch", strconv.Itoa(p.Batch), "-workers", strconv.Itoa(p.Workers), "-lease", p.Lease.String(), "-poll", "20ms")
	cmd.Env = append(os.Environ(), "DATABASE_URL="+p.DatabaseURL, "FCM_ENDPOINT="+p.FCMEndpoint, "FCM_PROJECT_ID=bench")
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("pushtest.Start: %w", err)
	}
	return cmd, nil
}

// Delivery is what the fake received for n seeded panellists.
type Delivery struct {
	// Missing counts panellists whose first token got nothing.
	Missing int
	// Duplicates counts messages beyond the first per token.
	Duplicates int
	// Kills counts SIGKILLs that hit a dispatcher while it was sending.
	Kills int
}

// Check counts what the fake received for panellists 1..n (first token).
func Check(fake *fakefcm.Server, n int) Delivery {
	var d Delivery
	for i := 1; i <= n; i++ {
		switch c := fake.CountByToken(Token(i, 0)); {
		case c == 0:
			d.Missing++
		default:
			d.Duplicates += c - 1
		}
	}
	return d
}

// WaitDrained polls until no push is queued or sending, or ctx ends.
func WaitDrained(ctx context.Context, st *store.Store) error {
	for {
		open, err := st.Q.PushCountOpen(ctx)
		if err != nil {
			return fmt.Errorf("pushtest.WaitDrained: %w", err)
		}
		if open == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("pushtest.WaitDrained: %d pushes still open: %w", open, ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// KillRun runs one dispatcher process at a time over the seeded pushes,
// SIGKILLing it kills times at random points while it sends (once the fake
// has received a random further share of the n pushes, plus up to 20 ms),
// then runs a last one until the outbox is drained and stops it with
// SIGTERM.
func KillRun(ctx context.Context, p Procs, st *store.Store, fake *fakefcm.Server, n, kills int) (Delivery, error) {
	var hits int
	step := max(n/(kills+1), 1)
	for k := 0; k < kills && fake.Count() < n; k++ {
		before := fake.Count()
		cmd, err := p.Start()
		if err != nil {
			return Delivery{}, err
		}
		target := before + 1 + rand.N(step)
		deadline := time.Now().Add(30 * time.Second)
		for fake.Count() < target && fake.Count() < n && time.Now().Before(deadline) && ctx.Err() == nil {
			time.Sleep(time.Millisecond)
		}
		time.Sleep(rand.N(20 * time.Millisecond))
		if c := fake.Count(); c > before && c < n {
			hits++
		}
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait() // "signal: killed"
	}
	cmd, err := p.Start()
	if err != nil {
		return Delivery{}, err
	}
	drainErr := WaitDrained(ctx, st)
	_ = cmd.Process.Signal(syscall.SIGTERM)
	waitErr := cmd.Wait()
	d := Check(fake, n)
	d.Kills = hits
	return d, errors.Join(drainErr, waitErr)
}

// ReplicaRun runs replicas dispatcher processes at once until the outbox
// is drained, then stops them with SIGTERM.
func ReplicaRun(ctx context.Context, p Procs, st *store.Store, fake *fakefcm.Server, n, replicas int) (Delivery, error) {
	var cmds []*exec.Cmd
	var errs []error
	for range replicas {
		cmd, err := p.Start()
		if err != nil {
			errs = append(errs, err)
			break
		}
		cmds = append(cmds, cmd)
	}
	if len(errs) == 0 {
		errs = append(errs, WaitDrained(ctx, st))
	}
	for _, c := range cmds {
		_ = c.Process.Signal(syscall.SIGTERM)
	}
	for _, c := range cmds {
		errs = append(errs, c.Wait())
	}
	return Check(fake, n), errors.Join(errs...)
}
