package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"connectrpc.com/connect"
)

// Verifier looks credentials up in the store.
type Verifier interface {
	// Session returns the panellist of a session token hash in a tenant,
	// or an error wrapping store.ErrNotFound.
	Session(ctx context.Context, tenantID int64, hash []byte) (panellistID int64, err error)
	// StaffKey returns the role of a staff key hash in a tenant.
	StaffKey(ctx context.Context, tenantID int64, hash []byte) (Role, error)
}

// Rule says who may call the procedures of one service.
type Rule struct {
	// Panellist means a session token is required.
	Panellist bool
	// Roles lists the staff roles allowed.
	Roles []Role
	// Public lists procedures (full names) callable without credentials.
	Public []string
}

// Interceptor authenticates every call and checks it against the rule of
// its service (the path prefix "/package.Service/").
type Interceptor struct {
	verifier Verifier
	rules    map[string]Rule
}

var _ connect.Interceptor = (*Interceptor)(nil)

// NewInterceptor returns an interceptor with rules keyed by service name
// (e.g. "panelpulse.v1.AdminService"). Procedures of services without a
// rule are refused.
func NewInterceptor(v Verifier, rules map[string]Rule) (*Interceptor, error) {
	if v == nil {
		return nil, errors.New("auth.NewInterceptor: verifier is nil")
	}
	return &Interceptor{verifier: v, rules: rules}, nil
}

// WrapUnary checks unary calls.
func (i *Interceptor) WrapUnary(next connect.UnaryFunc) connect.UnaryFunc {
	return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
		ctx, err := i.authenticate(ctx, req.Spec().Procedure, req.Header())
		if err != nil {
			return nil, err
		}
		return next(ctx, req)
	}
}

// WrapStreamingClient leaves client streams alone.
func (i *Interceptor) WrapStreamingClient(next connect.StreamingClientFunc) connect.StreamingClientFunc {
	return next
}

// WrapStreamingHandler checks streaming calls.
func (i *Interceptor) WrapStreamingHandler(next connect.StreamingHandlerFunc) connect.StreamingHandlerFunc {
	return func(ctx context.Context, conn connect.StreamingHandlerConn) error {
		ctx, err := i.authenticate(ctx, conn.Spec().Procedure, conn.RequestHeader())
		if err != nil {
			return err
		}
		return next(ctx, conn)
	}
}

func (i *Interceptor) authenticate(ctx context.Context, procedure string, h http.Header) (context.Context, error) {
	service := serviceOf(procedure)
	rule, ok := i.rules[service]
	if !ok {
		return ctx, connect.NewError(connect.CodePermissionDenied, fmt.Errorf("no one may call %s", procedure))
	}
	for _, p := range rule.Public {
		if p == procedure {
			return ctx, nil
		}
	}
	token, ok := strings.CutPrefix(h.Get("Authorization"), "Bearer ")
	if !ok || token == "" {
		return ctx, connect.NewError(connect.CodeUnauthenticated, errors.New("missing credentials: send \"Authorization: Bearer TOKEN\""))
	}
	kind, tenantID, hash, err := Parse(strings.TrimSpace(token))
	if err != nil {
		return ctx, connect.NewError(connect.CodeUnauthenticated, errors.New("the token is not a PanelPulse session token or API key"))
	}
	switch kind {
	case KindSession:
		if !rule.Panellist {
			return ctx, connect.NewError(connect.CodePermissionDenied, fmt.Errorf("a panellist session may not call %s", service))
		}
		id, err := i.verifier.Session(ctx, tenantID, hash)
		if err != nil {
			return ctx, connect.NewError(connect.CodeUnauthenticated, errors.New("the session token is unknown, revoked or its panellist has withdrawn"))
		}
		return WithPrincipal(ctx, Principal{TenantID: tenantID, PanellistID: id}), nil
	default:
		role, err := i.verifier.StaffKey(ctx, tenantID, hash)
		if err != nil {
			return ctx, connect.NewError(connect.CodeUnauthenticated, errors.New("the API key is unknown or revoked"))
		}
		for _, r := range rule.Roles {
			if r == role {
				return WithPrincipal(ctx, Principal{TenantID: tenantID, Role: role}), nil
			}
		}
		return ctx, connect.NewError(connect.CodePermissionDenied, fmt.Errorf("role %s may not call %s", role, service))
	}
}

func serviceOf(procedure string) string {
	p := strings.TrimPrefix(procedure, "/")
	if i := strings.LastIndex(p, "/"); i >= 0 {
		return p[:i]
	}
	return p
}
