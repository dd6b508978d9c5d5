package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/answer"
	"github.com/panelpulse/panelpulse/internal/app"
	"github.com/panelpulse/panelpulse/internal/auth"
	"github.com/panelpulse/panelpulse/internal/bank"
	"github.com/panelpulse/panelpulse/internal/clock"
	"github.com/panelpulse/panelpulse/internal/fcm"
	"github.com/panelpulse/panelpulse/internal/observatory/synth"
	"github.com/panelpulse/panelpulse/internal/pgcluster"
	"github.com/panelpulse/panelpulse/internal/rollup"
	"github.com/panelpulse/panelpulse/internal/server"
	"github.com/panelpulse/panelpulse/internal/store"
	"github.com/panelpulse/panelpulse/internal/tenant"
)

type config struct {
	Streams    int
	Window     time.Duration
	Slow       int
	SlowWait   time.Duration
	Businesses int
	Dir        string
}

func (c config) Validate() error {
	var probs []error
	if c.Streams < 1 || c.Streams > 5000 {
		probs = append(probs, errors.New("-streams must be 1..5000"))
	}
	if c.Window < time.Second {
		probs = append(probs, errors.New("-window must be at least 1s"))
	}
	if c.Slow < 0 || c.Slow > 5000 {
		probs = append(probs, errors.New("-slow must be 0..5000"))
	}
	if c.Slow > 0 && c.SlowWait <= server.ReadTimeout {
		probs = append(probs, fmt.Errorf("-slow-wait must be longer than the server's read timeout (%s)", server.ReadTimeout))
	}
	if c.Businesses < 10 {
		probs = append(probs, errors.New("-businesses must be at least 10"))
	}
	return errors.Join(probs...)
}

// noSender is the push sender of a process that sends no pushes.
type noSender struct{}

func (noSender) Send(context.Context, []fcm.Message) ([]fcm.Result, error) {
	return nil, errors.New("benchlimits sends no pushes")
}

func realMain(ctx context.Context) error {
	var cfg config
	flag.IntVar(&cfg.Streams, "streams", 500, "WatchResults streams on one finding")
	flag.DurationVar(&cfg.Window, "window", 8*time.Second, "measuring window per case")
	flag.IntVar(&cfg.Slow, "slow", 200, "connections sending a body at 1 byte/s (0: skip the slow clients)")
	flag.DurationVar(&cfg.SlowWait, "slow-wait", 100*time.Second, "give up waiting for the server to close slow connections after this")
	flag.IntVar(&cfg.Businesses, "businesses", 300, "businesses answering the finding's question")
	flag.StringVar(&cfg.Dir, "dir", "", "folder for the private PostgreSQL (default: a temporary one)")
	flag.Parse()
	if err := cfg.Validate(); err != nil {
		return fmt.Errorf("benchlimits: %w", err)
	}
	fmt.Printf("nproc=%d loadavg_start=%q\n", runtime.NumCPU(), loadavg())
	db, err := pgcluster.Open(ctx, pgcluster.EnvOptions{Dir: cfg.Dir, Database: "bench", MaxConns: 8})
	if err != nil {
		return err
	}
	defer func() { _ = db.Close() }()
	fx, err := load(ctx, db.Store, cfg)
	if err != nil {
		return err
	}
	// The server's own pool, as the server binary opens it.
	st, err := store.Open(ctx, db.URL, 40)
	if err != nil {
		return err
	}
	defer st.Close()
	stats, err := pgx.Connect(ctx, db.URL)
	if err != nil {
		return err
	}
	defer stats.Close(ctx)
	var version string
	if err := stats.QueryRow(ctx, "SHOW server_version").Scan(&version); err != nil {
		return err
	}
	fmt.Printf("postgres=%q businesses=%d answers=%d\n", version, cfg.Businesses, fx.answers)

	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	meter := &xactMeter{conn: stats, window: cfg.Window}
	// The shared poll first (the idle case before any load), then the
	// per-stream baseline, each on a fresh process.
	for _, perStream := range []bool{false, true} {
		mode, counts := "shared", []int{0, 1, cfg.Streams}
		if perStream {
			mode, counts = "per_stream", []int{1, cfg.Streams}
		}
		a, err := app.New(app.Deps{Store: st, Clock: clock.Real{}, Sender: noSender{}, Log: log, LivePollPerStream: perStream})
		if err != nil {
			return err
		}
		srv, err := startServer(ctx, a, log)
		if err != nil {
			return err
		}
		for _, n := range counts {
			rate, err := watchCase(ctx, srv.url, fx, n, meter)
			if err != nil {
				srv.stop()
				return err
			}
			fmt.Printf("poll=%s streams=%d xact_per_s=%.1f\n", mode, n, rate)
		}
		srv.stop()
	}

	a, err := app.New(app.Deps{Store: st, Clock: clock.Real{}, Sender: noSender{}, Log: log})
	if err != nil {
		return err
	}
	srv, err := startServer(ctx, a, log)
	if err != nil {
		return err
	}
	defer srv.stop()
	if cfg.Slow == 0 {
		return nil
	}
	fmt.Printf("server read_header_timeout=%s read_timeout=%s write_timeout=%s\n", server.ReadHeaderTimeout, server.ReadTimeout, server.WriteTimeout)
	if err := slowCase(ctx, srv.addr, fx.adminKey, cfg); err != nil {
		return err
	}
	fmt.Printf("loadavg_end=%q\n", loadavg())
	return nil
}

