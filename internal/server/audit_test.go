package server_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/panelpulse/panelpulse/gen/dbsqlctest"
	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1/panelpulsev1connect"
	"github.com/panelpulse/panelpulse/internal/apptest"
	"github.com/panelpulse/panelpulse/internal/auth"
	"github.com/panelpulse/panelpulse/internal/tenant"
)

// allEvents walks every page of a filtered listing.
func allEvents(t *testing.T, c panelpulsev1connect.AuditServiceClient, req *pb.ListAuditEventsRequest) []*pb.AuditEvent {
	t.Helper()
	var out []*pb.AuditEvent
	for pages := 0; ; pages++ {
		if pages > 50 {
			t.Fatal("the audit log does not stop paging")
		}
		res, err := c.ListAuditEvents(context.Background(), connect.NewRequest(req))
		if err != nil {
			t.Fatalf("ListAuditEvents: %v", err)
		}
		out = append(out, res.Msg.Events...)
		if res.Msg.NextPageToken == "" {
			return out
		}
		req.PageToken = res.Msg.NextPageToken
	}
}

func procedures(evs []*pb.AuditEvent) []string {
	var out []string
	for _, e := range evs {
		out = append(out, e.Procedure[strings.LastIndex(e.Procedure, "/")+1:]+":"+e.Outcome)
	}
	return out
}

