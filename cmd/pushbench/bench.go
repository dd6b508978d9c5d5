package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/panelpulse/panelpulse/internal/clock"
	"github.com/panelpulse/panelpulse/internal/fakefcm"
	"github.com/panelpulse/panelpulse/internal/fcm"
	"github.com/panelpulse/panelpulse/internal/pgcluster"
	"github.com/panelpulse/panelpulse/internal/push"
	"github.com/panelpulse/panelpulse/internal/push/pushtest"
	"github.com/panelpulse/panelpulse/internal/store"
)

// benchConfig is the configuration of "pushbench bench".
type benchConfig struct {
	N       int
	Batch   int
	Workers int
	CapN    int
	ProcsN  int
	Kills   int
	Fast    bool
	Profile string
}

func (c *benchConfig) flags(fs *flag.FlagSet) {
	fs.IntVar(&c.N, "n", 100_000, "pushes for the throughput run")
	fs.IntVar(&c.Batch, "batch", 500, "pushes claimed per Tick")
	fs.IntVar(&c.Workers, "workers", 4, "concurrent claim-send-record loops")
	fs.IntVar(&c.CapN, "capacity-n", 100_000, "messages for the fake's capacity measure")
	fs.IntVar(&c.ProcsN, "procs-n", 10_000, "pushes for the kill and replica runs (0 skips them)")
	fs.IntVar(&c.Kills, "kills", 10, "SIGKILLs in the kill run")
	fs.BoolVar(&c.Fast, "fast", false, "PostgreSQL without fsync")
	fs.StringVar(&c.Profile, "cpuprofile", "", "write a CPU profile of the throughput run to this file")
}

