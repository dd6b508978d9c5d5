package app_test

import (
	"fmt"
	"strconv"
	"testing"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/timestamppb"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1/panelpulsev1connect"
)

// TestResponseMonitor runs a one-week wave in which M1 answers every day,
// M2 answers on days 1-2, S1 answers on day 1 and only opens the push on
// day 2, and L1 never answers; it checks the monitor's counts per day and
// sector and who is listed as having stopped answering as days close,
// page by page.
func TestResponseMonitor(t *testing.T) {
	t.Parallel()
	h := newHarness(t, time.Date(2026, 11, 23, 7, 0, 0, 0, london))
	ctx := h.ctx
	p := h.programme("monitor")
	people := h.panel(p, "2026-11-23", []string{"M1,28110,12", "M2,28220,60", "S1,93110,4", "L1,49410,40"})
	must(t, call(p.admin.CreateQuestion(ctx, connect.NewRequest(&pb.CreateQuestionRequest{
		Key: "skills_gap", Theme: pb.Theme_THEME_RECRUITMENT_CONFIDENCE, Title: "Skills gap", Wording: "Do you have a skills gap?",
		Spec: &pb.QuestionSpec{Type: pb.QuestionType_QUESTION_TYPE_SCALE, ScaleMin: 1, ScaleMax: 5, MinLabel: "No", MaxLabel: "Yes"},
	}))))
	var plan []*pb.PlanItem
	for d := int32(0); d < 5; d++ {
		plan = append(plan, &pb.PlanItem{Day: d, QuestionKey: "skills_gap"})
	}
	w, err := p.admin.CreateWave(ctx, connect.NewRequest(&pb.CreateWaveRequest{Name: "Monitor", StartDate: "2026-11-23", WorkingDays: 5, Plan: plan}))
	must(t, err)
	waveID := w.Msg.Wave.Id
	monitor := func(dim pb.Dimension) *pb.GetResponseMonitorResponse {
		t.Helper()
		res, err := p.admin.GetResponseMonitor(ctx, connect.NewRequest(&pb.GetResponseMonitorRequest{WaveId: waveID, Dimension: dim}))
		must(t, err)
		return res.Msg
	}
	stopped := func(days, size int32) []string {
		t.Helper()
		var out []string
		token := ""
		for {
			res, err := p.admin.ListStoppedPanellists(ctx, connect.NewRequest(&pb.ListStoppedPanellistsRequest{WaveId: waveID, WorkingDays: days, PageSize: size, PageToken: token}))
			must(t, err)
			if size > 0 && len(res.Msg.Panellists) > int(size) {
				t.Fatalf("a page of %d holds %d panellists", size, len(res.Msg.Panellists))
			}
			for _, s := range res.Msg.Panellists {
				out = append(out, s.Ref+"@"+s.LastAnsweredDay)
				if s.Ref == "PL1" && (s.Name != "Person L1" || s.BusinessRef != "L1" || s.Sector != "Logistics") {
					t.Fatalf("stopped %v, want Person L1 of L1 in Logistics", s)
				}
			}
			if token = res.Msg.NextPageToken; token == "" {
				return out
			}
		}
	}
	answers := map[string]int{"M1": 5, "M2": 2, "S1": 1, "L1": 0}
	for i := range 5 {
		day := time.Date(2026, 11, 23+i, 7, 0, 0, 0, london)
		h.clock.Set(day)
		must(t, h.app.Planner.Tick(ctx))
		h.clock.Set(day.Add(2 * time.Hour))
		_, err := h.app.Dispatcher.Tick(ctx)
		must(t, err)
		h.clock.Set(day.Add(3 * time.Hour))
		for ref, n := range answers {
			if i < n {
				answerToday(t, h, people[ref], ref, day.Format("2006-01-02"))
			}
		}
		if i == 1 {
			ackLast(t, h, people["S1"], "tok-PS1")
		}
		switch i {
		case 3: // Thursday: only Monday and Tuesday have closed.
			if s := stopped(0, 0); len(s) != 0 {
				t.Fatalf("on Thursday stopped = %v, want none before three days have closed", s)
			}
			if s := stopped(2, 0); fmt.Sprint(s) != "[PL1@]" {
				t.Fatalf("on Thursday stopped for two days = %v, want PL1 (never answered)", s)
			}
		case 4: // Friday: Monday to Wednesday have closed.
			if s := stopped(3, 0); fmt.Sprint(s) != "[PL1@]" {
				t.Fatalf("on Friday stopped = %v, want only PL1 (Logistics, never answered)", s)
			}
		}
	}

	got := map[string]string{}
	for _, r := range monitor(pb.Dimension_DIMENSION_SECTOR).Rows {
		if r.Segment.GetDimension() != pb.Dimension_DIMENSION_SECTOR {
			t.Fatalf("a row split by sector names segment %v", r.Segment)
		}
		c := r.Counts
		got[r.Day+" "+r.Segment.Value] = fmt.Sprintf("%d/%d/%d/%d %.2f", c.Assigned, c.Pushed, c.Opened, c.Answered, c.ResponseRate)
	}
	// Opened counts acknowledged notifications only: M1 and M2 answer
	// without opening a push, S1 opens Tuesday's and does not answer.
	want := map[string]string{}
	for i := range 5 {
		d := time.Date(2026, 11, 23+i, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
		want[d+" Advanced Manufacturing"] = "2/2/0/1 0.50"
		want[d+" Sports and Leisure"] = "1/1/0/0 0.00"
		want[d+" Logistics"] = "1/1/0/0 0.00"
	}
	want["2026-11-23 Advanced Manufacturing"] = "2/2/0/2 1.00"
	want["2026-11-24 Advanced Manufacturing"] = "2/2/0/2 1.00"
	want["2026-11-23 Sports and Leisure"] = "1/1/0/1 1.00"
	want["2026-11-24 Sports and Leisure"] = "1/1/1/0 0.00"
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("rows by sector (assigned/pushed/opened/answered rate)\n got %v\nwant %v", got, want)
	}
	all := monitor(pb.Dimension_DIMENSION_UNSPECIFIED).Rows
	if len(all) != 5 || all[0].Day != "2026-11-23" || all[0].Segment.GetDimension() != pb.Dimension_DIMENSION_ALL || all[0].Counts.Assigned != 4 || all[0].Counts.Answered != 3 || all[0].Counts.ResponseRate != 0.75 {
		t.Fatalf("rows for all = %v, want 5 days, Monday 3 of 4 answered", all)
	}

	// Tuesday after the wave: Friday has closed, so M2 and S1 have three
	// unanswered days in a row too; M1 answered throughout.
	h.clock.Set(time.Date(2026, 12, 1, 12, 0, 0, 0, london))
	// One to a page: the pages hold every one once, in id order (the
	// panel's import order M1, M2, S1, L1).
	if s := stopped(0, 1); fmt.Sprint(s) != "[PM2@2026-11-24 PS1@2026-11-23 PL1@]" {
		t.Fatalf("stopped after the wave = %v, want PM2 (last 24th), PS1 (last 23rd), PL1 (never)", s)
	}
	_, err = p.admin.ListStoppedPanellists(ctx, connect.NewRequest(&pb.ListStoppedPanellistsRequest{WaveId: waveID, WorkingDays: 61}))
	wantCode(t, err, connect.CodeInvalidArgument, "stopped for more than 60 days")

	_, err = p.admin.GetResponseMonitor(ctx, connect.NewRequest(&pb.GetResponseMonitorRequest{WaveId: waveID, Dimension: pb.Dimension_DIMENSION_SECTOR_SIZE}))
	wantCode(t, err, connect.CodeInvalidArgument, "monitor split by sector x size")
	_, err = p.admin.GetResponseMonitor(ctx, connect.NewRequest(&pb.GetResponseMonitorRequest{WaveId: waveID, Dimension: pb.Dimension(99)}))
	wantCode(t, err, connect.CodeInvalidArgument, "monitor with an undefined dimension")
	_, err = p.admin.GetResponseMonitor(ctx, connect.NewRequest(&pb.GetResponseMonitorRequest{}))
	wantCode(t, err, connect.CodeInvalidArgument, "monitor without a wave")

	other := h.programme("monitor-other")
	h.panel(other, "2026-12-01", []string{"X1,28110,5"})
	ow, err := other.admin.CreateWave(ctx, connect.NewRequest(&pb.CreateWaveRequest{Name: "Other", StartDate: "2026-12-01", WorkingDays: 1,
		Plan: []*pb.PlanItem{{Day: 0, QuestionKey: "recruit_confidence"}}}))
	must(t, err)
	_, err = p.admin.GetResponseMonitor(ctx, connect.NewRequest(&pb.GetResponseMonitorRequest{WaveId: ow.Msg.Wave.Id}))
	wantCode(t, err, connect.CodeNotFound, "monitor of another tenant's wave")
	must(t, call(other.admin.GetResponseMonitor(ctx, connect.NewRequest(&pb.GetResponseMonitorRequest{WaveId: ow.Msg.Wave.Id}))))
	_, err = p.admin.ListStoppedPanellists(ctx, connect.NewRequest(&pb.ListStoppedPanellistsRequest{WaveId: ow.Msg.Wave.Id}))
	wantCode(t, err, connect.CodeNotFound, "stopped panellists of another tenant's wave")
}

