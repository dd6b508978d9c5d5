package rpc

import (
	"context"
	"errors"
	"fmt"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/auth"
	"github.com/panelpulse/panelpulse/internal/store"
)

// Verifier checks credentials against the store.
type Verifier struct {
	st *store.Store
}

var _ auth.Verifier = (*Verifier)(nil)

// NewVerifier returns a Verifier over st.
func NewVerifier(st *store.Store) *Verifier { return &Verifier{st: st} }

// Session returns the active panellist of a session token.
func (v *Verifier) Session(ctx context.Context, tenantID int64, hash []byte) (int64, error) {
	r, err := v.st.Q.SessionGet(ctx, dbsqlc.SessionGetParams{TenantID: tenantID, TokenHash: hash})
	if err != nil {
		return 0, fmt.Errorf("rpc.Verifier.Session: %w", store.Translate(err))
	}
	if r.Status == "withdrawn" {
		return 0, errors.New("rpc.Verifier.Session: panellist withdrew")
	}
	return r.PanellistID, nil
}

// StaffKey returns the role of a staff API key.
func (v *Verifier) StaffKey(ctx context.Context, tenantID int64, hash []byte) (auth.Role, error) {
	r, err := v.st.Q.StaffKeyGetByHash(ctx, dbsqlc.StaffKeyGetByHashParams{TenantID: tenantID, KeyHash: hash})
	if err != nil {
		return "", fmt.Errorf("rpc.Verifier.StaffKey: %w", store.Translate(err))
	}
	return auth.Role(r.Role), nil
}

// Rules says who may call each service.
func Rules() map[string]auth.Rule {
	return map[string]auth.Rule{
		"panelpulse.v1.PanellistService": {
			Panellist: true,
			Public:    []string{"/panelpulse.v1.PanellistService/Enrol"},
		},
		"panelpulse.v1.AdminService":       {Roles: []auth.Role{auth.RoleAdmin}},
		"panelpulse.v1.ObservatoryService": {Roles: []auth.Role{auth.RoleAnalyst}},
		"panelpulse.v1.RoundtableService":  {Roles: []auth.Role{auth.RoleFacilitator}},
	}
}
