package rpc_test

import (
	"context"
	"strings"
	"testing"

	"connectrpc.com/connect"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
)

// TestQuestionVersionsStayComparable: a reworded question becomes version
// 2; a version that changes what stored values mean (scale 1..10 to 1..5)
// is refused with FailedPrecondition naming the change, and the question
// stays at version 2.
func TestQuestionVersionsStayComparable(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	adm := adminClient(t, "versions", "Versions")
	save := func(wording string, max int32) (*connect.Response[pb.CreateQuestionResponse], error) {
		return adm.CreateQuestion(ctx, connect.NewRequest(&pb.CreateQuestionRequest{Key: "recruit_confidence", Theme: pb.Theme_THEME_RECRUITMENT_CONFIDENCE,
			Title: "Recruitment confidence", Wording: wording,
			Spec: &pb.QuestionSpec{Type: pb.QuestionType_QUESTION_TYPE_SCALE, ScaleMin: 1, ScaleMax: max, MinLabel: "Not at all", MaxLabel: "Completely"}}))
	}
	if _, err := save("How confident are you of recruiting?", 10); err != nil {
		t.Fatal(err)
	}
	v2, err := save("How confident are you of recruiting in the next 12 months?", 10)
	if err != nil || !v2.Msg.CreatedVersion || v2.Msg.Question.Version != 2 {
		t.Fatalf("rewording: %v, %v; want version 2", v2, err)
	}
	_, err = save("How confident are you of recruiting in the next 12 months?", 5)
	if connect.CodeOf(err) != connect.CodeFailedPrecondition || !strings.Contains(err.Error(), "the scale changes from 1..10 to 1..5") {
		t.Fatalf("a rescaled version: %v, want FailedPrecondition naming the scale change", err)
	}
	list, err := adm.ListQuestions(ctx, connect.NewRequest(&pb.ListQuestionsRequest{}))
	if err != nil || len(list.Msg.Questions) != 1 || list.Msg.Questions[0].Version != 2 || list.Msg.Questions[0].Spec.ScaleMax != 10 {
		t.Fatalf("questions after the refused version: %v, %v; want the key still at version 2, scale 1..10", list, err)
	}
}