// answerToday answers ref's skills_gap assignment of day.
func answerToday(t *testing.T, h *harness, c panelpulsev1connect.PanellistServiceClient, ref, day string) {
	t.Helper()
	today, err := c.GetToday(h.ctx, connect.NewRequest(&pb.GetTodayRequest{}))
	must(t, err)
	for _, a := range today.Msg.Assignments {
		if a.Question.Key == "skills_gap" && a.Day == day {
			must(t, call(c.SubmitAnswer(h.ctx, connect.NewRequest(&pb.SubmitAnswerRequest{
				AssignmentId: a.Id, IdempotencyKey: "mon-" + ref + "-" + day, Value: scale(3), AnsweredAt: timestamppb.New(h.clock.Now()),
			}))))
			return
		}
	}
	t.Fatalf("%s has no skills_gap assignment on %s: %v", ref, day, today.Msg.Assignments)
}

// ackLast acknowledges the newest push (highest id) FCM received for token:
// the day's delivery, not an older reminder sent at the same dispatch.
func ackLast(t *testing.T, h *harness, c panelpulsev1connect.PanellistServiceClient, token string) {
	t.Helper()
	var id int64
	for _, m := range h.fcm.Messages() {
		if m.Token == token {
			if n, _ := strconv.ParseInt(m.Data["push_id"], 10, 64); n > id {
				id = n
			}
		}
	}
	if id == 0 {
		t.Fatalf("no push reached %s", token)
	}
	must(t, call(c.AcknowledgeNotification(h.ctx, connect.NewRequest(&pb.AcknowledgeNotificationRequest{PushId: id}))))
}
