package app_test

import (
	"testing"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/timestamppb"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
)

// TestTenantsAreIsolated proves that a panellist or a staff key of one
// programme can neither read nor write anything of another, and that roles
// are enforced.
func TestTenantsAreIsolated(t *testing.T) {
	t.Parallel()
	h := newHarness(t, time.Date(2026, 11, 23, 9, 30, 0, 0, london))
	ctx := h.ctx
	a, b := h.programme("alpha"), h.programme("beta")
	peopleA := h.panel(a, "2026-11-23", []string{"A1,28110,12", "A2,28110,12", "A3,28110,12", "A4,28110,12", "A5,28110,12"})
	peopleB := h.panel(b, "2026-11-23", []string{"B1,49410,12"})
	must(t, h.app.Planner.Tick(ctx))

	todayA, err := peopleA["A1"].GetToday(ctx, connect.NewRequest(&pb.GetTodayRequest{}))
	must(t, err)
	if len(todayA.Msg.Assignments) != 1 {
		t.Fatalf("A1 sees %d assignments, want 1", len(todayA.Msg.Assignments))
	}
	asgA := todayA.Msg.Assignments[0].Id
	for _, ref := range []string{"A1", "A2", "A3", "A4", "A5"} {
		today, err := peopleA[ref].GetToday(ctx, connect.NewRequest(&pb.GetTodayRequest{}))
		must(t, err)
		_, err = peopleA[ref].SubmitAnswer(ctx, connect.NewRequest(&pb.SubmitAnswerRequest{
			AssignmentId: today.Msg.Assignments[0].Id, IdempotencyKey: "isolation-" + ref, Value: scale(7), AnsweredAt: timestamppb.New(h.clock.Now()),
		}))
		must(t, err)
	}

	// B's panellist cannot answer A's assignment, nor tell that it exists.
	_, err = peopleB["B1"].SubmitAnswer(ctx, connect.NewRequest(&pb.SubmitAnswerRequest{
		AssignmentId: asgA, IdempotencyKey: "cross-tenant-1", Value: scale(1), AnsweredAt: timestamppb.New(h.clock.Now()),
	}))
	wantCode(t, err, connect.CodeNotFound, "panellist of B answering A's assignment")
	_, err = peopleB["B1"].AcknowledgeNotification(ctx, connect.NewRequest(&pb.AcknowledgeNotificationRequest{PushId: 1}))
	wantCode(t, err, connect.CodeNotFound, "panellist of B acknowledging a push of A")
	todayB, err := peopleB["B1"].GetToday(ctx, connect.NewRequest(&pb.GetTodayRequest{}))
	must(t, err)
	for _, x := range todayB.Msg.Assignments {
		if x.Id == asgA {
			t.Fatalf("B1 sees A's assignment %d", asgA)
		}
	}

	// A's trend has A's five answers; B's analyst sees only B's data.
	trendA, err := a.observatory.GetTrend(ctx, connect.NewRequest(&pb.GetTrendRequest{QuestionKey: "recruit_confidence", Dimension: pb.Dimension_DIMENSION_ALL}))
	must(t, err)
	if len(trendA.Msg.Cells) != 1 || trendA.Msg.Cells[0].Respondents != 5 {
		t.Fatalf("A's trend = %v, want one cell of 5 respondents", trendA.Msg.Cells)
	}
	trendB, err := b.observatory.GetTrend(ctx, connect.NewRequest(&pb.GetTrendRequest{QuestionKey: "recruit_confidence", Dimension: pb.Dimension_DIMENSION_ALL}))
	must(t, err)
	for _, c := range trendB.Msg.Cells {
		if c.Respondents != 0 {
			t.Fatalf("B's analyst sees %d respondents of A's answers", c.Respondents)
		}
	}
	// B's admin cannot invite or list A's panellists.
	_, err = b.admin.CreateInvites(ctx, connect.NewRequest(&pb.CreateInvitesRequest{PanellistRefs: []string{"PA1"}}))
	wantCode(t, err, connect.CodeNotFound, "admin of B inviting A's panellist")
	list, err := b.admin.ListQuestions(ctx, connect.NewRequest(&pb.ListQuestionsRequest{}))
	must(t, err)
	if len(list.Msg.Questions) != 1 {
		t.Fatalf("B lists %d questions, want only its own 1", len(list.Msg.Questions))
	}

	// Roles: an analyst key cannot administer, an admin key cannot act as a
	// panellist, a panellist cannot read the observatory, no key is no entry.
	analystAsAdmin := h.adminAs(a.analystKey)
	_, err = analystAsAdmin.ListQuestions(ctx, connect.NewRequest(&pb.ListQuestionsRequest{}))
	wantCode(t, err, connect.CodePermissionDenied, "analyst calling AdminService")
	adminAsPanellist := h.panellist(a.adminKey)
	_, err = adminAsPanellist.GetToday(ctx, connect.NewRequest(&pb.GetTodayRequest{}))
	wantCode(t, err, connect.CodePermissionDenied, "admin key calling PanellistService")
	_, err = h.observatoryAs("pps_1_forgedforgedforgedforgedforgedforged").GetTrend(ctx, connect.NewRequest(&pb.GetTrendRequest{QuestionKey: "recruit_confidence"}))
	wantCode(t, err, connect.CodePermissionDenied, "panellist-shaped token calling ObservatoryService")
	_, err = h.panellist("").GetToday(ctx, connect.NewRequest(&pb.GetTodayRequest{}))
	wantCode(t, err, connect.CodeUnauthenticated, "no token")
	// A key of tenant A rewritten to claim tenant B is rejected.
	forged := "ppk_" + itoa(b.id) + a.adminKey[len("ppk_")+len(itoa(a.id)):]
	_, err = h.adminAs(forged).ListQuestions(ctx, connect.NewRequest(&pb.ListQuestionsRequest{}))
	wantCode(t, err, connect.CodeUnauthenticated, "A's admin key relabelled as B's")
}
