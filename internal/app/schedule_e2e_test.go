package app_test

import (
	"fmt"
	"testing"
	"time"

	"connectrpc.com/connect"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
)

// TestScheduleAdmin drives the scheduling admin API over HTTP: closure
// days (validated, listed, skipped by waves and planning), the dry run of
// a wave before it starts, an ad-hoc question sent after the day's
// delivery push has gone out (it reaches the phones in a second push), and
// the per-day plan status.
func TestScheduleAdmin(t *testing.T) {
	t.Parallel()
	inEachScenarioWeek(t, scheduleAdmin)
}

func scheduleAdmin(t *testing.T, monday time.Time) {
	h := newHarness(t, at(monday, 0, 7, 0))
	ctx := h.ctx
	p := h.programme("sched")

	_, err := p.admin.SetClosureDays(ctx, connect.NewRequest(&pb.SetClosureDaysRequest{Days: []*pb.ClosureDay{{Day: fmt.Sprintf("%d-11-31", monday.Year())}}}))
	wantCode(t, err, connect.CodeInvalidArgument, "closure day of 31 November")
	set, err := p.admin.SetClosureDays(ctx, connect.NewRequest(&pb.SetClosureDaysRequest{Days: []*pb.ClosureDay{
		{Day: day(monday, 1), Reason: "Staff training"}, {Day: fmt.Sprintf("%d-12-31", monday.Year()), Reason: "Office closed"},
	}}))
	must(t, err)
	list, err := p.admin.ListClosureDays(ctx, connect.NewRequest(&pb.ListClosureDaysRequest{}))
	must(t, err)
	if len(set.Msg.Days) != 2 || len(list.Msg.Days) != 2 || list.Msg.Days[0].Day != day(monday, 1) || list.Msg.Days[0].Reason != "Staff training" {
		t.Fatalf("closure days set %v, listed %v", set.Msg.Days, list.Msg.Days)
	}

	people := h.panel(p, day(monday, 0), []string{"M1,28110,12", "M2,28220,60", "L1,49410,40"})
	_, err = p.admin.CreateQuestion(ctx, connect.NewRequest(&pb.CreateQuestionRequest{
		Key: "skills_gap", Theme: pb.Theme_THEME_RECRUITMENT_CONFIDENCE, Title: "Skills gap", Wording: "Do you have a skills gap?",
		Spec: &pb.QuestionSpec{Type: pb.QuestionType_QUESTION_TYPE_SCALE, ScaleMin: 1, ScaleMax: 5, MinLabel: "No", MaxLabel: "Yes"},
	}))
	must(t, err)
	w, err := p.admin.CreateWave(ctx, connect.NewRequest(&pb.CreateWaveRequest{
		Name: "Wave 2", StartDate: day(monday, 1), WorkingDays: 2, Plan: []*pb.PlanItem{
			{Day: 0, QuestionKey: "skills_gap", Segment: &pb.Segment{Dimension: pb.Dimension_DIMENSION_SECTOR, Value: "Logistics"}},
			{Day: 1, QuestionKey: "skills_gap", Segment: &pb.Segment{Dimension: pb.Dimension_DIMENSION_SECTOR, Value: "Advanced Manufacturing"}},
		},
	}))
	must(t, err)
	if w.Msg.Wave.StartDate != day(monday, 2) {
		t.Fatalf("a wave from the closure day starts %s, want %s", w.Msg.Wave.StartDate, day(monday, 2))
	}
	pv, err := p.admin.PreviewWave(ctx, connect.NewRequest(&pb.PreviewWaveRequest{WaveId: w.Msg.Wave.Id}))
	must(t, err)
	if len(pv.Msg.Items) != 2 || pv.Msg.Items[0].Day != day(monday, 2) || pv.Msg.Items[0].Panellists != 1 ||
		pv.Msg.Items[1].Day != day(monday, 3) || pv.Msg.Items[1].Panellists != 2 {
		t.Fatalf("preview %v, want 1 logistics panellist on the 25th and 2 manufacturers on the 26th", pv.Msg.Items)
	}
	_, err = p.admin.PreviewWave(ctx, connect.NewRequest(&pb.PreviewWaveRequest{WaveId: w.Msg.Wave.Id + 100}))
	wantCode(t, err, connect.CodeNotFound, "preview of an unknown wave")

	must(t, h.app.Planner.Tick(ctx))
	h.clock.Set(at(monday, 0, 9, 0))
	if n, err := h.app.Dispatcher.Tick(ctx); err != nil || n != 3 {
		t.Fatalf("dispatcher at 09:00 claimed %d (err %v), want 3", n, err)
	}

	h.clock.Set(at(monday, 0, 11, 0))
	_, err = p.admin.SendAdHoc(ctx, connect.NewRequest(&pb.SendAdHocRequest{QuestionKey: "skills_gap"}))
	wantCode(t, err, connect.CodeInvalidArgument, "ad hoc without when")
	_, err = p.admin.SendAdHoc(ctx, connect.NewRequest(&pb.SendAdHocRequest{QuestionKey: "nope", When: pb.AdHocWhen_AD_HOC_WHEN_NOW}))
	wantCode(t, err, connect.CodeNotFound, "ad hoc of an unknown question")
	_, err = p.admin.SendAdHoc(ctx, connect.NewRequest(&pb.SendAdHocRequest{QuestionKey: "skills_gap", Segment: &pb.Segment{Dimension: pb.Dimension_DIMENSION_SECTOR_SIZE, Value: "red"}, When: pb.AdHocWhen_AD_HOC_WHEN_NOW}))
	wantCode(t, err, connect.CodeInvalidArgument, "ad hoc to a bad segment")
	ah, err := p.admin.SendAdHoc(ctx, connect.NewRequest(&pb.SendAdHocRequest{
		QuestionKey: "skills_gap", Segment: &pb.Segment{Dimension: pb.Dimension_DIMENSION_SECTOR, Value: "Advanced Manufacturing"}, When: pb.AdHocWhen_AD_HOC_WHEN_NOW}))
	must(t, err)
	if ah.Msg.FirstDay != day(monday, 0) || ah.Msg.AssignedNow != 2 {
		t.Fatalf("SendAdHoc = %v, want today for 2 manufacturers", ah.Msg)
	}
	if n, err := h.app.Dispatcher.Tick(ctx); err != nil || n != 2 {
		t.Fatalf("dispatcher at 11:00 claimed %d (err %v), want the 2 ad-hoc pushes", n, err)
	}
	if h.fcm.Count() != 5 || h.fcm.CountByToken("tok-PM1") != 2 || h.fcm.CountByToken("tok-PL1") != 1 {
		t.Fatalf("FCM got %d messages (%d for M1, %d for L1), want 5, 2 and 1", h.fcm.Count(), h.fcm.CountByToken("tok-PM1"), h.fcm.CountByToken("tok-PL1"))
	}
	today, err := people["M1"].GetToday(ctx, connect.NewRequest(&pb.GetTodayRequest{}))
	must(t, err)
	if len(today.Msg.Assignments) != 2 {
		t.Fatalf("M1 sees %d assignments at 11:00, want the planned and the ad-hoc one", len(today.Msg.Assignments))
	}

	h.clock.Set(at(monday, 1, 8, 0))
	must(t, h.app.Planner.Tick(ctx))
	st, err := p.admin.GetPlanStatus(ctx, connect.NewRequest(&pb.GetPlanStatusRequest{FromDay: day(monday, 0), ToDay: day(monday, 7)}))
	must(t, err)
	if len(st.Msg.Days) != 1 || st.Msg.Days[0].Day != day(monday, 0) || st.Msg.Days[0].Counts.Assigned != 5 || st.Msg.Days[0].Counts.AdHoc != 2 || st.Msg.Days[0].Counts.Pushed != 5 {
		t.Fatalf("plan status %v, want only Monday with 5 assigned, 2 ad hoc, 5 pushed (nothing on the closure day)", st.Msg.Days)
	}
	_, err = p.admin.GetPlanStatus(ctx, connect.NewRequest(&pb.GetPlanStatusRequest{FromDay: day(monday, 7), ToDay: day(monday, 0)}))
	wantCode(t, err, connect.CodeInvalidArgument, "status with the days reversed")
}
