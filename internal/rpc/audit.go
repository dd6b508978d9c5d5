package rpc

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/timestamppb"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1/panelpulsev1connect"
	"github.com/panelpulse/panelpulse/internal/audit"
	"github.com/panelpulse/panelpulse/internal/auth"
)

// AuditHandler serves AuditService: the audit log for admins.
type AuditHandler struct {
	rec *audit.Recorder
	log *slog.Logger
}

var _ panelpulsev1connect.AuditServiceHandler = (*AuditHandler)(nil)

// NewAuditHandler returns the handler.
func NewAuditHandler(rec *audit.Recorder, log *slog.Logger) (*AuditHandler, error) {
	if rec == nil || log == nil {
		return nil, errors.New("rpc.NewAuditHandler: recorder and logger are required")
	}
	return &AuditHandler{rec: rec, log: log}, nil
}

// ListAuditEvents lists the caller's tenant's events, newest first.
func (h *AuditHandler) ListAuditEvents(ctx context.Context, req *connect.Request[pb.ListAuditEventsRequest]) (*connect.Response[pb.ListAuditEventsResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	m := req.Msg
	f := audit.Filter{Procedure: m.Procedure, StaffKeyID: m.StaffKeyId, From: optTime(m.From), To: optTime(m.To)}
	rows, next, err := h.rec.List(ctx, who.TenantID, f, m.PageSize, m.PageToken)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	out := &pb.ListAuditEventsResponse{NextPageToken: next, Events: make([]*pb.AuditEvent, len(rows))}
	for i, r := range rows {
		var key int64
		if r.StaffKeyID != nil {
			key = *r.StaffKeyID
		}
		out.Events[i] = &pb.AuditEvent{
			Id: r.ID, At: timestamppb.New(r.At), StaffKeyId: key, StaffLabel: r.StaffLabel,
			StaffRole: roleToProto(auth.Role(r.StaffRole)), Procedure: r.Procedure, Summary: string(r.Summary), Outcome: r.Outcome,
		}
	}
	return connect.NewResponse(out), nil
}

func optTime(ts *timestamppb.Timestamp) *time.Time {
	if ts == nil {
		return nil
	}
	t := ts.AsTime()
	return &t
}
