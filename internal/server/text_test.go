package server_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"connectrpc.com/connect"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/internal/apptest"
)

// TestNULBytesAreInvalidArgument: a NUL byte anywhere in a request, at
// the top, nested in a list of messages or inside a CSV body, is refused
// with InvalidArgument naming the field, on every service and for the
// unauthenticated Enrol, instead of reaching PostgreSQL as an Internal.
func TestNULBytesAreInvalidArgument(t *testing.T) {
	t.Parallel()
	p, k := setup(t, "llr")
	ctx := context.Background()
	admin := apptest.As(p, k.admin).Admin
	obs := apptest.As(p, k.analyst).Observatory
	anon := apptest.As(p, "").Panellist
	cases := []struct {
		name, field string
		call        func() error
	}{
		{"Enrol", "tenant", func() error {
			_, err := anon.Enrol(ctx, connect.NewRequest(&pb.EnrolRequest{Tenant: "ll\x00r", InviteCode: "ABCD-EFGH-JKLM", ConsentVersion: "2026-1"}))
			return err
		}},
		{"CreateQuestion", "spec.options[1].label", func() error {
			_, err := admin.CreateQuestion(ctx, connect.NewRequest(&pb.CreateQuestionRequest{Key: "q", Title: "T", Wording: "W", Spec: &pb.QuestionSpec{
				Type: pb.QuestionType_QUESTION_TYPE_SINGLE_CHOICE, Options: []*pb.Option{{Code: 1, Label: "Yes"}, {Code: 2, Label: "N\x00o"}}}}))
			return err
		}},
		{"ImportBusinesses", "csv", func() error {
			_, err := admin.ImportBusinesses(ctx, connect.NewRequest(&pb.ImportBusinessesRequest{Csv: "ref,name,sic,employees,district\nB1,Acme\x00,28110,12,Leicester"}))
			return err
		}},
		{"SetSectorMap", "rules[0].sector", func() error {
			_, err := admin.SetSectorMap(ctx, connect.NewRequest(&pb.SetSectorMapRequest{Rules: []*pb.SectorRule{{SicPrefix: "28", Sector: "Manu\x00"}}}))
			return err
		}},
		{"GetTrend", "question_key", func() error {
			_, err := obs.GetTrend(ctx, connect.NewRequest(&pb.GetTrendRequest{QuestionKey: "q\x00"}))
			return err
		}},
	}
	for _, c := range cases {
		err := c.call()
		if connect.CodeOf(err) != connect.CodeInvalidArgument || !strings.Contains(err.Error(), c.field+": must not contain a NUL byte") {
			t.Errorf("%s: %v, want InvalidArgument naming %s and the NUL byte", c.name, err, c.field)
		}
	}
	// The same over plain JSON, as the attacker sent it.
	res, err := http.Post(p.URL+"/panelpulse.v1.PanellistService/Enrol", "application/json",
		strings.NewReader(`{"tenant":"ll\u0000r","inviteCode":"ABCD-EFGH-JKLM","consentVersion":"2026-1"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), "tenant: must not contain a NUL byte") {
		t.Fatalf("JSON Enrol with a NUL: %d %s, want 400 invalid_argument naming tenant", res.StatusCode, body)
	}
}
