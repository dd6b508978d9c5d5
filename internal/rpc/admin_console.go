package rpc

import (
	"context"
	"fmt"
	"time"

	"connectrpc.com/connect"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/internal/admin"
	"github.com/panelpulse/panelpulse/internal/bank"
	"github.com/panelpulse/panelpulse/internal/calendar"
	"github.com/panelpulse/panelpulse/internal/paging"
)

// ListQuestions lists a page of the latest versions, live or archived.
func (h *AdminHandler) ListQuestions(ctx context.Context, req *connect.Request[pb.ListQuestionsRequest]) (*connect.Response[pb.ListQuestionsResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	m := req.Msg
	p, err := paging.Parse(m.PageSize, m.PageToken, fmt.Sprintf("theme=%d archived=%t", m.Theme, m.Archived))
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	qs, err := h.bank.Page(ctx, who.TenantID, bank.Filter{Theme: themeFromProto(m.Theme), Archived: m.Archived}, p.After, p.Limit())
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	qs, next := paging.Next(p, qs, func(q bank.Question) int64 { return q.ID })
	res := &pb.ListQuestionsResponse{NextPageToken: next}
	for _, q := range qs {
		res.Questions = append(res.Questions, questionToProto(q))
	}
	return connect.NewResponse(res), nil
}

// GetQuestion returns a question's latest version and its history.
func (h *AdminHandler) GetQuestion(ctx context.Context, req *connect.Request[pb.GetQuestionRequest]) (*connect.Response[pb.GetQuestionResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	vs, err := h.bank.History(ctx, who.TenantID, req.Msg.Key)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	res := &pb.GetQuestionResponse{}
	for _, v := range vs {
		res.Versions = append(res.Versions, &pb.QuestionVersion{
			Question: questionToProto(v.Question), CreatedAt: v.CreatedAt.UTC().Format(time.RFC3339), Answers: v.Answers,
		})
	}
	if n := len(res.Versions); n > 0 {
		res.Question = res.Versions[n-1].Question
	}
	return connect.NewResponse(res), nil
}

// UpdateQuestion revises an existing question (a new version when changed).
func (h *AdminHandler) UpdateQuestion(ctx context.Context, req *connect.Request[pb.UpdateQuestionRequest]) (*connect.Response[pb.UpdateQuestionResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	m := req.Msg
	q, created, err := h.bank.Revise(ctx, who.TenantID, bank.Input{Key: m.Key, Theme: themeFromProto(m.Theme), Title: m.Title, Wording: m.Wording, Spec: specFromProto(m.Spec)})
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	return connect.NewResponse(&pb.UpdateQuestionResponse{Question: questionToProto(q), CreatedVersion: created}), nil
}

// ArchiveQuestion archives or restores a question.
func (h *AdminHandler) ArchiveQuestion(ctx context.Context, req *connect.Request[pb.ArchiveQuestionRequest]) (*connect.Response[pb.ArchiveQuestionResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	var at *time.Time
	if !req.Msg.Restore {
		now := h.admin.Now()
		at = &now
	}
	q, err := h.bank.SetArchived(ctx, who.TenantID, req.Msg.Key, at)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	return connect.NewResponse(&pb.ArchiveQuestionResponse{Question: questionToProto(q)}), nil
}

var waveStatusNames = map[pb.WaveStatus]string{
	pb.WaveStatus_WAVE_STATUS_PLANNED:   admin.WavePlanned,
	pb.WaveStatus_WAVE_STATUS_RUNNING:   admin.WaveRunning,
	pb.WaveStatus_WAVE_STATUS_FINISHED:  admin.WaveFinished,
	pb.WaveStatus_WAVE_STATUS_CANCELLED: admin.WaveCancelled,
}

var waveStatusOfName = invert(waveStatusNames)

func waveToProto(w admin.Wave, today calendar.Date) *pb.Wave {
	out := &pb.Wave{
		Id: w.ID, Name: w.Name, StartDate: w.Start.String(), EndDate: w.End.String(), WorkingDays: w.WorkingDays,
		PlanItems: w.PlanItems, Assignments: w.Assignments, Status: waveStatusOfName[w.Status(today)],
	}
	if w.CancelledAt != nil {
		out.CancelledAt = w.CancelledAt.UTC().Format(time.RFC3339)
	}
	return out
}

func planFromProto(items []*pb.PlanItem) ([]admin.PlanItem, error) {
	out := make([]admin.PlanItem, 0, len(items))
	for i, it := range items {
		seg, err := segmentName(it.Segment)
		if err != nil {
			return nil, fmt.Errorf("plan[%d].%w", i, err)
		}
		out = append(out, admin.PlanItem{Day: it.Day, QuestionKey: it.QuestionKey, Segment: seg, Split: int16(it.Split)})
	}
	return out, nil
}

func planToProto(items []admin.PlanItem) []*pb.PlanItem {
	out := make([]*pb.PlanItem, len(items))
	for i, it := range items {
		out[i] = &pb.PlanItem{Day: it.Day, QuestionKey: it.QuestionKey, Segment: segmentMessage(it.Segment), Split: int32(it.Split)}
	}
	return out
}

// ListWaves lists a page of the tenant's waves, newest first.
func (h *AdminHandler) ListWaves(ctx context.Context, req *connect.Request[pb.ListWavesRequest]) (*connect.Response[pb.ListWavesResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	m := req.Msg
	p, err := paging.Parse(m.PageSize, m.PageToken, fmt.Sprintf("status=%d", m.Status))
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	ws, today, err := h.admin.WavePage(ctx, who.TenantID, waveStatusNames[m.Status], p.After, p.Limit())
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	ws, next := paging.Next(p, ws, func(w admin.Wave) int64 { return w.ID })
	res := &pb.ListWavesResponse{NextPageToken: next}
	for _, w := range ws {
		res.Waves = append(res.Waves, waveToProto(w, today))
	}
	return connect.NewResponse(res), nil
}

// GetWave returns a wave with its plan.
func (h *AdminHandler) GetWave(ctx context.Context, req *connect.Request[pb.GetWaveRequest]) (*connect.Response[pb.GetWaveResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	d, today, err := h.admin.GetWave(ctx, who.TenantID, req.Msg.Id)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	return connect.NewResponse(&pb.GetWaveResponse{Wave: waveToProto(d.Wave, today), Plan: planToProto(d.Plan)}), nil
}

// UpdateWave renames a wave or, before it is planned, replaces its schedule.
func (h *AdminHandler) UpdateWave(ctx context.Context, req *connect.Request[pb.UpdateWaveRequest]) (*connect.Response[pb.UpdateWaveResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	m := req.Msg
	in := admin.WaveInput{Name: m.Name, StartDate: m.StartDate, WorkingDays: m.WorkingDays}
	if in.Plan, err = planFromProto(m.Plan); err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	d, today, err := h.admin.UpdateWave(ctx, who.TenantID, m.Id, in)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	return connect.NewResponse(&pb.UpdateWaveResponse{Wave: waveToProto(d.Wave, today)}), nil
}

// CancelWave cancels a wave; nothing already assigned or answered is lost.
func (h *AdminHandler) CancelWave(ctx context.Context, req *connect.Request[pb.CancelWaveRequest]) (*connect.Response[pb.CancelWaveResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	d, today, err := h.admin.CancelWave(ctx, who.TenantID, req.Msg.Id)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	return connect.NewResponse(&pb.CancelWaveResponse{Wave: waveToProto(d.Wave, today)}), nil
}

var dayKinds = map[string]pb.DayKind{
	admin.DayWorking:     pb.DayKind_DAY_KIND_WORKING,
	admin.DayWeekend:     pb.DayKind_DAY_KIND_WEEKEND,
	admin.DayBankHoliday: pb.DayKind_DAY_KIND_BANK_HOLIDAY,
	admin.DayClosure:     pb.DayKind_DAY_KIND_CLOSURE,
}

// GetWorkingCalendar lists the days of the tenant's calendar.
func (h *AdminHandler) GetWorkingCalendar(ctx context.Context, req *connect.Request[pb.GetWorkingCalendarRequest]) (*connect.Response[pb.GetWorkingCalendarResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	c, err := h.admin.Calendar(ctx, who.TenantID, req.Msg.FromDay, req.Msg.ToDay)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	res := &pb.GetWorkingCalendarResponse{DailyCap: c.DailyCap, Today: c.Today.String()}
	for _, d := range c.Days {
		res.Days = append(res.Days, &pb.CalendarDay{Day: d.Day.String(), Kind: dayKinds[d.Kind], Name: d.Name})
	}
	return connect.NewResponse(res), nil
}
