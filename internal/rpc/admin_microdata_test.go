package rpc_test

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"connectrpc.com/connect"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1/panelpulsev1connect"
	"github.com/panelpulse/panelpulse/internal/answer"
	"github.com/panelpulse/panelpulse/internal/apptest"
	"github.com/panelpulse/panelpulse/internal/auth"
	"github.com/panelpulse/panelpulse/internal/bank"
	"github.com/panelpulse/panelpulse/internal/observatory/synth"
)

// lockedBuffer is a log sink safe for the server's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestSetMicrodataExport: only an admin switches the programme's
// micro-data export; while it is off the programme's analysts get
// PermissionDenied and another programme's are unaffected; each change is
// logged with the setting before and after.
func TestSetMicrodataExport(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	var logs lockedBuffer
	st, srv := observatoryServerLog(t, &logs)
	cl := func(slug string) (admin panelpulsev1connect.AdminServiceClient, analyst panelpulsev1connect.ObservatoryServiceClient, keys map[auth.Role]string) {
		tenantID, keys := staffKeys(t, st, slug, auth.RoleAdmin, auth.RoleAnalyst, auth.RoleFacilitator)
		if _, err := synth.Load(ctx, st, tenantID, synth.Config{Seed: 1, Businesses: 10, MaxPeople: 1, Days: 1,
			Sectors: []string{"Manufacturing"}, Districts: []string{"Leicester"},
			Start: time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC), AnswerRate: 1,
			Questions: []bank.Input{{Key: "confidence", Theme: "skills", Title: "Confidence", Wording: "How confident?",
				Spec: answer.Spec{Type: answer.TypeScale, ScaleMin: 1, ScaleMax: 10, MinLabel: "Low", MaxLabel: "High"}}}}); err != nil {
			t.Fatal(err)
		}
		return panelpulsev1connect.NewAdminServiceClient(http.DefaultClient, srv.URL, apptest.Bearer(keys[auth.RoleAdmin])),
			panelpulsev1connect.NewObservatoryServiceClient(http.DefaultClient, srv.URL, apptest.Bearer(keys[auth.RoleAnalyst])), keys
	}
	adm, ana, keys := cl("one")
	_, otherAna, _ := cl("two")
	exportCode := func(c panelpulsev1connect.ObservatoryServiceClient) connect.Code {
		s, err := c.ExportMicrodata(ctx, connect.NewRequest(&pb.ExportMicrodataRequest{QuestionKey: "confidence"}))
		if err != nil {
			return connect.CodeOf(err)
		}
		defer s.Close()
		for s.Receive() {
		}
		if s.Err() != nil {
			return connect.CodeOf(s.Err())
		}
		return 0
	}
	set := func(c panelpulsev1connect.AdminServiceClient, on bool) (*pb.SetMicrodataExportResponse, error) {
		res, err := c.SetMicrodataExport(ctx, connect.NewRequest(&pb.SetMicrodataExportRequest{Enabled: on}))
		if err != nil {
			return nil, err
		}
		return res.Msg, nil
	}

	for _, r := range []auth.Role{auth.RoleAnalyst, auth.RoleFacilitator} {
		if _, err := set(panelpulsev1connect.NewAdminServiceClient(http.DefaultClient, srv.URL, apptest.Bearer(keys[r])), false); connect.CodeOf(err) != connect.CodePermissionDenied {
			t.Fatalf("a %s key switching micro-data off: %v, want PermissionDenied", r, err)
		}
	}
	if _, err := set(panelpulsev1connect.NewAdminServiceClient(http.DefaultClient, srv.URL), false); connect.CodeOf(err) != connect.CodeUnauthenticated {
		t.Fatalf("no key: %v, want Unauthenticated", err)
	}
	if c := exportCode(ana); c != 0 {
		t.Fatalf("micro-data export before any switch: %v, want allowed", c)
	}
	off, err := set(adm, false)
	if err != nil || off.Enabled || !off.Previous {
		t.Fatalf("switching off: %v, %v; want enabled=false previous=true", off, err)
	}
	if c := exportCode(ana); c != connect.CodePermissionDenied {
		t.Fatalf("micro-data export while off: %v, want PermissionDenied", c)
	}
	if c := exportCode(otherAna); c != 0 {
		t.Fatalf("another programme's export while the first is off: %v, want allowed", c)
	}
	on, err := set(adm, true)
	if err != nil || !on.Enabled || on.Previous {
		t.Fatalf("switching on: %v, %v; want enabled=true previous=false", on, err)
	}
	if c := exportCode(ana); c != 0 {
		t.Fatalf("micro-data export switched on again: %v, want allowed", c)
	}
	var audit []string
	for _, l := range strings.Split(logs.String(), "\n") {
		if strings.Contains(l, "micro-data export set") {
			audit = append(audit, l)
		}
	}
	if len(audit) != 2 || !strings.Contains(audit[0], "previous=true enabled=false") || !strings.Contains(audit[0], "role=admin") ||
		!strings.Contains(audit[1], "previous=false enabled=true") {
		t.Fatalf("audit log lines %q, want one per change with the role and the setting before and after", audit)
	}
}
