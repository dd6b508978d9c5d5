package panel_test

import (
	"testing"

	"connectrpc.com/connect"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
)

// TestSectorResultsIncludeTheAnswerJustGiven: the panel's results read
// right after SubmitAnswers count the answer just acknowledged, with no
// rollup worker running: the read syncs the rollups explicitly. Four
// businesses (under the threshold of 5) are hidden; the fifth answer
// releases the panel at once (a release under the threshold is never held
// back).
func TestSectorResultsIncludeTheAnswerJustGiven(t *testing.T) {
	t.Parallel()
	e := newEnv(t, panelOf8, scaleQ)
	scores := map[string]int32{"M1": 4, "M2": 5, "M3": 6, "L1": 2}
	for ref, v := range scores {
		_, err := e.submit(ref, e.assignment(ref, "recruit_confidence").Id, "s-"+ref+"-0001", scale(v), monday9)
		must(t, err)
	}
	r, err := e.people["M1"].GetSectorResults(e.ctx, connect.NewRequest(&pb.GetSectorResultsRequest{QuestionKey: "recruit_confidence"}))
	must(t, err)
	if p := r.Msg.Panel; !p.Suppressed || p.Mean != nil {
		t.Fatalf("panel of 4 = %v, want it hidden", p)
	}
	_, err = e.submit("L2", e.assignment("L2", "recruit_confidence").Id, "s-L2-0001", scale(3), monday9)
	must(t, err)
	r, err = e.people["L2"].GetSectorResults(e.ctx, connect.NewRequest(&pb.GetSectorResultsRequest{QuestionKey: "recruit_confidence"}))
	must(t, err)
	if p := r.Msg.Panel; p.Suppressed || p.Respondents != 5 || p.Mean == nil || *p.Mean != 20.0/5 {
		t.Fatalf("panel right after the fifth answer = %v, want 5 businesses with mean 4 (the new answer counted)", p)
	}
}
