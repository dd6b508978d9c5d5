package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"time"

	"connectrpc.com/connect"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1/panelpulsev1connect"
	"github.com/panelpulse/panelpulse/internal/auth"
	"github.com/panelpulse/panelpulse/internal/fakefcm"
	"github.com/panelpulse/panelpulse/internal/loopback"
	"github.com/panelpulse/panelpulse/internal/pgcluster"
	"github.com/panelpulse/panelpulse/internal/tenant"
)

// monday is the wave's first day, Monday 23 November 2026 in London; the
// clock starts at 06:00 of it.
var (
	london = mustZone("Europe/London")
	monday = time.Date(2026, 11, 23, 0, 0, 0, 0, london)
)

func mustZone(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return l
}

// phone is one enrolled panellist's app.
type phone struct {
	client panelpulsev1connect.PanellistServiceClient
	// answers says whether the panellist answers on a day, and delay how
	// long after the day's first push.
	answers []bool
	delay   []time.Duration
}

// rig is the private cluster, the in-process server and the panel.
type rig struct {
	cfg    Config
	env    *pgcluster.Env
	proc   *loopback.Process
	http   *http.Client
	phones []*phone
	byTok  map[string]int
	setup  time.Duration

	mu     sync.Mutex
	pushed []pushed // first pushes received since the last look
}

// pushed is a push the fake FCM accepted for a phone.
type pushed struct {
	phone int
	at    time.Time
}

