package rpc_test

import (
	"context"
	"io"
	"os"
	"testing"
	"time"

	"connectrpc.com/connect"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1/panelpulsev1connect"
	"github.com/panelpulse/panelpulse/internal/answer"
	"github.com/panelpulse/panelpulse/internal/apptest"
	"github.com/panelpulse/panelpulse/internal/auth"
	"github.com/panelpulse/panelpulse/internal/bank"
	"github.com/panelpulse/panelpulse/internal/loopback"
	"github.com/panelpulse/panelpulse/internal/observatory/synth"
	"github.com/panelpulse/panelpulse/internal/pgtest"
	"github.com/panelpulse/panelpulse/internal/store"
	"github.com/panelpulse/panelpulse/internal/tenant"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// observatoryServer starts one process of the product over a fresh
// database, with the fake FCM behind the real SDK.
func observatoryServer(t *testing.T) (*store.Store, *apptest.Process) {
	t.Helper()
	return observatoryServerLog(t, io.Discard)
}

// observatoryServerLog is observatoryServer logging to w.
func observatoryServerLog(t *testing.T, w io.Writer) (*store.Store, *apptest.Process) {
	t.Helper()
	p := apptest.Start(t, time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC), loopback.WithLog(w))
	return p.Store, p
}

// programme is one programme on a process of its own, with its staff
// clients.
type programme struct {
	st       *store.Store
	srv      *apptest.Process
	id       int64
	adminKey string
	admin    panelpulsev1connect.AdminServiceClient
	obs      panelpulsev1connect.ObservatoryServiceClient
}

// newProgramme starts a process over a fresh database with one programme
// and an admin and an analyst key of it.
func newProgramme(t *testing.T, slug, name string) programme {
	t.Helper()
	ctx := context.Background()
	st, srv := observatoryServer(t)
	tn, err := tenant.Create(ctx, st, tenant.Settings{Slug: slug, Name: name})
	if err != nil {
		t.Fatal(err)
	}
	adminKey, _ := tenant.IssueKey(ctx, st, tn.ID, auth.RoleAdmin, "t")
	analystKey, _ := tenant.IssueKey(ctx, st, tn.ID, auth.RoleAnalyst, "t")
	return programme{st: st, srv: srv, id: tn.ID, adminKey: adminKey,
		admin: apptest.As(srv, adminKey).Admin, obs: apptest.As(srv, analystKey).Observatory}
}

// adminClient is the AdminService client of a new programme.
func adminClient(t *testing.T, slug, name string) panelpulsev1connect.AdminServiceClient {
	t.Helper()
	return newProgramme(t, slug, name).admin
}

