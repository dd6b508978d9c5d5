package journey_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1/panelpulsev1connect"
	"github.com/panelpulse/panelpulse/internal/apptest"
	"github.com/panelpulse/panelpulse/internal/browsertest"
	"github.com/panelpulse/panelpulse/internal/calendar"
	"github.com/panelpulse/panelpulse/internal/demo"
	"github.com/panelpulse/panelpulse/internal/pgtest"
	"github.com/panelpulse/panelpulse/internal/schedule"
)

// browser is the package's one Chromium; each test opens its own tab.
var browser *browsertest.Browser

func TestMain(m *testing.M) {
	var err error
	browser, err = browsertest.Start()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := pgtest.Main(m)
	browser.Close()
	os.Exit(code)
}

// now is the fake clock's start: a Wednesday afternoon in London, after
// the demo panel's delivery times, so today's first pushes are due.
var now = time.Date(2026, 11, 25, 14, 0, 0, 0, time.UTC)

// programme is the demo tenant on a running process, with today planned,
// pushed and partly answered, and a population frame imported.
type programme struct {
	proc *apptest.Process
	keys demo.Keys
}

func newProgramme(t *testing.T) *programme {
	t.Helper()
	ctx := context.Background()
	p := apptest.Start(t, now)
	l, err := demo.NewLoader(p.Store, p.App.Admin, p.App.Bank, p.Clock, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	keys, err := l.Ensure(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tn, err := p.Store.Q.TenantGetBySlug(ctx, demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	_, loc, err := schedule.Calendar(ctx, p.Store.Q, tn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.App.Planner.PlanDay(ctx, tn, calendar.DateOf(now.In(loc))); err != nil {
		t.Fatal(err)
	}
	for {
		n, err := p.App.Dispatcher.Tick(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
	}
	sim, err := demo.NewSimulator(ctx, p.Store, p.App.Observatory, p.Clock, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sim.AnswerOpen(ctx, p.Clock); err != nil {
		t.Fatal(err)
	}
	// A frame in which manufacturing is over-recruited and the small
	// health and sport businesses fall short.
	frame := []string{"sector,size_band,businesses"}
	for _, s := range []string{"Advanced Manufacturing", "Logistics", "Health and Social Care", "Sports and Leisure"} {
		for band, n := range map[string]int{"micro": 900, "small": 400, "medium": 120, "large": 30} {
			if s == "Advanced Manufacturing" {
				n /= 3
			}
			frame = append(frame, fmt.Sprintf("%s,%s,%d", s, band, n))
		}
	}
	res, err := admin(p, keys.Admin).ImportPopulationFrame(ctx, connect.NewRequest(&pb.ImportPopulationFrameRequest{Csv: strings.Join(frame, "\n")}))
	if err != nil || len(res.Msg.Problems) > 0 {
		t.Fatalf("ImportPopulationFrame: %v %v", res, err)
	}
	return &programme{proc: p, keys: keys}
}

func admin(p *apptest.Process, key string) panelpulsev1connect.AdminServiceClient {
	return apptest.As(p, key).Admin
}
