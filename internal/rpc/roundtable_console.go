package rpc

import (
	"context"

	"connectrpc.com/connect"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/internal/roundtable"
)

func roomToProto(r roundtable.Room) *pb.Roundtable {
	return &pb.Roundtable{
		Id: r.ID, Title: r.Title, Date: r.Date.String(), Audience: r.Audience,
		JoinCode: r.JoinCode, Status: roundtableStatusOfName[r.Status], FindingIds: r.FindingIDs,
		Attendees: int32(r.Attendees),
	}
}

func reachToProto(r roundtable.Reach) *pb.Reach {
	out := &pb.Reach{
		Day: r.Day.String(), Targeted: int32(r.Targeted), Now: int32(r.Now), Later: int32(r.Later),
		Moved: int32(r.Moved), Dropped: int32(r.Dropped),
	}
	if r.Day.IsZero() {
		out.Day = ""
	}
	if r.Later > 0 {
		out.LaterDay = r.LaterDay.String()
	}
	return out
}

func sideToProto(s roundtable.Side) *pb.Side {
	return &pb.Side{
		Respondents: int32(s.Respondents), Suppressed: s.Suppressed, Agree: s.Agree, Disagree: s.Disagree,
		NetAgreement: s.NetAgreement, CiLow: s.CILow, CiHigh: s.CIHigh,
	}
}

func evidenceToProto(e *roundtable.Evidence) *pb.Evidence {
	if e == nil {
		return nil
	}
	out := &pb.Evidence{
		Respondents: int32(e.Respondents), Suppressed: e.Suppressed, NetAgreement: e.NetAgreement,
		CiLow: e.CILow, CiHigh: e.CIHigh, Room: sideToProto(e.Room), Panel: sideToProto(e.Panel),
		Threshold: int32(e.Threshold),
	}
	if e.Suppressed {
		out.Respondents = 0
	}
	return out
}

// GetFinding answers one finding with its history.
func (h *RoundtableHandler) GetFinding(ctx context.Context, req *connect.Request[pb.GetFindingRequest]) (*connect.Response[pb.GetFindingResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	f, err := h.rt.Find(ctx, who.TenantID, req.Msg.FindingId)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	return connect.NewResponse(&pb.GetFindingResponse{Finding: findingToProto(f)}), nil
}

// ListFindings answers a page of findings with their history.
func (h *RoundtableHandler) ListFindings(ctx context.Context, req *connect.Request[pb.ListFindingsRequest]) (*connect.Response[pb.ListFindingsResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	fs, next, err := h.rt.List(ctx, who.TenantID, req.Msg.RoundtableId, req.Msg.PageSize, req.Msg.PageToken)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	out := &pb.ListFindingsResponse{NextPageToken: next}
	for _, f := range fs {
		out.Findings = append(out.Findings, findingToProto(f))
	}
	return connect.NewResponse(out), nil
}

// PreviewFindingTest answers what TestFinding would do now.
func (h *RoundtableHandler) PreviewFindingTest(ctx context.Context, req *connect.Request[pb.PreviewFindingTestRequest]) (*connect.Response[pb.PreviewFindingTestResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	seg, err := segmentName(req.Msg.Segment)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	q, r, err := h.rt.Preview(ctx, who.TenantID, req.Msg.FindingId, seg, req.Msg.Now)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	return connect.NewResponse(&pb.PreviewFindingTestResponse{Question: questionToProto(q), Reach: reachToProto(r)}), nil
}

// CloseFindingTest closes the finding's test.
func (h *RoundtableHandler) CloseFindingTest(ctx context.Context, req *connect.Request[pb.CloseFindingTestRequest]) (*connect.Response[pb.CloseFindingTestResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	f, err := h.rt.Close(ctx, who.TenantID, req.Msg.FindingId)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	return connect.NewResponse(&pb.CloseFindingTestResponse{Finding: findingToProto(f)}), nil
}

// ListRoundtables answers a page of roundtables, newest first.
func (h *RoundtableHandler) ListRoundtables(ctx context.Context, req *connect.Request[pb.ListRoundtablesRequest]) (*connect.Response[pb.ListRoundtablesResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	rs, next, err := h.rt.Rooms(ctx, who.TenantID, req.Msg.PageSize, req.Msg.PageToken)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	out := &pb.ListRoundtablesResponse{NextPageToken: next}
	for _, r := range rs {
		out.Roundtables = append(out.Roundtables, roomToProto(r))
	}
	return connect.NewResponse(out), nil
}

// GetRoundtable answers one roundtable.
func (h *RoundtableHandler) GetRoundtable(ctx context.Context, req *connect.Request[pb.GetRoundtableRequest]) (*connect.Response[pb.GetRoundtableResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	r, err := h.rt.GetRoom(ctx, who.TenantID, req.Msg.RoundtableId)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	return connect.NewResponse(&pb.GetRoundtableResponse{Roundtable: roomToProto(r)}), nil
}