// TestObservatoryOverConnect drives the population frame import, a weighted
// trend and both streaming exports through real Connect clients.
func TestObservatoryOverConnect(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	p := newProgramme(t, "rpc", "RPC")
	st, srv, adminKey, adm, obs := p.st, p.srv, p.adminKey, p.admin, p.obs
	panel, err := synth.Load(ctx, st, p.id, synth.Config{Seed: 3, Businesses: 60, MaxPeople: 2, Days: 4,
		Sectors: []string{"Manufacturing", "Logistics"}, Districts: []string{"Leicester"},
		Start: time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC), AnswerRate: 0.9, ReviseRate: 0.1,
		Questions: []bank.Input{{Key: "confidence", Theme: "skills", Title: "Confidence", Wording: "How confident?",
			Spec: answer.Spec{Type: answer.TypeScale, ScaleMin: 1, ScaleMax: 10, MinLabel: "Low", MaxLabel: "High"}}}})
	if err != nil {
		t.Fatal(err)
	}

	bad, err := adm.ImportPopulationFrame(ctx, connect.NewRequest(&pb.ImportPopulationFrameRequest{Csv: "sector,size_band,businesses\nLogistics,huge,3"}))
	if err != nil || len(bad.Msg.Problems) != 1 || bad.Msg.Imported != 0 {
		t.Fatalf("a frame with an unknown size band: %v, %v; want one problem and nothing imported", bad, err)
	}
	frame := "sector,size_band,businesses\n"
	for _, s := range []string{"Manufacturing", "Logistics"} {
		for i, b := range []string{"micro", "small", "medium", "large"} {
			frame += s + "," + b + "," + []string{"400", "120", "30", "6"}[i] + "\n"
		}
	}
	ok, err := adm.ImportPopulationFrame(ctx, connect.NewRequest(&pb.ImportPopulationFrameRequest{Csv: frame}))
	if err != nil || ok.Msg.Imported != 8 {
		t.Fatalf("ImportPopulationFrame: %v, %v; want 8 strata", ok, err)
	}
	tr, err := obs.GetTrend(ctx, connect.NewRequest(&pb.GetTrendRequest{QuestionKey: "confidence", Period: pb.Period_PERIOD_WAVE,
		Dimension: pb.Dimension_DIMENSION_SECTOR, Weighted: true}))
	if err != nil {
		t.Fatal(err)
	}
	if !tr.Msg.Weighted || len(tr.Msg.Cells) != 2 {
		t.Fatalf("weighted trend: weighted=%v note=%q, %d cells; want weighted with 2 sectors", tr.Msg.Weighted, tr.Msg.WeightNote, len(tr.Msg.Cells))
	}
	for _, c := range tr.Msg.Cells {
		if c.Suppressed || c.Mean == nil || !(c.NEff > 0 && c.NEff < float64(c.Respondents)) {
			t.Fatalf("cell %s: mean %v n_eff %v of %d; want a weighted mean with n_eff below n", c.Segment, c.Mean, c.NEff, c.Respondents)
		}
	}
	if _, err := apptest.As(srv, adminKey).Observatory.
		GetTrend(ctx, connect.NewRequest(&pb.GetTrendRequest{QuestionKey: "confidence"})); connect.CodeOf(err) != connect.CodePermissionDenied {
		t.Fatalf("an admin key on the observatory: %v, want PermissionDenied", err)
	}

	stream, err := obs.ExportMicrodata(ctx, connect.NewRequest(&pb.ExportMicrodataRequest{QuestionKey: "confidence"}))
	if err != nil {
		t.Fatal(err)
	}
	rows := 0
	for stream.Receive() {
		for _, r := range stream.Msg().Rows {
			if r.Respondent == "" || r.QuestionKey != "confidence" || r.Sector == "" {
				t.Fatalf("row %v lacks its pseudonym, key or sector", r)
			}
			// The business is the unit: its pseudonym, stratum and weight
			// (the programme has a frame) come with every row.
			if r.Business == "" || r.Business == r.Respondent || r.Stratum != r.Sector+" / "+r.SizeBand || r.Weight == nil || *r.Weight <= 0 {
				t.Fatalf("row %v lacks its business, stratum or weight", r)
			}
			rows++
		}
	}
	if err := stream.Err(); err != nil || int64(rows) != panel.Answers {
		t.Fatalf("ExportMicrodata streamed %d rows (err %v), want the %d latest answers", rows, err, panel.Answers)
	}
	ts, err := obs.ExportTrend(ctx, connect.NewRequest(&pb.ExportTrendRequest{Trend: &pb.GetTrendRequest{QuestionKey: "confidence", Period: pb.Period_PERIOD_DAY}}))
	if err != nil {
		t.Fatal(err)
	}
	means := 0
	for ts.Receive() {
		for _, r := range ts.Msg().Rows {
			if r.Statistic == "mean" && r.Value != nil {
				means++
			}
		}
	}
	if ts.Err() != nil || means != 4 {
		t.Fatalf("ExportTrend: %d mean rows (err %v), want one per day", means, ts.Err())
	}
}

