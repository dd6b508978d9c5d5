package server_test

import (
	"context"
	"testing"

	"connectrpc.com/connect"
	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/testing/protocmp"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/internal/apptest"
)

// TestProgrammeHomeCoverage: the panel per sector x size band beside the
// frame, with each frame stratum's proportional target and shortfall; a
// stratum of the frame without panel businesses and one of the panel
// outside the frame both appear. Only admins may read it.
func TestProgrammeHomeCoverage(t *testing.T) {
	t.Parallel()
	p, k := setup(t, "home")
	ctx := context.Background()
	adm := apptest.As(p, k.admin).Admin
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	_, err := adm.SetSectorMap(ctx, connect.NewRequest(&pb.SetSectorMapRequest{Rules: []*pb.SectorRule{
		{SicPrefix: "10", Sector: "Food"}, {SicPrefix: "49", Sector: "Transport"}, {SicPrefix: "86", Sector: "Health"},
	}}))
	must(err)
	res, err := adm.ImportBusinesses(ctx, connect.NewRequest(&pb.ImportBusinessesRequest{Csv: "ref,name,sic,employees,district\n" +
		"F1,F1,10110,5,Leicester\nF2,F2,10120,6,Leicester\nF3,F3,10130,7,Leicester\nF4,F4,10110,20,Leicester\n" +
		"T1,T1,49410,3,Leicester\nH1,H1,86101,300,Leicester\n"}))
	must(err)
	if len(res.Msg.Problems) > 0 {
		t.Fatal(res.Msg.Problems)
	}
	pres, err := adm.ImportPanellists(ctx, connect.NewRequest(&pb.ImportPanellistsRequest{Csv: "ref,business_ref,name,email,role,time_zone,delivery_time\n" +
		"p1,F1,A,a@x.example,owner,Europe/London,09:00\np2,F2,B,b@x.example,owner,Europe/London,09:00\n" +
		"p3,F3,C,c@x.example,owner,Europe/London,09:00\np4,F4,D,d@x.example,owner,Europe/London,09:00\n" +
		"p5,F4,E,e@x.example,hr,Europe/London,09:00\np6,T1,F,f@x.example,owner,Europe/London,09:00\n" +
		"p7,H1,G,g@x.example,owner,Europe/London,09:00\n"}))
	must(err)
	if len(pres.Msg.Problems) > 0 {
		t.Fatal(pres.Msg.Problems)
	}
	fres, err := adm.ImportPopulationFrame(ctx, connect.NewRequest(&pb.ImportPopulationFrameRequest{Csv: "sector,size_band,businesses\n" +
		"Food,micro,100\nFood,small,100\nTransport,micro,200\nTransport,large,100\n"}))
	must(err)
	if len(fres.Msg.Problems) > 0 {
		t.Fatal(fres.Msg.Problems)
	}

	home, err := adm.GetProgrammeHome(ctx, connect.NewRequest(&pb.GetProgrammeHomeRequest{}))
	must(err)
	// Panel businesses in frame strata: 3 + 1 + 1 = 5 of a frame of 500.
	want := &pb.GetProgrammeHomeResponse{
		TenantName: "Programme home", FrameImported: true,
		Coverage: []*pb.CoverageStratum{
			{Sector: "Food", SizeBand: "micro", PanelBusinesses: 3, FrameBusinesses: 100, InFrame: true, TargetBusinesses: 1},
			{Sector: "Food", SizeBand: "small", PanelBusinesses: 1, FrameBusinesses: 100, InFrame: true, TargetBusinesses: 1},
			{Sector: "Health", SizeBand: "large", PanelBusinesses: 1},
			{Sector: "Transport", SizeBand: "large", FrameBusinesses: 100, InFrame: true, TargetBusinesses: 1, Shortfall: 1},
			{Sector: "Transport", SizeBand: "micro", PanelBusinesses: 1, FrameBusinesses: 200, InFrame: true, TargetBusinesses: 2, Shortfall: 1},
		},
		Today: &pb.DayCounts{Day: "2026-11-25", Counts: &pb.Counts{}},
	}
	if diff := cmp.Diff(want, home.Msg, protocmp.Transform()); diff != "" {
		t.Fatalf("GetProgrammeHome (-want +got):\n%s", diff)
	}
	analyst := apptest.As(p, k.analyst).Admin
	if _, err := analyst.GetProgrammeHome(ctx, connect.NewRequest(&pb.GetProgrammeHomeRequest{})); connect.CodeOf(err) != connect.CodePermissionDenied {
		t.Fatalf("an analyst reading the programme home: %v, want PermissionDenied", err)
	}
}
