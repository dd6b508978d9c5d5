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
	"github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1/panelpulsev1connect"
	"github.com/panelpulse/panelpulse/internal/auth"
	"github.com/panelpulse/panelpulse/internal/tenant"
)

// manufacturers is programme llr on Monday 23 November 2026 with six
// manufacturers (M1-M6) and a logistics firm (L1), the day planned.
func manufacturers(t *testing.T) (*harness, context.Context, *programme, map[string]panelpulsev1connect.PanellistServiceClient) {
	t.Helper()
	h := newHarness(t, time.Date(2026, 11, 23, 9, 30, 0, 0, london))
	ctx, cancel := context.WithTimeout(h.ctx, 60*time.Second)
	t.Cleanup(cancel)
	p := h.programme("llr")
	people := h.panel(p, "2026-11-23", []string{"M1,28110,12", "M2,28110,12", "M3,28110,12", "M4,28110,12", "M5,28110,12", "M6,28110,12", "L1,49410,40"})
	must(t, h.app.Planner.Tick(ctx))
	return h, ctx, p, people
}

// TestRoundtableFindingLive: a facilitator tests a finding on a sector
// during a roundtable and watches the answers arrive on a stream.
func TestRoundtableFindingLive(t *testing.T) {
	t.Parallel()
	h, ctx, p, people := manufacturers(t)
	fac := h.facilitator(p)

	_, err := fac.CreateFinding(ctx, connect.NewRequest(&pb.CreateFindingRequest{Statement: "short"}))
	wantCode(t, err, connect.CodeInvalidArgument, "a five-letter statement")
	f, err := fac.CreateFinding(ctx, connect.NewRequest(&pb.CreateFindingRequest{
		Statement: "Manufacturers find it harder to recruit engineers than a year ago", Roundtable: "Advanced manufacturing, 23 Nov",
	}))
	must(t, err)
	id := f.Msg.Finding.Id
	tested, err := fac.TestFinding(ctx, connect.NewRequest(&pb.TestFindingRequest{FindingId: id, Segment: &pb.Segment{Dimension: pb.Dimension_DIMENSION_SECTOR, Value: "Advanced Manufacturing"}, Now: true}))
	must(t, err)
	if r := tested.Msg.Reach; r.GetNow() != 6 || r.GetLater() != 0 || r.GetDay() != "2026-11-23" || tested.Msg.Finding.Status != pb.FindingStatus_FINDING_STATUS_TESTING {
		t.Fatalf("TestFinding = %v, want 6 manufacturers assigned today and status testing", tested.Msg)
	}

	stream, err := fac.WatchResults(ctx, connect.NewRequest(&pb.WatchResultsRequest{FindingId: id}))
	must(t, err)
	defer stream.Close()
	if !stream.Receive() {
		t.Fatalf("no first message: %v", stream.Err())
	}
	// Nobody has answered: the result is suppressed and, like every hidden
	// cell, shows no counts.
	if m := stream.Msg(); m.Respondents != 0 || m.Assigned != 0 || !m.Suppressed {
		t.Fatalf("first results = %v, want suppressed with no counts", m)
	}

	points := map[string]int32{"M1": 4, "M2": 4, "M3": 5, "M4": 2, "M5": 4, "M6": 3}
	asg := map[string]int64{}
	for ref, v := range points {
		today, err := people[ref].GetToday(ctx, connect.NewRequest(&pb.GetTodayRequest{}))
		must(t, err)
		found := false
		for _, a := range today.Msg.Assignments {
			if a.Question.Key == fmt.Sprintf("finding_%d", id) {
				found = true
				asg[ref] = a.Id
				if !strings.Contains(a.Question.Wording, "recruit engineers") || a.Question.Spec.Type != pb.QuestionType_QUESTION_TYPE_LIKERT {
					t.Fatalf("finding question = %v", a.Question)
				}
				_, err := people[ref].SubmitAnswer(ctx, connect.NewRequest(&pb.SubmitAnswerRequest{
					AssignmentId: a.Id, IdempotencyKey: "finding-" + ref, Value: scale(v), AnsweredAt: timestamppb.New(h.clock.Now()),
				}))
				must(t, err)
			}
		}
		if !found {
			t.Fatalf("%s did not get the finding test today: %v", ref, today.Msg.Assignments)
		}
	}
	// L1 is not in the segment.
	today, err := people["L1"].GetToday(ctx, connect.NewRequest(&pb.GetTodayRequest{}))
	must(t, err)
	for _, a := range today.Msg.Assignments {
		if strings.HasPrefix(a.Question.Key, "finding_") {
			t.Fatalf("a logistics firm got the manufacturing finding")
		}
	}

	// The stream looks again one poll (a second of the process clock) later.
	must(t, h.clock.BlockUntilWaiters(ctx, 1))
	h.clock.Advance(time.Second)
	var last *pb.WatchResultsResponse
	for stream.Receive() {
		last = stream.Msg()
		if last.Respondents == 6 {
			break
		}
	}
	if last == nil || last.Respondents != 6 || last.Suppressed || last.NetAgreement == nil {
		t.Fatalf("live results never reached 6 respondents: %v (%v)", last, stream.Err())
	}
	// Agree or strongly agree: 4 of 6; disagree: 1 of 6.
	if got, want := *last.NetAgreement, 0.5; got < want-1e-9 || got > want+1e-9 {
		t.Fatalf("net agreement = %v, want %v", got, want)
	}
	if len(last.Shares) != 5 || last.Shares[3].Share != 0.5 {
		t.Fatalf("shares = %v, want 5 points with agree at 0.5", last.Shares)
	}
	// Live results move in steps: M4 changes their mind (one business, below
	// the threshold), and a new watcher still sees the last release, so the
	// revision cannot be read as the difference of two releases.
	_, err = people["M4"].SubmitAnswer(ctx, connect.NewRequest(&pb.SubmitAnswerRequest{
		AssignmentId: asg["M4"], IdempotencyKey: "finding-M4-again", Value: scale(5), AnsweredAt: timestamppb.New(h.clock.Now()),
	}))
	must(t, err)
	again, err := fac.WatchResults(ctx, connect.NewRequest(&pb.WatchResultsRequest{FindingId: id}))
	must(t, err)
	if !again.Receive() {
		t.Fatalf("no message after the revision: %v", again.Err())
	}
	if m := again.Msg(); m.Respondents != 6 || m.NetAgreement == nil || *m.NetAgreement != *last.NetAgreement || m.Shares[1].Share != last.Shares[1].Share {
		t.Fatalf("after one revision the live results moved: %v, want the last release %v", m, last)
	}
	again.Close()
	done, err := fac.SetFindingStatus(ctx, connect.NewRequest(&pb.SetFindingStatusRequest{FindingId: id, Status: pb.FindingStatus_FINDING_STATUS_VALIDATED}))
	must(t, err)
	if done.Msg.Finding.Status != pb.FindingStatus_FINDING_STATUS_VALIDATED {
		t.Fatalf("status = %v, want validated", done.Msg.Finding.Status)
	}
	// Another programme's facilitator cannot see it.
	other := h.programme("other")
	okey, err := tenant.IssueKey(ctx, h.st, other.id, auth.RoleFacilitator, "x")
	must(t, err)
	ofac := h.roundtableAs(okey)
	_, err = ofac.SetFindingStatus(ctx, connect.NewRequest(&pb.SetFindingStatusRequest{FindingId: id, Status: pb.FindingStatus_FINDING_STATUS_REFUTED}))
	wantCode(t, err, connect.CodeNotFound, "facilitator of another programme")
}

