package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"connectrpc.com/connect"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1/panelpulsev1connect"
	"github.com/panelpulse/panelpulse/internal/auth"
	"github.com/panelpulse/panelpulse/internal/loopback"
	"github.com/panelpulse/panelpulse/internal/pgcluster"
	"github.com/panelpulse/panelpulse/internal/store"
	"github.com/panelpulse/panelpulse/internal/tenant"
)

// opensAt is when the fixture's questions open: Monday 23 November 2026,
// 09:00 in London. The server's clock stands an hour later.
var opensAt = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

// rig is the private cluster, the in-process server and the fixture.
type rig struct {
	cfg  Config
	env  *pgcluster.Env
	st   *store.Store
	proc *loopback.Process
	url  string
	http *http.Client
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
	// Durable settings (fsync on): the figure is what a real server does.
	if r.env, err = pgcluster.Open(ctx, pgcluster.EnvOptions{MaxConns: int32(cfg.MaxConns)}); err != nil {
		return nil, err
	}
	r.st = r.env.Store
	if r.proc, err = loopback.Start(ctx, r.st, opensAt.Add(-2*time.Hour)); err != nil {
		return nil, err
	}
	r.url = r.proc.URL
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConns, tr.MaxIdleConnsPerHost = 4*cfg.Clients, 4*cfg.Clients
	r.http = &http.Client{Transport: tr}
	if err := r.fixture(ctx); err != nil {
		return nil, fmt.Errorf("fixture: %w", err)
	}
	if err := r.proc.App.Planner.Tick(ctx); err != nil {
		return nil, err
	}
	r.proc.Clock.Set(opensAt.Add(time.Hour))
	return r, r.openAssignments(ctx)
}

func (r *rig) close() {
	if r.proc != nil {
		r.proc.Close()
	}
	if r.env != nil {
		_ = r.env.Close()
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
	adm := panelpulsev1connect.NewAdminServiceClient(r.http, r.url, loopback.Bearer(key))
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
		Plan: []*pb.PlanItem{{Day: 0, QuestionKey: "recruit_confidence"}}})); err != nil {
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
		c := panelpulsev1connect.NewPanellistServiceClient(r.http, r.url, loopback.Bearer(r.tokens[i]))
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
