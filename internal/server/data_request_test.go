package server_test

import (
	"context"
	"strings"
	"testing"

	"connectrpc.com/connect"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/internal/apptest"
	"github.com/panelpulse/panelpulse/internal/auth"
	"github.com/panelpulse/panelpulse/internal/tenant"
)

// TestDataRequests: an admin exports a panellist's data; an erasure needs
// the panellist's ref typed again (a wrong one erases nothing); another
// programme's admin reaches neither; analysts may not call it.
func TestDataRequests(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	p, k := setup(t, "requests")
	c := apptest.As(p, k.admin)
	if _, err := c.Admin.ImportBusinesses(ctx, connect.NewRequest(&pb.ImportBusinessesRequest{Csv: "ref,name,sic,employees,district\nB1,Acme,28110,12,Leicester"})); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Admin.ImportPanellists(ctx, connect.NewRequest(&pb.ImportPanellistsRequest{Csv: "ref,business_ref,name,email\nP1,B1,Pat Jones,pat@example.org"})); err != nil {
		t.Fatal(err)
	}
	list, err := c.Admin.ListPanellists(ctx, connect.NewRequest(&pb.ListPanellistsRequest{}))
	if err != nil || len(list.Msg.Panellists) != 1 {
		t.Fatalf("ListPanellists: %v %v", list, err)
	}
	id := list.Msg.Panellists[0].Id
	ex, err := c.DataRequest.ExportPanellistData(ctx, connect.NewRequest(&pb.ExportPanellistDataRequest{PanellistId: id}))
	if err != nil || !strings.Contains(ex.Msg.Json, "pat@example.org") {
		t.Fatalf("ExportPanellistData: %v, %v", ex, err)
	}

	other, err := tenant.Create(ctx, p.Store, tenant.Settings{Slug: "requests-other", Name: "Other"})
	if err != nil {
		t.Fatal(err)
	}
	otherKey, err := tenant.IssueKey(ctx, p.Store, other.ID, auth.RoleAdmin, "other")
	if err != nil {
		t.Fatal(err)
	}
	theirs := apptest.As(p, otherKey).DataRequest
	if _, err := theirs.ExportPanellistData(ctx, connect.NewRequest(&pb.ExportPanellistDataRequest{PanellistId: id})); connect.CodeOf(err) != connect.CodeNotFound {
		t.Errorf("another programme exporting this one's panellist: %v, want NotFound", err)
	}
	if _, err := theirs.ErasePanellist(ctx, connect.NewRequest(&pb.ErasePanellistRequest{PanellistId: id, ConfirmRef: "P1"})); connect.CodeOf(err) != connect.CodeNotFound {
		t.Errorf("another programme erasing this one's panellist: %v, want NotFound", err)
	}
	if _, err := apptest.As(p, k.analyst).DataRequest.ExportPanellistData(ctx, connect.NewRequest(&pb.ExportPanellistDataRequest{PanellistId: id})); connect.CodeOf(err) != connect.CodePermissionDenied {
		t.Errorf("an analyst exporting a panellist: %v, want PermissionDenied", err)
	}
	if _, err := c.DataRequest.ErasePanellist(ctx, connect.NewRequest(&pb.ErasePanellistRequest{PanellistId: id, ConfirmRef: "P2"})); connect.CodeOf(err) != connect.CodeFailedPrecondition {
		t.Fatalf("erasing with the wrong ref: %v, want FailedPrecondition", err)
	}
	if ex, err := c.DataRequest.ExportPanellistData(ctx, connect.NewRequest(&pb.ExportPanellistDataRequest{PanellistId: id})); err != nil || !strings.Contains(ex.Msg.Json, "pat@example.org") {
		t.Fatalf("a refused erasure erased: %v", err)
	}
	if _, err := c.DataRequest.ErasePanellist(ctx, connect.NewRequest(&pb.ErasePanellistRequest{PanellistId: id, ConfirmRef: "P1"})); err != nil {
		t.Fatalf("ErasePanellist: %v", err)
	}
	if ex, err := c.DataRequest.ExportPanellistData(ctx, connect.NewRequest(&pb.ExportPanellistDataRequest{PanellistId: id})); err != nil || strings.Contains(ex.Msg.Json, "pat@example.org") {
		t.Fatalf("after the erasure the export still names them (%v)", err)
	}
	evs := allEvents(t, c.Audit, &pb.ListAuditEventsRequest{Procedure: "DataRequestService"})
	if got := procedures(evs); strings.Join(got, " ") != "ExportPanellistData:ok ErasePanellist:ok ExportPanellistData:ok ErasePanellist:failed_precondition ExportPanellistData:ok" {
		t.Errorf("the audit log of data requests: %v", got)
	}
}

