package server_test

import (
	"context"
	"strings"
	"testing"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/proto"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1/panelpulsev1connect"
	"github.com/panelpulse/panelpulse/internal/apptest"
	"github.com/panelpulse/panelpulse/internal/auth"
	"github.com/panelpulse/panelpulse/internal/tenant"
)

// otherAdmin is the admin client of a second programme in p.
func otherAdmin(t *testing.T, p *apptest.Process, slug string) apptest.Clients {
	t.Helper()
	ctx := context.Background()
	other, err := tenant.Create(ctx, p.Store, tenant.Settings{Slug: slug, Name: "Other"})
	if err != nil {
		t.Fatal(err)
	}
	key, err := tenant.IssueKey(ctx, p.Store, other.ID, auth.RoleAdmin, "other")
	if err != nil {
		t.Fatal(err)
	}
	return apptest.As(p, key)
}

// TestBusinessesListGetUpdate: businesses come a page at a time, filtered
// by sector, size band and a search on ref and name; an edit of the SIC
// code moves the business to the sector the tenant's map gives it, and of
// employees to its size band, as an import would; a bad edit is refused
// naming the rule and changes nothing; another programme reaches none of
// them.
func TestBusinessesListGetUpdate(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	p, k := setup(t, "blist")
	adm := apptest.As(p, k.admin).Admin
	if _, err := adm.SetSectorMap(ctx, connect.NewRequest(&pb.SetSectorMapRequest{Rules: []*pb.SectorRule{{SicPrefix: "28", Sector: "Manufacturing"}, {SicPrefix: "49", Sector: "Logistics"}}})); err != nil {
		t.Fatal(err)
	}
	csv := "ref,name,sic,employees,district\nB1,Acme Gears,28110,12,Leicester\nB2,Haulwell,49410,3,Leicester\nB3,Gearbox Haulage,49410,300,Melton\nB4,Presswork,28990,60,Blaby"
	if _, err := adm.ImportBusinesses(ctx, connect.NewRequest(&pb.ImportBusinessesRequest{Csv: csv})); err != nil {
		t.Fatal(err)
	}
	if _, err := adm.ImportPanellists(ctx, connect.NewRequest(&pb.ImportPanellistsRequest{Csv: "ref,business_ref,name,email\nP1,B1,Pat Jones,pat@example.org"})); err != nil {
		t.Fatal(err)
	}
	refs := func(req *pb.ListBusinessesRequest) string {
		t.Helper()
		var out []string
		for i := 0; ; i++ {
			res, err := adm.ListBusinesses(ctx, connect.NewRequest(req))
			if err != nil || i > 5 {
				t.Fatalf("ListBusinesses(%v): %v", req, err)
			}
			if req.PageSize > 0 && len(res.Msg.Businesses) > int(req.PageSize) {
				t.Errorf("ListBusinesses(%v) gave %d businesses on a page of %d", req, len(res.Msg.Businesses), req.PageSize)
			}
			for _, b := range res.Msg.Businesses {
				out = append(out, b.Ref)
			}
			if res.Msg.NextPageToken == "" {
				return strings.Join(out, " ")
			}
			req.PageToken = res.Msg.NextPageToken
		}
	}
	for _, c := range []struct {
		req  *pb.ListBusinessesRequest
		want string
	}{
		{&pb.ListBusinessesRequest{PageSize: 1}, "B1 B2 B3 B4"},
		{&pb.ListBusinessesRequest{PageSize: 3}, "B1 B2 B3 B4"},
		{&pb.ListBusinessesRequest{Sector: "Logistics", PageSize: 1}, "B2 B3"},
		{&pb.ListBusinessesRequest{SizeBand: "micro"}, "B2"},
		{&pb.ListBusinessesRequest{SizeBand: "medium", Sector: "Manufacturing"}, "B4"},
		{&pb.ListBusinessesRequest{Search: "GEAR", PageSize: 1}, "B1 B3"},
		{&pb.ListBusinessesRequest{Search: "b4"}, "B4"},
		{&pb.ListBusinessesRequest{Sector: "Retail"}, ""},
	} {
		if got := refs(c.req); got != c.want {
			t.Errorf("ListBusinesses(%v) = %q, want %q", c.req, got, c.want)
		}
	}
	if _, err := adm.ListBusinesses(ctx, connect.NewRequest(&pb.ListBusinessesRequest{SizeBand: "huge"})); connect.CodeOf(err) != connect.CodeInvalidArgument {
		t.Errorf("ListBusinesses with size band huge: %v, want InvalidArgument", err)
	}
	first, err := adm.ListBusinesses(ctx, connect.NewRequest(&pb.ListBusinessesRequest{PageSize: 1, Sector: "Logistics"}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := adm.ListBusinesses(ctx, connect.NewRequest(&pb.ListBusinessesRequest{PageSize: 1, Sector: "Manufacturing", PageToken: first.Msg.NextPageToken})); connect.CodeOf(err) != connect.CodeInvalidArgument {
		t.Errorf("a page token used with another filter: %v, want InvalidArgument", err)
	}

	get := func(ref string) *pb.Business {
		t.Helper()
		res, err := adm.GetBusiness(ctx, connect.NewRequest(&pb.GetBusinessRequest{Ref: ref}))
		if err != nil {
			t.Fatalf("GetBusiness(%s): %v", ref, err)
		}
		return res.Msg.Business
	}
	b1 := get("B1")
	if b1.Name != "Acme Gears" || b1.Sic != "28110" || b1.Sector != "Manufacturing" || b1.SizeBand != "small" || b1.Employees != 12 || b1.District != "Leicester" || b1.Panellists != 1 {
		t.Errorf("GetBusiness(B1) = %v", b1)
	}

	for _, c := range []struct {
		name string
		req  *pb.UpdateBusinessRequest
		want string
	}{
		{"a four-digit SIC", &pb.UpdateBusinessRequest{Ref: "B1", Sic: proto.String("4941"), Name: proto.String("Renamed")}, `sic "4941" is not a five-digit SIC 2007 code`},
		{"negative employees", &pb.UpdateBusinessRequest{Ref: "B1", Employees: proto.Int32(-1)}, "column employees"},
		{"an empty name", &pb.UpdateBusinessRequest{Ref: "B1", Name: proto.String("  ")}, "name is empty"},
		{"an empty district", &pb.UpdateBusinessRequest{Ref: "B1", District: proto.String(""), Sic: proto.String("49410")}, "district is empty"},
		{"a long district", &pb.UpdateBusinessRequest{Ref: "B1", District: proto.String(strings.Repeat("x", 101))}, "district is 101 characters long; the limit is 100"},
	} {
		_, err := adm.UpdateBusiness(ctx, connect.NewRequest(c.req))
		if connect.CodeOf(err) != connect.CodeInvalidArgument || !strings.Contains(err.Error(), c.want) {
			t.Errorf("UpdateBusiness with %s: %v, want InvalidArgument saying %q", c.name, err, c.want)
		}
		if now := get("B1"); !proto.Equal(now, b1) {
			t.Errorf("a refused update with %s changed B1 to %v", c.name, now)
		}
	}

	res, err := adm.UpdateBusiness(ctx, connect.NewRequest(&pb.UpdateBusinessRequest{Ref: "B1", Sic: proto.String(" 49320 "), Employees: proto.Int32(250)}))
	if err != nil {
		t.Fatalf("UpdateBusiness: %v", err)
	}
	want := &pb.Business{Id: b1.Id, Ref: "B1", Name: "Acme Gears", Sic: "49320", Sector: "Logistics", SizeBand: "large", Employees: 250, District: "Leicester", Panellists: 1}
	if !proto.Equal(res.Msg.Business, want) {
		t.Errorf("UpdateBusiness answered %v, want %v", res.Msg.Business, want)
	}
	if got := get("B1"); !proto.Equal(got, want) {
		t.Errorf("after the update B1 is %v, want %v", got, want)
	}
	if got := refs(&pb.ListBusinessesRequest{Sector: "Logistics", SizeBand: "large"}); got != "B1 B3" {
		t.Errorf("large Logistics businesses after the update: %q, want B1 B3", got)
	}
	pl, err := adm.ListPanellists(ctx, connect.NewRequest(&pb.ListPanellistsRequest{Sector: "Logistics"}))
	if err != nil || len(pl.Msg.Panellists) != 1 || pl.Msg.Panellists[0].SizeBand != "large" {
		t.Errorf("the panellist of B1 after the update: %v (%v), want in Logistics, large", pl, err)
	}
	// A SIC no rule covers maps as an import maps it.
	res, err = adm.UpdateBusiness(ctx, connect.NewRequest(&pb.UpdateBusinessRequest{Ref: "B2", Sic: proto.String("10110"), Name: proto.String("Haulwell Foods"), District: proto.String("Melton"), Employees: proto.Int32(9)}))
	if err != nil {
		t.Fatalf("UpdateBusiness(B2): %v", err)
	}
	dry, err := adm.ImportBusinesses(ctx, connect.NewRequest(&pb.ImportBusinessesRequest{Csv: "ref,name,sic,employees,district\nB2,Haulwell Foods,10110,9,Melton", DryRun: true}))
	if err != nil || len(dry.Msg.Businesses) != 1 {
		t.Fatalf("dry run: %v %v", dry, err)
	}
	if b := res.Msg.Business; b.Sector != dry.Msg.Businesses[0].Sector || b.SizeBand != dry.Msg.Businesses[0].SizeBand || b.Name != "Haulwell Foods" || b.District != "Melton" {
		t.Errorf("UpdateBusiness(B2) = %v; the import would give sector %q, size band %q", b, dry.Msg.Businesses[0].Sector, dry.Msg.Businesses[0].SizeBand)
	}

	if _, err := adm.GetBusiness(ctx, connect.NewRequest(&pb.GetBusinessRequest{Ref: "B9"})); connect.CodeOf(err) != connect.CodeNotFound {
		t.Errorf("GetBusiness of an unknown ref: %v, want NotFound", err)
	}
	theirs := otherAdmin(t, p, "blist-other").Admin
	if res, err := theirs.ListBusinesses(ctx, connect.NewRequest(&pb.ListBusinessesRequest{})); err != nil || len(res.Msg.Businesses) != 0 {
		t.Errorf("another programme lists %v (%v), want none", res, err)
	}
	if _, err := theirs.GetBusiness(ctx, connect.NewRequest(&pb.GetBusinessRequest{Ref: "B1"})); connect.CodeOf(err) != connect.CodeNotFound {
		t.Errorf("another programme getting B1: %v, want NotFound", err)
	}
	if _, err := theirs.UpdateBusiness(ctx, connect.NewRequest(&pb.UpdateBusinessRequest{Ref: "B1", Name: proto.String("Taken")})); connect.CodeOf(err) != connect.CodeNotFound {
		t.Errorf("another programme updating B1: %v, want NotFound", err)
	}
	if got := get("B1"); !proto.Equal(got, want) {
		t.Errorf("after another programme's attempt B1 is %v, want %v", got, want)
	}
	evs := allEvents(t, apptest.As(p, k.admin).Audit, &pb.ListAuditEventsRequest{Procedure: "AdminService/UpdateBusiness"})
	if got := strings.Join(procedures(evs), " "); got != "UpdateBusiness:ok UpdateBusiness:ok"+strings.Repeat(" UpdateBusiness:invalid_argument", 5) {
		t.Errorf("the audit log of business edits: %s", got)
	}
}

// TestPanellistGetUpdate: an admin reads a panellist by ref and changes
// their details under the import's rules (fields left unset keep theirs);
// a bad value is refused naming the rule and changes nothing; a withdrawn
// panellist cannot be changed; another programme reaches none of them.
func TestPanellistGetUpdate(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	p, k := setup(t, "pedit")
	c := apptest.As(p, k.admin)
	adm := c.Admin
	if _, err := adm.ImportBusinesses(ctx, connect.NewRequest(&pb.ImportBusinessesRequest{Csv: "ref,name,sic,employees,district\nB1,Acme,28110,12,Leicester"})); err != nil {
		t.Fatal(err)
	}
	csv := "ref,business_ref,name,email,role,time_zone,delivery_time\nP1,B1,Pat Jones,pat@example.org,Owner,Europe/London,08:15\nP2,B1,Sam Lee,sam@example.org,,,"
	if _, err := adm.ImportPanellists(ctx, connect.NewRequest(&pb.ImportPanellistsRequest{Csv: csv})); err != nil {
		t.Fatal(err)
	}
	get := func(cl panelpulsev1connect.AdminServiceClient, ref string) (*pb.Panellist, error) {
		res, err := cl.GetPanellist(ctx, connect.NewRequest(&pb.GetPanellistRequest{Ref: ref}))
		if err != nil {
			return nil, err
		}
		return res.Msg.Panellist, nil
	}
	p1, err := get(adm, "P1")
	if err != nil {
		t.Fatal(err)
	}
	if p1.Name != "Pat Jones" || p1.Email != "pat@example.org" || p1.Role != "Owner" || p1.DeliveryTime != "08:15" || p1.TimeZone != "Europe/London" ||
		p1.BusinessRef != "B1" || p1.Status != pb.PanellistStatus_PANELLIST_STATUS_INVITED {
		t.Errorf("GetPanellist(P1) = %v", p1)
	}

	for _, cs := range []struct {
		name string
		req  *pb.UpdatePanellistRequest
		want string
	}{
		{"an email with a display name", &pb.UpdatePanellistRequest{Ref: "P1", Email: proto.String("Pat <pat@example.org>"), Name: proto.String("Renamed")}, "is not a plain email address"},
		{"a delivery time of 25:00", &pb.UpdatePanellistRequest{Ref: "P1", DeliveryTime: proto.String("25:00")}, "delivery_time"},
		{"the server's own time zone", &pb.UpdatePanellistRequest{Ref: "P1", TimeZone: proto.String("Local")}, "is not an IANA time zone name"},
		{"an empty name", &pb.UpdatePanellistRequest{Ref: "P1", Name: proto.String("")}, "name is empty"},
		{"a long role", &pb.UpdatePanellistRequest{Ref: "P1", Role: proto.String(strings.Repeat("r", 101))}, "role is 101 characters long; the limit is 100"},
	} {
		_, err := adm.UpdatePanellist(ctx, connect.NewRequest(cs.req))
		if connect.CodeOf(err) != connect.CodeInvalidArgument || !strings.Contains(err.Error(), cs.want) {
			t.Errorf("UpdatePanellist with %s: %v, want InvalidArgument saying %q", cs.name, err, cs.want)
		}
		if now, err := get(adm, "P1"); err != nil || !proto.Equal(now, p1) {
			t.Errorf("a refused update with %s changed P1 to %v (%v)", cs.name, now, err)
		}
	}

	res, err := adm.UpdatePanellist(ctx, connect.NewRequest(&pb.UpdatePanellistRequest{
		Ref: "P1", Email: proto.String(" pat.jones@example.org "), Role: proto.String("Director"), DeliveryTime: proto.String("07:30"), TimeZone: proto.String("Europe/Paris"),
	}))
	if err != nil {
		t.Fatalf("UpdatePanellist: %v", err)
	}
	want := proto.Clone(p1).(*pb.Panellist)
	want.Email, want.Role, want.DeliveryTime, want.TimeZone = "pat.jones@example.org", "Director", "07:30", "Europe/Paris"
	if !proto.Equal(res.Msg.Panellist, want) {
		t.Errorf("UpdatePanellist answered %v, want %v", res.Msg.Panellist, want)
	}
	if got, err := get(adm, "P1"); err != nil || !proto.Equal(got, want) {
		t.Errorf("after the update P1 is %v (%v), want %v", got, err, want)
	}
	// Empty time zone and delivery time mean what they mean in an import.
	res, err = adm.UpdatePanellist(ctx, connect.NewRequest(&pb.UpdatePanellistRequest{Ref: "P1", TimeZone: proto.String(""), DeliveryTime: proto.String("")}))
	if err != nil || res.Msg.Panellist.TimeZone != "Europe/London" || res.Msg.Panellist.DeliveryTime != "09:00" || res.Msg.Panellist.Role != "Director" {
		t.Errorf("UpdatePanellist to the defaults: %v (%v), want Europe/London at 09:00, role kept", res, err)
	}
	want.TimeZone, want.DeliveryTime = "Europe/London", "09:00"

	if _, err := adm.GetPanellist(ctx, connect.NewRequest(&pb.GetPanellistRequest{Ref: "P9"})); connect.CodeOf(err) != connect.CodeNotFound {
		t.Errorf("GetPanellist of an unknown ref: %v, want NotFound", err)
	}
	theirs := otherAdmin(t, p, "pedit-other").Admin
	if _, err := get(theirs, "P1"); connect.CodeOf(err) != connect.CodeNotFound {
		t.Errorf("another programme getting P1: %v, want NotFound", err)
	}
	if _, err := theirs.UpdatePanellist(ctx, connect.NewRequest(&pb.UpdatePanellistRequest{Ref: "P1", Name: proto.String("Taken")})); connect.CodeOf(err) != connect.CodeNotFound {
		t.Errorf("another programme updating P1: %v, want NotFound", err)
	}
	if got, err := get(adm, "P1"); err != nil || !proto.Equal(got, want) {
		t.Errorf("after another programme's attempt P1 is %v (%v), want %v", got, err, want)
	}

	p2, err := get(adm, "P2")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.DataRequest.ErasePanellist(ctx, connect.NewRequest(&pb.ErasePanellistRequest{PanellistId: p2.Id, ConfirmRef: "P2"})); err != nil {
		t.Fatalf("ErasePanellist: %v", err)
	}
	// The erasure keeps a tombstone without identity, withdrawn.
	wd, err := adm.ListPanellists(ctx, connect.NewRequest(&pb.ListPanellistsRequest{Status: pb.PanellistStatus_PANELLIST_STATUS_WITHDRAWN}))
	if err != nil || len(wd.Msg.Panellists) != 1 || wd.Msg.Panellists[0].Id != p2.Id {
		t.Fatalf("withdrawn panellists after the erasure: %v (%v), want P2's tombstone", wd, err)
	}
	gone, err := get(adm, wd.Msg.Panellists[0].Ref)
	if err != nil || gone.Status != pb.PanellistStatus_PANELLIST_STATUS_WITHDRAWN {
		t.Fatalf("P2 after the erasure: %v (%v), want withdrawn", gone, err)
	}
	_, err = adm.UpdatePanellist(ctx, connect.NewRequest(&pb.UpdatePanellistRequest{Ref: gone.Ref, Name: proto.String("Sam Lee"), Email: proto.String("sam@example.org")}))
	if connect.CodeOf(err) != connect.CodeFailedPrecondition || !strings.Contains(err.Error(), "withdrawn") {
		t.Errorf("updating a withdrawn panellist: %v, want FailedPrecondition saying they have withdrawn", err)
	}
	if now, err := get(adm, gone.Ref); err != nil || !proto.Equal(now, gone) {
		t.Errorf("a refused update of a withdrawn panellist changed them to %v (%v)", now, err)
	}
	evs := allEvents(t, c.Audit, &pb.ListAuditEventsRequest{Procedure: "AdminService/UpdatePanellist"})
	if got := strings.Join(procedures(evs), " "); got != "UpdatePanellist:failed_precondition UpdatePanellist:ok UpdatePanellist:ok"+strings.Repeat(" UpdatePanellist:invalid_argument", 5) {
		t.Errorf("the audit log of panellist edits: %s", got)
	}
}
