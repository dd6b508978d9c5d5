package app_test

import (
	"context"
	"testing"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/timestamppb"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/internal/apptest"
	"github.com/panelpulse/panelpulse/internal/loopback"
	"github.com/panelpulse/panelpulse/internal/pgtest"
	"github.com/panelpulse/panelpulse/internal/replica"
)

// TestTrendsReadFromAHotStandby: a process with DATABASE_READ_URL writes
// answers on the primary and reads trends from a streaming standby once it
// has replayed them; while the standby's replay is paused a trend is read
// from the primary instead, so it still counts every answer acknowledged,
// and once replay resumes the standby serves it again with the same
// numbers. (Answers come five at a time: a day's cells are released in
// steps of the threshold.)
func TestTrendsReadFromAHotStandby(t *testing.T) {
	t.Parallel()
	monday := scenarioMondays[0]
	pr := pgtest.NewPair(t)
	h := harnessOf(t, apptest.StartOn(t, pr.Primary, at(monday, 0, 7, 0), loopback.WithReadStore(pr.Standby)))
	router, ok := h.app.Reads.(*replica.Router)
	if !ok {
		t.Fatalf("reads are %T, want a router over the standby", h.app.Reads)
	}
	ctx := h.ctx
	p := h.programme("standby")
	people := h.panel(p, day(monday, 0), []string{"M1,28110,12", "M2,28220,60", "M3,28990,3", "M4,28410,300", "M5,28130,20",
		"M6,28130,20", "M7,28130,9", "M8,28130,9", "M9,28130,9", "M10,28130,9"})
	must(t, h.app.Planner.Tick(ctx))
	h.clock.Set(at(monday, 0, 9, 0))
	answer := func(refs ...string) {
		t.Helper()
		for _, ref := range refs {
			today, err := people[ref].GetToday(ctx, connect.NewRequest(&pb.GetTodayRequest{}))
			must(t, err)
			if len(today.Msg.Assignments) != 1 {
				t.Fatalf("%s has %d assignments, want 1", ref, len(today.Msg.Assignments))
			}
			must(t, call(people[ref].SubmitAnswer(ctx, connect.NewRequest(&pb.SubmitAnswerRequest{
				AssignmentId: today.Msg.Assignments[0].Id, IdempotencyKey: "standby-" + ref, Value: scale(7), AnsweredAt: timestamppb.New(h.clock.Now()),
			}))))
		}
	}
	respondents := func() int32 {
		t.Helper()
		tr, err := p.observatory.GetTrend(ctx, connect.NewRequest(&pb.GetTrendRequest{QuestionKey: "recruit_confidence", Period: pb.Period_PERIOD_DAY, Dimension: pb.Dimension_DIMENSION_ALL}))
		must(t, err)
		if len(tr.Msg.Cells) != 1 {
			t.Fatalf("trend has %d cells, want 1", len(tr.Msg.Cells))
		}
		return tr.Msg.Cells[0].Respondents
	}
	// untilStandby reads the trend until the standby serves it: replay
	// catching up is a condition to wait for, bounded by the deadline.
	untilStandby := func(want int32) {
		t.Helper()
		deadline, cancel := context.WithTimeout(ctx, time.Minute)
		defer cancel()
		for {
			before, _ := router.Counts()
			n := respondents()
			if n != want {
				t.Fatalf("trend counts %d respondents, want %d", n, want)
			}
			if after, _ := router.Counts(); after > before {
				return
			}
			select {
			case <-deadline.Done():
				t.Fatal("the standby never served the trend")
			case <-time.After(20 * time.Millisecond):
			}
		}
	}

	answer("M1", "M2", "M3", "M4", "M5")
	untilStandby(5)

	if _, err := pr.Standby.Pool.Exec(ctx, `SELECT pg_wal_replay_pause()`); err != nil {
		t.Fatal(err)
	}
	answer("M6", "M7", "M8", "M9", "M10")
	standbyBefore, primaryBefore := router.Counts()
	if n := respondents(); n != 10 {
		sb, pb := router.Counts()
		var np int
		must(t, pr.Primary.Pool.QueryRow(ctx, `SELECT count(*) FROM answer WHERE tenant_id = $1`, p.id).Scan(&np))
		t.Fatalf("with the standby paused the trend counts %d respondents, want all 10 acknowledged (standby %d->%d primary %d->%d; primary answers %d)", n, standbyBefore, sb, primaryBefore, pb, np)
	}
	standbyAfter, primaryAfter := router.Counts()
	if standbyAfter != standbyBefore || primaryAfter == primaryBefore {
		t.Fatalf("with the standby paused: standby served %d, primary %d reads; want the primary only",
			standbyAfter-standbyBefore, primaryAfter-primaryBefore)
	}
	var stale int
	must(t, pr.Standby.Pool.QueryRow(ctx, `SELECT count(*) FROM answer WHERE tenant_id = $1`, p.id).Scan(&stale))
	if stale != 5 {
		t.Fatalf("paused standby holds %d answers, want the 5 from before the pause", stale)
	}

	if _, err := pr.Standby.Pool.Exec(ctx, `SELECT pg_wal_replay_resume()`); err != nil {
		t.Fatal(err)
	}
	untilStandby(10)

	// Verbatims are read through the same router.
	must(t, call(p.admin.CreateQuestion(ctx, connect.NewRequest(&pb.CreateQuestionRequest{
		Key: "hard_to_fill", Theme: pb.Theme_THEME_RECRUITMENT_CONFIDENCE, Title: "Hard to fill", Wording: "Which roles are hard to fill?",
		Spec: &pb.QuestionSpec{Type: pb.QuestionType_QUESTION_TYPE_TEXT},
	}))))
	s0, p0 := router.Counts()
	must(t, call(p.observatory.ListVerbatims(ctx, connect.NewRequest(&pb.ListVerbatimsRequest{QuestionKey: "hard_to_fill"}))))
	if s1, p1 := router.Counts(); s1+p1 == s0+p0 {
		t.Error("ListVerbatims did not ask the router which store to read")
	}
	served, fellBack := router.Counts()
	t.Logf("reads served by the standby %d, by the primary %d", served, fellBack)
}
