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

	"github.com/panelpulse/panelpulse/internal/app"
	"github.com/panelpulse/panelpulse/internal/clock"
	"github.com/panelpulse/panelpulse/internal/config"
	"github.com/panelpulse/panelpulse/internal/demo"
	"github.com/panelpulse/panelpulse/internal/fakefcm"
	"github.com/panelpulse/panelpulse/internal/fcm"
	"github.com/panelpulse/panelpulse/internal/pgcluster"
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
	if !cfg.Demo() {
		st, err := store.OpenMigrated(ctx, cfg.DatabaseURL, int32(cfg.MaxConns))
		if err != nil {
			return nil, nil, err
		}
		return st, st.Close, nil
	}
	dir := filepath.Join(cfg.DataDir, "pg")
	log.Info("starting private PostgreSQL", "dir", dir)
	env, err := pgcluster.Open(ctx, pgcluster.EnvOptions{Dir: dir, MaxConns: int32(cfg.MaxConns)})
	if err != nil {
		return nil, nil, err
	}
	// Printed so panelctl and psql can reach the demo's database.
	log.Info("private PostgreSQL ready", "DATABASE_URL", env.URL)
	return env.Store, func() {
		if err := env.Close(); err != nil {
			log.Error("stopping PostgreSQL", "err", err)
		}
	}, nil
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
	var reads *store.Store
	if cfg.DatabaseReadURL != "" {
		// The standby is read only: it is never migrated, it replays the
		// primary's migrations.
		if reads, err = store.Open(ctx, cfg.DatabaseReadURL, int32(cfg.MaxConns)); err != nil {
			return fmt.Errorf("DATABASE_READ_URL: %w", err)
		}
		defer reads.Close()
	}
	sender, stopFCM, err := newSender(ctx, cfg, clk, log)
	if err != nil {
		return err
	}
	defer stopFCM()
	a, err := app.New(app.Deps{Store: st, ReadStore: reads, Clock: clk, Log: log, Sender: sender, Tuning: cfg.Tuning, AppURL: cfg.AppURL,
		Roles: app.Roles{Planner: cfg.Planner, Dispatcher: cfg.Dispatcher, Simulate: cfg.Simulate}})
	if err != nil {
		return err
	}
	if cfg.Demo() {
		if err := startDemo(ctx, cfg, st, a, clk); err != nil {
			return err
		}
	}
	var wg sync.WaitGroup
	run := func(name string, f func(context.Context) error) {
		wg.Go(func() {
			if err := f(ctx); err != nil {
				log.Error(name+" stopped", "err", err)
			}
		})
	}
	for _, w := range a.Workers {
		run(w.Name, w.Run)
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

func startDemo(ctx context.Context, cfg config.Server, st *store.Store, a *app.App, clk clock.Clock) error {
	l, err := demo.NewLoader(st, a.Admin, a.Bank, clk, cfg.DataDir)
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
