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
	"google.golang.org/protobuf/types/known/timestamppb"

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
	msg := &pb.WatchResultsResponse{
		Respondents: int32(r.Respondents), Assigned: int32(r.Assigned), Suppressed: r.Suppressed, NetAgreement: r.NetAgreement,
		Room: sideToProto(r.Room), Panel: sideToProto(r.Panel), Threshold: int32(r.Threshold),
		NetCiLow: r.CILow, NetCiHigh: r.CIHigh, TestClosed: r.TestClosed,
	}
	if r.Suppressed {
		msg.Respondents, msg.NetCiLow, msg.NetCiHigh = 0, 0, 0
	}
	for _, s := range r.Shares {
		msg.Shares = append(msg.Shares, &pb.OptionShare{Code: s.Code, Label: s.Label, Share: s.Share, CiLow: s.CILow, CiHigh: s.CIHigh})
	}
	return msg, nil
}

func findingToProto(f roundtable.Finding) *pb.Finding {
	out := &pb.Finding{
		Id: f.ID, Statement: f.Statement, Roundtable: f.Roundtable,
		Status: findingStatusOfName[f.Status], TestClosed: f.TestClosed,
	}
	if f.QuestionKey != "" {
		out.QuestionKeys = []string{f.QuestionKey}
	}
	for _, e := range f.History {
		pe := &pb.FindingEvent{Kind: findingEventKindOfName[e.Kind], At: timestamppb.New(e.At)}
		switch e.Kind {
		case "test":
			pe.Segment, pe.Reach = segmentMessage(e.Segment), reachToProto(e.Reach)
		case "verdict":
			pe.Verdict, pe.Evidence = findingStatusOfName[e.Verdict], evidenceToProto(e.Evidence)
		}
		out.History = append(out.History, pe)
	}
	return out
}

// CreateFinding records a draft finding, or one under test in a
// roundtable (roundtable_id).
func (h *RoundtableHandler) CreateFinding(ctx context.Context, req *connect.Request[pb.CreateFindingRequest]) (*connect.Response[pb.CreateFindingResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	var f roundtable.Finding
	if req.Msg.RoundtableId > 0 {
		f, err = h.rt.AddFinding(ctx, who.TenantID, req.Msg.RoundtableId, req.Msg.Statement)
	} else {
		f, err = h.rt.Create(ctx, who.TenantID, req.Msg.Statement, req.Msg.Roundtable)
	}
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
	seg, err := segmentName(req.Msg.Segment)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	if _, _, err := h.rt.Test(ctx, who.TenantID, req.Msg.FindingId, seg, req.Msg.Now); err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	f, err := h.rt.Find(ctx, who.TenantID, req.Msg.FindingId)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	var reach *pb.Reach
	if n := len(f.History); n > 0 {
		reach = findingToProto(f).History[n-1].Reach
	}
	return connect.NewResponse(&pb.TestFindingResponse{Finding: findingToProto(f), Reach: reach}), nil
}

// SetFindingStatus records the outcome; a verdict with its evidence.
func (h *RoundtableHandler) SetFindingStatus(ctx context.Context, req *connect.Request[pb.SetFindingStatusRequest]) (*connect.Response[pb.SetFindingStatusResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	status := findingStatusNames[req.Msg.Status]
	f, ev, err := h.rt.SetStatus(ctx, who.TenantID, req.Msg.FindingId, status)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	return connect.NewResponse(&pb.SetFindingStatusResponse{Finding: findingToProto(f), Evidence: evidenceToProto(ev)}), nil
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
