package rpc

import (
	"context"

	"connectrpc.com/connect"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/internal/calendar"
	"github.com/panelpulse/panelpulse/internal/fault"
)

// CreateRoundtable records a roundtable and answers its join code.
func (h *RoundtableHandler) CreateRoundtable(ctx context.Context, req *connect.Request[pb.CreateRoundtableRequest]) (*connect.Response[pb.CreateRoundtableResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	day, err := calendar.ParseDate(req.Msg.Date)
	if err != nil {
		return nil, toConnect(ctx, h.log, fault.New(fault.Invalid, "date: %q is not a date (YYYY-MM-DD)", req.Msg.Date))
	}
	r, err := h.rt.CreateRoom(ctx, who.TenantID, req.Msg.Title, day, req.Msg.Audience, req.Msg.FindingIds)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	return connect.NewResponse(&pb.CreateRoundtableResponse{Roundtable: roomToProto(r)}), nil
}

// JoinRoundtable gives the caller the roundtable's finding tests now.
func (h *PanellistHandler) JoinRoundtable(ctx context.Context, req *connect.Request[pb.JoinRoundtableRequest]) (*connect.Response[pb.JoinRoundtableResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	j, err := h.rt.Join(ctx, who.TenantID, who.PanellistID, req.Msg.JoinCode)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	return connect.NewResponse(&pb.JoinRoundtableResponse{Title: j.Title, Assigned: int32(j.Assigned)}), nil
}
