package rpc

import (
	"context"

	"connectrpc.com/connect"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/internal/admin"
)

// GetPushStats reports per day of a wave the pushes by kind and outcome
// with the day's counts, and the panellists no push can reach.
func (h *AdminHandler) GetPushStats(ctx context.Context, req *connect.Request[pb.GetPushStatsRequest]) (*connect.Response[pb.GetPushStatsResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	days, unreachable, err := h.admin.PushStats(ctx, who.TenantID, req.Msg.WaveId)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	res := &pb.GetPushStatsResponse{}
	for _, d := range days {
		res.Days = append(res.Days, &pb.PushDayStats{
			Day: d.Day.String(), FirstPushes: outcomesMessage(d.First), AdHocPushes: outcomesMessage(d.AdHoc),
			Reminders: outcomesMessage(d.Reminders), Counts: countsMessage(d.Counts),
		})
	}
	for _, u := range unreachable {
		res.Unreachable = append(res.Unreachable, &pb.UnreachablePanellist{Id: u.ID, Ref: u.Ref, Name: u.Name})
	}
	return connect.NewResponse(res), nil
}

func outcomesMessage(o admin.PushOutcomes) *pb.PushOutcomes {
	return &pb.PushOutcomes{Queued: o.Queued, Sent: o.Sent, Failed: o.Failed, Cancelled: o.Cancelled, Opened: o.Opened}
}