// TestAuditLog: sign-in, changes (accepted or refused), key issues and a
// micro-data download are recorded, newest first, with the caller's key
// and label; reads are not; the filters and paging work; no stored row
// holds an API key; another programme sees none of it and analysts may
// not read it.
func TestAuditLog(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	p, k := setup(t, "aud")
	other, err := tenant.Create(ctx, p.Store, tenant.Settings{Slug: "aud-other", Name: "Other"})
	if err != nil {
		t.Fatal(err)
	}
	otherAdmin, err := tenant.IssueKey(ctx, p.Store, other.ID, auth.RoleAdmin, "other admin")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := apptest.As(p, otherAdmin).Admin.SetClosureDays(ctx, connect.NewRequest(&pb.SetClosureDaysRequest{
		Days: []*pb.ClosureDay{{Day: "2026-12-24", Reason: "other"}}})); err != nil {
		t.Fatal(err)
	}

	t0 := p.Clock.Now()
	cookie := signIn(t, p, k.admin, nil)
	byCookie := panelpulsev1connect.NewAdminServiceClient(http.DefaultClient, p.URL, withCookie(cookie))
	keys := panelpulsev1connect.NewStaffKeyServiceClient(http.DefaultClient, p.URL, withCookie(cookie))
	p.Clock.Advance(time.Minute)
	t1 := p.Clock.Now()
	if _, err := byCookie.SetClosureDays(ctx, connect.NewRequest(&pb.SetClosureDaysRequest{
		Days: []*pb.ClosureDay{{Day: "2026-12-29", Reason: "Works shutdown"}}})); err != nil {
		t.Fatal(err)
	}
	if _, err := byCookie.ListClosureDays(ctx, connect.NewRequest(&pb.ListClosureDaysRequest{})); err != nil {
		t.Fatal(err)
	}
	if _, err := byCookie.SetClosureDays(ctx, connect.NewRequest(&pb.SetClosureDaysRequest{
		Days: []*pb.ClosureDay{{Day: "29/12/2026"}}})); connect.CodeOf(err) != connect.CodeInvalidArgument {
		t.Fatalf("a closure day not as YYYY-MM-DD: %v, want InvalidArgument", err)
	}
	created, err := keys.CreateStaffKey(ctx, connect.NewRequest(&pb.CreateStaffKeyRequest{Label: "Asha", Role: pb.StaffRole_STAFF_ROLE_ANALYST}))
	if err != nil {
		t.Fatal(err)
	}
	p.Clock.Advance(time.Minute)
	t2 := p.Clock.Now()
	analyst := apptest.As(p, created.Msg.Secret)
	if _, err := analyst.Staff.SignIn(ctx, connect.NewRequest(&pb.SignInRequest{ApiKey: created.Msg.Secret})); err != nil {
		t.Fatal(err)
	}
	if _, err := analyst.Staff.SignIn(ctx, connect.NewRequest(&pb.SignInRequest{ApiKey: k.admin + "x"})); connect.CodeOf(err) != connect.CodeUnauthenticated {
		t.Fatalf("a sign-in with a wrong key: %v, want Unauthenticated", err)
	}
	stream, err := analyst.Observatory.ExportMicrodata(ctx, connect.NewRequest(&pb.ExportMicrodataRequest{QuestionKey: "confidence"}))
	if err != nil {
		t.Fatal(err)
	}
	for stream.Receive() {
	}
	if err := stream.Err(); err != nil {
		t.Fatalf("ExportMicrodata: %v", err)
	}
	_ = stream.Close()
	req, _ := http.NewRequest(http.MethodGet, p.URL+"/export/v1/microdata.csv?question=confidence", nil)
	req.Header.Set("Authorization", "Bearer "+created.Msg.Secret)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = res.Body.Close()

	audit := apptest.As(p, k.admin).Audit
	evs := allEvents(t, audit, &pb.ListAuditEventsRequest{PageSize: 2})
	got := procedures(evs)
	want := []string{"microdata.csv:ok", "ExportMicrodata:ok", "SignIn:unauthenticated", "SignIn:ok", "CreateStaffKey:ok",
		"SetClosureDays:invalid_argument", "SetClosureDays:ok", "SignIn:ok"}
	if !slices.Equal(got, want) {
		t.Fatalf("the audit log, newest first, is %v; want %v (reads left out)", got, want)
	}
	last := evs[len(evs)-1]
	adminID := last.StaffKeyId
	if adminID == 0 || last.StaffLabel != "t" || last.StaffRole != pb.StaffRole_STAFF_ROLE_ADMIN || !last.At.AsTime().Equal(t0) {
		t.Fatalf("the admin's sign-in is recorded as %v, want key, label t, role admin and the clock's %v", last, t0)
	}
	if s := evs[6].Summary; !strings.Contains(s, `"Works shutdown"`) || !strings.Contains(s, `"2026-12-29"`) {
		t.Errorf("the closure days summary %s does not say what was set", s)
	}
	if evs[3].StaffKeyId != created.Msg.Key.Id || evs[3].StaffLabel != "Asha" || evs[3].StaffRole != pb.StaffRole_STAFF_ROLE_ANALYST {
		t.Errorf("the new key's sign-in is recorded as %v, want key %d labelled Asha", evs[3], created.Msg.Key.Id)
	}

	filtered := procedures(allEvents(t, audit, &pb.ListAuditEventsRequest{Procedure: "closuredays"}))
	if !slices.Equal(filtered, []string{"SetClosureDays:invalid_argument", "SetClosureDays:ok"}) {
		t.Errorf("filtered by procedure: %v", filtered)
	}
	mine := procedures(allEvents(t, audit, &pb.ListAuditEventsRequest{StaffKeyId: adminID}))
	if !slices.Equal(mine, want[4:]) {
		t.Errorf("filtered by the admin's key: %v, want %v", mine, want[4:])
	}
	between := procedures(allEvents(t, audit, &pb.ListAuditEventsRequest{From: timestamppb.New(t1), To: timestamppb.New(t2)}))
	if !slices.Equal(between, want[4:7]) {
		t.Errorf("filtered by time: %v, want %v", between, want[4:7])
	}
	if _, err := audit.ListAuditEvents(ctx, connect.NewRequest(&pb.ListAuditEventsRequest{Procedure: "x", PageToken: func() string {
		r, _ := audit.ListAuditEvents(ctx, connect.NewRequest(&pb.ListAuditEventsRequest{PageSize: 1}))
		return r.Msg.NextPageToken
	}()})); connect.CodeOf(err) != connect.CodeInvalidArgument {
		t.Errorf("a page token with another filter: %v, want InvalidArgument", err)
	}

	rows, err := dbsqlctest.New(p.Store.Pool).AuditEventRowText(ctx, tenantOf(t, k.admin))
	if err != nil || len(rows) != len(want) {
		t.Fatalf("stored rows: %d (%v), want %d", len(rows), err, len(want))
	}
	for _, r := range rows {
		for _, secret := range []string{k.admin, created.Msg.Secret, secretPart(k.admin), secretPart(created.Msg.Secret)} {
			if strings.Contains(r, secret) {
				t.Fatalf("a stored audit row holds an API key: %s", r)
			}
		}
	}

	theirs := procedures(allEvents(t, apptest.As(p, otherAdmin).Audit, &pb.ListAuditEventsRequest{}))
	if !slices.Equal(theirs, []string{"SetClosureDays:ok"}) {
		t.Errorf("the other programme's log is %v, want only its own change", theirs)
	}
	if _, err := analyst.Audit.ListAuditEvents(ctx, connect.NewRequest(&pb.ListAuditEventsRequest{})); connect.CodeOf(err) != connect.CodePermissionDenied {
		t.Errorf("an analyst reading the audit log: %v, want PermissionDenied", err)
	}
}

