package panel_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/timestamppb"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1/panelpulsev1connect"
	"github.com/panelpulse/panelpulse/internal/app"
	"github.com/panelpulse/panelpulse/internal/apptest"
	"github.com/panelpulse/panelpulse/internal/auth"
	"github.com/panelpulse/panelpulse/internal/clock"
	"github.com/panelpulse/panelpulse/internal/pgtest"
	"github.com/panelpulse/panelpulse/internal/store"
	"github.com/panelpulse/panelpulse/internal/tenant"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

var london = func() *time.Location {
	l, err := time.LoadLocation("Europe/London")
	if err != nil {
		panic(err)
	}
	return l
}()

// monday9 is Monday 23 November 2026, 09:00 in London, when the first
// day's questions open; they close at the end of Tuesday.
var monday9 = time.Date(2026, 11, 23, 9, 0, 0, 0, london)

// env is one PanelPulse process on its own database with one programme
// whose panellists are reached over HTTP with real Connect clients.
type env struct {
	t        *testing.T
	ctx      context.Context
	st       *store.Store
	clock    *clock.Fake
	app      *app.App
	url      string
	tenantID int64
	admin    panelpulsev1connect.AdminServiceClient
	// people by business ref, with their panellist ids.
	people map[string]panelpulsev1connect.PanellistServiceClient
	ids    map[string]int64
}

// newEnv builds a programme with businesses "ref,sic,employees" (one
// panellist each) and the questions, all planned for the wave's first day,
// plans that day and sets the clock to 09:00 when the questions open.
func newEnv(t *testing.T, businesses []string, questions ...*pb.CreateQuestionRequest) *env {
	t.Helper()
	return newEnvDays(t, businesses, make([]int32, len(questions)), questions...)
}

// newEnvDays is newEnv with question i planned on working day days[i].
func newEnvDays(t *testing.T, businesses []string, days []int32, questions ...*pb.CreateQuestionRequest) *env {
	t.Helper()
	ctx := context.Background()
	p := apptest.Start(t, monday9.Add(-2*time.Hour))
	st, clk, a := p.Store, p.Clock, p.App
	e := &env{t: t, ctx: ctx, st: st, clock: clk, app: a, url: p.URL, people: map[string]panelpulsev1connect.PanellistServiceClient{}, ids: map[string]int64{}}
	tn, err := tenant.Create(ctx, st, tenant.Settings{Slug: "llr", Name: "LLR"})
	must(t, err)
	e.tenantID = tn.ID
	key, err := tenant.IssueKey(ctx, st, tn.ID, auth.RoleAdmin, "test")
	must(t, err)
	e.admin = panelpulsev1connect.NewAdminServiceClient(http.DefaultClient, p.URL, bearer(key))
	_, err = e.admin.SetSectorMap(ctx, connect.NewRequest(&pb.SetSectorMapRequest{Rules: []*pb.SectorRule{
		{SicPrefix: "28", Sector: "Advanced Manufacturing"}, {SicPrefix: "49", Sector: "Logistics"},
	}}))
	must(t, err)
	bcsv := []string{"ref,name,sic,employees,district"}
	pcsv := []string{"ref,business_ref,name,email,role,delivery_time"}
	for _, b := range businesses {
		f := strings.Split(b, ",")
		bcsv = append(bcsv, fmt.Sprintf("%s,Business %s,%s,%s,Leicester", f[0], f[0], f[1], f[2]))
		pcsv = append(pcsv, fmt.Sprintf("P%s,%s,Person %s,p%s@example.org,HR manager,09:00", f[0], f[0], f[0], f[0]))
	}
	_, err = e.admin.ImportBusinesses(ctx, connect.NewRequest(&pb.ImportBusinessesRequest{Csv: strings.Join(bcsv, "\n")}))
	must(t, err)
	_, err = e.admin.ImportPanellists(ctx, connect.NewRequest(&pb.ImportPanellistsRequest{Csv: strings.Join(pcsv, "\n")}))
	must(t, err)
	var plan []*pb.PlanItem
	for i, q := range questions {
		_, err := e.admin.CreateQuestion(ctx, connect.NewRequest(q))
		must(t, err)
		plan = append(plan, &pb.PlanItem{Day: days[i], QuestionKey: q.Key})
	}
	_, err = e.admin.CreateWave(ctx, connect.NewRequest(&pb.CreateWaveRequest{Name: "Wave 1", StartDate: "2026-11-23", WorkingDays: 5, Plan: plan}))
	must(t, err)
	inv, err := e.admin.CreateInvites(ctx, connect.NewRequest(&pb.CreateInvitesRequest{}))
	must(t, err)
	for _, i := range inv.Msg.Invites {
		anon := panelpulsev1connect.NewPanellistServiceClient(http.DefaultClient, p.URL)
		en, err := anon.Enrol(ctx, connect.NewRequest(&pb.EnrolRequest{Tenant: "llr", InviteCode: i.Code, ConsentVersion: "2026-1"}))
		must(t, err)
		ref := strings.TrimPrefix(i.PanellistRef, "P")
		e.people[ref] = e.client(en.Msg.SessionToken)
		e.ids[ref] = en.Msg.PanellistId
		_, err = e.people[ref].RegisterDevice(ctx, connect.NewRequest(&pb.RegisterDeviceRequest{FcmToken: "tok-" + ref, Platform: pb.Platform_PLATFORM_ANDROID}))
		must(t, err)
	}
	must(t, a.Planner.Tick(ctx))
	clk.Set(monday9)
	return e
}

