package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"time"

	"connectrpc.com/connect"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1/panelpulsev1connect"
	"github.com/panelpulse/panelpulse/internal/app"
	"github.com/panelpulse/panelpulse/internal/auth"
	"github.com/panelpulse/panelpulse/internal/clock"
	"github.com/panelpulse/panelpulse/internal/fakefcm"
	"github.com/panelpulse/panelpulse/internal/fcm"
	"github.com/panelpulse/panelpulse/internal/pgtest"
	"github.com/panelpulse/panelpulse/internal/store"
	"github.com/panelpulse/panelpulse/internal/tenant"
)

// opensAt is when the fixture's questions open: Monday 23 November 2026,
// 09:00 in London. The server's clock stands an hour later.
var opensAt = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

// rig is the private cluster, the in-process server and the fixture.
type rig struct {
	cfg     Config
	dir     string
	cluster *pgtest.Cluster
	st      *store.Store
	srv     *http.Server
	fake    *httptest.Server
	url     string
	http    *http.Client
	// Enrolled panellists: session token and open assignment.
	tokens      []string
	assignments []int64
}

func newRig(ctx context.Context, cfg Config) (_ *rig, err error) {
	r := &rig{cfg: cfg}
	defer func() {
		if err != nil {
			r.close()
		}
	}()
	if r.dir, err = os.MkdirTemp("", "ingestload"); err != nil {
		return nil, err
	}
	if r.cluster, err = pgtest.Start(ctx, pgtest.Options{Dir: r.dir}); err != nil {
		return nil, err
	}
	if r.st, err = store.Open(ctx, r.cluster.URL("postgres"), int32(cfg.MaxConns)); err != nil {
		return nil, err
	}
	if err := store.Migrate(ctx, r.st.Pool); err != nil {
		return nil, err
	}
	clk := clock.NewFake(opensAt.Add(-2 * time.Hour))
	r.fake = httptest.NewServer(fakefcm.New(fakefcm.WithClock(clk)))
	sender, err := fcm.NewClient(ctx, fcm.Config{ProjectID: "demo", Endpoint: r.fake.URL + "/v1", Clock: clk})
	if err != nil {
		return nil, err
	}
	a, err := app.New(app.Deps{Store: r.st, Clock: clk, Sender: sender, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := new(http.Protocols)
	p.SetHTTP1(true)
	p.SetUnencryptedHTTP2(true)
	r.srv = &http.Server{Handler: a.Handler, Protocols: p, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = r.srv.Serve(ln) }()
	r.url = "http://" + ln.Addr().String()
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConns, tr.MaxIdleConnsPerHost = 4*cfg.Clients, 4*cfg.Clients
	r.http = &http.Client{Transport: tr}
	if err := r.fixture(ctx); err != nil {
		return nil, fmt.Errorf("fixture: %w", err)
	}
	if err := a.Planner.Tick(ctx); err != nil {
		return nil, err
	}
	clk.Set(opensAt.Add(time.Hour))
	return r, r.openAssignments(ctx)
}

func (r *rig) close() {
	if r.srv != nil {
		_ = r.srv.Close()
	}
	if r.fake != nil {
		r.fake.Close()
	}
	if r.st != nil {
		r.st.Close()
	}
	if r.cluster != nil {
		_ = r.cluster.Stop()
	}
	if r.dir != "" {
		_ = os.RemoveAll(r.dir)
	}
}

// fixture imports the panel and a scale question through the admin API
// and enrols every panellist over HTTP.
func (r *rig) fixture(ctx context.Context) error {
	tn, err := tenant.Create(ctx, r.st, tenant.Settings{Slug: "bench", Name: "Ingest benchmark", TimeZone: "UTC"})
	if err != nil {
		return err
	}
	key, err := tenant.IssueKey(ctx, r.st, tn.ID, auth.RoleAdmin, "ingestload")
	if err != nil {
		return err
	}
	adm := panelpulsev1connect.NewAdminServiceClient(r.http, r.url, bearer(key))
	if _, err := adm.SetSectorMap(ctx, connect.NewRequest(&pb.SetSectorMapRequest{Rules: []*pb.SectorRule{{SicPrefix: "28", Sector: "Advanced Manufacturing"}}})); err != nil {
		return err
	}
	bcsv := []string{"ref,name,sic,employees,district"}
	pcsv := []string{"ref,business_ref,name,email,role,time_zone,delivery_time"}
	for i := range r.cfg.Panellists {
		bcsv = append(bcsv, fmt.Sprintf("B%d,Business %d,28110,%d,Leicester", i, i, 5+i%300))
		pcsv = append(pcsv, fmt.Sprintf("P%d,B%d,Person %d,p%d@example.org,HR,UTC,09:00", i, i, i, i))
	}
	if _, err := adm.ImportBusinesses(ctx, connect.NewRequest(&pb.ImportBusinessesRequest{Csv: strings.Join(bcsv, "\n")})); err != nil {
		return err
	}
	if _, err := adm.ImportPanellists(ctx, connect.NewRequest(&pb.ImportPanellistsRequest{Csv: strings.Join(pcsv, "\n")})); err != nil {
		return err
	}
	if _, err := adm.CreateQuestion(ctx, connect.NewRequest(&pb.CreateQuestionRequest{
		Key: "recruit_confidence", Theme: pb.Theme_THEME_RECRUITMENT_CONFIDENCE, Title: "Recruitment confidence",
		Wording: "How confident are you of recruiting the skills you need?",
		Spec:    &pb.QuestionSpec{Type: pb.QuestionType_QUESTION_TYPE_SCALE, ScaleMin: 1, ScaleMax: 10, MinLabel: "Not at all", MaxLabel: "Completely"},
	})); err != nil {
		return err
	}
	if _, err := adm.CreateWave(ctx, connect.NewRequest(&pb.CreateWaveRequest{Name: "Bench", StartDate: "2026-11-23", WorkingDays: 5,
		Plan: []*pb.PlanItem{{Day: 0, QuestionKey: "recruit_confidence", Segment: "all"}}})); err != nil {
		return err
	}
	inv, err := adm.CreateInvites(ctx, connect.NewRequest(&pb.CreateInvitesRequest{}))
	if err != nil {
		return err
	}
	r.tokens = make([]string, len(inv.Msg.Invites))
	return r.parallel(len(inv.Msg.Invites), func(i int) error {
		anon := panelpulsev1connect.NewPanellistServiceClient(r.http, r.url)
		e, err := anon.Enrol(ctx, connect.NewRequest(&pb.EnrolRequest{Tenant: "bench", InviteCode: inv.Msg.Invites[i].Code, ConsentVersion: "bench"}))
		if err != nil {
			return err
		}
		r.tokens[i] = e.Msg.SessionToken
		return nil
	})
}

// openAssignments reads every panellist's open question through GetToday.
func (r *rig) openAssignments(ctx context.Context) error {
	r.assignments = make([]int64, len(r.tokens))
	return r.parallel(len(r.tokens), func(i int) error {
		c := panelpulsev1connect.NewPanellistServiceClient(r.http, r.url, bearer(r.tokens[i]))
		t, err := c.GetToday(ctx, connect.NewRequest(&pb.GetTodayRequest{}))
		if err != nil {
			return err
		}
		if len(t.Msg.Assignments) != 1 {
			return fmt.Errorf("panellist %d has %d open assignments, want 1", i, len(t.Msg.Assignments))
		}
		r.assignments[i] = t.Msg.Assignments[0].Id
		return nil
	})
}

// parallel runs fn(0..n-1) on 16 goroutines and returns the first error.
func (r *rig) parallel(n int, fn func(i int) error) error {
	var wg sync.WaitGroup
	var once sync.Once
	var first error
	next := make(chan int)
	for range 16 {
		wg.Go(func() {
			for i := range next {
				if err := fn(i); err != nil {
					once.Do(func() { first = err })
				}
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	return first
}

func bearer(token string) connect.ClientOption {
	return connect.WithInterceptors(connect.UnaryInterceptorFunc(func(next connect.UnaryFunc) connect.UnaryFunc {
		return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
			req.Header().Set("Authorization", "Bearer "+token)
			return next(ctx, req)
		}
	}))
}