// tenantOf is the tenant an API key belongs to.
func tenantOf(t *testing.T, key string) int64 {
	t.Helper()
	_, id, _, err := auth.Parse(key)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// secretPart is the random part of a key, which must not appear either.
func secretPart(key string) string { return key[strings.LastIndex(key, "_")+1:] }

// TestStaffKeys: an admin issues a key (shown once), lists keys with label,
// role, creation and last use and never a secret, and revokes one: it and
// its console session are refused at once. An admin cannot revoke their
// own key, nor reach another programme's keys.
func TestStaffKeys(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	p, k := setup(t, "keys")
	other, err := tenant.Create(ctx, p.Store, tenant.Settings{Slug: "keys-other", Name: "Other"})
	if err != nil {
		t.Fatal(err)
	}
	otherAdmin, err := tenant.IssueKey(ctx, p.Store, other.ID, auth.RoleAdmin, "other")
	if err != nil {
		t.Fatal(err)
	}
	keys := apptest.As(p, k.admin).StaffKey
	created, err := keys.CreateStaffKey(ctx, connect.NewRequest(&pb.CreateStaffKeyRequest{Label: "Room screen", Role: pb.StaffRole_STAFF_ROLE_FACILITATOR}))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(created.Msg.Secret, "ppk_") || created.Msg.Key.Label != "Room screen" || !created.Msg.Key.CreatedAt.AsTime().Equal(p.Clock.Now()) {
		t.Fatalf("CreateStaffKey answered %v", created.Msg)
	}
	if _, err := keys.CreateStaffKey(ctx, connect.NewRequest(&pb.CreateStaffKeyRequest{Label: "no role"})); connect.CodeOf(err) != connect.CodeInvalidArgument {
		t.Errorf("a key without a role: %v, want InvalidArgument", err)
	}
	fac := apptest.As(p, created.Msg.Secret)
	p.Clock.Advance(time.Hour)
	used := p.Clock.Now()
	cookie := signIn(t, p, created.Msg.Secret, nil)
	byCookie := panelpulsev1connect.NewStaffServiceClient(http.DefaultClient, p.URL, withCookie(cookie))
	p.Clock.Advance(time.Minute)
	if _, err := byCookie.WhoAmI(ctx, connect.NewRequest(&pb.WhoAmIRequest{})); err != nil {
		t.Fatalf("the new key's session: %v", err)
	}

	list, err := keys.ListStaffKeys(ctx, connect.NewRequest(&pb.ListStaffKeysRequest{PageSize: 2}))
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Msg.Keys) != 2 || list.Msg.NextPageToken == "" {
		t.Fatalf("first page of 2: %d keys, token %q; the programme has 4", len(list.Msg.Keys), list.Msg.NextPageToken)
	}
	rest, err := keys.ListStaffKeys(ctx, connect.NewRequest(&pb.ListStaffKeysRequest{PageSize: 2, PageToken: list.Msg.NextPageToken}))
	if err != nil {
		t.Fatal(err)
	}
	all := append(list.Msg.Keys, rest.Msg.Keys...)
	if len(all) != 4 || rest.Msg.NextPageToken != "" {
		t.Fatalf("the programme's keys: %d, want its admin, analyst, facilitator and the new one", len(all))
	}
	var mine, room *pb.StaffKey
	for _, key := range all {
		if key.Current {
			mine = key
		}
		if key.Id == created.Msg.Key.Id {
			room = key
		}
		if strings.Contains(key.String(), "ppk_") {
			t.Errorf("a listed key shows a secret: %v", key)
		}
	}
	if mine == nil || mine.Role != pb.StaffRole_STAFF_ROLE_ADMIN || mine.LastUsedAt == nil {
		t.Fatalf("the caller's key is not marked current with a last use: %v", all)
	}
	if room == nil || room.Role != pb.StaffRole_STAFF_ROLE_FACILITATOR || !room.LastUsedAt.AsTime().Equal(used.Add(time.Minute)) || room.RevokedAt != nil {
		t.Fatalf("the new key lists as %v, want facilitator last used by its session at %v", room, used.Add(time.Minute))
	}

	if _, err := keys.RevokeStaffKey(ctx, connect.NewRequest(&pb.RevokeStaffKeyRequest{Id: mine.Id})); connect.CodeOf(err) != connect.CodeFailedPrecondition {
		t.Fatalf("revoking one's own key: %v, want FailedPrecondition", err)
	}
	if _, err := apptest.As(p, otherAdmin).StaffKey.RevokeStaffKey(ctx, connect.NewRequest(&pb.RevokeStaffKeyRequest{Id: room.Id})); connect.CodeOf(err) != connect.CodeNotFound {
		t.Fatalf("another programme revoking this one's key: %v, want NotFound", err)
	}
	if _, err := fac.Staff.WhoAmI(ctx, connect.NewRequest(&pb.WhoAmIRequest{})); err != nil {
		t.Fatalf("the key must still work after the refused revocations: %v", err)
	}
	p.Clock.Advance(time.Minute)
	rev, err := keys.RevokeStaffKey(ctx, connect.NewRequest(&pb.RevokeStaffKeyRequest{Id: room.Id}))
	if err != nil || !rev.Msg.Key.RevokedAt.AsTime().Equal(p.Clock.Now()) {
		t.Fatalf("RevokeStaffKey: %v, %v", rev, err)
	}
	if _, err := fac.Staff.WhoAmI(ctx, connect.NewRequest(&pb.WhoAmIRequest{})); connect.CodeOf(err) != connect.CodeUnauthenticated {
		t.Errorf("the revoked key: %v, want Unauthenticated at once", err)
	}
	if _, err := byCookie.WhoAmI(ctx, connect.NewRequest(&pb.WhoAmIRequest{})); connect.CodeOf(err) != connect.CodeUnauthenticated {
		t.Errorf("the revoked key's console session: %v, want Unauthenticated at once", err)
	}
	if _, err := keys.RevokeStaffKey(ctx, connect.NewRequest(&pb.RevokeStaffKeyRequest{Id: room.Id})); connect.CodeOf(err) != connect.CodeFailedPrecondition {
		t.Errorf("revoking it again: %v, want FailedPrecondition", err)
	}
	live, err := keys.ListStaffKeys(ctx, connect.NewRequest(&pb.ListStaffKeysRequest{}))
	if err != nil || len(live.Msg.Keys) != 3 {
		t.Fatalf("live keys after revoking one: %v (%v), want 3", live, err)
	}
	others, err := apptest.As(p, otherAdmin).StaffKey.ListStaffKeys(ctx, connect.NewRequest(&pb.ListStaffKeysRequest{IncludeRevoked: true}))
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range others.Msg.Keys {
		if key.Id == room.Id || key.Label == "Room screen" {
			t.Errorf("another programme lists this one's key %v", key)
		}
	}
	if _, err := apptest.As(p, k.analyst).StaffKey.ListStaffKeys(ctx, connect.NewRequest(&pb.ListStaffKeysRequest{})); connect.CodeOf(err) != connect.CodePermissionDenied {
		t.Errorf("an analyst listing keys: %v, want PermissionDenied", err)
	}
}
