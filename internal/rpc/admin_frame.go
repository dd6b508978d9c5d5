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

// SetMicrodataExport switches the tenant's micro-data export, logging the
// change with the caller (the rules admit admin keys and sessions only).
func (h *AdminWithFrame) SetMicrodataExport(ctx context.Context, req *connect.Request[pb.SetMicrodataExportRequest]) (*connect.Response[pb.SetMicrodataExportResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	previous := true
	if err := h.obs.MicrodataAllowed(ctx, who.TenantID); errors.Is(err, observatory.ErrMicrodataOff) {
		previous = false
	} else if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	if err := h.obs.SetMicrodataExport(ctx, who.TenantID, req.Msg.Enabled); err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	credential := "api key"
	if who.Cookie {
		credential = "session"
	}
	h.log.InfoContext(ctx, "micro-data export set", "tenant_id", who.TenantID, "role", who.Role, "credential", credential,
		"previous", previous, "enabled", req.Msg.Enabled)
	return connect.NewResponse(&pb.SetMicrodataExportResponse{Enabled: req.Msg.Enabled, Previous: previous}), nil
}