func (e *env) client(token string) panelpulsev1connect.PanellistServiceClient {
	return panelpulsev1connect.NewPanellistServiceClient(http.DefaultClient, e.url, bearer(token))
}

// assignment returns ref's open assignment of question key.
func (e *env) assignment(ref, key string) *pb.Assignment {
	e.t.Helper()
	today, err := e.people[ref].GetToday(e.ctx, connect.NewRequest(&pb.GetTodayRequest{}))
	must(e.t, err)
	for _, a := range today.Msg.Assignments {
		if a.Question.Key == key {
			return a
		}
	}
	e.t.Fatalf("%s has no open assignment of %q (has %d)", ref, key, len(today.Msg.Assignments))
	return nil
}

func (e *env) submit(ref string, assignmentID int64, key string, v *pb.AnswerValue, at time.Time) (*pb.SubmitAnswerResponse, error) {
	res, err := e.people[ref].SubmitAnswer(e.ctx, connect.NewRequest(&pb.SubmitAnswerRequest{
		AssignmentId: assignmentID, IdempotencyKey: key, Value: v, AnsweredAt: timestamppb.New(at),
	}))
	if err != nil {
		return nil, err
	}
	return res.Msg, nil
}

func bearer(token string) connect.ClientOption { return apptest.Bearer(token) }

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func scale(n int32) *pb.AnswerValue { return &pb.AnswerValue{Scale: &n} }

var scaleQ = &pb.CreateQuestionRequest{
	Key: "recruit_confidence", Theme: pb.Theme_THEME_RECRUITMENT_CONFIDENCE, Title: "Recruitment confidence",
	Wording: "How confident are you of recruiting the skills you need in the next 12 months?",
	Spec:    &pb.QuestionSpec{Type: pb.QuestionType_QUESTION_TYPE_SCALE, ScaleMin: 1, ScaleMax: 10, MinLabel: "Not at all", MaxLabel: "Completely"},
}

var choiceQ = &pb.CreateQuestionRequest{
	Key: "who_pays", Theme: pb.Theme_THEME_TRAINING_INVESTMENT, Title: "Who should pay",
	Wording: "Who should pay for the rest of the training cost?",
	Spec: &pb.QuestionSpec{Type: pb.QuestionType_QUESTION_TYPE_MULTIPLE_CHOICE, MinSelections: 1, MaxSelections: 2, Options: []*pb.Option{
		{Code: 1, Label: "Employer"}, {Code: 2, Label: "Government"}, {Code: 3, Label: "Employee"}, {Code: 9, Label: "None of these", Exclusive: true},
	}},
}

// manufacturers are six businesses in one sector; logistics two in another.
var panelOf8 = []string{"M1,28110,12", "M2,28220,60", "M3,28990,3", "M4,28410,300", "M5,28130,20", "M6,28130,5", "L1,49410,40", "L2,49410,8"}
