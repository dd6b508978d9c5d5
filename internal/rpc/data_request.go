package rpc

import (
	"context"
	"errors"
	"log/slog"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/timestamppb"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1/panelpulsev1connect"
	"github.com/panelpulse/panelpulse/internal/panel"
)

// DataRequestHandler serves DataRequestService: admins export or erase a
// panellist on request, through the panel's own export and erasure.
type DataRequestHandler struct {
	panel *panel.Service
	log   *slog.Logger
}

var _ panelpulsev1connect.DataRequestServiceHandler = (*DataRequestHandler)(nil)

// NewDataRequestHandler returns the handler.
func NewDataRequestHandler(p *panel.Service, log *slog.Logger) (*DataRequestHandler, error) {
	if p == nil || log == nil {
		return nil, errors.New("rpc.NewDataRequestHandler: panel and logger are required")
	}
	return &DataRequestHandler{panel: p, log: log}, nil
}

// ExportPanellistData returns a panellist's data as JSON.
func (h *DataRequestHandler) ExportPanellistData(ctx context.Context, req *connect.Request[pb.ExportPanellistDataRequest]) (*connect.Response[pb.ExportPanellistDataResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	b, err := h.panel.ExportOnRequest(ctx, who.TenantID, req.Msg.PanellistId)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	return connect.NewResponse(&pb.ExportPanellistDataResponse{Json: string(b)}), nil
}

// ErasePanellist withdraws and erases a panellist.
func (h *DataRequestHandler) ErasePanellist(ctx context.Context, req *connect.Request[pb.ErasePanellistRequest]) (*connect.Response[pb.ErasePanellistResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	w, err := h.panel.EraseOnRequest(ctx, who.TenantID, req.Msg.PanellistId, req.Msg.ConfirmRef)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	return connect.NewResponse(&pb.ErasePanellistResponse{WithdrawnAt: timestamppb.New(w.WithdrawnAt), AnswersKept: w.AnswersKept}), nil
}
