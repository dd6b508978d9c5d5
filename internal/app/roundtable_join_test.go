package app_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/timestamppb"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/internal/server"
)

// TestRoundtableJoinByCode: a facilitator creates a roundtable testing a
// finding; an attendee whose day is already full (the planned question and
// a finding sent to everyone, at the cap of 2) joins with the code shown in
// the room, typed in lower case with a dash, and has the roundtable's
// question open at once, before their delivery time and past the cap. A
// panellist who did not join does not get it; an unknown code and the code
// in another programme get NotFound.
func TestRoundtableJoinByCode(t *testing.T) {
	t.Parallel()
	h := newHarness(t, time.Date(2026, 11, 23, 8, 0, 0, 0, london))
	ctx, cancel := context.WithTimeout(h.ctx, 60*time.Second)
	defer cancel()
	p := h.programme("llr")
	people := h.panel(p, "2026-11-23", []string{"M1,28110,12", "M2,28110,12"})
	must(t, h.app.Planner.Tick(ctx))
	fac := h.facilitator(p)

	wide, err := fac.CreateFinding(ctx, connect.NewRequest(&pb.CreateFindingRequest{Statement: "Energy costs are the first worry of manufacturers this winter"}))
	must(t, err)
	must(t, call(fac.TestFinding(ctx, connect.NewRequest(&pb.TestFindingRequest{FindingId: wide.Msg.Finding.Id, Segment: &pb.Segment{Dimension: pb.Dimension_DIMENSION_ALL}, Now: true}))))
	room, err := fac.CreateFinding(ctx, connect.NewRequest(&pb.CreateFindingRequest{Statement: "Apprenticeships fill the engineering gap within two years"}))
	must(t, err)
	roomKey := fmt.Sprintf("finding_%d", room.Msg.Finding.Id)

	_, err = fac.CreateRoundtable(ctx, connect.NewRequest(&pb.CreateRoundtableRequest{Title: "Advanced manufacturing", Date: "23/11/2026", FindingIds: []int64{room.Msg.Finding.Id}}))
	wantCode(t, err, connect.CodeInvalidArgument, "a date not in YYYY-MM-DD")
	_, err = fac.CreateRoundtable(ctx, connect.NewRequest(&pb.CreateRoundtableRequest{Title: "Advanced manufacturing", Date: "2026-11-23", FindingIds: []int64{999999}}))
	wantCode(t, err, connect.CodeNotFound, "an unknown finding")
	rt, err := fac.CreateRoundtable(ctx, connect.NewRequest(&pb.CreateRoundtableRequest{
		Title: "Advanced manufacturing", Date: "2026-11-23", Audience: "Manufacturers in Leicester", FindingIds: []int64{room.Msg.Finding.Id},
	}))
	must(t, err)
	code := rt.Msg.Roundtable.JoinCode
	if len(code) != 6 || rt.Msg.Roundtable.Status != pb.RoundtableStatus_ROUNDTABLE_STATUS_OPEN || rt.Msg.Roundtable.Date != "2026-11-23" {
		t.Fatalf("CreateRoundtable = %v, want an open roundtable with a 6-character code", rt.Msg.Roundtable)
	}

	// Before the delivery time nothing of the day is open yet.
	today, err := people["M1"].GetToday(ctx, connect.NewRequest(&pb.GetTodayRequest{}))
	must(t, err)
	if n := len(today.Msg.Assignments); n != 0 {
		t.Fatalf("at 08:00 M1 has %d open questions, want none before 09:00", n)
	}

	_, err = people["M1"].JoinRoundtable(ctx, connect.NewRequest(&pb.JoinRoundtableRequest{JoinCode: "ZZZZ99"}))
	wantCode(t, err, connect.CodeNotFound, "an unknown join code")
	joined, err := people["M1"].JoinRoundtable(ctx, connect.NewRequest(&pb.JoinRoundtableRequest{JoinCode: strings.ToLower(code[:3]) + "-" + strings.ToLower(code[3:])}))
	must(t, err)
	if joined.Msg.Title != "Advanced manufacturing" || joined.Msg.Assigned != 1 {
		t.Fatalf("JoinRoundtable = %v, want the title and 1 question given", joined.Msg)
	}
	today, err = people["M1"].GetToday(ctx, connect.NewRequest(&pb.GetTodayRequest{}))
	must(t, err)
	if len(today.Msg.Assignments) != 1 || today.Msg.Assignments[0].Question.Key != roomKey {
		t.Fatalf("after joining M1 has %v open, want the roundtable's %s at once", today.Msg.Assignments, roomKey)
	}
	must(t, call(people["M1"].SubmitAnswer(ctx, connect.NewRequest(&pb.SubmitAnswerRequest{
		AssignmentId: today.Msg.Assignments[0].Id, IdempotencyKey: "roundtable-M1", Value: scale(4), AnsweredAt: timestamppb.New(h.clock.Now()),
	}))))
	// Joining again gives nothing twice.
	again, err := people["M1"].JoinRoundtable(ctx, connect.NewRequest(&pb.JoinRoundtableRequest{JoinCode: code}))
	must(t, err)
	if again.Msg.Assigned != 0 {
		t.Fatalf("a second join gave %d questions, want 0", again.Msg.Assigned)
	}

	// At the delivery time M1 has the planned question, the finding sent to
	// everyone and the roundtable's: three, past the cap of 2. M2 has two.
	h.clock.Advance(90 * time.Minute)
	for ref, want := range map[string][]string{
		"M1": {"recruit_confidence", fmt.Sprintf("finding_%d", wide.Msg.Finding.Id), roomKey},
		"M2": {"recruit_confidence", fmt.Sprintf("finding_%d", wide.Msg.Finding.Id)},
	} {
		today, err := people[ref].GetToday(ctx, connect.NewRequest(&pb.GetTodayRequest{}))
		must(t, err)
		var got []string
		for _, a := range today.Msg.Assignments {
			got = append(got, a.Question.Key)
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Fatalf("%s at 09:30 has %v, want %v", ref, got, want)
		}
	}

	// The code means nothing in another programme.
	other := h.programme("other")
	them := h.panel(other, "2026-11-23", []string{"X1,28110,12"})
	_, err = them["X1"].JoinRoundtable(ctx, connect.NewRequest(&pb.JoinRoundtableRequest{JoinCode: code}))
	wantCode(t, err, connect.CodeNotFound, "the join code of another programme")

	// Wrong codes are rate limited as wrong invite codes are: one so far
	// from this address since the clock moved on, then the rest of the
	// burst, then ResourceExhausted.
	for i := 1; i < server.EnrolFailBurst; i++ {
		_, err = them["X1"].JoinRoundtable(ctx, connect.NewRequest(&pb.JoinRoundtableRequest{JoinCode: "ZZZZ99"}))
		wantCode(t, err, connect.CodeNotFound, fmt.Sprintf("wrong join code %d", i+1))
	}
	_, err = them["X1"].JoinRoundtable(ctx, connect.NewRequest(&pb.JoinRoundtableRequest{JoinCode: "ZZZZ99"}))
	wantCode(t, err, connect.CodeResourceExhausted, "a wrong join code past the burst")
}