// TestMatrixRowsByRoleOverConnect: a matrix question's rows carry their own
// statistics, split by the respondents' role, through GetTrend and the
// tidy ExportTrend.
func TestMatrixRowsByRoleOverConnect(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	p := newProgramme(t, "matrix", "Matrix")
	rows := []answer.Option{{Code: 1, Label: "Knowledge"}, {Code: 2, Label: "Skills"}, {Code: 3, Label: "Behaviours"}}
	if _, err := synth.Load(ctx, p.st, p.id, synth.Config{Seed: 5, Businesses: 80, MaxPeople: 2, Days: 2,
		Sectors: []string{"Manufacturing", "Logistics"}, Districts: []string{"Leicester"}, Roles: []string{"Owner", "HR manager"},
		Start: time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC), AnswerRate: 0.9,
		Questions: []bank.Input{{Key: "ksb", Theme: "skills", Title: "KSB", Wording: "How well do recruits meet your needs?",
			Spec: answer.Spec{Type: answer.TypeMatrix, ScaleMin: 1, ScaleMax: 5, MinLabel: "Poorly", MaxLabel: "Fully", Rows: rows}}}}); err != nil {
		t.Fatal(err)
	}
	obs := p.obs
	tr, err := obs.GetTrend(ctx, connect.NewRequest(&pb.GetTrendRequest{QuestionKey: "ksb", Period: pb.Period_PERIOD_WAVE,
		Dimension: pb.Dimension_DIMENSION_ROLE}))
	if err != nil {
		t.Fatal(err)
	}
	segments := map[string]bool{}
	for _, c := range tr.Msg.Cells {
		segments[c.Segment] = true
		if c.Suppressed || len(c.Rows) != 3 {
			t.Fatalf("role %s: suppressed=%v with %d rows; want 3 shown rows", c.Segment, c.Suppressed, len(c.Rows))
		}
		for i, r := range c.Rows {
			if r.Code != rows[i].Code || r.Label != rows[i].Label || r.Mean == nil || *r.Mean < 1 || *r.Mean > 5 ||
				r.CiLow == nil || r.Median == nil || r.Respondents != c.Respondents {
				t.Fatalf("role %s row %d: %v; want the row's mean within 1..5 with its interval and median, rated by every business", c.Segment, i, r)
			}
		}
	}
	if !segments["Owner"] || !segments["HR manager"] || len(segments) != 2 {
		t.Fatalf("role segments %v, want Owner and HR manager", segments)
	}
	ts, err := obs.ExportTrend(ctx, connect.NewRequest(&pb.ExportTrendRequest{Trend: &pb.GetTrendRequest{QuestionKey: "ksb",
		Period: pb.Period_PERIOD_DAY, Dimension: pb.Dimension_DIMENSION_SECTOR_ROLE}}))
	if err != nil {
		t.Fatal(err)
	}
	rowMeans := 0
	for ts.Receive() {
		for _, r := range ts.Msg().Rows {
			if r.Statistic == "row_3_mean" && r.Value != nil && r.Dimension == "sector_role" {
				rowMeans++
			}
		}
	}
	// 2 days x 2 sectors x 2 roles, each large enough to show.
	if ts.Err() != nil || rowMeans != 8 {
		t.Fatalf("ExportTrend: %d row_3_mean values (err %v), want 8", rowMeans, ts.Err())
	}
}

// staffKeys creates a tenant and one staff key for each role.
func staffKeys(t *testing.T, st *store.Store, slug string, roles ...auth.Role) (int64, map[auth.Role]string) {
	t.Helper()
	ctx := context.Background()
	tn, err := tenant.Create(ctx, st, tenant.Settings{Slug: slug, Name: slug})
	if err != nil {
		t.Fatal(err)
	}
	keys := map[auth.Role]string{}
	for _, r := range roles {
		if keys[r], err = tenant.IssueKey(ctx, st, tn.ID, r, "t"); err != nil {
			t.Fatal(err)
		}
	}
	return tn.ID, keys
}
