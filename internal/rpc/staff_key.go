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
	"github.com/panelpulse/panelpulse/internal/auth"
	"github.com/panelpulse/panelpulse/internal/clock"
	"github.com/panelpulse/panelpulse/internal/store"
	"github.com/panelpulse/panelpulse/internal/tenant"
)

// StaffKeyHandler serves StaffKeyService: admins issue, list and revoke
// staff keys, through the same tenant.Issue the CLI uses.
type StaffKeyHandler struct {
	st    *store.Store
	clock clock.Clock
	log   *slog.Logger
}

var _ panelpulsev1connect.StaffKeyServiceHandler = (*StaffKeyHandler)(nil)

// NewStaffKeyHandler returns the handler.
func NewStaffKeyHandler(st *store.Store, clk clock.Clock, log *slog.Logger) (*StaffKeyHandler, error) {
	if st == nil || clk == nil || log == nil {
		return nil, errors.New("rpc.NewStaffKeyHandler: store, clock and logger are required")
	}
	return &StaffKeyHandler{st: st, clock: clk, log: log}, nil
}

// CreateStaffKey issues a key and returns its secret once.
func (h *StaffKeyHandler) CreateStaffKey(ctx context.Context, req *connect.Request[pb.CreateStaffKeyRequest]) (*connect.Response[pb.CreateStaffKeyResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	k, err := tenant.Issue(ctx, h.st.Q, who.TenantID, roleFromProto(req.Msg.Role), req.Msg.Label, h.clock.Now())
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	return connect.NewResponse(&pb.CreateStaffKeyResponse{
		Key:    &pb.StaffKey{Id: k.ID, Label: k.Label, Role: roleToProto(k.Role), CreatedAt: timestamppb.New(k.CreatedAt)},
		Secret: k.Secret,
	}), nil
}

// ListStaffKeys lists the tenant's keys without their secrets.
func (h *StaffKeyHandler) ListStaffKeys(ctx context.Context, req *connect.Request[pb.ListStaffKeysRequest]) (*connect.Response[pb.ListStaffKeysResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	rows, next, err := tenant.Keys(ctx, h.st.Q, who.TenantID, req.Msg.IncludeRevoked, req.Msg.PageSize, req.Msg.PageToken)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	out := &pb.ListStaffKeysResponse{NextPageToken: next, Keys: make([]*pb.StaffKey, len(rows))}
	for i, r := range rows {
		out.Keys[i] = &pb.StaffKey{
			Id: r.ID, Label: r.Label, Role: roleToProto(auth.Role(r.Role)), CreatedAt: timestamppb.New(r.CreatedAt),
			LastUsedAt: optTimestamp(tenant.LastUsed(r)), RevokedAt: optTimestamp(r.RevokedAt), Current: r.ID == who.StaffKeyID,
		}
	}
	return connect.NewResponse(out), nil
}

// RevokeStaffKey revokes a key other than the caller's own.
func (h *StaffKeyHandler) RevokeStaffKey(ctx context.Context, req *connect.Request[pb.RevokeStaffKeyRequest]) (*connect.Response[pb.RevokeStaffKeyResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	k, err := tenant.Revoke(ctx, h.st.Q, who.TenantID, req.Msg.Id, who.StaffKeyID, h.clock.Now())
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	return connect.NewResponse(&pb.RevokeStaffKeyResponse{Key: &pb.StaffKey{
		Id: k.ID, Label: k.Label, Role: roleToProto(auth.Role(k.Role)), CreatedAt: timestamppb.New(k.CreatedAt), RevokedAt: optTimestamp(k.RevokedAt),
	}}), nil
}

func optTimestamp(t *time.Time) *timestamppb.Timestamp {
	if t == nil {
		return nil
	}
	return timestamppb.New(*t)
}
