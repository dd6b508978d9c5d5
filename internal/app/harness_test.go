package app_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1/panelpulsev1connect"
	"github.com/panelpulse/panelpulse/internal/app"
	"github.com/panelpulse/panelpulse/internal/apptest"
	"github.com/panelpulse/panelpulse/internal/auth"
	"github.com/panelpulse/panelpulse/internal/clock"
	"github.com/panelpulse/panelpulse/internal/fakefcm"
	"github.com/panelpulse/panelpulse/internal/pgtest"
	"github.com/panelpulse/panelpulse/internal/store"
	"github.com/panelpulse/panelpulse/internal/tenant"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// harness is one PanelPulse process on a real database, a fake FCM server
// and a fake clock, reached over HTTP with the generated Connect clients.
type harness struct {
	t     *testing.T
	ctx   context.Context
	st    *store.Store
	clock *clock.Fake
	fcm   *fakefcm.Server
	app   *app.App
	url   string
	proc  *apptest.Process
	// tokens are the session tokens panel enrolled, by business ref.
	tokens map[string]string
}

func newHarness(t *testing.T, start time.Time) *harness {
	t.Helper()
	return harnessOf(t, apptest.Start(t, start))
}

// harnessOf is the harness of a process already started.
func harnessOf(t *testing.T, p *apptest.Process) *harness {
	return &harness{t: t, ctx: context.Background(), st: p.Store, clock: p.Clock, fcm: p.FCM, app: p.App, url: p.URL, proc: p, tokens: map[string]string{}}
}

// programme is a tenant with its staff clients.
type programme struct {
	slug        string
	id          int64
	admin       panelpulsev1connect.AdminServiceClient
	observatory panelpulsev1connect.ObservatoryServiceClient
	adminKey    string
	analystKey  string
}

func (h *harness) programme(slug string) *programme {
	h.t.Helper()
	tn, err := tenant.Create(h.ctx, h.st, tenant.Settings{Slug: slug, Name: "Programme " + slug})
	if err != nil {
		h.t.Fatal(err)
	}
	p := &programme{slug: slug, id: tn.ID}
	if p.adminKey, err = tenant.IssueKey(h.ctx, h.st, tn.ID, auth.RoleAdmin, "test"); err != nil {
		h.t.Fatal(err)
	}
	if p.analystKey, err = tenant.IssueKey(h.ctx, h.st, tn.ID, auth.RoleAnalyst, "test"); err != nil {
		h.t.Fatal(err)
	}
	p.admin = h.adminAs(p.adminKey)
	p.observatory = h.observatoryAs(p.analystKey)
	return p
}

// facilitator is a RoundtableService client with a facilitator key of p.
func (h *harness) facilitator(p *programme) panelpulsev1connect.RoundtableServiceClient {
	h.t.Helper()
	key, err := tenant.IssueKey(h.ctx, h.st, p.id, auth.RoleFacilitator, "roundtable")
	must(h.t, err)
	return h.roundtableAs(key)
}

func (h *harness) panellist(token string) panelpulsev1connect.PanellistServiceClient {
	return apptest.As(h.proc, token).Panellist
}

