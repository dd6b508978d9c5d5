package app_test

import (
	"testing"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/timestamppb"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
)

// TestQuestionVersionsAndArchive revises a question that has answers (a
// new version, the old one keeps its answers), refuses a revision that
// breaks comparability, pages and filters the list, archives a question
// (it leaves the live list and cannot be planned or revised) and restores
// it; another programme sees none of it.
func TestQuestionVersionsAndArchive(t *testing.T) {
	t.Parallel()
	monday := scenarioMondays[0]
	h := newHarness(t, at(monday, 0, 7, 0))
	ctx := h.ctx
	p := h.programme("qbank")
	people := h.panel(p, day(monday, 0), []string{"M1,28110,12", "L1,49410,40"})
	_, err := p.admin.CreateQuestion(ctx, connect.NewRequest(&pb.CreateQuestionRequest{
		Key: "hours_training", Theme: pb.Theme_THEME_TRAINING_INVESTMENT, Title: "Training hours", Wording: "How many hours of training?",
		Spec: &pb.QuestionSpec{Type: pb.QuestionType_QUESTION_TYPE_NUMBER, Unit: "hours"},
	}))
	must(t, err)

	must(t, h.app.Planner.Tick(ctx))
	h.clock.Set(at(monday, 0, 10, 0))
	today, err := people["M1"].GetToday(ctx, connect.NewRequest(&pb.GetTodayRequest{}))
	must(t, err)
	if len(today.Msg.Assignments) != 1 {
		t.Fatalf("M1 has %d assignments, want 1", len(today.Msg.Assignments))
	}
	_, err = people["M1"].SubmitAnswer(ctx, connect.NewRequest(&pb.SubmitAnswerRequest{
		AssignmentId: today.Msg.Assignments[0].Id, IdempotencyKey: "answer-m1-1", Value: scale(7), AnsweredAt: timestamppb.New(h.clock.Now()),
	}))
	must(t, err)

	got, err := p.admin.GetQuestion(ctx, connect.NewRequest(&pb.GetQuestionRequest{Key: "recruit_confidence"}))
	must(t, err)
	v1 := got.Msg.Question
	up, err := p.admin.UpdateQuestion(ctx, connect.NewRequest(&pb.UpdateQuestionRequest{
		Key: v1.Key, Theme: v1.Theme, Title: v1.Title, Wording: "How confident are you of hiring the skills you need this year?", Spec: v1.Spec,
	}))
	must(t, err)
	if !up.Msg.CreatedVersion || up.Msg.Question.Version != 2 {
		t.Fatalf("UpdateQuestion = %v, want version 2", up.Msg)
	}
	got, err = p.admin.GetQuestion(ctx, connect.NewRequest(&pb.GetQuestionRequest{Key: "recruit_confidence"}))
	must(t, err)
	if vs := got.Msg.Versions; len(vs) != 2 || vs[0].Answers != 1 || vs[1].Answers != 0 || got.Msg.Question.Version != 2 ||
		vs[0].Question.Wording != v1.Wording {
		t.Fatalf("history %v, want version 1 with the answer and version 2 without", vs)
	}
	broken := &pb.QuestionSpec{Type: pb.QuestionType_QUESTION_TYPE_SCALE, ScaleMin: 1, ScaleMax: 5}
	_, err = p.admin.UpdateQuestion(ctx, connect.NewRequest(&pb.UpdateQuestionRequest{Key: v1.Key, Theme: v1.Theme, Title: v1.Title, Wording: v1.Wording, Spec: broken}))
	wantCode(t, err, connect.CodeFailedPrecondition, "a revision with fewer scale points")
	_, err = p.admin.UpdateQuestion(ctx, connect.NewRequest(&pb.UpdateQuestionRequest{Key: "nope", Theme: v1.Theme, Title: "x", Wording: "x", Spec: v1.Spec}))
	wantCode(t, err, connect.CodeNotFound, "revising an unknown question")

	page, err := p.admin.ListQuestions(ctx, connect.NewRequest(&pb.ListQuestionsRequest{PageSize: 1}))
	must(t, err)
	if len(page.Msg.Questions) != 1 || page.Msg.NextPageToken == "" {
		t.Fatalf("first page %v, want one question and a token", page.Msg)
	}
	page2, err := p.admin.ListQuestions(ctx, connect.NewRequest(&pb.ListQuestionsRequest{PageSize: 1, PageToken: page.Msg.NextPageToken}))
	must(t, err)
	if len(page2.Msg.Questions) != 1 || page2.Msg.Questions[0].Key == page.Msg.Questions[0].Key || page2.Msg.NextPageToken != "" {
		t.Fatalf("second page %v, want the other question and no token", page2.Msg)
	}
	_, err = p.admin.ListQuestions(ctx, connect.NewRequest(&pb.ListQuestionsRequest{PageSize: 1, PageToken: page.Msg.NextPageToken, Archived: true}))
	wantCode(t, err, connect.CodeInvalidArgument, "a token of another filter")
	themed, err := p.admin.ListQuestions(ctx, connect.NewRequest(&pb.ListQuestionsRequest{Theme: pb.Theme_THEME_TRAINING_INVESTMENT}))
	must(t, err)
	if len(themed.Msg.Questions) != 1 || themed.Msg.Questions[0].Key != "hours_training" {
		t.Fatalf("training questions %v, want hours_training", themed.Msg.Questions)
	}

	arch, err := p.admin.ArchiveQuestion(ctx, connect.NewRequest(&pb.ArchiveQuestionRequest{Key: "hours_training"}))
	must(t, err)
	if !arch.Msg.Question.Archived {
		t.Fatalf("ArchiveQuestion = %v, want archived", arch.Msg.Question)
	}
	live, err := p.admin.ListQuestions(ctx, connect.NewRequest(&pb.ListQuestionsRequest{}))
	must(t, err)
	archived, err := p.admin.ListQuestions(ctx, connect.NewRequest(&pb.ListQuestionsRequest{Archived: true}))
	must(t, err)
	if len(live.Msg.Questions) != 1 || live.Msg.Questions[0].Key != "recruit_confidence" ||
		len(archived.Msg.Questions) != 1 || archived.Msg.Questions[0].Key != "hours_training" || !archived.Msg.Questions[0].Archived {
		t.Fatalf("live %v, archived %v", live.Msg.Questions, archived.Msg.Questions)
	}
	_, err = p.admin.CreateWave(ctx, connect.NewRequest(&pb.CreateWaveRequest{Name: "W", StartDate: day(monday, 7), WorkingDays: 1,
		Plan: []*pb.PlanItem{{QuestionKey: "hours_training"}}}))
	wantCode(t, err, connect.CodeFailedPrecondition, "planning an archived question")
	_, err = p.admin.UpdateQuestion(ctx, connect.NewRequest(&pb.UpdateQuestionRequest{Key: "hours_training", Theme: pb.Theme_THEME_TRAINING_INVESTMENT,
		Title: "Hours", Wording: "How many hours?", Spec: &pb.QuestionSpec{Type: pb.QuestionType_QUESTION_TYPE_NUMBER, Unit: "hours"}}))
	wantCode(t, err, connect.CodeFailedPrecondition, "revising an archived question")
	_, err = p.admin.ArchiveQuestion(ctx, connect.NewRequest(&pb.ArchiveQuestionRequest{Key: "hours_training", Restore: true}))
	must(t, err)
	must(t, call(p.admin.CreateWave(ctx, connect.NewRequest(&pb.CreateWaveRequest{Name: "W", StartDate: day(monday, 7), WorkingDays: 1,
		Plan: []*pb.PlanItem{{QuestionKey: "hours_training"}}}))))

	other := h.programme("qbank-other")
	_, err = other.admin.GetQuestion(ctx, connect.NewRequest(&pb.GetQuestionRequest{Key: "recruit_confidence"}))
	wantCode(t, err, connect.CodeNotFound, "another programme's question")
	_, err = other.admin.ArchiveQuestion(ctx, connect.NewRequest(&pb.ArchiveQuestionRequest{Key: "recruit_confidence"}))
	wantCode(t, err, connect.CodeNotFound, "archiving another programme's question")
	none, err := other.admin.ListQuestions(ctx, connect.NewRequest(&pb.ListQuestionsRequest{}))
	must(t, err)
	if len(none.Msg.Questions) != 0 {
		t.Fatalf("another programme lists %v", none.Msg.Questions)
	}
}

