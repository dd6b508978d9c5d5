// Package tenant creates programmes (tenants) and issues their staff API
// keys; it is the operator's tool, used by the CLI and the demo.
package tenant

import (
	"context"
	"errors"
	"fmt"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/auth"
	"github.com/panelpulse/panelpulse/internal/fault"
	"github.com/panelpulse/panelpulse/internal/store"
)

// Settings of a new tenant; zero values take the defaults.
type Settings struct {
	Slug                 string
	Name                 string
	TimeZone             string
	DailyCap             int32
	SuppressionThreshold int32
}

// Create makes a tenant.
func Create(ctx context.Context, st *store.Store, s Settings) (dbsqlc.Tenant, error) {
	if s.TimeZone == "" {
		s.TimeZone = "Europe/London"
	}
	if s.DailyCap == 0 {
		s.DailyCap = 2
	}
	if s.SuppressionThreshold == 0 {
		s.SuppressionThreshold = 5
	}
	t, err := st.Q.TenantInsert(ctx, dbsqlc.TenantInsertParams{
		Slug: s.Slug, Name: s.Name, TimeZone: s.TimeZone, DailyCap: s.DailyCap, SuppressionThreshold: s.SuppressionThreshold,
	})
	if err != nil {
		switch {
		case errors.Is(err, store.ErrConflict):
			return dbsqlc.Tenant{}, fault.New(fault.Conflict, "tenant %q already exists", s.Slug)
		case errors.Is(err, store.ErrInvalid):
			return dbsqlc.Tenant{}, fault.New(fault.Invalid, "tenant settings break a rule (slug a-z0-9-, cap 1 or 2, threshold at least 3)")
		}
		return dbsqlc.Tenant{}, fmt.Errorf("tenant.Create: %w", err)
	}
	return t, nil
}

// IssueKey makes a staff API key with role; the key is returned once and
// only its hash is stored.
func IssueKey(ctx context.Context, st *store.Store, tenantID int64, role auth.Role, label string) (string, error) {
	switch role {
	case auth.RoleAdmin, auth.RoleAnalyst, auth.RoleFacilitator:
	default:
		return "", fault.New(fault.Invalid, "role %q is not admin, analyst or facilitator", role)
	}
	key, hash, err := auth.NewToken(auth.KindStaff, tenantID)
	if err != nil {
		return "", err
	}
	if _, err := st.Q.StaffKeyInsert(ctx, dbsqlc.StaffKeyInsertParams{TenantID: tenantID, KeyHash: hash, Role: string(role), Label: label}); err != nil {
		return "", fmt.Errorf("tenant.IssueKey: %w", err)
	}
	return key, nil
}
