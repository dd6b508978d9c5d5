// Package tenant creates programmes (tenants) and issues their staff API
// keys; it is the operator's tool, used by the CLI and the demo.
package tenant

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/auth"
	"github.com/panelpulse/panelpulse/internal/clock"
	"github.com/panelpulse/panelpulse/internal/fault"
	"github.com/panelpulse/panelpulse/internal/paging"
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

// Key is a staff API key just issued: Secret is shown once and only its
// hash is stored.
type Key struct {
	ID        int64
	Secret    string
	Role      auth.Role
	Label     string
	CreatedAt time.Time
}

// Issue makes a staff API key with role and label, created at now. It is
// the one way a key is made: by the CLI, the demo and the console.
func Issue(ctx context.Context, q *dbsqlc.Queries, tenantID int64, role auth.Role, label string, now time.Time) (Key, error) {
	switch role {
	case auth.RoleAdmin, auth.RoleAnalyst, auth.RoleFacilitator:
	default:
		return Key{}, fault.New(fault.Invalid, "role %q is not admin, analyst or facilitator", role)
	}
	key, hash, err := auth.NewToken(auth.KindStaff, tenantID)
	if err != nil {
		return Key{}, err
	}
	r, err := q.StaffKeyInsert(ctx, dbsqlc.StaffKeyInsertParams{TenantID: tenantID, KeyHash: hash, Role: string(role), Label: label, CreatedAt: now})
	if err != nil {
		return Key{}, fmt.Errorf("tenant.Issue: %w", err)
	}
	return Key{ID: r.ID, Secret: key, Role: role, Label: label, CreatedAt: r.CreatedAt}, nil
}

// IssueKey is Issue for the operator's tools, which run on the machine's
// clock, returning the key alone.
func IssueKey(ctx context.Context, st *store.Store, tenantID int64, role auth.Role, label string) (string, error) {
	k, err := Issue(ctx, st.Q, tenantID, role, label, clock.Real{}.Now())
	if err != nil {
		return "", err
	}
	return k.Secret, nil
}

// Keys lists one page of a tenant's staff keys, oldest first.
func Keys(ctx context.Context, q *dbsqlc.Queries, tenantID int64, includeRevoked bool, pageSize int32, pageToken string) ([]dbsqlc.StaffKeyListRow, string, error) {
	p, err := paging.Parse(pageSize, pageToken, fmt.Sprint(includeRevoked))
	if err != nil {
		return nil, "", err
	}
	rows, err := q.StaffKeyList(ctx, dbsqlc.StaffKeyListParams{TenantID: tenantID, After: p.After, IncludeRevoked: includeRevoked, Lim: p.Limit()})
	if err != nil {
		return nil, "", fmt.Errorf("tenant.Keys: %w", err)
	}
	page, next := paging.Next(p, rows, func(r dbsqlc.StaffKeyListRow) int64 { return r.ID })
	return page, next, nil
}

// LastUsed is when a listed key was last used, nil if never: the later of
// its own last use and its console sessions'.
func LastUsed(r dbsqlc.StaffKeyListRow) *time.Time {
	if r.LastUsedAt == nil {
		return nil
	}
	t := *r.LastUsedAt
	if r.SessionLastSeenAt.After(t) {
		t = r.SessionLastSeenAt
	}
	return &t
}

// Revoke revokes key id of a tenant at now, refused for the caller's own
// key (current): an admin retires their key from another admin key, so the
// programme always keeps one. Revoking a revoked key is FailedPrecondition.
func Revoke(ctx context.Context, q *dbsqlc.Queries, tenantID, id, current int64, now time.Time) (dbsqlc.StaffKeyGetRow, error) {
	if id == current {
		return dbsqlc.StaffKeyGetRow{}, fault.New(fault.FailedPrecondition, "you cannot revoke the key you are signed in with: sign in with another admin key to revoke it")
	}
	k, err := q.StaffKeyGet(ctx, dbsqlc.StaffKeyGetParams{TenantID: tenantID, ID: id})
	if errors.Is(err, store.ErrNotFound) {
		return dbsqlc.StaffKeyGetRow{}, fault.New(fault.NotFound, "there is no staff key %d", id)
	}
	if err != nil {
		return dbsqlc.StaffKeyGetRow{}, fmt.Errorf("tenant.Revoke: %w", err)
	}
	if k.RevokedAt != nil {
		return dbsqlc.StaffKeyGetRow{}, fault.New(fault.FailedPrecondition, "staff key %d was already revoked", id)
	}
	if _, err := q.StaffKeyRevoke(ctx, dbsqlc.StaffKeyRevokeParams{TenantID: tenantID, ID: id, Now: now}); err != nil {
		return dbsqlc.StaffKeyGetRow{}, fmt.Errorf("tenant.Revoke: %w", err)
	}
	k.RevokedAt = &now
	return k, nil
}
