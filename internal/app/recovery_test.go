package app_test

import (
	"testing"
	"time"

	"connectrpc.com/connect"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/internal/panel"
)

// TestRecoveryCodeSignsInASecondPhone: a signed-in panellist's recovery
// code signs another phone in without a new invite, once, only in its own
// programme, until it expires on the process clock; a newer code replaces
// an unused older one, and a withdrawn panellist's code no longer works.
func TestRecoveryCodeSignsInASecondPhone(t *testing.T) {
	t.Parallel()
	h := newHarness(t, time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC))
	a, b := h.programme("rec-a"), h.programme("rec-b")
	first := h.panel(a, "2026-11-23", []string{"A1,28110,20", "A2,49410,30"})["A1"]
	h.panel(b, "2026-11-23", []string{"B1,28110,20"})
	anon := h.panellist("")
	ctx := h.ctx

	_, err := anon.CreateRecoveryCode(ctx, connect.NewRequest(&pb.CreateRecoveryCodeRequest{}))
	wantCode(t, err, connect.CodeUnauthenticated, "CreateRecoveryCode without a session")

	code := func() *pb.CreateRecoveryCodeResponse {
		t.Helper()
		res, err := first.CreateRecoveryCode(ctx, connect.NewRequest(&pb.CreateRecoveryCodeRequest{}))
		must(t, err)
		return res.Msg
	}
	recover := func(slug, c string) (*pb.RecoverResponse, error) {
		res, err := anon.Recover(ctx, connect.NewRequest(&pb.RecoverRequest{Tenant: slug, RecoveryCode: c}))
		if err != nil {
			return nil, err
		}
		return res.Msg, nil
	}

	c := code()
	if want := h.clock.Now().Add(panel.RecoveryTTL); !c.ExpiresAt.AsTime().Equal(want) {
		t.Errorf("the code expires at %v, want %v", c.ExpiresAt.AsTime(), want)
	}
	_, err = recover("rec-b", c.Code)
	wantCode(t, err, connect.CodeNotFound, "a code used in another programme")
	got, err := recover("rec-a", c.Code)
	must(t, err)
	if got.DisplayName != "Person A1" {
		t.Errorf("the second phone is signed in as %q, want Person A1", got.DisplayName)
	}
	second := h.panellist(got.SessionToken)
	_, err = second.GetToday(ctx, connect.NewRequest(&pb.GetTodayRequest{}))
	must(t, err)
	_, err = first.GetToday(ctx, connect.NewRequest(&pb.GetTodayRequest{}))
	must(t, err)
	_, err = second.RegisterDevice(ctx, connect.NewRequest(&pb.RegisterDeviceRequest{FcmToken: "web-A1", Platform: pb.Platform_PLATFORM_WEB}))
	must(t, err)
	_, err = recover("rec-a", c.Code)
	wantCode(t, err, connect.CodeNotFound, "a code used a second time")

	older, newer := code(), code()
	_, err = recover("rec-a", older.Code)
	wantCode(t, err, connect.CodeNotFound, "a code replaced by a newer one")
	h.clock.Advance(panel.RecoveryTTL)
	_, err = recover("rec-a", newer.Code)
	wantCode(t, err, connect.CodeNotFound, "an expired code")

	late := code()
	_, err = first.Withdraw(ctx, connect.NewRequest(&pb.WithdrawRequest{}))
	must(t, err)
	_, err = recover("rec-a", late.Code)
	wantCode(t, err, connect.CodeNotFound, "a withdrawn panellist's code")
}
