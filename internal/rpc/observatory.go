package rpc

import (
	"context"
	"errors"
	"log/slog"
	"strings"

	"connectrpc.com/connect"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1/panelpulsev1connect"
	"github.com/panelpulse/panelpulse/internal/bank"
	"github.com/panelpulse/panelpulse/internal/observatory"
)

// ObservatoryHandler serves ObservatoryService.
type ObservatoryHandler struct {
	panelpulsev1connect.UnimplementedObservatoryServiceHandler
	obs  *observatory.Service
	bank *bank.Bank
	log  *slog.Logger
}

var _ panelpulsev1connect.ObservatoryServiceHandler = (*ObservatoryHandler)(nil)

// NewObservatoryHandler returns the handler.
func NewObservatoryHandler(o *observatory.Service, b *bank.Bank, log *slog.Logger) (*ObservatoryHandler, error) {
	if o == nil || b == nil || log == nil {
		return nil, errors.New("rpc.NewObservatoryHandler: observatory, bank and logger are required")
	}
	return &ObservatoryHandler{obs: o, bank: b, log: log}, nil
}

// ListCodebook lists every question version.
func (h *ObservatoryHandler) ListCodebook(ctx context.Context, _ *connect.Request[pb.ListCodebookRequest]) (*connect.Response[pb.ListCodebookResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	qs, err := h.bank.Codebook(ctx, who.TenantID)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	res := &pb.ListCodebookResponse{}
	for _, q := range qs {
		res.Questions = append(res.Questions, questionToProto(q))
	}
	return connect.NewResponse(res), nil
}

// GetTrend returns a trend series.
func (h *ObservatoryHandler) GetTrend(ctx context.Context, req *connect.Request[pb.GetTrendRequest]) (*connect.Response[pb.GetTrendResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	period := observatory.Period(strings.ToLower(strings.TrimPrefix(req.Msg.Period.String(), "PERIOD_")))
	if req.Msg.Period == pb.Period_PERIOD_UNSPECIFIED {
		period = observatory.Day
	}
	dim := observatory.Dimension(strings.ToLower(strings.TrimPrefix(req.Msg.Dimension.String(), "DIMENSION_")))
	if req.Msg.Dimension == pb.Dimension_DIMENSION_UNSPECIFIED {
		dim = observatory.All
	}
	if dim == "role" {
		return nil, connect.NewError(connect.CodeInvalidArgument, errors.New("dimension: role is not available for trends yet; use all, sector, size band or district"))
	}
	tr, err := h.obs.Trend(ctx, who.TenantID, req.Msg.QuestionKey, period, dim, req.Msg.WaveId)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	res := &pb.GetTrendResponse{Question: questionToProto(tr.Question), SuppressionThreshold: int32(tr.Threshold)}
	for _, c := range tr.Cells {
		res.Cells = append(res.Cells, &pb.TrendCell{
			Period: c.Period, Segment: c.Segment, Respondents: int32(c.Respondents), Assigned: int32(c.Assigned),
			Suppressed: c.Suppressed, Mean: c.Mean, Sd: c.SD, CiLow: c.CILow, CiHigh: c.CIHigh, Median: c.Median,
		})
	}
	return connect.NewResponse(res), nil
}
