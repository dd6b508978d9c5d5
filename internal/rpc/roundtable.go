package rpc

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/proto"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1/panelpulsev1connect"
	"github.com/panelpulse/panelpulse/internal/clock"
	"github.com/panelpulse/panelpulse/internal/roundtable"
)

// RoundtableHandler serves RoundtableService.
type RoundtableHandler struct {
	panelpulsev1connect.UnimplementedRoundtableServiceHandler
	rt    *roundtable.Service
	log   *slog.Logger
	clock clock.Clock
	poll  time.Duration
}

var _ panelpulsev1connect.RoundtableServiceHandler = (*RoundtableHandler)(nil)

// NewRoundtableHandler returns the handler; WatchResults looks for new
// answers every poll of the process clock.
func NewRoundtableHandler(rt *roundtable.Service, log *slog.Logger, clk clock.Clock, poll time.Duration) (*RoundtableHandler, error) {
	if rt == nil || log == nil || clk == nil || poll <= 0 {
		return nil, errors.New("rpc.NewRoundtableHandler: roundtable service, logger, clock and a positive poll interval are required")
	}
	return &RoundtableHandler{rt: rt, log: log, clock: clk, poll: poll}, nil
}

func findingToProto(f roundtable.Finding) *pb.Finding {
	out := &pb.Finding{
		Id: f.ID, Statement: f.Statement, Roundtable: f.Roundtable,
		Status: findingStatusOfName[f.Status],
	}
	if f.QuestionKey != "" {
		out.QuestionKeys = []string{f.QuestionKey}
	}
	return out
}

// CreateFinding records a draft finding.
func (h *RoundtableHandler) CreateFinding(ctx context.Context, req *connect.Request[pb.CreateFindingRequest]) (*connect.Response[pb.CreateFindingResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	f, err := h.rt.Create(ctx, who.TenantID, req.Msg.Statement, req.Msg.Roundtable)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	return connect.NewResponse(&pb.CreateFindingResponse{Finding: findingToProto(f)}), nil
}

// TestFinding sends the finding to a segment.
func (h *RoundtableHandler) TestFinding(ctx context.Context, req *connect.Request[pb.TestFindingRequest]) (*connect.Response[pb.TestFindingResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	f, n, day, err := h.rt.Test(ctx, who.TenantID, req.Msg.FindingId, req.Msg.Segment, req.Msg.Now)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	return connect.NewResponse(&pb.TestFindingResponse{Finding: findingToProto(f), Assigned: int32(n), Day: day.String()}), nil
}

// SetFindingStatus records the outcome.
func (h *RoundtableHandler) SetFindingStatus(ctx context.Context, req *connect.Request[pb.SetFindingStatusRequest]) (*connect.Response[pb.SetFindingStatusResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	status := findingStatusNames[req.Msg.Status]
	f, err := h.rt.SetStatus(ctx, who.TenantID, req.Msg.FindingId, status)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	return connect.NewResponse(&pb.SetFindingStatusResponse{Finding: findingToProto(f)}), nil
}

// WatchResults sends the finding's results at once and again whenever they
// change, until the client goes away.
func (h *RoundtableHandler) WatchResults(ctx context.Context, req *connect.Request[pb.WatchResultsRequest], stream *connect.ServerStream[pb.WatchResultsResponse]) error {
	who, err := caller(ctx)
	if err != nil {
		return err
	}
	var last *pb.WatchResultsResponse
	for {
		r, err := h.rt.Results(ctx, who.TenantID, req.Msg.FindingId)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return toConnect(ctx, h.log, err)
		}
		msg := &pb.WatchResultsResponse{Respondents: int32(r.Respondents), Assigned: int32(r.Assigned), Suppressed: r.Suppressed, NetAgreement: r.NetAgreement}
		for _, s := range r.Shares {
			msg.Shares = append(msg.Shares, &pb.OptionShare{Code: s.Code, Label: s.Label, Share: s.Share, CiLow: s.CILow, CiHigh: s.CIHigh})
		}
		if last == nil || !proto.Equal(last, msg) {
			if err := stream.Send(msg); err != nil {
				return nil
			}
			last = msg
		}
		if clock.Sleep(ctx, h.clock, h.poll) != nil {
			return nil
		}
	}
}
