package demo_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/internal/apptest"
	"github.com/panelpulse/panelpulse/internal/demo"
)

// TestInviteLinkJoinsANewcomer: the demo's invite link carries the
// programme and a code in its fragment; the code joins a newcomer, an
// earlier link's code stops working when a new one is printed, and once
// the newcomer has joined the next link is for another newcomer.
func TestInviteLinkJoinsANewcomer(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	p := apptest.Start(t, time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC))
	l, err := demo.NewLoader(p.Store, p.App.Admin, p.App.Bank, p.Clock, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.Ensure(ctx); err != nil {
		t.Fatal(err)
	}
	pan := p.App.Panel
	code := func() string {
		t.Helper()
		link, err := l.InviteLink(ctx, "http://127.0.0.1:8080")
		if err != nil {
			t.Fatal(err)
		}
		head, frag, ok := strings.Cut(link, "#")
		f, _ := url.ParseQuery(frag)
		if !ok || head != "http://127.0.0.1:8080/app/" || f.Get("tenant") != demo.Slug || f.Get("code") == "" {
			t.Fatalf("invite link %q, want /app/#tenant=%s&code=...", link, demo.Slug)
		}
		return f.Get("code")
	}
	first, second := code(), code()
	if _, err := pan.Enrol(ctx, demo.Slug, first, "demo"); err == nil {
		t.Error("an earlier link's code still joins")
	}
	e, err := pan.Enrol(ctx, demo.Slug, second, "demo")
	if err != nil || e.Name != "Newcomer 1" {
		t.Fatalf("joining with the link's code: %+v %v, want Newcomer 1", e, err)
	}
	// Today's questions are open for the newcomer at once (at 08:00 UTC,
	// before the demo panel's 09:00 deliveries), once today is planned.
	if err := p.App.Planner.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	today, err := apptest.As(p, e.SessionToken).Panellist.GetToday(ctx, connect.NewRequest(&pb.GetTodayRequest{}))
	if err != nil || len(today.Msg.Assignments) == 0 {
		t.Fatalf("the newcomer's today just after joining: %v %v, want open questions", today, err)
	}
	e, err = pan.Enrol(ctx, demo.Slug, code(), "demo")
	if err != nil || e.Name != "Newcomer 2" {
		t.Fatalf("the next link joins %+v %v, want Newcomer 2", e, err)
	}
}
