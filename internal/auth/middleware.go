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
	// StaffKey returns the live staff key of a key hash in a tenant and
	// records its use.
	StaffKey(ctx context.Context, tenantID int64, hash []byte) (Staff, error)
	// StaffSession returns the staff key of a live staff session (cookie)
	// hash in a tenant and records the use, which slides its idle expiry.
	StaffSession(ctx context.Context, tenantID int64, hash []byte) (Staff, error)
}

// Rule says who may call the procedures of one service or a plain-HTTP
// route.
type Rule struct {
	// Panellist means a session token is accepted.
	Panellist bool
	// Roles lists the staff roles allowed.
	Roles []Role
	// Public lists request paths (a procedure's "/package.Service/Method")
	// that need no credentials.
	Public []string
}

// ProtectionHeaders are the request headers of which a request
// authenticated by the session cookie must carry one: a cross-site HTML
// form cannot set either, and a cross-site script cannot send them without
// a CORS preflight, which this server never grants. Connect clients send
// the first on every call; plain-HTTP callers (downloads) send the second.
var ProtectionHeaders = []string{"Connect-Protocol-Version", "X-PanelPulse-Request"}

// Middleware is the one authentication layer: it runs in front of the
// Connect handlers and the plain-HTTP routes, before anything reads the
// request body, and refuses a request from its headers alone. It accepts,
// in this order, an "Authorization: Bearer" header (a staff API key or a
// panellist session token; when present it wins and the cookie is not
// looked at) or the staff session cookie with a protection header.
type Middleware struct {
	verifier Verifier
	rules    map[string]Rule
	errs     *connect.ErrorWriter
}

// NewMiddleware returns the middleware with Connect rules keyed by service
// name (e.g. "panelpulse.v1.AdminService").
func NewMiddleware(v Verifier, rules map[string]Rule) (*Middleware, error) {
	if v == nil {
		return nil, errors.New("auth.NewMiddleware: verifier is nil")
	}
	return &Middleware{verifier: v, rules: rules, errs: connect.NewErrorWriter()}, nil
}

// Service wraps the handler of a Connect service with the service's rule;
// a service without a rule refuses every call.
func (m *Middleware) Service(name string, next http.Handler) http.Handler {
	rule, ok := m.rules[name]
	if !ok {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			m.refuse(w, r, connect.NewError(connect.CodePermissionDenied, fmt.Errorf("no one may call %s", r.URL.Path)))
		})
	}
	return m.Route(rule, next)
}

// Route wraps a handler with a rule.
func (m *Middleware) Route(rule Rule, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := withSecure(r.Context(), IsSecure(r))
		for _, p := range rule.Public {
			if p == r.URL.Path {
				next.ServeHTTP(w, r.WithContext(ctx))
				return
			}
		}
		p, err := m.authenticate(ctx, rule, r)
		if err != nil {
			m.refuse(w, r, err)
			return
		}
		next.ServeHTTP(w, r.WithContext(WithPrincipal(ctx, p)))
	})
}

func (m *Middleware) authenticate(ctx context.Context, rule Rule, r *http.Request) (Principal, error) {
	if h := r.Header.Get("Authorization"); h != "" {
		token, ok := strings.CutPrefix(h, "Bearer ")
		token = strings.TrimSpace(token)
		if !ok || token == "" {
			return Principal{}, connect.NewError(connect.CodeUnauthenticated, errors.New("the Authorization header must be \"Bearer TOKEN\""))
		}
		kind, tenantID, hash, err := Parse(token)
		if err != nil || kind == KindStaffSession {
			return Principal{}, connect.NewError(connect.CodeUnauthenticated, errors.New("the token is not a PanelPulse session token or API key"))
		}
		if kind == KindSession {
			if !rule.Panellist {
				return Principal{}, connect.NewError(connect.CodePermissionDenied, errors.New("a panellist session may not call this"))
			}
			id, err := m.verifier.Session(ctx, tenantID, hash)
			if err != nil {
				return Principal{}, connect.NewError(connect.CodeUnauthenticated, errors.New("the session token is unknown, revoked or its panellist has withdrawn"))
			}
			return Principal{TenantID: tenantID, PanellistID: id, SessionHash: hash}, nil
		}
		k, err := m.verifier.StaffKey(ctx, tenantID, hash)
		if err != nil {
			return Principal{}, connect.NewError(connect.CodeUnauthenticated, errors.New("the API key is unknown or revoked"))
		}
		return allow(rule, Principal{TenantID: tenantID, Role: k.Role, StaffKeyID: k.ID, StaffLabel: k.Label})
	}
	c, err := r.Cookie(CookieName)
	if err != nil || c.Value == "" {
		return Principal{}, connect.NewError(connect.CodeUnauthenticated, errors.New("missing credentials: sign in, or send \"Authorization: Bearer TOKEN\""))
	}
	if !hasProtectionHeader(r) {
		return Principal{}, connect.NewError(connect.CodePermissionDenied,
			errors.New("a request signed in by cookie must carry the header Connect-Protocol-Version or X-PanelPulse-Request (cross-site request protection)"))
	}
	kind, tenantID, hash, err := Parse(c.Value)
	if err != nil || kind != KindStaffSession {
		return Principal{}, connect.NewError(connect.CodeUnauthenticated, errors.New("the session cookie is not valid: sign in again"))
	}
	k, err := m.verifier.StaffSession(ctx, tenantID, hash)
	if err != nil {
		return Principal{}, connect.NewError(connect.CodeUnauthenticated, errors.New("the session has ended (signed out, idle too long or its key revoked): sign in again"))
	}
	return allow(rule, Principal{TenantID: tenantID, Role: k.Role, StaffKeyID: k.ID, StaffLabel: k.Label, Cookie: true, SessionHash: hash})
}

func allow(rule Rule, p Principal) (Principal, error) {
	for _, r := range rule.Roles {
		if r == p.Role {
			return p, nil
		}
	}
	return Principal{}, connect.NewError(connect.CodePermissionDenied, fmt.Errorf("role %s may not call this", p.Role))
}

func hasProtectionHeader(r *http.Request) bool {
	for _, h := range ProtectionHeaders {
		if r.Header.Get(h) != "" {
			return true
		}
	}
	return false
}

// refuse answers in the caller's protocol: a Connect, gRPC or gRPC-Web
// error for RPCs, a plain-text status otherwise.
func (m *Middleware) refuse(w http.ResponseWriter, r *http.Request, err error) {
	if m.errs.IsSupported(r) {
		_ = m.errs.Write(w, r, err)
		return
	}
	status := http.StatusForbidden
	if connect.CodeOf(err) == connect.CodeUnauthenticated {
		status = http.StatusUnauthorized
		w.Header().Set("WWW-Authenticate", `Bearer realm="panelpulse"`)
	}
	var ce *connect.Error
	msg := err.Error()
	if errors.As(err, &ce) {
		msg = ce.Message()
	}
	http.Error(w, msg, status)
}