// TestPanellistSeesFindingOutcome: the manufacturers who answered a
// finding test see it as still being tested, then, once the facilitator
// validates it, the verdict with its evidence over the whole panel; a
// business outside the segment and a panellist of another programme see
// nothing.
func TestPanellistSeesFindingOutcome(t *testing.T) {
	t.Parallel()
	h, ctx, p, people := manufacturers(t)
	other := h.panel(h.programme("other"), "2026-11-23", []string{"X1,28110,12"})
	must(t, h.app.Planner.Tick(ctx))
	fac := h.facilitator(p)
	const statement = "Manufacturers find it harder to recruit engineers than a year ago"
	f, err := fac.CreateFinding(ctx, connect.NewRequest(&pb.CreateFindingRequest{Statement: statement}))
	must(t, err)
	id := f.Msg.Finding.Id
	_, err = fac.TestFinding(ctx, connect.NewRequest(&pb.TestFindingRequest{FindingId: id, Segment: &pb.Segment{Dimension: pb.Dimension_DIMENSION_SECTOR, Value: "Advanced Manufacturing"}, Now: true}))
	must(t, err)
	for ref, v := range map[string]int32{"M1": 4, "M2": 4, "M3": 5, "M4": 2, "M5": 4, "M6": 3} {
		today, err := people[ref].GetToday(ctx, connect.NewRequest(&pb.GetTodayRequest{}))
		must(t, err)
		for _, a := range today.Msg.Assignments {
			if a.Question.Key == fmt.Sprintf("finding_%d", id) {
				_, err := people[ref].SubmitAnswer(ctx, connect.NewRequest(&pb.SubmitAnswerRequest{
					AssignmentId: a.Id, IdempotencyKey: "finding-" + ref, Value: scale(v), AnsweredAt: timestamppb.New(h.clock.Now()),
				}))
				must(t, err)
			}
		}
	}
	mine := func(c panelpulsev1connect.PanellistServiceClient) *pb.ListMyFindingsResponse {
		t.Helper()
		r, err := c.ListMyFindings(ctx, connect.NewRequest(&pb.ListMyFindingsRequest{}))
		must(t, err)
		return r.Msg
	}

	got := mine(people["M1"])
	if len(got.Findings) != 1 || got.Findings[0].Statement != statement || got.Findings[0].Status != pb.FindingStatus_FINDING_STATUS_TESTING || got.Findings[0].Evidence != nil {
		t.Fatalf("while testing M1 sees %v, want the finding under test with no verdict", got.Findings)
	}
	_, err = fac.SetFindingStatus(ctx, connect.NewRequest(&pb.SetFindingStatusRequest{FindingId: id, Status: pb.FindingStatus_FINDING_STATUS_VALIDATED}))
	must(t, err)
	for _, ref := range []string{"M1", "M4"} {
		got := mine(people[ref])
		if len(got.Findings) != 1 || got.Findings[0].Status != pb.FindingStatus_FINDING_STATUS_VALIDATED {
			t.Fatalf("after the verdict %s sees %v, want the finding validated", ref, got.Findings)
		}
		e := got.Findings[0].Evidence
		// Agree or strongly agree: 4 of 6; disagree: 1 of 6.
		if e == nil || e.Suppressed || e.Respondents != 6 || e.NetAgreement == nil || *e.NetAgreement < 0.5-1e-9 || *e.NetAgreement > 0.5+1e-9 {
			t.Fatalf("%s sees the evidence %v, want 6 businesses and net agreement 0.5", ref, e)
		}
		if e.NetAgreementLow >= *e.NetAgreement || e.NetAgreementHigh <= *e.NetAgreement {
			t.Errorf("%s sees the interval [%v, %v] around %v", ref, e.NetAgreementLow, e.NetAgreementHigh, *e.NetAgreement)
		}
		if got.SuppressionThreshold <= 0 || got.SuppressionThreshold > 6 {
			t.Errorf("suppression threshold = %d", got.SuppressionThreshold)
		}
	}
	if got := mine(people["L1"]); len(got.Findings) != 0 {
		t.Errorf("L1 did not answer and sees %v", got.Findings)
	}
	if got := mine(other["X1"]); len(got.Findings) != 0 {
		t.Errorf("a panellist of another programme sees %v", got.Findings)
	}
}
