package rpc

import (
	"context"
	"errors"
	"log/slog"

	"connectrpc.com/connect"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1/panelpulsev1connect"
	"github.com/panelpulse/panelpulse/internal/audit"
	"github.com/panelpulse/panelpulse/internal/auth"
	"github.com/panelpulse/panelpulse/internal/store"
)

// StaffHandler serves StaffService: console sign-in by cookie.
type StaffHandler struct {
	v     *Verifier
	st    *store.Store
	audit *audit.Recorder
	log   *slog.Logger
}

var _ panelpulsev1connect.StaffServiceHandler = (*StaffHandler)(nil)

// NewStaffHandler returns the handler; sign-ins are written to rec.
func NewStaffHandler(v *Verifier, st *store.Store, rec *audit.Recorder, log *slog.Logger) (*StaffHandler, error) {
	if v == nil || st == nil || rec == nil || log == nil {
		return nil, errors.New("rpc.NewStaffHandler: verifier, store, audit recorder and logger are required")
	}
	return &StaffHandler{v: v, st: st, audit: rec, log: log}, nil
}

// SignIn starts a session for a staff API key and sets the cookie. A
// sign-in is recorded in the audit log (no one is authenticated yet, so
// the interceptor cannot): a refused one too when the key names a tenant.
func (h *StaffHandler) SignIn(ctx context.Context, req *connect.Request[pb.SignInRequest]) (*connect.Response[pb.SignInResponse], error) {
	token, who, err := h.v.StartStaffSession(ctx, req.Msg.ApiKey)
	if errors.Is(err, store.ErrNotFound) {
		err = connect.NewError(connect.CodeUnauthenticated, errors.New("the API key is unknown or revoked"))
		if _, tenantID, _, perr := auth.Parse(req.Msg.ApiKey); perr == nil {
			if _, terr := h.st.Q.TenantGet(ctx, tenantID); terr == nil {
				_ = h.audit.Record(ctx, auth.Principal{TenantID: tenantID}, audit.SignIn, req.Msg, err)
			}
		}
		return nil, err
	}
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	if err := h.audit.Record(ctx, who, audit.SignIn, req.Msg, nil); err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	id, err := h.identity(ctx, who)
	if err != nil {
		return nil, err
	}
	res := connect.NewResponse(&pb.SignInResponse{Identity: id})
	res.Header().Add("Set-Cookie", auth.SessionCookie(token, auth.SecureFromContext(ctx)).String())
	return res, nil
}

// SignOut revokes the cookie's session and clears the cookie. Called with
// an API key instead, it has no session to end and refuses.
func (h *StaffHandler) SignOut(ctx context.Context, _ *connect.Request[pb.SignOutRequest]) (*connect.Response[pb.SignOutResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	if !who.Cookie {
		return nil, connect.NewError(connect.CodeFailedPrecondition, errors.New("sign-out ends a console session; this call was made with an API key (revoke the key to stop it)"))
	}
	ended, err := h.v.EndStaffSession(ctx, who.TenantID, who.SessionHash)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	res := connect.NewResponse(&pb.SignOutResponse{Ended: ended})
	res.Header().Add("Set-Cookie", auth.ClearedSessionCookie(auth.SecureFromContext(ctx)).String())
	return res, nil
}

// WhoAmI returns the caller's role and tenant.
func (h *StaffHandler) WhoAmI(ctx context.Context, _ *connect.Request[pb.WhoAmIRequest]) (*connect.Response[pb.WhoAmIResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	id, err := h.identity(ctx, who)
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&pb.WhoAmIResponse{Identity: id}), nil
}

func (h *StaffHandler) identity(ctx context.Context, p auth.Principal) (*pb.StaffIdentity, error) {
	t, err := h.st.Q.TenantGet(ctx, p.TenantID)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	return &pb.StaffIdentity{
		Role: roleToProto(p.Role), TenantSlug: t.Slug, TenantName: t.Name, Cookie: p.Cookie,
		IdleTimeoutSeconds: int32(h.v.Policy().Idle.Seconds()),
	}, nil
}
