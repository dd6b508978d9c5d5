package app_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/timestamppb"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/internal/fakefcm"
)

// TestPushReceiptsAndStats: the dispatcher sends the day's pushes, FCM
// calls one panellist's only token unregistered, one panellist opens the
// notification and answers half an hour later; the admin sees per day
// what was sent, failed, opened and answered after the push, the median
// time to answer, and the panellist no push can reach.
func TestPushReceiptsAndStats(t *testing.T) {
	t.Parallel()
	h := newHarness(t, time.Date(2026, 11, 23, 7, 0, 0, 0, london))
	ctx := h.ctx
	p := h.programme("push-stats")
	people := h.panel(p, "2026-11-23", []string{"M1,28110,12", "M2,28220,60", "M3,28990,3"})
	must(t, h.app.Planner.Tick(ctx))
	h.fcm.FailToken("tok-PM3", fakefcm.Fault{Kind: fakefcm.Unregistered})
	h.clock.Set(time.Date(2026, 11, 23, 9, 0, 0, 0, london))
	if n, err := h.app.Dispatcher.Tick(ctx); err != nil || n != 3 {
		t.Fatalf("dispatcher claimed %d pushes (err %v), want 3", n, err)
	}
	var pushID, waveID int64
	for _, m := range h.fcm.Messages() {
		if m.Token == "tok-PM1" {
			pushID, _ = strconv.ParseInt(m.Data["push_id"], 10, 64)
			waveID, _ = strconv.ParseInt(strings.TrimPrefix(m.FCMOptions.AnalyticsLabel, "wave-"), 10, 64)
		}
	}
	if pushID == 0 || waveID == 0 {
		t.Fatalf("no push with push_id and wave label reached tok-PM1: %+v", h.fcm.Messages())
	}

	h.clock.Set(time.Date(2026, 11, 23, 9, 30, 0, 0, london))
	must(t, call(people["M1"].AcknowledgeNotification(ctx, connect.NewRequest(&pb.AcknowledgeNotificationRequest{PushId: pushID}))))
	err := call(people["M2"].AcknowledgeNotification(ctx, connect.NewRequest(&pb.AcknowledgeNotificationRequest{PushId: pushID})))
	wantCode(t, err, connect.CodeNotFound, "acknowledging another panellist's push")
	today, err := people["M1"].GetToday(ctx, connect.NewRequest(&pb.GetTodayRequest{}))
	must(t, err)
	a := today.Msg.Assignments[0]
	must(t, call(people["M1"].SubmitAnswer(ctx, connect.NewRequest(&pb.SubmitAnswerRequest{
		AssignmentId: a.Id, IdempotencyKey: "answer-m1-1", Value: scale(7), AnsweredAt: timestamppb.New(h.clock.Now()),
	}))))

	res, err := p.admin.GetPushStats(ctx, connect.NewRequest(&pb.GetPushStatsRequest{WaveId: waveID}))
	must(t, err)
	if len(res.Msg.Days) != 1 {
		t.Fatalf("GetPushStats has %d days, want 1: %v", len(res.Msg.Days), res.Msg)
	}
	d := res.Msg.Days[0]
	f, r, c := d.FirstPushes, d.Reminders, d.Counts
	if d.Day != "2026-11-23" || f.Sent != 2 || f.Failed != 1 || f.Queued != 0 || f.Opened != 1 || r.Queued != 3 || r.Sent != 0 {
		t.Fatalf("day stats %v, want 2 first pushes sent, 1 failed, 1 opened, 3 reminders queued", d)
	}
	if c.Assigned != 3 || c.Pushed != 2 || c.Opened != 1 || c.Answered != 1 || c.AnsweredAfterPush != 1 || c.MedianSecondsToAnswer != 1800 || c.Reminded != 0 {
		t.Fatalf("day counts %v, want 3 assigned, 2 pushed, 1 opened, 1 answered after a median 1800 s", c)
	}
	if u := res.Msg.Unreachable; len(u) != 1 || u[0].Ref != "PM3" {
		t.Fatalf("unreachable %v, want only PM3", u)
	}

	// At reminder time: M1 answered (cancelled), M2 is reminded with the
	// same collapse key, M3 has no device left (failed).
	h.clock.Set(time.Date(2026, 11, 23, 15, 0, 0, 0, london))
	if n, err := h.app.Dispatcher.Tick(ctx); err != nil || n != 3 {
		t.Fatalf("dispatcher claimed %d reminders (err %v), want 3", n, err)
	}
	if h.fcm.CountByToken("tok-PM2") != 2 || h.fcm.CountByToken("tok-PM1") != 1 {
		t.Fatalf("tok-PM2 got %d and tok-PM1 %d messages, want 2 and 1", h.fcm.CountByToken("tok-PM2"), h.fcm.CountByToken("tok-PM1"))
	}
	res, err = p.admin.GetPushStats(ctx, connect.NewRequest(&pb.GetPushStatsRequest{WaveId: waveID}))
	must(t, err)
	if r := res.Msg.Days[0].Reminders; r.Queued != 0 || r.Sent != 1 || r.Failed != 1 || r.Cancelled != 1 {
		t.Fatalf("reminders %v, want 1 sent, 1 failed, 1 cancelled", r)
	}
	if c := res.Msg.Days[0].Counts; c.Pushed != 2 || c.Reminded != 1 {
		t.Fatalf("day counts after reminders %v, want still 2 pushed (reminders apart) and 1 reminded", c)
	}

	_, err = p.admin.GetPushStats(ctx, connect.NewRequest(&pb.GetPushStatsRequest{WaveId: waveID + 100}))
	wantCode(t, err, connect.CodeNotFound, "stats of a wave that does not exist")
	other := h.programme("other")
	_, err = other.admin.GetPushStats(ctx, connect.NewRequest(&pb.GetPushStatsRequest{WaveId: waveID}))
	wantCode(t, err, connect.CodeNotFound, "stats of another tenant's wave")
	_, err = p.admin.GetPushStats(ctx, connect.NewRequest(&pb.GetPushStatsRequest{}))
	wantCode(t, err, connect.CodeInvalidArgument, "stats without a wave")
}