// fixture is what the cases use: a finding on a question with answers, the
// facilitator keys to watch it (the per-credential stream cap is 20), an
// admin key.
type fixture struct {
	findingID int64
	facKeys   []string
	adminKey  string
	answers   int64
}

func load(ctx context.Context, st *store.Store, cfg config) (fixture, error) {
	var fx fixture
	tn, err := tenant.Create(ctx, st, tenant.Settings{Slug: "bench", Name: "Bench"})
	if err != nil {
		return fx, err
	}
	panel, err := synth.Load(ctx, st, tn.ID, synth.Config{
		Seed: 3, Businesses: cfg.Businesses, MaxPeople: 1, Days: 5,
		Sectors: []string{"Manufacturing", "Logistics", "Health"}, Districts: []string{"Leicester", "Rutland"},
		Start: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC), AnswerRate: 0.8,
		Questions: []bank.Input{{Key: "finding_1", Theme: "finding_test", Title: "Emerging finding", Wording: "Recruiting engineers is harder than a year ago",
			Spec: answer.Spec{Type: answer.TypeLikert, AllowDontKnow: true}}},
	})
	if err != nil {
		return fx, err
	}
	fx.answers = panel.Answers
	ref, err := rollup.New(st, clock.Real{}, slog.New(slog.NewTextHandler(os.Stderr, nil)), rollup.Config{})
	if err != nil {
		return fx, err
	}
	if err := ref.Tick(ctx); err != nil {
		return fx, err
	}
	f, err := st.Q.FindingInsert(ctx, dbsqlc.FindingInsertParams{TenantID: tn.ID, Statement: "Recruiting engineers is harder than a year ago", Roundtable: "bench"})
	if err != nil {
		return fx, err
	}
	qid := panel.Questions[0].ID
	if err := st.Q.FindingSetQuestion(ctx, dbsqlc.FindingSetQuestionParams{QuestionID: &qid, Now: time.Now(), TenantID: tn.ID, ID: f.ID}); err != nil {
		return fx, err
	}
	fx.findingID = f.ID
	for i := 0; i < (cfg.Streams+server.MaxStreamsPerCredential-1)/server.MaxStreamsPerCredential; i++ {
		k, err := tenant.IssueKey(ctx, st, tn.ID, auth.RoleFacilitator, fmt.Sprintf("screen %d", i))
		if err != nil {
			return fx, err
		}
		fx.facKeys = append(fx.facKeys, k)
	}
	fx.adminKey, err = tenant.IssueKey(ctx, st, tn.ID, auth.RoleAdmin, "bench")
	return fx, err
}

// loadavg is the first three fields of /proc/loadavg ("" if unreadable).
func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}
