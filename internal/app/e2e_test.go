package app_test

import (
	"fmt"
	"testing"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/timestamppb"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
)

var london = mustLoad("Europe/London")

func mustLoad(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return l
}

func scale(n int32) *pb.AnswerValue { return &pb.AnswerValue{Scale: &n} }

// scenarioMondays are the weeks the end-to-end scenarios run in, at fixed
// instants of their own fake clock: the week of Monday 23 November 2026, and
// the same weekdays years before and after, so that the suite passes
// whatever date the machine's clock reads.
var scenarioMondays = []time.Time{
	time.Date(2026, 11, 23, 0, 0, 0, 0, london),
	time.Date(2019, 11, 25, 0, 0, 0, 0, london),
	time.Date(2031, 11, 24, 0, 0, 0, 0, london),
}

// inEachScenarioWeek runs scenario once for each of scenarioMondays.
func inEachScenarioWeek(t *testing.T, scenario func(t *testing.T, monday time.Time)) {
	t.Helper()
	for _, monday := range scenarioMondays {
		t.Run(monday.Format("2006-01-02"), func(t *testing.T) {
			t.Parallel()
			scenario(t, monday)
		})
	}
}

// at is hour:minute in London, days after monday.
func at(monday time.Time, days, hour, minute int) time.Time {
	return time.Date(monday.Year(), monday.Month(), monday.Day()+days, hour, minute, 0, 0, london)
}

// day is the date days after monday, as the API writes it.
func day(monday time.Time, days int) string { return monday.AddDate(0, 0, days).Format("2006-01-02") }

// TestWalkingSkeleton drives the whole slice: import, question, wave,
// enrolment, planning at the delivery time, push through the Firebase SDK
// to the fake FCM, answering with idempotency, and the trend by sector.
func TestWalkingSkeleton(t *testing.T) {
	t.Parallel()
	inEachScenarioWeek(t, walkingSkeleton)
}

