package app_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/timestamppb"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/internal/auth"
	"github.com/panelpulse/panelpulse/internal/tenant"
)

// TestVerdictNeedsTheThresholdAndKeepsItsEvidence: a verdict with no
// respondents is refused unless inconclusive; five manufacturers answer,
// the test is closed and the sixth's later answer is refused; the verdict
// then stores the evidence of the five, which the finding's history keeps
// after more changes; findings list in pages with their history, and
// another programme reaches none of it.
func TestVerdictNeedsTheThresholdAndKeepsItsEvidence(t *testing.T) {
	t.Parallel()
	h, ctx, p, people := manufacturers(t)
	fac := h.facilitator(p)
	mk := func(s string) int64 {
		f, err := fac.CreateFinding(ctx, connect.NewRequest(&pb.CreateFindingRequest{Statement: s}))
		must(t, err)
		return f.Msg.Finding.Id
	}
	id := mk("Manufacturers find it harder to recruit engineers than a year ago")
	other := mk("Manufacturers plan to cut apprenticeships next year")
	seg := &pb.Segment{Dimension: pb.Dimension_DIMENSION_SECTOR, Value: "Advanced Manufacturing"}
	pre, err := fac.PreviewFindingTest(ctx, connect.NewRequest(&pb.PreviewFindingTestRequest{FindingId: id, Segment: seg, Now: true}))
	must(t, err)
	if r := pre.Msg.Reach; r.Now != 6 || r.Targeted != 6 || pre.Msg.Question.GetWording() == "" || pre.Msg.Question.Spec.Type != pb.QuestionType_QUESTION_TYPE_LIKERT {
		t.Fatalf("preview = %v, want the Likert statement reaching 6 now", pre.Msg)
	}
	tested, err := fac.TestFinding(ctx, connect.NewRequest(&pb.TestFindingRequest{FindingId: id, Segment: seg, Now: true}))
	must(t, err)
	if r := tested.Msg.Reach; r.Now != pre.Msg.Reach.Now || r.Later != pre.Msg.Reach.Later || r.Moved != pre.Msg.Reach.Moved || r.Day != pre.Msg.Reach.Day {
		t.Fatalf("the test reached %v, the preview said %v", r, pre.Msg.Reach)
	}

	_, err = fac.SetFindingStatus(ctx, connect.NewRequest(&pb.SetFindingStatusRequest{FindingId: id, Status: pb.FindingStatus_FINDING_STATUS_VALIDATED}))
	wantCode(t, err, connect.CodeFailedPrecondition, "validating with no respondents")
	if !strings.Contains(err.Error(), "disclosure threshold") {
		t.Errorf("the refusal says %q, want it to name the disclosure threshold", err)
	}
	inc, err := fac.SetFindingStatus(ctx, connect.NewRequest(&pb.SetFindingStatusRequest{FindingId: other, Status: pb.FindingStatus_FINDING_STATUS_INCONCLUSIVE}))
	must(t, err)
	if e := inc.Msg.Evidence; e == nil || !e.Suppressed || e.Respondents != 0 {
		t.Errorf("an inconclusive verdict with nobody stores %v, want suppressed evidence", e)
	}

	key := fmt.Sprintf("finding_%d", id)
	answerAs := func(ref string, v int32) error {
		today, err := people[ref].GetToday(ctx, connect.NewRequest(&pb.GetTodayRequest{}))
		must(t, err)
		for _, a := range today.Msg.Assignments {
			if a.Question.Key == key {
				_, err := people[ref].SubmitAnswer(ctx, connect.NewRequest(&pb.SubmitAnswerRequest{
					AssignmentId: a.Id, IdempotencyKey: "finding-" + ref, Value: scale(v), AnsweredAt: timestamppb.New(h.clock.Now()),
				}))
				return err
			}
		}
		return fmt.Errorf("%s holds no finding test", ref)
	}
	for ref, v := range map[string]int32{"M1": 4, "M2": 5, "M3": 4, "M4": 1, "M5": 3} {
		must(t, answerAs(ref, v))
	}
	closed, err := fac.CloseFindingTest(ctx, connect.NewRequest(&pb.CloseFindingTestRequest{FindingId: id}))
	must(t, err)
	if !closed.Msg.Finding.TestClosed {
		t.Fatalf("after closing: %v", closed.Msg.Finding)
	}
	h.clock.Advance(time.Minute)
	if err := answerAs("M6", 1); err == nil {
		t.Errorf("M6 answered the closed test")
	}
	_, err = fac.TestFinding(ctx, connect.NewRequest(&pb.TestFindingRequest{FindingId: id, Segment: seg, Now: true}))
	wantCode(t, err, connect.CodeFailedPrecondition, "testing a closed test again")

	done, err := fac.SetFindingStatus(ctx, connect.NewRequest(&pb.SetFindingStatusRequest{FindingId: id, Status: pb.FindingStatus_FINDING_STATUS_VALIDATED}))
	must(t, err)
	e := done.Msg.Evidence
	// Agree 3 of 5, disagree 1 of 5: net agreement 0.4, over the panel (the
	// five are no roundtable's attendees).
	if e == nil || e.Suppressed || e.Respondents != 5 || e.NetAgreement == nil || *e.NetAgreement < 0.4-1e-9 || *e.NetAgreement > 0.4+1e-9 {
		t.Fatalf("the verdict's evidence = %v, want 5 respondents and net agreement 0.4", e)
	}
	if e.CiLow >= *e.NetAgreement || e.CiHigh <= *e.NetAgreement || e.Panel.Respondents != 5 || e.Room.Respondents != 0 {
		t.Errorf("evidence interval and sides = %v", e)
	}

	page, err := fac.ListFindings(ctx, connect.NewRequest(&pb.ListFindingsRequest{PageSize: 1}))
	must(t, err)
	if len(page.Msg.Findings) != 1 || page.Msg.Findings[0].Id != other || page.Msg.NextPageToken == "" {
		t.Fatalf("first page = %v, want the newest finding and a token", page.Msg)
	}
	page2, err := fac.ListFindings(ctx, connect.NewRequest(&pb.ListFindingsRequest{PageSize: 1, PageToken: page.Msg.NextPageToken}))
	must(t, err)
	if len(page2.Msg.Findings) != 1 || page2.Msg.Findings[0].Id != id || page2.Msg.NextPageToken != "" {
		t.Fatalf("second page = %v, want the first finding and no token", page2.Msg)
	}
	var kinds []pb.FindingEventKind
	for _, ev := range page2.Msg.Findings[0].History {
		kinds = append(kinds, ev.Kind)
	}
	if fmt.Sprint(kinds) != fmt.Sprint([]pb.FindingEventKind{pb.FindingEventKind_FINDING_EVENT_KIND_TEST, pb.FindingEventKind_FINDING_EVENT_KIND_CLOSE, pb.FindingEventKind_FINDING_EVENT_KIND_VERDICT}) {
		t.Fatalf("history = %v, want test, close, verdict", kinds)
	}
	if v := page2.Msg.Findings[0].History[2]; v.Verdict != pb.FindingStatus_FINDING_STATUS_VALIDATED || v.Evidence.GetRespondents() != 5 || v.Evidence.GetNetAgreement() != e.GetNetAgreement() {
		t.Errorf("the stored verdict = %v, want validated with the evidence answered", v)
	}

	okey, err := tenant.IssueKey(ctx, h.st, h.programme("elsewhere").id, auth.RoleFacilitator, "x")
	must(t, err)
	ofac := h.roundtableAs(okey)
	theirs, err := ofac.ListFindings(ctx, connect.NewRequest(&pb.ListFindingsRequest{}))
	must(t, err)
	if len(theirs.Msg.Findings) != 0 {
		t.Errorf("another programme lists %v", theirs.Msg.Findings)
	}
	_, err = ofac.GetFinding(ctx, connect.NewRequest(&pb.GetFindingRequest{FindingId: id}))
	wantCode(t, err, connect.CodeNotFound, "another programme's finding")
	_, err = ofac.CloseFindingTest(ctx, connect.NewRequest(&pb.CloseFindingTestRequest{FindingId: id}))
	wantCode(t, err, connect.CodeNotFound, "closing another programme's test")
	_, err = ofac.PreviewFindingTest(ctx, connect.NewRequest(&pb.PreviewFindingTestRequest{FindingId: id}))
	wantCode(t, err, connect.CodeNotFound, "previewing another programme's finding")

	rt, err := fac.CreateRoundtable(ctx, connect.NewRequest(&pb.CreateRoundtableRequest{Title: "Skills", Date: "2026-11-23"}))
	must(t, err)
	added, err := fac.CreateFinding(ctx, connect.NewRequest(&pb.CreateFindingRequest{Statement: "Short courses suit small firms better", RoundtableId: rt.Msg.Roundtable.Id}))
	must(t, err)
	got, err := fac.GetRoundtable(ctx, connect.NewRequest(&pb.GetRoundtableRequest{RoundtableId: rt.Msg.Roundtable.Id}))
	must(t, err)
	if ids := got.Msg.Roundtable.FindingIds; len(ids) != 1 || ids[0] != added.Msg.Finding.Id || added.Msg.Finding.Status != pb.FindingStatus_FINDING_STATUS_TESTING {
		t.Errorf("the roundtable tests %v, want the finding added to it, under test", ids)
	}
	list, err := fac.ListRoundtables(ctx, connect.NewRequest(&pb.ListRoundtablesRequest{}))
	must(t, err)
	if len(list.Msg.Roundtables) != 1 || list.Msg.Roundtables[0].JoinCode != rt.Msg.Roundtable.JoinCode {
		t.Errorf("roundtables = %v", list.Msg.Roundtables)
	}
	_, err = ofac.GetRoundtable(ctx, connect.NewRequest(&pb.GetRoundtableRequest{RoundtableId: rt.Msg.Roundtable.Id}))
	wantCode(t, err, connect.CodeNotFound, "another programme's roundtable")
	olist, err := ofac.ListRoundtables(ctx, connect.NewRequest(&pb.ListRoundtablesRequest{}))
	must(t, err)
	if len(olist.Msg.Roundtables) != 0 {
		t.Errorf("another programme lists %v", olist.Msg.Roundtables)
	}
	_, err = ofac.CreateFinding(ctx, connect.NewRequest(&pb.CreateFindingRequest{Statement: "Adding to another programme's room", RoundtableId: rt.Msg.Roundtable.Id}))
	wantCode(t, err, connect.CodeNotFound, "adding to another programme's roundtable")
}
