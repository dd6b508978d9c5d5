package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/panelpulse/panelpulse/internal/app"
	"github.com/panelpulse/panelpulse/internal/clock"
	"github.com/panelpulse/panelpulse/internal/config"
	"github.com/panelpulse/panelpulse/internal/demo"
	"github.com/panelpulse/panelpulse/internal/fakefcm"
	"github.com/panelpulse/panelpulse/internal/fcm"
	"github.com/panelpulse/panelpulse/internal/observatory"
	"github.com/panelpulse/panelpulse/internal/pgtest"
	"github.com/panelpulse/panelpulse/internal/push"
	"github.com/panelpulse/panelpulse/internal/server"
	"github.com/panelpulse/panelpulse/internal/store"
)

func realMain(ctx context.Context, args []string) error {
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	cfg, err := config.Load(args, os.Getenv)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: cfg.Level()}))
	switch cmd {
	case "serve":
		return serve(ctx, cfg, log)
	case "migrate":
		_, done, err := openStore(ctx, cfg, log)
		if err != nil {
			return err
		}
		done()
		log.Info("migrated")
		return nil
	default:
		return fmt.Errorf("unknown command %q (serve or migrate)", cmd)
	}
}

// openStore connects to DATABASE_URL, or starts the private cluster, and
// applies migrations. done releases both.
func openStore(ctx context.Context, cfg config.Server, log *slog.Logger) (*store.Store, func(), error) {
	url := cfg.DatabaseURL
	stopPG := func() {}
	if cfg.Demo() {
		log.Info("starting private PostgreSQL", "dir", filepath.Join(cfg.DataDir, "pg"))
		c, err := pgtest.Start(ctx, pgtest.Options{Dir: filepath.Join(cfg.DataDir, "pg")})
		if err != nil {
			return nil, nil, err
		}
		stopPG = func() {
			if err := c.Stop(); err != nil {
				log.Error("stopping PostgreSQL", "err", err)
			}
		}
		url = c.URL("postgres")
	}
	st, err := store.Open(ctx, url, 40)
	if err != nil {
		stopPG()
		return nil, nil, err
	}
	if err := store.Migrate(ctx, st.Pool); err != nil {
		st.Close()
		stopPG()
		return nil, nil, err
	}
	return st, func() { st.Close(); stopPG() }, nil
}

func serve(ctx context.Context, cfg config.Server, log *slog.Logger) error {
	log.Info("starting PanelPulse", cfg.LogAttrs()...)
	// The process clock: every part that asks the time gets this one.
	clk := clock.Real{}
	st, done, err := openStore(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer done()
	sender, stopFCM, err := newSender(ctx, cfg, clk, log)
	if err != nil {
		return err
	}
	defer stopFCM()
	a, err := app.New(app.Deps{Store: st, Clock: clk, Sender: sender, Log: log, Push: push.Config{Workers: 4}})
	if err != nil {
		return err
	}
	if cfg.Demo() {
		if err := startDemo(ctx, cfg, st, clk, log); err != nil {
			return err
		}
	}
	var wg sync.WaitGroup
	run := func(name string, f func() error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := f(); err != nil {
				log.Error(name+" stopped", "err", err)
			}
		}()
	}
	if cfg.Planner {
		run("planner", func() error { return a.Planner.Run(ctx, cfg.PlanEvery) })
		// The observatory's rollups are background work of the same role.
		ref, err := observatory.NewRefresher(st, clk, log)
		if err != nil {
			return err
		}
		run("rollup refresher", func() error { return ref.Run(ctx, 30*time.Second) })
	}
	if cfg.Dispatcher {
		run("dispatcher", func() error { return a.Dispatcher.Run(ctx, cfg.DispatchEvery) })
	}
	if cfg.Simulate {
		sim, err := demo.NewSimulator(ctx, st, clk, log)
		if err != nil {
			return err
		}
		run("simulator", func() error {
			n, err := sim.Backfill(ctx, clk.Now())
			if err != nil {
				return err
			}
			log.Info("demo history filled in", "answers", n)
			return sim.Run(ctx, 15*time.Second)
		})
	}
	var serveErr error
	if cfg.API {
		serveErr = server.Serve(ctx, cfg.Addr, a.Handler, log, nil)
	} else {
		<-ctx.Done()
	}
	wg.Wait()
	log.Info("stopped")
	if errors.Is(serveErr, context.Canceled) {
		return nil
	}
	return serveErr
}

// newSender returns the FCM client: the real FCM (or FCM_ENDPOINT) when a
// project is configured, else a fake FCM sink on loopback that logs every push.
func newSender(ctx context.Context, cfg config.Server, clk clock.Clock, log *slog.Logger) (*fcm.Client, func(), error) {
	fc := fcm.Config{ProjectID: cfg.FCMProjectID, Endpoint: cfg.FCMEndpoint, CredentialsFile: cfg.FCMCredentials, RatePerMinute: cfg.FCMRatePerMinute, Clock: clk}
	stop := func() {}
	if cfg.FCMProjectID == "" {
		fake := fakefcm.New(fakefcm.WithClock(clk), fakefcm.WithOnMessage(func(m fakefcm.Message) {
			title, body := "", ""
			if m.Notification != nil {
				title, body = m.Notification.Title, m.Notification.Body
			}
			log.Info("push delivered to fake FCM", "token", m.Token, "title", title, "body", body, "assignments", m.Data["assignment_ids"])
		}))
		srv, base, err := fake.Start("127.0.0.1:0")
		if err != nil {
			return nil, nil, err
		}
		stop = func() { _ = srv.Close() }
		fc.ProjectID, fc.Endpoint = "panelpulse-demo", base+"/v1"
		log.Info("fake FCM sink listening", "url", base)
	}
	c, err := fcm.NewClient(ctx, fc)
	if err != nil {
		stop()
		return nil, nil, err
	}
	return c, func() { c.Close(); stop() }, nil
}

func startDemo(ctx context.Context, cfg config.Server, st *store.Store, clk clock.Clock, log *slog.Logger) error {
	l, err := demo.NewLoader(st, clk, cfg.DataDir)
	if err != nil {
		return err
	}
	keys, err := l.Ensure(ctx)
	if err != nil {
		return err
	}
	invite, err := l.InviteLink(ctx, "http://"+cfg.Addr)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, `
PanelPulse demo tenant %q is ready on http://%s
  admin key:       %s
  analyst key:     %s
  facilitator key: %s
  panellist app:   %s
    (an invite for a demo newcomer: open it in a phone-sized window and join)
Try: curl -s -H 'Content-Type: application/json' -H "Authorization: Bearer %s" \
       -d '{}' http://%s/panelpulse.v1.AdminService/ListQuestions

`, demo.Slug, cfg.Addr, keys.Admin, keys.Analyst, keys.Facilitator, invite, keys.Admin, cfg.Addr)
	return nil
}
