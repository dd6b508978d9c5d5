package rpc_test

import (
	"context"
	"testing"

	"connectrpc.com/connect"
	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/testing/protocmp"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
)

// TestImportDryRun: a dry run answers each bad row's line, column and rule
// and each good business's sector under the sector map, and writes
// nothing; the same file committed is stored; panellists are checked
// against the stored businesses the same way.
func TestImportDryRun(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	adm := adminClient(t, "dryrun", "Dry run")
	if _, err := adm.SetSectorMap(ctx, connect.NewRequest(&pb.SetSectorMapRequest{Rules: []*pb.SectorRule{
		{SicPrefix: "28", Sector: "Advanced Manufacturing"}, {SicPrefix: "49", Sector: "Logistics"}}})); err != nil {
		t.Fatal(err)
	}
	bad := "ref,name,sic,employees,district\nB1,One,28110,12,Leicester\nB2,Two,4941,3,Leicester\nB3,,49410,3,Leicester\n"
	res, err := adm.ImportBusinesses(ctx, connect.NewRequest(&pb.ImportBusinessesRequest{Csv: bad, DryRun: true}))
	if err != nil {
		t.Fatal(err)
	}
	wantProblems := []*pb.ImportProblem{
		{Line: 3, Column: "sic", Message: `sic "4941" is not a five-digit SIC 2007 code`},
		{Line: 4, Column: "name", Message: "name is empty"},
	}
	if d := cmp.Diff(wantProblems, res.Msg.Problems, protocmp.Transform()); d != "" || !res.Msg.DryRun {
		t.Errorf("dry run problems (-want +got):\n%s", d)
	}
	good := "ref,name,sic,employees,district\nB1,One,28110,12,Leicester\nB2,Two,49410,3,Leicester\nB3,Three,01110,300,Leicester\n"
	res, err = adm.ImportBusinesses(ctx, connect.NewRequest(&pb.ImportBusinessesRequest{Csv: good, DryRun: true}))
	if err != nil {
		t.Fatal(err)
	}
	wantRows := []*pb.ImportedBusiness{
		{Line: 2, Ref: "B1", Name: "One", Sic: "28110", Sector: "Advanced Manufacturing", SizeBand: "small"},
		{Line: 3, Ref: "B2", Name: "Two", Sic: "49410", Sector: "Logistics", SizeBand: "micro"},
		{Line: 4, Ref: "B3", Name: "Three", Sic: "01110", Sector: "Other", SizeBand: "large"},
	}
	if d := cmp.Diff(wantRows, res.Msg.Businesses, protocmp.Transform()); d != "" || res.Msg.Imported != 3 || len(res.Msg.Problems) != 0 {
		t.Errorf("dry run of a good file: imported %d, problems %v, rows (-want +got):\n%s", res.Msg.Imported, res.Msg.Problems, d)
	}
	// Nothing was stored: panellists of these businesses are refused.
	panel := "ref,business_ref,name,email\nP1,B1,Pat,pat@example.org\n"
	pres, err := adm.ImportPanellists(ctx, connect.NewRequest(&pb.ImportPanellistsRequest{Csv: panel, DryRun: true}))
	if err != nil {
		t.Fatal(err)
	}
	if len(pres.Msg.Problems) != 1 || pres.Msg.Problems[0].Column != "business_ref" || pres.Msg.Problems[0].Line != 2 {
		t.Fatalf("a panellist of a business only dry-run imported: %v, want a business_ref problem on line 2", pres.Msg.Problems)
	}
	if res, err = adm.ImportBusinesses(ctx, connect.NewRequest(&pb.ImportBusinessesRequest{Csv: good})); err != nil || res.Msg.Imported != 3 || len(res.Msg.Businesses) != 0 {
		t.Fatalf("commit: %v %v", res, err)
	}
	pres, err = adm.ImportPanellists(ctx, connect.NewRequest(&pb.ImportPanellistsRequest{Csv: panel, DryRun: true}))
	if err != nil || pres.Msg.Imported != 1 || len(pres.Msg.Problems) != 0 {
		t.Fatalf("panellist dry run after the commit: %v %v", pres, err)
	}
	list, err := adm.ListPanellists(ctx, connect.NewRequest(&pb.ListPanellistsRequest{}))
	if err != nil || len(list.Msg.Panellists) != 0 {
		t.Fatalf("a panellist dry run stored %v (%v)", list, err)
	}
}
