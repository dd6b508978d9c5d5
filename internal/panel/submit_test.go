package panel_test

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/panelpulse/panelpulse/gen/dbsqlctest"
	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/internal/answer"
	"github.com/panelpulse/panelpulse/internal/auth"
	"github.com/panelpulse/panelpulse/internal/fault"
	"github.com/panelpulse/panelpulse/internal/panel"
)

// TestSubmitErrorPaths runs every way an answer can be refused through the
// RPC, and the late answer that is accepted within the grace period.
func TestSubmitErrorPaths(t *testing.T) {
	t.Parallel()
	e := newEnv(t, panelOf8, scaleQ, choiceQ)
	m1 := e.assignment("M1", "recruit_confidence")
	m1c := e.assignment("M1", "who_pays")
	l1 := e.assignment("L1", "recruit_confidence")
	wednesday := time.Date(2026, 11, 25, 10, 0, 0, 0, london) // after Tuesday's close
	saturday := time.Date(2026, 11, 28, 0, 30, 0, 0, london)  // after close + 72 h
	tuesdayEve := time.Date(2026, 11, 24, 23, 0, 0, 0, london)
	choices := func(c ...int32) *pb.AnswerValue { return &pb.AnswerValue{Choices: c} }
	tests := []struct {
		name       string
		now        time.Time
		assignment int64
		value      *pb.AnswerValue
		answeredAt time.Time
		code       connect.Code
		mention    string
	}{
		{"scale above the top", monday9, m1.Id, scale(11), monday9, connect.CodeInvalidArgument, "scale"},
		{"scale below the bottom", monday9, m1.Id, scale(0), monday9, connect.CodeInvalidArgument, "scale"},
		{"wrong field for the type", monday9, m1.Id, &pb.AnswerValue{Text: "ten"}, monday9, connect.CodeInvalidArgument, "text"},
		{"too many choices", monday9, m1c.Id, choices(1, 2, 3), monday9, connect.CodeInvalidArgument, "choices"},
		{"exclusive with another", monday9, m1c.Id, choices(1, 9), monday9, connect.CodeInvalidArgument, "choices"},
		{"unknown option", monday9, m1c.Id, choices(7), monday9, connect.CodeInvalidArgument, "choices"},
		{"no choice", monday9, m1c.Id, choices(), monday9, connect.CodeInvalidArgument, "choices"},
		{"answered in the future", monday9, m1.Id, scale(5), monday9.Add(time.Hour), connect.CodeInvalidArgument, "answered_at"},
		{"answered before it opened", monday9, m1.Id, scale(5), monday9.Add(-time.Hour), connect.CodeInvalidArgument, "answered_at"},
		{"another panellist's assignment", monday9, l1.Id, scale(5), monday9, connect.CodeNotFound, "not one of yours"},
		{"no such assignment", monday9, l1.Id + 10_000, scale(5), monday9, connect.CodeNotFound, "not one of yours"},
		{"answered after close", wednesday, m1.Id, scale(5), wednesday, connect.CodeFailedPrecondition, "closed"},
		{"answered before close, arriving after the grace", saturday, m1.Id, scale(5), tuesdayEve, connect.CodeFailedPrecondition, "late answers"},
	}
	for i, tc := range tests {
		e.clock.Set(tc.now)
		_, err := e.submit("M1", tc.assignment, fmt.Sprintf("bad-key-%03d", i), tc.value, tc.answeredAt)
		if connect.CodeOf(err) != tc.code || !strings.Contains(err.Error(), tc.mention) {
			t.Errorf("%s: got %v, want %v naming %q", tc.name, err, tc.code, tc.mention)
		}
	}
	n, err := dbsqlctest.New(e.st.Pool).PanelAnswerCountForAssignment(e.ctx, dbsqlctest.PanelAnswerCountForAssignmentParams{TenantID: e.tenantID, AssignmentID: m1.Id})
	must(t, err)
	if n.Answers != 0 {
		t.Fatalf("refused answers stored %d rows, want 0", n.Answers)
	}
	// Offline on Tuesday evening, synced on Wednesday: within the grace.
	e.clock.Set(wednesday)
	res, err := e.submit("M1", m1.Id, "late-but-fine", scale(7), tuesdayEve)
	if err != nil || res.Revision != 1 || !res.ReceivedAt.AsTime().Equal(wednesday) {
		t.Fatalf("late answer within grace: got %v, %v; want revision 1 received %v", res, err, wednesday)
	}
}

