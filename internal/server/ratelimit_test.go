package server_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/internal/apptest"
	"github.com/panelpulse/panelpulse/internal/server"
)

// TestEnrolRateLimit: an address gets EnrolFailBurst wrong codes, then
// ResourceExhausted with a retry hint until the clock moves on.
func TestEnrolRateLimit(t *testing.T) {
	t.Parallel()
	p, _ := setup(t, "llr")
	ctx := context.Background()
	anon := apptest.As(p, "").Panellist
	enrol := func() error {
		_, err := anon.Enrol(ctx, connect.NewRequest(&pb.EnrolRequest{Tenant: "llr", InviteCode: "ABCD-EFGH-JKLM", ConsentVersion: "2026-1"}))
		return err
	}
	for i := 0; i < server.EnrolFailBurst; i++ {
		if err := enrol(); connect.CodeOf(err) != connect.CodeNotFound {
			t.Fatalf("wrong code %d: %v, want NotFound", i+1, err)
		}
	}
	err := enrol()
	var ce *connect.Error
	if connect.CodeOf(err) != connect.CodeResourceExhausted || !strings.Contains(err.Error(), "try again in 6 s") {
		t.Fatalf("wrong code %d: %v, want ResourceExhausted saying to try again in 6 s", server.EnrolFailBurst+1, err)
	}
	if !errors.As(err, &ce) || ce.Meta().Get("Retry-After") != "6" {
		t.Fatalf("Retry-After = %q, want 6", ce.Meta().Get("Retry-After"))
	}
	p.Clock.Advance(6 * time.Second)
	if err := enrol(); connect.CodeOf(err) != connect.CodeNotFound {
		t.Fatalf("after 6 s: %v, want NotFound (one more try allowed)", err)
	}
	if err := enrol(); connect.CodeOf(err) != connect.CodeResourceExhausted {
		t.Fatalf("right after: %v, want ResourceExhausted", err)
	}
}

// TestStaffRateLimit: one key gets StaffBurst calls at an instant, then
// ResourceExhausted; another key is not affected.
func TestStaffRateLimit(t *testing.T) {
	t.Parallel()
	p, k := setup(t, "llr")
	ctx := context.Background()
	a := apptest.As(p, k.admin).Staff
	for i := 0; i < server.StaffBurst; i++ {
		if _, err := a.WhoAmI(ctx, connect.NewRequest(&pb.WhoAmIRequest{})); err != nil {
			t.Fatalf("call %d: %v", i+1, err)
		}
	}
	_, err := a.WhoAmI(ctx, connect.NewRequest(&pb.WhoAmIRequest{}))
	if connect.CodeOf(err) != connect.CodeResourceExhausted || !strings.Contains(err.Error(), "too many calls with this credential: try again in 1 s") {
		t.Fatalf("call %d: %v, want ResourceExhausted with a retry hint", server.StaffBurst+1, err)
	}
	other := apptest.As(p, k.analyst).Staff
	if _, err := other.WhoAmI(ctx, connect.NewRequest(&pb.WhoAmIRequest{})); err != nil {
		t.Fatalf("another key: %v", err)
	}
}

// TestLiveStreamCap: one credential holds at most MaxStreamsPerCredential
// WatchResults streams; closing one frees its place.
func TestLiveStreamCap(t *testing.T) {
	t.Parallel()
	p, k := setup(t, "llr")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	fac := apptest.As(p, k.facilitator).Roundtable
	f, err := fac.CreateFinding(ctx, connect.NewRequest(&pb.CreateFindingRequest{
		Statement: "Manufacturers find it harder to recruit engineers than a year ago", Roundtable: "Advanced manufacturing, 23 Nov"}))
	if err != nil {
		t.Fatal(err)
	}
	open := func() (*connect.ServerStreamForClient[pb.WatchResultsResponse], error) {
		s, err := fac.WatchResults(ctx, connect.NewRequest(&pb.WatchResultsRequest{FindingId: f.Msg.Finding.Id}))
		if err != nil {
			return nil, err
		}
		if !s.Receive() {
			return s, s.Err()
		}
		return s, nil
	}
	var streams []*connect.ServerStreamForClient[pb.WatchResultsResponse]
	for i := 0; i < server.MaxStreamsPerCredential; i++ {
		s, err := open()
		if err != nil {
			t.Fatalf("stream %d: %v", i+1, err)
		}
		streams = append(streams, s)
	}
	if _, err := open(); connect.CodeOf(err) != connect.CodeResourceExhausted || !strings.Contains(err.Error(), "at most 20 at once") {
		t.Fatalf("stream %d: %v, want ResourceExhausted naming the cap", server.MaxStreamsPerCredential+1, err)
	}
	_ = streams[0].Close()
	var s *connect.ServerStreamForClient[pb.WatchResultsResponse]
	for i := 0; ; i++ {
		// The server notices the closed stream asynchronously.
		if s, err = open(); err == nil || i == 1000 {
			break
		}
		if connect.CodeOf(err) != connect.CodeResourceExhausted {
			t.Fatal(err)
		}
	}
	if err != nil {
		t.Fatalf("after closing one: %v", err)
	}
	_ = s.Close()
	for _, s := range streams[1:] {
		_ = s.Close()
	}
}