// bench runs the throughput run, the fake's capacity, and the kill and
// replica runs, printing the summary line last.
func bench(ctx context.Context, cfg benchConfig) error {
	env, err := pgcluster.Open(ctx, pgcluster.EnvOptions{Fast: cfg.Fast})
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	defer func() { _ = env.Close() }()
	fake := fakefcm.New(fakefcm.WithoutRecording())
	srv, fakeURL, err := fake.Start("127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	defer srv.Close()
	fmt.Printf("machine: %d cores, %s; postgres fsync=%v\n", runtime.NumCPU(), cpuModel(), !cfg.Fast)

	rate, err := throughput(ctx, cfg, env, fake, fakeURL)
	if err != nil {
		return err
	}
	fake.Reset()
	sdk, err := senderAlone(ctx, cfg, fakeURL)
	if err != nil {
		return err
	}
	fake.Reset()
	capacity, err := fakefcm.MeasureCapacity(ctx, fakeURL, cfg.CapN, 64)
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	if cfg.ProcsN > 0 {
		if err := procRuns(ctx, cfg, env, fake, fakeURL); err != nil {
			return err
		}
	}
	fmt.Printf("push_per_s=%.0f sdk_per_s=%.0f sdk_ratio=%.2f fake_fcm_capacity_per_s=%.0f ratio=%.2f\n", rate, sdk, rate/sdk, capacity, rate/capacity)
	return nil
}

// throughput sends cfg.N pushes through an in-process dispatcher with the
// rate limiter lifted and returns pushes per second.
func throughput(ctx context.Context, cfg benchConfig, env *pgcluster.Env, fake *fakefcm.Server, fakeURL string) (float64, error) {
	st, err := newDB(ctx, env, "throughput", cfg.N)
	if err != nil {
		return 0, err
	}
	defer st.Close()
	sender, err := fcm.NewClient(ctx, fcm.Config{ProjectID: "bench", Endpoint: fakeURL + "/v1", Clock: clock.Real{}})
	if err != nil {
		return 0, fmt.Errorf("bench: %w", err)
	}
	defer sender.Close()
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	d, err := push.NewDispatcher(st, sender, clock.Real{}, log, push.Config{Batch: cfg.Batch, Workers: cfg.Workers})
	if err != nil {
		return 0, fmt.Errorf("bench: %w", err)
	}
	if cfg.Profile != "" {
		f, err := os.Create(cfg.Profile)
		if err != nil {
			return 0, fmt.Errorf("bench: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return 0, fmt.Errorf("bench: %w", err)
		}
		defer pprof.StopCPUProfile()
	}
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	start := time.Now()
	go func() { _ = d.Run(runCtx, 5*time.Millisecond); close(done) }()
	err = pushtest.WaitDrained(ctx, st)
	elapsed := time.Since(start)
	cancel()
	<-done
	if err != nil {
		return 0, fmt.Errorf("bench: %w", err)
	}
	got := pushtest.Check(fake, cfg.N)
	if got.Missing > 0 {
		return 0, fmt.Errorf("bench: %d of %d pushes never reached the fake", got.Missing, cfg.N)
	}
	rate := float64(cfg.N) / elapsed.Seconds()
	fmt.Printf("throughput: %d pushes in %v (batch %d, workers %d, rate limiter off): %.0f pushes/s, duplicates %d\n",
		cfg.N, elapsed.Round(time.Millisecond), cfg.Batch, cfg.Workers, rate, got.Duplicates)
	return rate, nil
}

// senderAlone sends cfg.N messages shaped like the dispatcher's through the
// same Firebase SDK client into the same fake, with no database: cfg.Workers
// loops each sending batches of cfg.Batch, as the dispatcher's workers do.
// It returns messages per second, the most the dispatcher could reach.
func senderAlone(ctx context.Context, cfg benchConfig, fakeURL string) (float64, error) {
	sender, err := fcm.NewClient(ctx, fcm.Config{ProjectID: "bench", Endpoint: fakeURL + "/v1", Clock: clock.Real{}})
	if err != nil {
		return 0, fmt.Errorf("bench: %w", err)
	}
	defer sender.Close()
	expiry := time.Now().Add(time.Hour)
	var next atomic.Int64
	var wg sync.WaitGroup
	var first atomic.Value
	start := time.Now()
	for w := range cfg.Workers {
		wg.Go(func() {
			for {
				from := next.Add(int64(cfg.Batch)) - int64(cfg.Batch)
				if from >= int64(cfg.N) {
					return
				}
				to := min(from+int64(cfg.Batch), int64(cfg.N))
				msgs := make([]fcm.Message, 0, to-from)
				for i := from; i < to; i++ {
					id := strconv.FormatInt(i, 10)
					msgs = append(msgs, fcm.Message{
						Token: "sdk-" + id, Title: "Today's PanelPulse", Body: "Two quick questions for you today",
						Data: map[string]string{"push_id": id, "kind": "first", "day": "2026-11-23", "assignment_ids": id,
							"link": "panelpulse://today?push=" + id},
						CollapseKey: "pp-" + id + "-2026-11-23", Expiry: expiry, AnalyticsLabel: "wave-1",
					})
				}
				res, err := sender.Send(ctx, msgs)
				if err == nil {
					for _, r := range res {
						if r.Outcome != fcm.Delivered {
							err = fmt.Errorf("worker %d: a message was not sent: %v", w, r.Outcome)
							break
						}
					}
				}
				if err != nil {
					first.CompareAndSwap(nil, err)
					return
				}
			}
		})
	}
	wg.Wait()
	if err, ok := first.Load().(error); ok {
		return 0, fmt.Errorf("bench: sender alone: %w", err)
	}
	rate := float64(cfg.N) / time.Since(start).Seconds()
	fmt.Printf("sender alone: %d messages, no database: %.0f messages/s\n", cfg.N, rate)
	return rate, nil
}

// procRuns runs the kill run and the replica run with this binary as the
// dispatcher processes.
func procRuns(ctx context.Context, cfg benchConfig, env *pgcluster.Env, fake *fakefcm.Server, fakeURL string) error {
	bin, err := os.Executable()
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	runs := []struct {
		name string
		run  func(pushtest.Procs, *store.Store) (pushtest.Delivery, error)
		p    pushtest.Procs
	}{
		{"kill", func(p pushtest.Procs, st *store.Store) (pushtest.Delivery, error) {
			return pushtest.KillRun(ctx, p, st, fake, cfg.ProcsN, cfg.Kills)
		}, pushtest.Procs{Batch: 8, Workers: 1, Lease: time.Second}},
		{"replica", func(p pushtest.Procs, st *store.Store) (pushtest.Delivery, error) {
			return pushtest.ReplicaRun(ctx, p, st, fake, cfg.ProcsN, 3)
		}, pushtest.Procs{Batch: 100, Workers: 2, Lease: time.Minute}},
	}
	for _, r := range runs {
		st, err := newDB(ctx, env, r.name, cfg.ProcsN)
		if err != nil {
			return err
		}
		fake.Reset()
		r.p.Bin, r.p.DatabaseURL, r.p.FCMEndpoint = bin, env.Cluster.URL(r.name), fakeURL+"/v1"
		start := time.Now()
		d, err := r.run(r.p, st)
		st.Close()
		if err != nil {
			return fmt.Errorf("bench: %s run: %w", r.name, err)
		}
		fmt.Printf("%s run: %d pushes in %v, missing %d, duplicates %d (%.2f%%), kills mid-send %d\n", r.name, cfg.ProcsN,
			time.Since(start).Round(time.Millisecond), d.Missing, d.Duplicates, 100*float64(d.Duplicates)/float64(cfg.ProcsN), d.Kills)
	}
	return nil
}

// newDB creates, migrates and seeds database name with n due pushes.
func newDB(ctx context.Context, env *pgcluster.Env, name string, n int) (*store.Store, error) {
	st, err := env.OpenDatabase(ctx, name, 32)
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	start := time.Now()
	if _, err := pushtest.Seed(ctx, st.Pool, pushtest.Options{Panellists: n, Now: time.Now()}); err != nil {
		st.Close()
		return nil, fmt.Errorf("bench: %w", err)
	}
	fmt.Printf("seeded %d due pushes in %v\n", n, time.Since(start).Round(time.Millisecond))
	return st, nil
}

// cpuModel reads the CPU model from /proc/cpuinfo.
func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}
