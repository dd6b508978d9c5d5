package rpc

import (
	"context"

	"connectrpc.com/connect"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
)

// GetPushStats reports per day of a wave the pushes by outcome with their
// receipts, and the panellists no push can reach.
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
			Day: d.Day.Format("2006-01-02"), Queued: d.Queued, Sent: d.Sent, Failed: d.Failed, Cancelled: d.Cancelled,
			Opened: d.Opened, AnsweredAfterPush: d.AnsweredAfterPush, MedianSecondsToAnswer: d.MedianSecondsToAnswer,
		})
	}
	for _, u := range unreachable {
		res.Unreachable = append(res.Unreachable, &pb.UnreachablePanellist{Id: u.ID, Ref: u.Ref, Name: u.Name})
	}
	return connect.NewResponse(res), nil
}
