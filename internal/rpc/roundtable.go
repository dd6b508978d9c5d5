package rpc

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/proto"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1/panelpulsev1connect"
	"github.com/panelpulse/panelpulse/internal/clock"
	"github.com/panelpulse/panelpulse/internal/feed"
	"github.com/panelpulse/panelpulse/internal/roundtable"
)

// RoundtableHandler serves RoundtableService.
type RoundtableHandler struct {
	panelpulsev1connect.UnimplementedRoundtableServiceHandler
	rt  *roundtable.Service
	log *slog.Logger
	// live runs one poll loop per watched finding for the whole process.
	live      *feed.Hub[liveKey, *pb.WatchResultsResponse]
	perStream bool
	streams   atomic.Int64
}

var _ panelpulsev1connect.RoundtableServiceHandler = (*RoundtableHandler)(nil)

// liveKey names a watched finding. Stream is 0 except under
// WithPollPerStream, where each stream has its own loop.
type liveKey struct {
	tenantID, findingID, stream int64
}

// RoundtableOption adjusts a RoundtableHandler.
type RoundtableOption func(*RoundtableHandler)

// WithPollPerStream gives every WatchResults stream its own poll loop, as
// before the loops were shared: only the benchmark's same-run baseline
// uses it.
func WithPollPerStream() RoundtableOption {
	return func(h *RoundtableHandler) { h.perStream = true }
}

// NewRoundtableHandler returns the handler; WatchResults looks for new
// answers every poll of the process clock, one loop per watched finding
// however many streams watch it.
func NewRoundtableHandler(rt *roundtable.Service, log *slog.Logger, clk clock.Clock, poll time.Duration, opts ...RoundtableOption) (*RoundtableHandler, error) {
	if rt == nil || log == nil || clk == nil || poll <= 0 {
		return nil, errors.New("rpc.NewRoundtableHandler: roundtable service, logger, clock and a positive poll interval are required")
	}
	h := &RoundtableHandler{rt: rt, log: log}
	for _, o := range opts {
		o(h)
	}
	live, err := feed.New(clk, poll, h.liveResults, func(a, b *pb.WatchResultsResponse) bool { return proto.Equal(a, b) })
	if err != nil {
		return nil, fmt.Errorf("rpc.NewRoundtableHandler: %w", err)
	}
	h.live = live
	return h, nil
}

// liveResults is one computation of a finding's live results, shared by
// every stream watching it (the message is sent as is and never changed).
func (h *RoundtableHandler) liveResults(ctx context.Context, k liveKey) (*pb.WatchResultsResponse, error) {
	r, err := h.rt.Results(ctx, k.tenantID, k.findingID)
	if err != nil {
		return nil, err
	}
	msg := &pb.WatchResultsResponse{Respondents: int32(r.Respondents), Assigned: int32(r.Assigned), Suppressed: r.Suppressed, NetAgreement: r.NetAgreement}
	for _, s := range r.Shares {
		msg.Shares = append(msg.Shares, &pb.OptionShare{Code: s.Code, Label: s.Label, Share: s.Share, CiLow: s.CILow, CiHigh: s.CIHigh})
	}
	return msg, nil
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
// change, until the client goes away. Every stream on the finding reads
// the same poll loop (feed.Hub), so the database sees one computation per
// poll whatever the number of viewers.
func (h *RoundtableHandler) WatchResults(ctx context.Context, req *connect.Request[pb.WatchResultsRequest], stream *connect.ServerStream[pb.WatchResultsResponse]) error {
	who, err := caller(ctx)
	if err != nil {
		return err
	}
	k := liveKey{tenantID: who.TenantID, findingID: req.Msg.FindingId}
	if h.perStream {
		k.stream = h.streams.Add(1)
	}
	gone := false
	err = h.live.Watch(ctx, k, func(m *pb.WatchResultsResponse) error {
		if err := stream.Send(m); err != nil {
			gone = true
			return err
		}
		return nil
	})
	if err == nil || gone || ctx.Err() != nil {
		return nil
	}
	return toConnect(ctx, h.log, err)
}
