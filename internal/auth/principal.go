package auth

import "context"

// Role is what a staff key may do.
type Role string

// Staff roles.
const (
	RoleAdmin       Role = "admin"
	RoleAnalyst     Role = "analyst"
	RoleFacilitator Role = "facilitator"
)

// StaffRoles are every staff role.
var StaffRoles = []Role{RoleAdmin, RoleAnalyst, RoleFacilitator}

// Staff is a live staff key as the verifier finds it: never the secret.
type Staff struct {
	ID    int64
	Role  Role
	Label string
}

// Principal is who is calling: a panellist or a staff key, always within one tenant.
type Principal struct {
	TenantID    int64
	PanellistID int64 // set for panellists
	Role        Role  // set for staff
	// StaffKeyID and StaffLabel name the staff key of the call (directly
	// or through its console session); set for staff.
	StaffKeyID int64
	StaffLabel string
	// Cookie is true when a staff session cookie authenticated the call;
	// SessionHash is then that session's token hash. For a panellist,
	// SessionHash is the hash of the session token of the call.
	Cookie      bool
	SessionHash []byte
}

// IsPanellist reports whether the caller is a panellist.
func (p Principal) IsPanellist() bool { return p.PanellistID != 0 }

type ctxKey struct{}

type secureKey struct{}

// WithPrincipal returns a context carrying p.
func WithPrincipal(ctx context.Context, p Principal) context.Context {
	return context.WithValue(ctx, ctxKey{}, p)
}

// FromContext returns the caller; ok is false for unauthenticated calls.
func FromContext(ctx context.Context) (Principal, bool) {
	p, ok := ctx.Value(ctxKey{}).(Principal)
	return p, ok
}

func withSecure(ctx context.Context, secure bool) context.Context {
	return context.WithValue(ctx, secureKey{}, secure)
}

// SecureFromContext reports whether the request reached us over TLS (or
// through a proxy saying so), as recorded by the middleware: cookies set
// in reply are then marked Secure.
func SecureFromContext(ctx context.Context) bool {
	s, _ := ctx.Value(secureKey{}).(bool)
	return s
}
