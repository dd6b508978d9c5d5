package panel_test

import (
	"errors"
	"testing"
	"time"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/answer"
	"github.com/panelpulse/panelpulse/internal/auth"
	"github.com/panelpulse/panelpulse/internal/fault"
	"github.com/panelpulse/panelpulse/internal/panel"
)

// TestSubmitAloneKeepsRevisionsAndKeys: without group commit every answer
// is a batch of one through the committer, and keeps the rules: a new key
// makes the next revision, a repeated key returns its first receipt marked
// replayed (even after close), a refused answer stores nothing, and one
// answer of the assignment is latest.
func TestSubmitAloneKeepsRevisionsAndKeys(t *testing.T) {
	t.Parallel()
	e := newEnv(t, panelOf8, scaleQ)
	a := e.assignment("M6", "recruit_confidence")
	svc, err := panel.New(e.st, e.app.Observatory, e.clock, panel.WithGroupCommit(1, 0))
	must(t, err)
	who := auth.Principal{TenantID: e.tenantID, PanellistID: e.ids["M6"]}
	submit := func(key string, v int32) (panel.Receipt, error) {
		return svc.Submit(e.ctx, who, panel.Submission{AssignmentID: a.Id, IdempotencyKey: key, Value: answer.Value{Scale: &v}, AnsweredAt: monday9})
	}
	first, err := submit("alone-0001", 4)
	if err != nil || first.Revision != 1 || first.Replayed {
		t.Fatalf("first answer: %+v, %v; want revision 1, not replayed", first, err)
	}
	second, err := submit("alone-0002", 6)
	if err != nil || second.Revision != 2 || second.Replayed || second.AnswerID == first.AnswerID {
		t.Fatalf("second key: %+v, %v; want a new answer at revision 2", second, err)
	}
	again, err := submit("alone-0001", 9)
	if err != nil || !again.Replayed || again.AnswerID != first.AnswerID || again.Revision != 1 {
		t.Fatalf("first key again: %+v, %v; want answer %d replayed at revision 1", again, err, first.AnswerID)
	}
	var ve *answer.ValidationError
	if _, err := submit("alone-0003", 42); !errors.As(err, &ve) {
		t.Fatalf("scale 42: %v, want a validation error", err)
	}
	if _, err := svc.Submit(e.ctx, auth.Principal{TenantID: e.tenantID, PanellistID: e.ids["L1"]},
		panel.Submission{AssignmentID: a.Id, IdempotencyKey: "alone-0004", Value: answer.Value{Scale: new(int32(5))}, AnsweredAt: monday9}); !isFault(err, fault.NotFound) {
		t.Fatalf("another panellist's answer: %v, want NotFound", err)
	}
	e.clock.Set(monday9.Add(7 * 24 * time.Hour)) // long after close and grace
	if _, err := submit("alone-0005", 5); !isFault(err, fault.FailedPrecondition) {
		t.Fatalf("a new key after close: %v, want FailedPrecondition", err)
	}
	late, err := submit("alone-0002", 1)
	if err != nil || !late.Replayed || late.AnswerID != second.AnswerID {
		t.Fatalf("second key after close: %+v, %v; want answer %d replayed", late, err, second.AnswerID)
	}
	c, err := e.st.Q.PanelAnswerCountForAssignment(e.ctx, dbsqlc.PanelAnswerCountForAssignmentParams{TenantID: e.tenantID, AssignmentID: a.Id})
	must(t, err)
	if c.Answers != 2 || c.Latest != 1 {
		t.Fatalf("stored %d answers with %d latest, want 2 and 1", c.Answers, c.Latest)
	}
}

func isFault(err error, kind fault.Kind) bool {
	f, ok := fault.As(err)
	return ok && f.Kind == kind
}
