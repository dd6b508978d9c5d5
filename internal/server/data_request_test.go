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