// TestSubmitSameKeyConcurrently sends 50 concurrent retries of one answer
// over HTTP: exactly one answer is stored and every call gets its receipt.
func TestSubmitSameKeyConcurrently(t *testing.T) {
	t.Parallel()
	e := newEnv(t, panelOf8, scaleQ)
	a := e.assignment("M2", "recruit_confidence")
	const n = 50
	var wg sync.WaitGroup
	res := make([]*pb.SubmitAnswerResponse, n)
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() { res[i], errs[i] = e.submit("M2", a.Id, "same-key-0001", scale(6), monday9) })
	}
	wg.Wait()
	fresh := 0
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("call %d: %v", i, errs[i])
		}
		if res[i].AnswerId != res[0].AnswerId || res[i].Revision != 1 {
			t.Fatalf("call %d got answer %d revision %d, want answer %d revision 1", i, res[i].AnswerId, res[i].Revision, res[0].AnswerId)
		}
		if !res[i].Replayed {
			fresh++
		}
	}
	if fresh != 1 {
		t.Fatalf("%d calls were not marked replayed, want exactly 1", fresh)
	}
	c, err := dbsqlctest.New(e.st.Pool).PanelAnswerCountForAssignment(e.ctx, dbsqlctest.PanelAnswerCountForAssignmentParams{TenantID: e.tenantID, AssignmentID: a.Id})
	must(t, err)
	if c.Answers != 1 || c.Latest != 1 {
		t.Fatalf("stored %d answers (%d latest), want 1 and 1", c.Answers, c.Latest)
	}
}

// TestGroupCommitRevisions sends concurrent new answers (new keys) to one
// assignment and to many: each gets its own revision, exactly one is latest
// per assignment, and an invalid answer in the crowd fails only itself.
func TestGroupCommitRevisions(t *testing.T) {
	t.Parallel()
	e := newEnv(t, panelOf8, scaleQ)
	const each = 10
	var wg sync.WaitGroup
	var mu sync.Mutex
	revs := map[int64]map[int32]bool{}
	assignments := map[string]int64{}
	for ref := range e.people {
		assignments[ref] = e.assignment(ref, "recruit_confidence").Id
		revs[assignments[ref]] = map[int32]bool{}
	}
	for ref, id := range assignments {
		for i := range each {
			wg.Go(func() {
				v := int32(1 + i%10)
				if i == 3 {
					v = 42 // invalid: must fail alone
				}
				r, err := e.submit(ref, id, fmt.Sprintf("rev-%s-%02d", ref, i), scale(v), monday9)
				if i == 3 {
					if connect.CodeOf(err) != connect.CodeInvalidArgument {
						t.Errorf("%s: scale 42 gave %v, want InvalidArgument", ref, err)
					}
					return
				}
				if err != nil {
					t.Errorf("%s answer %d: %v", ref, i, err)
					return
				}
				mu.Lock()
				defer mu.Unlock()
				if revs[id][r.Revision] {
					t.Errorf("%s: revision %d given twice", ref, r.Revision)
				}
				revs[id][r.Revision] = true
			})
		}
	}
	wg.Wait()
	for ref, id := range assignments {
		c, err := dbsqlctest.New(e.st.Pool).PanelAnswerCountForAssignment(e.ctx, dbsqlctest.PanelAnswerCountForAssignmentParams{TenantID: e.tenantID, AssignmentID: id})
		must(t, err)
		if c.Answers != each-1 || c.Latest != 1 || len(revs[id]) != each-1 {
			t.Errorf("%s: %d answers, %d latest, %d revisions; want %d, 1, %d", ref, c.Answers, c.Latest, len(revs[id]), each-1, each-1)
		}
		for r := int32(1); r < each; r++ {
			if !revs[id][r] {
				t.Errorf("%s: revision %d missing (revisions must run 1..%d)", ref, r, each-1)
			}
		}
	}
}