// panel imports businesses "ref,sic,employees" (one panellist each, named
// after the business), a scale question and a one-week wave from start,
// and enrols every panellist with a device token "tok-REF".
func (h *harness) panel(p *programme, start string, businesses []string) map[string]panelpulsev1connect.PanellistServiceClient {
	h.t.Helper()
	ctx := h.ctx
	must(h.t, call(p.admin.SetSectorMap(ctx, connect.NewRequest(&pb.SetSectorMapRequest{Rules: []*pb.SectorRule{
		{SicPrefix: "28", Sector: "Advanced Manufacturing"}, {SicPrefix: "49", Sector: "Logistics"}, {SicPrefix: "93", Sector: "Sports and Leisure"},
	}}))))
	bcsv := []string{"ref,name,sic,employees,district"}
	pcsv := []string{"ref,business_ref,name,email,role,delivery_time"}
	for _, b := range businesses {
		f := strings.Split(b, ",")
		bcsv = append(bcsv, fmt.Sprintf("%s,Business %s,%s,%s,Leicester", f[0], f[0], f[1], f[2]))
		pcsv = append(pcsv, fmt.Sprintf("P%s,%s,Person %s,p%s@example.org,HR manager,09:00", f[0], f[0], f[0], f[0]))
	}
	ib, err := p.admin.ImportBusinesses(ctx, connect.NewRequest(&pb.ImportBusinessesRequest{Csv: strings.Join(bcsv, "\n")}))
	must(h.t, err)
	if len(ib.Msg.Problems) > 0 || int(ib.Msg.Imported) != len(businesses) {
		h.t.Fatalf("import businesses: %v", ib.Msg)
	}
	ip, err := p.admin.ImportPanellists(ctx, connect.NewRequest(&pb.ImportPanellistsRequest{Csv: strings.Join(pcsv, "\n")}))
	must(h.t, err)
	if len(ip.Msg.Problems) > 0 || int(ip.Msg.Imported) != len(businesses) {
		h.t.Fatalf("import panellists: %v", ip.Msg)
	}
	_, err = p.admin.CreateQuestion(ctx, connect.NewRequest(&pb.CreateQuestionRequest{
		Key: "recruit_confidence", Theme: pb.Theme_THEME_RECRUITMENT_CONFIDENCE, Title: "Recruitment confidence",
		Wording: "How confident are you of recruiting the skills you need in the next 12 months?",
		Spec:    &pb.QuestionSpec{Type: pb.QuestionType_QUESTION_TYPE_SCALE, ScaleMin: 1, ScaleMax: 10, MinLabel: "Not at all", MaxLabel: "Completely"},
	}))
	must(h.t, err)
	_, err = p.admin.CreateWave(ctx, connect.NewRequest(&pb.CreateWaveRequest{
		Name: "Wave 1", StartDate: start, WorkingDays: 5,
		Plan: []*pb.PlanItem{{Day: 0, QuestionKey: "recruit_confidence", Segment: "all"}},
	}))
	must(h.t, err)
	inv, err := p.admin.CreateInvites(ctx, connect.NewRequest(&pb.CreateInvitesRequest{}))
	must(h.t, err)
	if len(inv.Msg.Invites) != len(businesses) {
		h.t.Fatalf("CreateInvites made %d invites, want %d", len(inv.Msg.Invites), len(businesses))
	}
	clients := map[string]panelpulsev1connect.PanellistServiceClient{}
	for _, i := range inv.Msg.Invites {
		anon := h.panellist("")
		e, err := anon.Enrol(ctx, connect.NewRequest(&pb.EnrolRequest{Tenant: p.slug, InviteCode: strings.ToLower(i.Code), ConsentVersion: "2026-1"}))
		must(h.t, err)
		c := h.panellist(e.Msg.SessionToken)
		_, err = c.RegisterDevice(ctx, connect.NewRequest(&pb.RegisterDeviceRequest{FcmToken: "tok-" + i.PanellistRef, Platform: pb.Platform_PLATFORM_ANDROID, AppVersion: "1.0"}))
		must(h.t, err)
		clients[strings.TrimPrefix(i.PanellistRef, "P")] = c
		h.tokens[strings.TrimPrefix(i.PanellistRef, "P")] = e.Msg.SessionToken
	}
	return clients
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// call drops the response of an RPC, keeping its error.
func call[T any](_ T, err error) error { return err }

func wantCode(t *testing.T, err error, code connect.Code, what string) {
	t.Helper()
	if connect.CodeOf(err) != code {
		t.Fatalf("%s: got %v, want code %v", what, err, code)
	}
}

func (h *harness) adminAs(token string) panelpulsev1connect.AdminServiceClient {
	return apptest.As(h.proc, token).Admin
}

func (h *harness) observatoryAs(token string) panelpulsev1connect.ObservatoryServiceClient {
	return apptest.As(h.proc, token).Observatory
}

func (h *harness) roundtableAs(token string) panelpulsev1connect.RoundtableServiceClient {
	return apptest.As(h.proc, token).Roundtable
}

func itoa(n int64) string { return fmt.Sprint(n) }
