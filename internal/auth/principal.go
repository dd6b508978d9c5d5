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

// Principal is who is calling: a panellist or a staff key, always within one tenant.
type Principal struct {
	TenantID    int64
	PanellistID int64 // set for panellists
	Role        Role  // set for staff
}

// IsPanellist reports whether the caller is a panellist.
func (p Principal) IsPanellist() bool { return p.PanellistID != 0 }

type ctxKey struct{}

// WithPrincipal returns a context carrying p.
func WithPrincipal(ctx context.Context, p Principal) context.Context {
	return context.WithValue(ctx, ctxKey{}, p)
}

// FromContext returns the caller; ok is false for unauthenticated calls.
func FromContext(ctx context.Context) (Principal, bool) {
	p, ok := ctx.Value(ctxKey{}).(Principal)
	return p, ok
}
