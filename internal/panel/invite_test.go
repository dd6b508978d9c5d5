package panel_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"connectrpc.com/connect"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1/panelpulsev1connect"
)

// TestInvitesOneLiveCode: a new invite revokes the panellist's earlier
// unused code, a code enrols once, and every code that does not enrol
// (unknown programme, unknown, used, replaced, withdrawn panellist's) gets
// the same code and sentence. ExportMyData then lists the sessions and
// invites without their secrets.
func TestInvitesOneLiveCode(t *testing.T) {
	t.Parallel()
	e := newEnv(t, panelOf8, scaleQ)
	_, err := e.admin.ImportPanellists(e.ctx, connect.NewRequest(&pb.ImportPanellistsRequest{Csv: "ref,business_ref,name,email,role,delivery_time\n" +
		"PN1,M1,New One,n1@example.org,HR manager,09:00\nPW1,M2,Gone One,w1@example.org,HR manager,09:00"}))
	must(t, err)
	invite := func(ref string) string {
		t.Helper()
		res, err := e.admin.CreateInvites(e.ctx, connect.NewRequest(&pb.CreateInvitesRequest{PanellistRefs: []string{ref}}))
		must(t, err)
		if len(res.Msg.Invites) != 1 {
			t.Fatalf("invites for %s: %v", ref, res.Msg.Invites)
		}
		return res.Msg.Invites[0].Code
	}
	c1, c2 := invite("PN1"), invite("PN1")
	cw := invite("PW1")
	ps, err := e.st.Q.PanellistListForInvite(e.ctx, dbsqlc.PanellistListForInviteParams{TenantID: e.tenantID, Refs: []string{"PW1"}})
	must(t, err)
	_, err = e.st.Q.PanelWithdraw(e.ctx, dbsqlc.PanelWithdrawParams{TenantID: e.tenantID, ID: ps[0].ID, Now: monday9})
	must(t, err)

	anon := panelpulsev1connect.NewPanellistServiceClient(http.DefaultClient, e.url)
	enrol := func(tenant, code string) (*connect.Response[pb.EnrolResponse], error) {
		return anon.Enrol(e.ctx, connect.NewRequest(&pb.EnrolRequest{Tenant: tenant, InviteCode: code, ConsentVersion: "2026-1"}))
	}
	en, err := enrol("llr", c2)
	must(t, err)
	refused := map[string]error{}
	_, refused["replaced code"] = enrol("llr", c1)
	_, refused["used code"] = enrol("llr", c2)
	_, refused["unknown code"] = enrol("llr", strings.Repeat("A", len(c1)))
	_, refused["unknown programme"] = enrol("nosuch", c2)
	_, refused["withdrawn panellist's code"] = enrol("llr", cw)
	want := refused["unknown code"]
	if connect.CodeOf(want) != connect.CodeNotFound || !strings.Contains(want.Error(), "do not match a valid invite") {
		t.Fatalf("unknown code: %v, want NotFound saying the code does not match a valid invite", want)
	}
	for name, err := range refused {
		if err == nil || connect.CodeOf(err) != connect.CodeNotFound || err.Error() != want.Error() {
			t.Errorf("%s: %v, want exactly %q", name, err, want)
		}
	}

	exp, err := e.client(en.Msg.SessionToken).ExportMyData(e.ctx, connect.NewRequest(&pb.ExportMyDataRequest{}))
	must(t, err)
	var doc struct {
		Sessions []map[string]any `json:"sessions"`
		Invites  []map[string]any `json:"invites"`
	}
	must(t, json.Unmarshal([]byte(exp.Msg.Json), &doc))
	if len(doc.Sessions) != 1 || len(doc.Invites) != 2 {
		t.Fatalf("export lists %d sessions and %d invites, want 1 and 2: %s", len(doc.Sessions), len(doc.Invites), exp.Msg.Json)
	}
	for _, secret := range []string{c1, c2, en.Msg.SessionToken, "Hash"} {
		if strings.Contains(exp.Msg.Json, secret) {
			t.Fatalf("export holds a secret (%q): %s", secret, exp.Msg.Json)
		}
	}
}
