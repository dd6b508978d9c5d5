package rpc

import (
	"context"
	"errors"
	"strings"

	"connectrpc.com/connect"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1/panelpulsev1connect"
	"github.com/panelpulse/panelpulse/internal/observatory"
)

// AdminWithFrame is AdminHandler plus ImportPopulationFrame, which writes
// through the observatory (the frame exists for weighting).
type AdminWithFrame struct {
	*AdminHandler
	obs *observatory.Service
}

var _ panelpulsev1connect.AdminServiceHandler = (*AdminWithFrame)(nil)

// NewAdminWithFrame adds ImportPopulationFrame to h.
func NewAdminWithFrame(h *AdminHandler, obs *observatory.Service) (*AdminWithFrame, error) {
	if h == nil || obs == nil {
		return nil, errors.New("rpc.NewAdminWithFrame: admin handler and observatory are required")
	}
	return &AdminWithFrame{AdminHandler: h, obs: obs}, nil
}

// ImportPopulationFrame replaces the tenant's population frame from CSV.
func (h *AdminWithFrame) ImportPopulationFrame(ctx context.Context, req *connect.Request[pb.ImportPopulationFrameRequest]) (*connect.Response[pb.ImportPopulationFrameResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	n, problems, err := h.obs.ImportFrame(ctx, who.TenantID, strings.NewReader(req.Msg.Csv))
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	res := &pb.ImportPopulationFrameResponse{Imported: int32(n)}
	for _, p := range problems {
		res.Problems = append(res.Problems, &pb.ImportProblem{Line: int32(p.Line), Message: p.Message})
	}
	return connect.NewResponse(res), nil
}
