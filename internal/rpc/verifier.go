package rpc

import (
	"context"
	"errors"
	"fmt"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/auth"
	"github.com/panelpulse/panelpulse/internal/clock"
	"github.com/panelpulse/panelpulse/internal/sessioncache"
	"github.com/panelpulse/panelpulse/internal/store"
)

// Verifier checks credentials against the store, and starts and ends staff
// sessions under a session policy on the injected clock.
type Verifier struct {
	st     *store.Store
	clock  clock.Clock
	policy auth.SessionPolicy
	// sessions caches panellists' sessions (nil: none).
	sessions *sessioncache.Cache
}

var _ auth.Verifier = (*Verifier)(nil)

// VerifierOption changes how NewVerifier builds the Verifier.
type VerifierOption func(*Verifier)

// WithSessionCache makes Session answer from c for a session the database
// confirmed less than c's TTL ago; the code that revokes sessions forgets
// them in c.
func WithSessionCache(c *sessioncache.Cache) VerifierOption {
	return func(v *Verifier) { v.sessions = c }
}

// NewVerifier returns a Verifier over st.
func NewVerifier(st *store.Store, clk clock.Clock, policy auth.SessionPolicy, opts ...VerifierOption) (*Verifier, error) {
	if st == nil || clk == nil {
		return nil, errors.New("rpc.NewVerifier: store and clock are required")
	}
	if policy.Idle <= 0 || policy.Lifetime < policy.Idle {
		return nil, fmt.Errorf("rpc.NewVerifier: session policy idle %v and lifetime %v: idle must be positive and no longer than the lifetime", policy.Idle, policy.Lifetime)
	}
	v := &Verifier{st: st, clock: clk, policy: policy}
	for _, o := range opts {
		o(v)
	}
	return v, nil
}

// Session returns the active panellist of a session token.
func (v *Verifier) Session(ctx context.Context, tenantID int64, hash []byte) (int64, error) {
	if pid, ok := v.sessions.Get(tenantID, hash); ok {
		return pid, nil
	}
	stamp := v.sessions.Stamp()
	r, err := v.st.Q.SessionGet(ctx, dbsqlc.SessionGetParams{TenantID: tenantID, TokenHash: hash})
	if err != nil {
		return 0, fmt.Errorf("rpc.Verifier.Session: %w", err)
	}
	if r.Status == "withdrawn" {
		return 0, errors.New("rpc.Verifier.Session: panellist withdrew")
	}
	v.sessions.Put(tenantID, hash, r.PanellistID, stamp)
	return r.PanellistID, nil
}

// StaffKey returns a live staff API key and records its use.
func (v *Verifier) StaffKey(ctx context.Context, tenantID int64, hash []byte) (auth.Staff, error) {
	r, err := v.st.Q.StaffKeyUse(ctx, dbsqlc.StaffKeyUseParams{TenantID: tenantID, KeyHash: hash, Now: v.clock.Now()})
	if err != nil {
		return auth.Staff{}, fmt.Errorf("rpc.Verifier.StaffKey: %w", err)
	}
	return auth.Staff{ID: r.ID, Role: auth.Role(r.Role), Label: r.Label}, nil
}

// StaffSession returns the key of a live staff session and slides its
// idle expiry to now.
func (v *Verifier) StaffSession(ctx context.Context, tenantID int64, hash []byte) (auth.Staff, error) {
	now := v.clock.Now()
	r, err := v.st.Q.StaffSessionTouch(ctx, dbsqlc.StaffSessionTouchParams{
		TenantID: tenantID, TokenHash: hash, Now: now,
		IdleAfter: now.Add(-v.policy.Idle), CreatedAfter: now.Add(-v.policy.Lifetime),
	})
	if err != nil {
		return auth.Staff{}, fmt.Errorf("rpc.Verifier.StaffSession: %w", err)
	}
	return auth.Staff{ID: r.ID, Role: auth.Role(r.Role), Label: r.Label}, nil
}

// StartStaffSession checks a staff API key and stores a new session for
// it, returning the session token (for the cookie) and the caller it
// signs in. An unknown, malformed or revoked key wraps store.ErrNotFound.
func (v *Verifier) StartStaffSession(ctx context.Context, apiKey string) (token string, who auth.Principal, err error) {
	kind, tenantID, hash, err := auth.Parse(apiKey)
	if err != nil || kind != auth.KindStaff {
		return "", auth.Principal{}, fmt.Errorf("rpc.Verifier.StartStaffSession: not an API key: %w", store.ErrNotFound)
	}
	k, err := v.StaffKey(ctx, tenantID, hash)
	if err != nil {
		return "", auth.Principal{}, fmt.Errorf("rpc.Verifier.StartStaffSession: %w", err)
	}
	token, th, err := auth.NewToken(auth.KindStaffSession, tenantID)
	if err != nil {
		return "", auth.Principal{}, fmt.Errorf("rpc.Verifier.StartStaffSession: %w", err)
	}
	if err := v.st.Q.StaffSessionInsert(ctx, dbsqlc.StaffSessionInsertParams{
		TenantID: tenantID, TokenHash: th, StaffKeyID: k.ID, Now: v.clock.Now(),
	}); err != nil {
		return "", auth.Principal{}, fmt.Errorf("rpc.Verifier.StartStaffSession: %w", err)
	}
	return token, auth.Principal{TenantID: tenantID, Role: k.Role, StaffKeyID: k.ID, StaffLabel: k.Label, Cookie: true, SessionHash: th}, nil
}

// EndStaffSession revokes a session; ended is false when it was already
// revoked.
func (v *Verifier) EndStaffSession(ctx context.Context, tenantID int64, hash []byte) (ended bool, err error) {
	n, err := v.st.Q.StaffSessionRevoke(ctx, dbsqlc.StaffSessionRevokeParams{TenantID: tenantID, TokenHash: hash, Now: v.clock.Now()})
	if err != nil {
		return false, fmt.Errorf("rpc.Verifier.EndStaffSession: %w", err)
	}
	return n > 0, nil
}

// Policy returns the session policy.
func (v *Verifier) Policy() auth.SessionPolicy { return v.policy }

// Rules says who may call each service.
func Rules() map[string]auth.Rule {
	return map[string]auth.Rule{
		"panelpulse.v1.PanellistService": {
			Panellist: true,
			Public:    []string{"/panelpulse.v1.PanellistService/Enrol", "/panelpulse.v1.PanellistService/Recover"},
		},
		"panelpulse.v1.AdminService":       {Roles: []auth.Role{auth.RoleAdmin}},
		"panelpulse.v1.ObservatoryService": {Roles: []auth.Role{auth.RoleAnalyst}},
		"panelpulse.v1.RoundtableService":  {Roles: []auth.Role{auth.RoleFacilitator}},
		"panelpulse.v1.AuditService":       {Roles: []auth.Role{auth.RoleAdmin}},
		"panelpulse.v1.StaffKeyService":    {Roles: []auth.Role{auth.RoleAdmin}},
		"panelpulse.v1.DataRequestService": {Roles: []auth.Role{auth.RoleAdmin}},
		"panelpulse.v1.StaffService": {
			Roles:  auth.StaffRoles,
			Public: []string{"/panelpulse.v1.StaffService/SignIn"},
		},
	}
}
