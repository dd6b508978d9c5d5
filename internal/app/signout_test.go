package app_test

import (
	"testing"
	"time"

	"connectrpc.com/connect"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1/panelpulsev1connect"
)

// TestEndSessionSignsOnePhoneOut: signing out on one phone ends that
// session's token on the server at once; the panellist's other phone (a
// recovered session) and other panellists stay signed in.
func TestEndSessionSignsOnePhoneOut(t *testing.T) {
	t.Parallel()
	h := newHarness(t, time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC))
	people := h.panel(h.programme("out"), "2026-11-23", []string{"A1,28110,20", "A2,49410,30"})
	ctx := h.ctx
	rc, err := people["A1"].CreateRecoveryCode(ctx, connect.NewRequest(&pb.CreateRecoveryCodeRequest{}))
	must(t, err)
	rec, err := h.panellist("").Recover(ctx, connect.NewRequest(&pb.RecoverRequest{Tenant: "out", RecoveryCode: rc.Msg.Code}))
	must(t, err)
	second := h.panellist(rec.Msg.SessionToken)

	ended, err := people["A1"].EndSession(ctx, connect.NewRequest(&pb.EndSessionRequest{}))
	must(t, err)
	if !ended.Msg.Ended {
		t.Fatalf("EndSession = %v, want ended", ended.Msg)
	}
	_, err = people["A1"].GetToday(ctx, connect.NewRequest(&pb.GetTodayRequest{}))
	wantCode(t, err, connect.CodeUnauthenticated, "GetToday with a signed-out token")
	_, err = people["A1"].EndSession(ctx, connect.NewRequest(&pb.EndSessionRequest{}))
	wantCode(t, err, connect.CodeUnauthenticated, "EndSession twice")
	for name, c := range map[string]panelpulsev1connect.PanellistServiceClient{"A1's other phone": second, "A2": people["A2"]} {
		if _, err := c.GetToday(ctx, connect.NewRequest(&pb.GetTodayRequest{})); err != nil {
			t.Errorf("%s after A1 signed out: %v, want still signed in", name, err)
		}
	}
}
