package panel

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/auth"
	"github.com/panelpulse/panelpulse/internal/fault"
	"github.com/panelpulse/panelpulse/internal/store"
)

// RecoveryTTL is how long a recovery code works: long enough to pick up the
// other phone, short enough that a code read over a shoulder soon dies.
const RecoveryTTL = 30 * time.Minute

// RecoveryCode is a one-time code shown once on the panellist's phone.
type RecoveryCode struct {
	Code      string
	ExpiresAt time.Time
}

// errInvalidRecovery is Recover's one answer for every code that does not
// sign in, as errInvalidInvite is Enrol's.
var errInvalidRecovery = fault.New(fault.NotFound, "the programme and recovery code do not match a valid code (unknown, used, replaced or expired)")

// CreateRecoveryCode makes a code that signs another phone in as the
// caller, replacing the caller's earlier unused code. Codes are stored
// hashed, like invite codes, and work once before RecoveryTTL ends.
func (s *Service) CreateRecoveryCode(ctx context.Context, who auth.Principal) (RecoveryCode, error) {
	now := s.clock.Now()
	code, hash, err := auth.NewInviteCode()
	if err != nil {
		return RecoveryCode{}, fmt.Errorf("panel.CreateRecoveryCode: %w", err)
	}
	out := RecoveryCode{Code: code, ExpiresAt: now.Add(RecoveryTTL)}
	err = s.st.InTx(ctx, func(q *dbsqlc.Queries) error {
		if err := q.RecoveryCodeRevokeUnused(ctx, dbsqlc.RecoveryCodeRevokeUnusedParams{TenantID: who.TenantID, PanellistID: who.PanellistID, Now: now}); err != nil {
			return err
		}
		return q.RecoveryCodeInsert(ctx, dbsqlc.RecoveryCodeInsertParams{TenantID: who.TenantID, CodeHash: hash, PanellistID: who.PanellistID, Now: now, ExpiresAt: out.ExpiresAt})
	})
	if err != nil {
		return RecoveryCode{}, fmt.Errorf("panel.CreateRecoveryCode: %w", err)
	}
	return out, nil
}

// Recover exchanges a tenant's recovery code for a new session of the
// panellist who made it. The other sessions stay signed in.
func (s *Service) Recover(ctx context.Context, tenantSlug, code string) (Enrolment, error) {
	t, err := s.st.Q.TenantGetBySlug(ctx, tenantSlug)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return Enrolment{}, errInvalidRecovery
		}
		return Enrolment{}, fmt.Errorf("panel.Recover: %w", err)
	}
	var out Enrolment
	err = s.st.InTx(ctx, func(q *dbsqlc.Queries) error {
		row, err := q.RecoveryCodeUse(ctx, dbsqlc.RecoveryCodeUseParams{TenantID: t.ID, CodeHash: auth.InviteHash(code), Now: s.clock.Now()})
		if err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return errInvalidRecovery
			}
			return err
		}
		token, hash, err := auth.NewToken(auth.KindSession, t.ID)
		if err != nil {
			return err
		}
		if err := q.SessionInsert(ctx, dbsqlc.SessionInsertParams{TenantID: t.ID, TokenHash: hash, PanellistID: row.PanellistID}); err != nil {
			return err
		}
		out = Enrolment{SessionToken: token, PanellistID: row.PanellistID, Name: row.Name}
		return nil
	})
	if err != nil {
		return Enrolment{}, fmt.Errorf("panel.Recover: %w", err)
	}
	return out, nil
}

// EndSession ends the caller's session (signing out on one phone) and
// reports whether a live session was ended.
func (s *Service) EndSession(ctx context.Context, who auth.Principal) (bool, error) {
	now := s.clock.Now()
	n, err := s.st.Q.SessionRevoke(ctx, dbsqlc.SessionRevokeParams{TenantID: who.TenantID, PanellistID: who.PanellistID, TokenHash: who.SessionHash, Now: &now})
	if err != nil {
		return false, fmt.Errorf("panel.EndSession: %w", err)
	}
	s.sessions.Forget(who.TenantID, who.PanellistID, who.SessionHash)
	return n > 0, nil
}
