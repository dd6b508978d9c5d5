package rpc

import (
	"context"

	"connectrpc.com/connect"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
)

// GetResponseMonitor reports per day and segment of a wave the counts of
// its assignments.
func (h *AdminHandler) GetResponseMonitor(ctx context.Context, req *connect.Request[pb.GetResponseMonitorRequest]) (*connect.Response[pb.GetResponseMonitorResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := h.admin.ResponseMonitor(ctx, who.TenantID, req.Msg.WaveId, countsDimension(req.Msg.Dimension))
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	res := &pb.GetResponseMonitorResponse{}
	for _, r := range rows {
		res.Rows = append(res.Rows, &pb.MonitorRow{Day: r.Day.String(), Segment: segmentMessage(r.Segment), Counts: countsMessage(r.Counts)})
	}
	return connect.NewResponse(res), nil
}

// ListStoppedPanellists pages through the panellists of a wave who stopped
// answering.
func (h *AdminHandler) ListStoppedPanellists(ctx context.Context, req *connect.Request[pb.ListStoppedPanellistsRequest]) (*connect.Response[pb.ListStoppedPanellistsResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	rows, next, err := h.admin.StoppedPanellists(ctx, who.TenantID, req.Msg.WaveId, int(req.Msg.WorkingDays), req.Msg.PageSize, req.Msg.PageToken)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	res := &pb.ListStoppedPanellistsResponse{NextPageToken: next}
	for _, s := range rows {
		res.Panellists = append(res.Panellists, &pb.StoppedPanellist{
			Id: s.ID, Ref: s.Ref, Name: s.Name, BusinessRef: s.BusinessRef, Sector: s.Sector, LastAnsweredDay: s.LastAnsweredDay,
		})
	}
	return connect.NewResponse(res), nil
}