// TestListPanellistsPages: panellists come a page at a time, filtered by
// sector, status and a search, with the status as an enum; another
// programme's admin sees none of them.
func TestListPanellistsPages(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	p, k := setup(t, "plist")
	adm := apptest.As(p, k.admin).Admin
	if _, err := adm.SetSectorMap(ctx, connect.NewRequest(&pb.SetSectorMapRequest{Rules: []*pb.SectorRule{{SicPrefix: "28", Sector: "Manufacturing"}, {SicPrefix: "49", Sector: "Logistics"}}})); err != nil {
		t.Fatal(err)
	}
	if _, err := adm.ImportBusinesses(ctx, connect.NewRequest(&pb.ImportBusinessesRequest{Csv: "ref,name,sic,employees,district\nB1,Acme,28110,12,Leicester\nB2,Haul,49410,12,Leicester"})); err != nil {
		t.Fatal(err)
	}
	if _, err := adm.ImportPanellists(ctx, connect.NewRequest(&pb.ImportPanellistsRequest{Csv: "ref,business_ref,name,email\nP1,B1,Pat Jones,pat@example.org\nP2,B2,Sam Lee,sam@example.org\nP3,B2,Kim Patel,kim@example.org"})); err != nil {
		t.Fatal(err)
	}
	refs := func(req *pb.ListPanellistsRequest) []string {
		t.Helper()
		var out []string
		for i := 0; ; i++ {
			res, err := adm.ListPanellists(ctx, connect.NewRequest(req))
			if err != nil || i > 5 {
				t.Fatalf("ListPanellists(%v): %v", req, err)
			}
			for _, x := range res.Msg.Panellists {
				if x.Status != pb.PanellistStatus_PANELLIST_STATUS_INVITED {
					t.Errorf("%s has status %v, want invited", x.Ref, x.Status)
				}
				out = append(out, x.Ref)
			}
			if res.Msg.NextPageToken == "" {
				return out
			}
			req.PageToken = res.Msg.NextPageToken
		}
	}
	for _, c := range []struct {
		req  *pb.ListPanellistsRequest
		want string
	}{
		{&pb.ListPanellistsRequest{PageSize: 1}, "P1 P2 P3"},
		{&pb.ListPanellistsRequest{Sector: "Logistics"}, "P2 P3"},
		{&pb.ListPanellistsRequest{Search: "PAT", PageSize: 1}, "P1 P3"},
		{&pb.ListPanellistsRequest{Status: pb.PanellistStatus_PANELLIST_STATUS_ACTIVE}, ""},
		{&pb.ListPanellistsRequest{Status: pb.PanellistStatus_PANELLIST_STATUS_INVITED, Search: "b1"}, "P1"},
	} {
		if got := strings.Join(refs(c.req), " "); got != c.want {
			t.Errorf("ListPanellists(%v) = %q, want %q", c.req, got, c.want)
		}
	}
	other, err := tenant.Create(ctx, p.Store, tenant.Settings{Slug: "plist-other", Name: "Other"})
	if err != nil {
		t.Fatal(err)
	}
	otherKey, err := tenant.IssueKey(ctx, p.Store, other.ID, auth.RoleAdmin, "other")
	if err != nil {
		t.Fatal(err)
	}
	if res, err := apptest.As(p, otherKey).Admin.ListPanellists(ctx, connect.NewRequest(&pb.ListPanellistsRequest{})); err != nil || len(res.Msg.Panellists) != 0 {
		t.Errorf("another programme lists %v (%v), want none", res, err)
	}
}
