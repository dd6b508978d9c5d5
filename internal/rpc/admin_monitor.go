package rpc

import (
	"context"

	"connectrpc.com/connect"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
)

// monitorDimension names the response monitor's split for a Dimension;
// splits it does not offer get a name the admin service rejects.
func monitorDimension(d pb.Dimension) string {
	switch d {
	case pb.Dimension_DIMENSION_UNSPECIFIED, pb.Dimension_DIMENSION_ALL:
		return "all"
	case pb.Dimension_DIMENSION_SECTOR:
		return "sector"
	case pb.Dimension_DIMENSION_SIZE_BAND:
		return "size_band"
	case pb.Dimension_DIMENSION_DISTRICT:
		return "district"
	case pb.Dimension_DIMENSION_ROLE:
		return "role"
	default:
		return d.String()
	}
}

// GetResponseMonitor reports per day and segment of a wave the assigned,
// pushed, opened and answered counts, and the panellists who stopped
// answering.
func (h *AdminHandler) GetResponseMonitor(ctx context.Context, req *connect.Request[pb.GetResponseMonitorRequest]) (*connect.Response[pb.GetResponseMonitorResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	rows, stopped, err := h.admin.ResponseMonitor(ctx, who.TenantID, req.Msg.WaveId, monitorDimension(req.Msg.Dimension))
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	res := &pb.GetResponseMonitorResponse{}
	for _, r := range rows {
		res.Rows = append(res.Rows, &pb.MonitorRow{
			Day: r.Day.Format("2006-01-02"), Segment: r.Segment, Assigned: r.Assigned, Pushed: r.Pushed,
			Opened: r.Opened, Answered: r.Answered, ResponseRate: r.ResponseRate(),
		})
	}
	for _, s := range stopped {
		res.Stopped = append(res.Stopped, &pb.StoppedPanellist{
			Ref: s.Ref, Name: s.Name, BusinessRef: s.BusinessRef, Sector: s.Sector, LastAnsweredDay: s.LastAnsweredDay,
		})
	}
	return connect.NewResponse(res), nil
}