func walkingSkeleton(t *testing.T, monday time.Time) {
	// Monday, 07:00 in London.
	h := newHarness(t, at(monday, 0, 7, 0))
	ctx := h.ctx
	p := h.programme("llr")
	// Six manufacturers, five sports clubs and two logistics firms.
	people := h.panel(p, day(monday, 0), []string{"M1,28110,12", "M2,28220,60", "M3,28990,3", "M4,28410,300", "M5,28130,20", "M6,28130,20",
		"S1,93110,4", "S2,93120,9", "S3,93130,15", "S4,93190,2", "S5,93110,30", "L1,49410,40", "L2,49410,8"})

	list, err := p.admin.ListPanellists(ctx, connect.NewRequest(&pb.ListPanellistsRequest{}))
	must(t, err)
	if len(list.Msg.Panellists) != 13 {
		t.Fatalf("ListPanellists shows %d panellists, want 13", len(list.Msg.Panellists))
	}
	for _, x := range list.Msg.Panellists {
		if x.Status != pb.PanellistStatus_PANELLIST_STATUS_ACTIVE || x.Devices != 1 || x.DeliveryTime != "09:00" || x.Sector == "" {
			t.Fatalf("panellist after enrolment = %v, want active with 1 device, 09:00 and a sector", x)
		}
	}

	must(t, h.app.Planner.Tick(ctx))
	today, err := people["M1"].GetToday(ctx, connect.NewRequest(&pb.GetTodayRequest{}))
	must(t, err)
	if n := len(today.Msg.Assignments); n != 0 {
		t.Fatalf("at 07:00 GetToday shows %d assignments, want 0 before the 09:00 delivery", n)
	}
	if n, _ := h.app.Dispatcher.Tick(ctx); n != 0 || h.fcm.Count() != 0 {
		t.Fatalf("at 07:00 the dispatcher claimed %d pushes and FCM got %d, want none", n, h.fcm.Count())
	}

	h.clock.Set(at(monday, 0, 9, 0))
	if n, err := h.app.Dispatcher.Tick(ctx); err != nil || n != 13 {
		t.Fatalf("dispatcher at 09:00 claimed %d pushes (err %v), want 13", n, err)
	}
	if h.fcm.Count() != 13 || h.fcm.CountByToken("tok-PM1") != 1 {
		t.Fatalf("fake FCM got %d messages (%d for tok-PM1), want 13 and 1", h.fcm.Count(), h.fcm.CountByToken("tok-PM1"))
	}
	for _, m := range h.fcm.Messages() {
		if m.Android == nil || m.Android.Priority != "high" || m.Android.CollapseKey == "" || m.Data["assignment_ids"] == "" {
			t.Fatalf("push to %s lacks high priority, collapse key or assignment ids: %+v", m.Token, m)
		}
	}
	if n, _ := h.app.Dispatcher.Tick(ctx); n != 0 || h.fcm.Count() != 13 {
		t.Fatalf("a second dispatch sent again: claimed %d, FCM count %d", n, h.fcm.Count())
	}

	// Answers: manufacturers 4,5,6,7,8,6 (mean 6), clubs 5..9, one logistics firm 3.
	var firstID int64
	for i, ref := range []string{"M1", "M2", "M3", "M4", "M5", "M6", "S1", "S2", "S3", "S4", "S5", "L1"} {
		today, err := people[ref].GetToday(ctx, connect.NewRequest(&pb.GetTodayRequest{}))
		must(t, err)
		if len(today.Msg.Assignments) != 1 {
			t.Fatalf("%s sees %d assignments at 09:00, want 1", ref, len(today.Msg.Assignments))
		}
		a := today.Msg.Assignments[0]
		if got := a.OpensAt.AsTime().In(london).Format("15:04"); got != "09:00" {
			t.Fatalf("assignment opens at %s London time, want 09:00", got)
		}
		if a.Question.Key != "recruit_confidence" || today.Msg.Progress.Day != 1 || today.Msg.Progress.OfDays != 5 {
			t.Fatalf("unexpected question or progress: %v %v", a.Question.Key, today.Msg.Progress)
		}
		v := int32(4 + i%6)
		switch ref {
		case "M6":
			v = 6
		case "L1":
			v = 3
		}
		req := &pb.SubmitAnswerRequest{AssignmentId: a.Id, IdempotencyKey: fmt.Sprintf("key-%s-1", ref), Value: scale(v), AnsweredAt: timestamppb.New(h.clock.Now())}
		res, err := people[ref].SubmitAnswer(ctx, connect.NewRequest(req))
		must(t, err)
		if ref == "M1" {
			firstID = res.Msg.AnswerId
			again, err := people[ref].SubmitAnswer(ctx, connect.NewRequest(req))
			must(t, err)
			if !again.Msg.Replayed || again.Msg.AnswerId != firstID || again.Msg.Revision != 1 {
				t.Fatalf("same idempotency key: got %v, want the first answer %d replayed", again.Msg, firstID)
			}
			bad := &pb.SubmitAnswerRequest{AssignmentId: a.Id, IdempotencyKey: "key-M1-bad", Value: scale(11), AnsweredAt: timestamppb.New(h.clock.Now())}
			_, err = people[ref].SubmitAnswer(ctx, connect.NewRequest(bad))
			wantCode(t, err, connect.CodeInvalidArgument, "scale 11 on a 1-10 scale")
		}
	}

	trend, err := p.observatory.GetTrend(ctx, connect.NewRequest(&pb.GetTrendRequest{QuestionKey: "recruit_confidence", Period: pb.Period_PERIOD_DAY, Dimension: pb.Dimension_DIMENSION_SECTOR}))
	must(t, err)
	cells := map[string]*pb.TrendCell{}
	for _, c := range trend.Msg.Cells {
		cells[c.Segment] = c
	}
	// Logistics (1 respondent) is hidden without its count, and so is at
	// least one other sector: otherwise the panel total minus the shown
	// sectors would reveal it. Shown sectors carry their exact figures.
	l := cells["Logistics"]
	if l == nil || !l.Suppressed || l.Respondents != 0 || l.Assigned != 0 || l.Mean != nil {
		t.Fatalf("logistics cell = %v, want suppressed without a mean or an exact count", l)
	}
	want := map[string]struct {
		n    int32
		mean float64
	}{"Advanced Manufacturing": {6, 6}, "Sports and Leisure": {5, 7}}
	hidden := 0
	for seg, w := range want {
		c := cells[seg]
		switch {
		case c == nil:
			t.Fatalf("no %s cell", seg)
		case c.Suppressed:
			hidden++
			if c.Mean != nil || c.Respondents != 0 {
				t.Fatalf("%s cell = %v, want a hidden cell without a mean or an exact count", seg, c)
			}
		case c.Respondents != w.n || c.Assigned != w.n || c.Mean == nil || *c.Mean != w.mean:
			t.Fatalf("%s cell = %v, want %d respondents of %d with mean %v", seg, c, w.n, w.n, w.mean)
		case c.CiLow == nil || *c.CiLow >= w.mean || *c.CiHigh <= w.mean:
			t.Fatalf("%s interval %v..%v does not contain the mean", seg, c.CiLow, c.CiHigh)
		}
	}
	if hidden == 0 {
		t.Fatalf("only logistics is hidden: the total minus the shown sectors reveals it (%v)", trend.Msg.Cells)
	}

	// After close (end of Tuesday) and the 72 h grace, answers are refused.
	h.clock.Set(at(monday, 4, 12, 0))
	today, err = people["L2"].GetToday(ctx, connect.NewRequest(&pb.GetTodayRequest{}))
	must(t, err)
	if len(today.Msg.Assignments) != 0 {
		t.Fatalf("on Friday L2 still sees Monday's closed assignment")
	}
}