// TestSubmitAnswersBatch syncs an offline phone's answers in one call: each
// is accepted or rejected on its own, and a repeat of the batch replays.
func TestSubmitAnswersBatch(t *testing.T) {
	t.Parallel()
	e := newEnv(t, panelOf8, scaleQ, choiceQ)
	s := e.assignment("M3", "recruit_confidence")
	c := e.assignment("M3", "who_pays")
	other := e.assignment("M4", "recruit_confidence")
	at := timestamppb.New(monday9)
	req := &pb.SubmitAnswersRequest{Answers: []*pb.SubmitAnswerRequest{
		{AssignmentId: s.Id, IdempotencyKey: "batch-0001", Value: scale(4), AnsweredAt: at},
		{AssignmentId: c.Id, IdempotencyKey: "batch-0002", Value: &pb.AnswerValue{Choices: []int32{1, 9}}, AnsweredAt: at},
		{AssignmentId: other.Id, IdempotencyKey: "batch-0003", Value: scale(4), AnsweredAt: at},
		{AssignmentId: c.Id, IdempotencyKey: "batch-0004", Value: &pb.AnswerValue{Choices: []int32{2, 1}}, AnsweredAt: at},
		{AssignmentId: s.Id, IdempotencyKey: "batch-0005", Value: scale(5), AnsweredAt: at},
	}}
	res, err := e.people["M3"].SubmitAnswers(e.ctx, connect.NewRequest(req))
	must(t, err)
	want := []string{"ok 1", "invalid_argument", "not_found", "ok 1", "ok 2"}
	for i, r := range res.Msg.Results {
		got := r.ErrorCode
		if r.Accepted != nil {
			got = fmt.Sprintf("ok %d", r.Accepted.Revision)
		}
		if got != want[i] {
			t.Errorf("answer %d: got %q (%s), want %q", i, got, r.ErrorMessage, want[i])
		}
	}
	again, err := e.people["M3"].SubmitAnswers(e.ctx, connect.NewRequest(req))
	must(t, err)
	if a := again.Msg.Results[4].Accepted; a == nil || !a.Replayed || a.AnswerId != res.Msg.Results[4].Accepted.AnswerId {
		t.Fatalf("repeated batch: got %v, want the first answer replayed", again.Msg.Results[4])
	}
	today, err := e.people["M3"].GetToday(e.ctx, connect.NewRequest(&pb.GetTodayRequest{}))
	must(t, err)
	for _, a := range today.Msg.Assignments {
		if a.Question.Key == "recruit_confidence" && (a.Answer.GetScale() != 5 || a.Revision != 2) {
			t.Fatalf("GetToday shows %v revision %d, want the latest answer 5 at revision 2", a.Answer, a.Revision)
		}
	}
}

// TestTwoReplicasSameAssignment runs a second process's answer service (a
// replica without group commit, and one with) on the same database: their
// concurrent answers to one assignment collide on revisions, the batch
// whose read went stale fails in the database and falls back to locked
// one-by-one writes, and every answer still gets its own revision.
func TestTwoReplicasSameAssignment(t *testing.T) {
	t.Parallel()
	e := newEnv(t, panelOf8, scaleQ)
	a := e.assignment("M5", "recruit_confidence")
	who := auth.Principal{TenantID: e.tenantID, PanellistID: e.ids["M5"]}
	plain, err := panel.New(e.st, e.app.Observatory, e.clock, panel.WithGroupCommit(1, 0))
	must(t, err)
	grouped, err := panel.New(e.st, e.app.Observatory, e.clock, panel.WithGroupCommit(16, 1))
	must(t, err)
	const each = 15
	var wg sync.WaitGroup
	var mu sync.Mutex
	revs := map[int32]int{}
	for r, svc := range []*panel.Service{plain, grouped, e.app.Panel} {
		for i := range each {
			wg.Go(func() {
				v := int32(1 + i%10)
				rec, err := svc.Submit(e.ctx, who, panel.Submission{AssignmentID: a.Id, IdempotencyKey: fmt.Sprintf("replica-%d-%02d", r, i), Value: answer.Value{Scale: &v}, AnsweredAt: monday9})
				if err != nil {
					t.Errorf("replica %d answer %d: %v", r, i, err)
					return
				}
				mu.Lock()
				revs[rec.Revision]++
				mu.Unlock()
			})
		}
	}
	wg.Wait()
	for r := int32(1); r <= 3*each; r++ {
		if revs[r] != 1 {
			t.Fatalf("revision %d given %d times, want once (all: %v)", r, revs[r], revs)
		}
	}
	c, err := dbsqlctest.New(e.st.Pool).PanelAnswerCountForAssignment(e.ctx, dbsqlctest.PanelAnswerCountForAssignmentParams{TenantID: e.tenantID, AssignmentID: a.Id})
	must(t, err)
	if c.Answers != 3*each || c.Latest != 1 {
		t.Fatalf("stored %d answers with %d latest, want %d and 1", c.Answers, c.Latest, 3*each)
	}
}

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
	c, err := dbsqlctest.New(e.st.Pool).PanelAnswerCountForAssignment(e.ctx, dbsqlctest.PanelAnswerCountForAssignmentParams{TenantID: e.tenantID, AssignmentID: a.Id})
	must(t, err)
	if c.Answers != 2 || c.Latest != 1 {
		t.Fatalf("stored %d answers with %d latest, want 2 and 1", c.Answers, c.Latest)
	}
}

func isFault(err error, kind fault.Kind) bool {
	f, ok := fault.As(err)
	return ok && f.Kind == kind
}