func newRig(ctx context.Context, cfg Config) (_ *rig, err error) {
	t0 := time.Now()
	r := &rig{cfg: cfg, byTok: map[string]int{}}
	defer func() {
		if err != nil {
			r.close()
		}
	}()
	// Durable settings (fsync on): the figures are what a real server does.
	if r.env, err = pgcluster.Open(ctx, pgcluster.EnvOptions{Dir: cfg.Dir, Database: "national", MaxConns: 40}); err != nil {
		return nil, err
	}
	onPush := fakefcm.WithOnMessage(func(m fakefcm.Message) {
		r.mu.Lock()
		if i, ok := r.byTok[m.Token]; ok {
			r.pushed = append(r.pushed, pushed{phone: i, at: m.Received})
		}
		r.mu.Unlock()
	})
	if r.proc, err = loopback.Start(ctx, r.env.Store, monday.Add(6*time.Hour), loopback.WithFCM(onPush, fakefcm.WithoutRecording())); err != nil {
		return nil, err
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConns, tr.MaxIdleConnsPerHost = 256, 256
	r.http = &http.Client{Transport: tr}
	rng := rand.New(rand.NewPCG(1, 2))
	for ti := range cfg.Tenants {
		if err := r.programme(ctx, ti, rng); err != nil {
			return nil, fmt.Errorf("programme %d: %w", ti, err)
		}
	}
	r.setup = time.Since(t0)
	return r, nil
}

// programme makes one region: its panel imported through the admin API,
// two questions, a five-day wave asking both every day, and every
// panellist enrolled with a phone over HTTP.
func (r *rig) programme(ctx context.Context, ti int, rng *rand.Rand) error {
	slug := fmt.Sprintf("region%02d", ti)
	tn, err := tenant.Create(ctx, r.env.Store, tenant.Settings{Slug: slug, Name: "Region " + slug, TimeZone: "Europe/London"})
	if err != nil {
		return err
	}
	key, err := tenant.IssueKey(ctx, r.env.Store, tn.ID, auth.RoleAdmin, "benchnational")
	if err != nil {
		return err
	}
	adm := panelpulsev1connect.NewAdminServiceClient(r.http, r.proc.URL, loopback.Bearer(key))
	if _, err := adm.SetSectorMap(ctx, connect.NewRequest(&pb.SetSectorMapRequest{Rules: []*pb.SectorRule{
		{SicPrefix: "28", Sector: "Advanced Manufacturing"}, {SicPrefix: "49", Sector: "Logistics"}, {SicPrefix: "93", Sector: "Sports and Leisure"},
	}})); err != nil {
		return err
	}
	sics := []string{"28110", "49410", "93110"}
	bcsv := []string{"ref,name,sic,employees,district"}
	pcsv := []string{"ref,business_ref,name,email,role,delivery_time"}
	for i := range r.cfg.Panellists {
		// Most panellists take their questions at 09:00, the rest spread
		// over the morning.
		at := "09:00"
		if i%10 >= 7 {
			at = fmt.Sprintf("%02d:%02d", 8+i%3, (i*7)%60)
		}
		bcsv = append(bcsv, fmt.Sprintf("B%d,Business %d,%s,%d,District %d", i, i, sics[i%3], 2+i%400, i%9))
		pcsv = append(pcsv, fmt.Sprintf("P%d,B%d,Person %d,p%d@example.org,HR manager,%s", i, i, i, i, at))
	}
	if _, err := adm.ImportBusinesses(ctx, connect.NewRequest(&pb.ImportBusinessesRequest{Csv: strings.Join(bcsv, "\n")})); err != nil {
		return err
	}
	if _, err := adm.ImportPanellists(ctx, connect.NewRequest(&pb.ImportPanellistsRequest{Csv: strings.Join(pcsv, "\n")})); err != nil {
		return err
	}
	for _, q := range questions {
		if _, err := adm.CreateQuestion(ctx, connect.NewRequest(q)); err != nil {
			return err
		}
	}
	var plan []*pb.PlanItem
	for d := range int32(5) {
		for _, q := range questions {
			plan = append(plan, &pb.PlanItem{Day: d, QuestionKey: q.Key, Segment: "all"})
		}
	}
	if _, err := adm.CreateWave(ctx, connect.NewRequest(&pb.CreateWaveRequest{Name: "National bench", StartDate: monday.Format("2006-01-02"), WorkingDays: 5, Plan: plan})); err != nil {
		return err
	}
	inv, err := adm.CreateInvites(ctx, connect.NewRequest(&pb.CreateInvitesRequest{}))
	if err != nil {
		return err
	}
	base := len(r.phones)
	for range inv.Msg.Invites {
		p := &phone{answers: make([]bool, 5), delay: make([]time.Duration, 5)}
		for d := range 5 {
			p.answers[d] = rng.Float64() < r.cfg.AnswerShare
			p.delay[d] = answerDelay(rng)
		}
		r.phones = append(r.phones, p)
	}
	r.mu.Lock()
	for i, in := range inv.Msg.Invites {
		r.byTok[fmt.Sprintf("tok-%s-%s", slug, in.PanellistRef)] = base + i
	}
	r.mu.Unlock()
	return parallel(len(inv.Msg.Invites), func(i int) error {
		in := inv.Msg.Invites[i]
		anon := panelpulsev1connect.NewPanellistServiceClient(r.http, r.proc.URL)
		e, err := anon.Enrol(ctx, connect.NewRequest(&pb.EnrolRequest{Tenant: slug, InviteCode: in.Code, ConsentVersion: "bench"}))
		if err != nil {
			return err
		}
		c := panelpulsev1connect.NewPanellistServiceClient(r.http, r.proc.URL, loopback.Bearer(e.Msg.SessionToken))
		if _, err := c.RegisterDevice(ctx, connect.NewRequest(&pb.RegisterDeviceRequest{
			FcmToken: fmt.Sprintf("tok-%s-%s", slug, in.PanellistRef), Platform: pb.Platform_PLATFORM_ANDROID, AppVersion: "1.0",
		})); err != nil {
			return err
		}
		r.phones[base+i].client = c
		return nil
	})
}

// answerDelay is how long after the push a panellist answers: half within
// five minutes, most of the rest within the hour, some in the afternoon.
func answerDelay(rng *rand.Rand) time.Duration {
	switch u := rng.Float64(); {
	case u < 0.5:
		return time.Duration(rng.Int64N(int64(5 * time.Minute)))
	case u < 0.85:
		return 5*time.Minute + time.Duration(rng.Int64N(int64(55*time.Minute)))
	default:
		return time.Hour + time.Duration(rng.Int64N(int64(6*time.Hour)))
	}
}

var questions = []*pb.CreateQuestionRequest{
	{
		Key: "recruit_confidence", Theme: pb.Theme_THEME_RECRUITMENT_CONFIDENCE, Title: "Recruitment confidence",
		Wording: "How confident are you of recruiting the skills you need in the next 12 months?",
		Spec:    &pb.QuestionSpec{Type: pb.QuestionType_QUESTION_TYPE_SCALE, ScaleMin: 1, ScaleMax: 10, MinLabel: "Not at all", MaxLabel: "Completely"},
	},
	{
		Key: "training_plans", Theme: pb.Theme_THEME_TRAINING_INVESTMENT, Title: "Training plans",
		Wording: "Will you spend more, the same or less on training next year?",
		Spec: &pb.QuestionSpec{Type: pb.QuestionType_QUESTION_TYPE_SINGLE_CHOICE, Options: []*pb.Option{
			{Code: 1, Label: "More"}, {Code: 2, Label: "The same"}, {Code: 3, Label: "Less"},
		}},
	},
}

func (r *rig) close() {
	if r.proc != nil {
		r.proc.Close()
	}
	if r.env != nil {
		_ = r.env.Close()
	}
}

// dbSize is the database's size in bytes.
func (r *rig) dbSize(ctx context.Context) (int64, error) {
	var n int64
	err := r.env.Store.Pool.QueryRow(ctx, `SELECT pg_database_size(current_database())`).Scan(&n)
	return n, err
}

// parallel runs fn(0..n-1) on 32 goroutines and returns the first error.
func parallel(n int, fn func(i int) error) error {
	var wg sync.WaitGroup
	var once sync.Once
	var first error
	next := make(chan int)
	for range 32 {
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
