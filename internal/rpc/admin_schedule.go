package rpc

import (
	"context"

	"connectrpc.com/connect"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/internal/admin"
	"github.com/panelpulse/panelpulse/internal/schedule"
)

// SetClosureDays replaces the tenant's closure days.
func (h *AdminHandler) SetClosureDays(ctx context.Context, req *connect.Request[pb.SetClosureDaysRequest]) (*connect.Response[pb.SetClosureDaysResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	days, reasons := make([]string, len(req.Msg.Days)), make([]string, len(req.Msg.Days))
	for i, d := range req.Msg.Days {
		days[i], reasons[i] = d.Day, d.Reason
	}
	stored, err := h.admin.SetClosureDays(ctx, who.TenantID, days, reasons)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	return connect.NewResponse(&pb.SetClosureDaysResponse{Days: closureDaysToProto(stored)}), nil
}

// ListClosureDays lists the tenant's closure days.
func (h *AdminHandler) ListClosureDays(ctx context.Context, _ *connect.Request[pb.ListClosureDaysRequest]) (*connect.Response[pb.ListClosureDaysResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	days, err := h.admin.ClosureDays(ctx, who.TenantID)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	return connect.NewResponse(&pb.ListClosureDaysResponse{Days: closureDaysToProto(days)}), nil
}

func closureDaysToProto(days []admin.ClosureDay) []*pb.ClosureDay {
	out := make([]*pb.ClosureDay, len(days))
	for i, d := range days {
		out[i] = &pb.ClosureDay{Day: d.Day.String(), Reason: d.Reason}
	}
	return out
}

// PreviewWave is the dry run of a wave.
func (h *AdminHandler) PreviewWave(ctx context.Context, req *connect.Request[pb.PreviewWaveRequest]) (*connect.Response[pb.PreviewWaveResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	rows, dailyCap, err := h.admin.PreviewWave(ctx, who.TenantID, req.Msg.WaveId)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	res := &pb.PreviewWaveResponse{DailyCap: dailyCap}
	for _, r := range rows {
		res.Items = append(res.Items, &pb.PreviewItem{
			Day: r.Day.String(), DayIndex: int32(r.DayIndex), QuestionKey: r.QuestionKey,
			Segment: segmentMessage(r.Segment), Split: int32(r.Split), Panellists: int32(r.Panellists),
		})
	}
	return connect.NewResponse(res), nil
}

// SendAdHoc sends a question outside the plan.
func (h *AdminHandler) SendAdHoc(ctx context.Context, req *connect.Request[pb.SendAdHocRequest]) (*connect.Response[pb.SendAdHocResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	when := schedule.Now
	if req.Msg.When == pb.AdHocWhen_AD_HOC_WHEN_NEXT_WEEKDAY {
		when = schedule.NextWeekday
	}
	segment, err := segmentName(req.Msg.Segment)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	a, err := h.admin.SendAdHoc(ctx, who.TenantID, req.Msg.QuestionKey, segment, when)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	return connect.NewResponse(&pb.SendAdHocResponse{
		AdHocId: a.ID, FirstDay: a.FirstDay.String(), AssignedNow: int32(a.Planned.AdHoc),
	}), nil
}

// GetPlanStatus reports per day the counts of the tenant's assignments.
func (h *AdminHandler) GetPlanStatus(ctx context.Context, req *connect.Request[pb.GetPlanStatusRequest]) (*connect.Response[pb.GetPlanStatusResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	days, err := h.admin.PlanStatus(ctx, who.TenantID, req.Msg.FromDay, req.Msg.ToDay)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	res := &pb.GetPlanStatusResponse{}
	for _, d := range days {
		res.Days = append(res.Days, &pb.PlanDayStatus{Day: d.Day.String(), Counts: countsMessage(d.Counts)})
	}
	return connect.NewResponse(res), nil
}