// TestWaveLifecycle lists waves a page at a time and by status, edits a
// wave before it starts (schedule and plan) and after (name only), and
// cancels a running wave: today's assignments stay and keep their answer,
// no later day of it is planned, and it can no longer be edited. The
// working calendar names weekends, bank holidays and closure days.
func TestWaveLifecycle(t *testing.T) {
	t.Parallel()
	monday := scenarioMondays[0]
	h := newHarness(t, at(monday, 0, 7, 0))
	ctx := h.ctx
	p := h.programme("waves")
	people := h.panel(p, day(monday, 0), []string{"M1,28110,12", "L1,49410,40"})
	_, err := p.admin.CreateQuestion(ctx, connect.NewRequest(&pb.CreateQuestionRequest{
		Key: "hours_training", Theme: pb.Theme_THEME_TRAINING_INVESTMENT, Title: "Training hours", Wording: "How many hours of training?",
		Spec: &pb.QuestionSpec{Type: pb.QuestionType_QUESTION_TYPE_NUMBER, Unit: "hours"},
	}))
	must(t, err)
	running, err := p.admin.CreateWave(ctx, connect.NewRequest(&pb.CreateWaveRequest{Name: "Training week", StartDate: day(monday, 0), WorkingDays: 3,
		Plan: []*pb.PlanItem{{Day: 0, QuestionKey: "hours_training"}, {Day: 1, QuestionKey: "hours_training"}}}))
	must(t, err)
	later, err := p.admin.CreateWave(ctx, connect.NewRequest(&pb.CreateWaveRequest{Name: "Next week", StartDate: day(monday, 7), WorkingDays: 2,
		Plan: []*pb.PlanItem{{Day: 0, QuestionKey: "recruit_confidence", Segment: &pb.Segment{Dimension: pb.Dimension_DIMENSION_SECTOR, Value: "Logistics"}}}}))
	must(t, err)

	var seen []string
	token := ""
	for {
		res, err := p.admin.ListWaves(ctx, connect.NewRequest(&pb.ListWavesRequest{PageSize: 2, PageToken: token}))
		must(t, err)
		for _, w := range res.Msg.Waves {
			seen = append(seen, w.Name)
		}
		if token = res.Msg.NextPageToken; token == "" {
			break
		}
	}
	if len(seen) != 3 || seen[0] != "Next week" || seen[2] != "Wave 1" {
		t.Fatalf("waves newest first %v, want Next week, Training week, Wave 1", seen)
	}
	planned, err := p.admin.ListWaves(ctx, connect.NewRequest(&pb.ListWavesRequest{Status: pb.WaveStatus_WAVE_STATUS_PLANNED}))
	must(t, err)
	if len(planned.Msg.Waves) != 1 || planned.Msg.Waves[0].Id != later.Msg.Wave.Id || planned.Msg.Waves[0].Status != pb.WaveStatus_WAVE_STATUS_PLANNED {
		t.Fatalf("planned waves %v, want Next week", planned.Msg.Waves)
	}

	up, err := p.admin.UpdateWave(ctx, connect.NewRequest(&pb.UpdateWaveRequest{Id: later.Msg.Wave.Id, Name: "Next week, longer", StartDate: day(monday, 7), WorkingDays: 4,
		Plan: []*pb.PlanItem{{Day: 3, QuestionKey: "recruit_confidence"}}}))
	must(t, err)
	if up.Msg.Wave.EndDate != day(monday, 10) || up.Msg.Wave.Name != "Next week, longer" || up.Msg.Wave.PlanItems != 1 {
		t.Fatalf("updated wave %v, want four days to %s", up.Msg.Wave, day(monday, 10))
	}
	gw, err := p.admin.GetWave(ctx, connect.NewRequest(&pb.GetWaveRequest{Id: later.Msg.Wave.Id}))
	must(t, err)
	if len(gw.Msg.Plan) != 1 || gw.Msg.Plan[0].Day != 3 || gw.Msg.Plan[0].Segment.GetDimension() != pb.Dimension_DIMENSION_ALL {
		t.Fatalf("plan %v, want one item on day 3 to everyone", gw.Msg.Plan)
	}

	must(t, h.app.Planner.Tick(ctx))
	_, err = p.admin.UpdateWave(ctx, connect.NewRequest(&pb.UpdateWaveRequest{Id: running.Msg.Wave.Id, Name: "Training week", StartDate: day(monday, 0), WorkingDays: 5}))
	wantCode(t, err, connect.CodeFailedPrecondition, "rescheduling a wave that has planned days")
	must(t, call(p.admin.UpdateWave(ctx, connect.NewRequest(&pb.UpdateWaveRequest{Id: running.Msg.Wave.Id, Name: "Training fortnight", StartDate: day(monday, 0), WorkingDays: 3}))))

	h.clock.Set(at(monday, 0, 10, 0))
	today, err := people["M1"].GetToday(ctx, connect.NewRequest(&pb.GetTodayRequest{}))
	must(t, err)
	var hours *pb.Assignment
	for _, a := range today.Msg.Assignments {
		if a.Question.Key == "hours_training" {
			hours = a
		}
	}
	if hours == nil {
		t.Fatalf("M1's today %v has no hours_training", today.Msg.Assignments)
	}
	n := 12.0
	must(t, call(people["M1"].SubmitAnswer(ctx, connect.NewRequest(&pb.SubmitAnswerRequest{
		AssignmentId: hours.Id, IdempotencyKey: "hours-m1-1", Value: &pb.AnswerValue{Number: &n}, AnsweredAt: timestamppb.New(h.clock.Now()),
	}))))
	cw, err := p.admin.CancelWave(ctx, connect.NewRequest(&pb.CancelWaveRequest{Id: running.Msg.Wave.Id}))
	must(t, err)
	if cw.Msg.Wave.Status != pb.WaveStatus_WAVE_STATUS_CANCELLED || cw.Msg.Wave.CancelledAt == "" || cw.Msg.Wave.Assignments != 2 {
		t.Fatalf("cancelled wave %v, want cancelled with today's 2 assignments kept", cw.Msg.Wave)
	}
	// L1 can still answer today's question of the cancelled wave.
	l1, err := people["L1"].GetToday(ctx, connect.NewRequest(&pb.GetTodayRequest{}))
	must(t, err)
	kept := false
	for _, a := range l1.Msg.Assignments {
		if a.Question.Key == "hours_training" {
			kept = true
			must(t, call(people["L1"].SubmitAnswer(ctx, connect.NewRequest(&pb.SubmitAnswerRequest{
				AssignmentId: a.Id, IdempotencyKey: "hours-l1-1", Value: &pb.AnswerValue{Number: &n}, AnsweredAt: timestamppb.New(h.clock.Now()),
			}))))
		}
	}
	if !kept {
		t.Fatalf("L1 lost today's question of the cancelled wave: %v", l1.Msg.Assignments)
	}

	h.clock.Set(at(monday, 1, 7, 0))
	must(t, h.app.Planner.Tick(ctx))
	after, err := p.admin.GetWave(ctx, connect.NewRequest(&pb.GetWaveRequest{Id: running.Msg.Wave.Id}))
	must(t, err)
	if after.Msg.Wave.Assignments != 2 {
		t.Fatalf("the cancelled wave has %d assignments after Tuesday's planning, want the 2 of Monday", after.Msg.Wave.Assignments)
	}
	q, err := p.admin.GetQuestion(ctx, connect.NewRequest(&pb.GetQuestionRequest{Key: "hours_training"}))
	must(t, err)
	if q.Msg.Versions[0].Answers != 2 {
		t.Fatalf("hours_training holds %d answers after the cancel, want 2", q.Msg.Versions[0].Answers)
	}
	_, err = p.admin.UpdateWave(ctx, connect.NewRequest(&pb.UpdateWaveRequest{Id: running.Msg.Wave.Id, Name: "Renamed", StartDate: day(monday, 0), WorkingDays: 3}))
	wantCode(t, err, connect.CodeFailedPrecondition, "editing a cancelled wave")
	cancelled, err := p.admin.ListWaves(ctx, connect.NewRequest(&pb.ListWavesRequest{Status: pb.WaveStatus_WAVE_STATUS_CANCELLED}))
	must(t, err)
	if len(cancelled.Msg.Waves) != 1 || cancelled.Msg.Waves[0].Id != running.Msg.Wave.Id {
		t.Fatalf("cancelled waves %v", cancelled.Msg.Waves)
	}

	must(t, call(p.admin.SetClosureDays(ctx, connect.NewRequest(&pb.SetClosureDaysRequest{Days: []*pb.ClosureDay{{Day: day(monday, 2), Reason: "Staff training"}}}))))
	cal, err := p.admin.GetWorkingCalendar(ctx, connect.NewRequest(&pb.GetWorkingCalendarRequest{FromDay: day(monday, 0), ToDay: day(monday, 34)}))
	must(t, err)
	kinds := map[string]*pb.CalendarDay{}
	for _, d := range cal.Msg.Days {
		kinds[d.Day] = d
	}
	if len(cal.Msg.Days) != 35 || kinds[day(monday, 0)].Kind != pb.DayKind_DAY_KIND_WORKING || kinds[day(monday, 5)].Kind != pb.DayKind_DAY_KIND_WEEKEND ||
		kinds[day(monday, 2)].Kind != pb.DayKind_DAY_KIND_CLOSURE || kinds[day(monday, 2)].Name != "Staff training" ||
		kinds["2026-12-25"].Kind != pb.DayKind_DAY_KIND_BANK_HOLIDAY || kinds["2026-12-25"].Name == "" || cal.Msg.DailyCap < 1 || cal.Msg.Today != day(monday, 1) {
		t.Fatalf("calendar %v", cal.Msg)
	}

	other := h.programme("waves-other")
	_, err = other.admin.GetWave(ctx, connect.NewRequest(&pb.GetWaveRequest{Id: running.Msg.Wave.Id}))
	wantCode(t, err, connect.CodeNotFound, "another programme's wave")
	_, err = other.admin.CancelWave(ctx, connect.NewRequest(&pb.CancelWaveRequest{Id: later.Msg.Wave.Id}))
	wantCode(t, err, connect.CodeNotFound, "cancelling another programme's wave")
	none, err := other.admin.ListWaves(ctx, connect.NewRequest(&pb.ListWavesRequest{}))
	must(t, err)
	if len(none.Msg.Waves) != 0 {
		t.Fatalf("another programme lists %v", none.Msg.Waves)
	}
}
