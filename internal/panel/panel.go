// Package panel is what a panellist does from the phone: enrol with an
// invite code, register devices, see today's questions with progress, and
// answer them.
package panel

import (
	"context"
	"errors"
	"fmt"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/auth"
	"github.com/panelpulse/panelpulse/internal/calendar"
	"github.com/panelpulse/panelpulse/internal/clock"
	"github.com/panelpulse/panelpulse/internal/fault"
	"github.com/panelpulse/panelpulse/internal/observatory"
	"github.com/panelpulse/panelpulse/internal/schedule"
	"github.com/panelpulse/panelpulse/internal/sessioncache"
	"github.com/panelpulse/panelpulse/internal/store"
)

// Service runs panellist operations.
type Service struct {
	st    *store.Store
	clock clock.Clock
	// Group commit of answers (commit.go).
	maxBatch int
	shards   []*shard
	// obs computes the sector results: the observatory's estimators and
	// its disclosure pattern, as every other output.
	obs *observatory.Service
	// sessions is the process's cache of live sessions, told of every
	// session this service ends (nil: none).
	sessions *sessioncache.Cache
}

// New returns a Service whose sector results come from obs, the process's
// observatory; answers are group-committed with the defaults unless an
// Option says otherwise.
func New(st *store.Store, obs *observatory.Service, clk clock.Clock, opts ...Option) (*Service, error) {
	if st == nil || obs == nil || clk == nil {
		return nil, errors.New("panel.New: store, observatory and clock are required")
	}
	s := &Service{st: st, clock: clk, maxBatch: DefaultMaxBatch, shards: make([]*shard, DefaultShards), obs: obs}
	for _, o := range opts {
		o(s)
	}
	s.shards = newShards(len(s.shards))
	return s, nil
}

// Enrolment is the result of a successful enrolment.
type Enrolment struct {
	SessionToken string
	PanellistID  int64
	Name         string
}

// errInvalidInvite is Enrol's one answer for every code that does not
// enrol: an unknown programme, and an unknown, used, revoked or expired
// code or a withdrawn panellist's code. One code and one sentence, so
// neither programme slugs nor real codes can be told apart from outside.
var errInvalidInvite = fault.New(fault.NotFound, "the programme and invite code do not match a valid invite (unknown, used, replaced or expired)")

// Enrol exchanges a one-time invite code of a tenant for a session token,
// records consent and makes the panellist active from today.
func (s *Service) Enrol(ctx context.Context, tenantSlug, code, consentVersion string) (Enrolment, error) {
	t, err := s.st.Q.TenantGetBySlug(ctx, tenantSlug)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return Enrolment{}, errInvalidInvite
		}
		return Enrolment{}, fmt.Errorf("panel.Enrol: %w", err)
	}
	_, loc, err := schedule.Calendar(ctx, s.st.Q, t)
	if err != nil {
		return Enrolment{}, err
	}
	now := s.clock.Now()
	var out Enrolment
	err = s.st.InTx(ctx, func(q *dbsqlc.Queries) error {
		pid, err := q.InviteUse(ctx, dbsqlc.InviteUseParams{TenantID: t.ID, CodeHash: auth.InviteHash(code), Now: now})
		if err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return errInvalidInvite
			}
			return err
		}
		p, err := q.PanellistActivate(ctx, dbsqlc.PanellistActivateParams{TenantID: t.ID, ID: pid, JoinedOn: calendar.DateOf(now.In(loc)).Time(nil)})
		if err != nil {
			if errors.Is(err, store.ErrNotFound) {
				// The code is real but its panellist has withdrawn: the
				// same answer as for any other code, so a code cannot be
				// tested for being real.
				return errInvalidInvite
			}
			return err
		}
		if err := q.InviteRevokeUnused(ctx, dbsqlc.InviteRevokeUnusedParams{TenantID: t.ID, PanellistID: pid, Now: now}); err != nil {
			return err
		}
		if err := q.ConsentInsert(ctx, dbsqlc.ConsentInsertParams{TenantID: t.ID, PanellistID: pid, Version: consentVersion, GivenAt: now}); err != nil {
			return err
		}
		token, hash, err := auth.NewToken(auth.KindSession, t.ID)
		if err != nil {
			return err
		}
		if err := q.SessionInsert(ctx, dbsqlc.SessionInsertParams{TenantID: t.ID, TokenHash: hash, PanellistID: pid}); err != nil {
			return err
		}
		out = Enrolment{SessionToken: token, PanellistID: pid, Name: p.Name}
		return nil
	})
	if err != nil {
		return Enrolment{}, fmt.Errorf("panel.Enrol: %w", err)
	}
	return out, nil
}

// Device is a phone's FCM registration.
type Device struct {
	Token      string
	Platform   string
	AppVersion string
	Locale     string
}

// RegisterDevice stores or refreshes a device token for the caller.
func (s *Service) RegisterDevice(ctx context.Context, who auth.Principal, d Device) error {
	err := s.st.InTx(ctx, func(q *dbsqlc.Queries) error {
		if err := q.DeviceUpsert(ctx, dbsqlc.DeviceUpsertParams{
			TenantID: who.TenantID, FcmToken: d.Token, PanellistID: who.PanellistID,
			Platform: d.Platform, AppVersion: d.AppVersion, Locale: d.Locale, Now: s.clock.Now(),
		}); err != nil {
			return err
		}
		return q.PanellistSetUnreachable(ctx, dbsqlc.PanellistSetUnreachableParams{TenantID: who.TenantID, Ids: []int64{who.PanellistID}})
	})
	if err != nil {
		return fmt.Errorf("panel.RegisterDevice: %w", err)
	}
	return nil
}

// UnregisterDevice forgets a device token of the caller.
func (s *Service) UnregisterDevice(ctx context.Context, who auth.Principal, token string) error {
	n, err := s.st.Q.DeviceDelete(ctx, dbsqlc.DeviceDeleteParams{TenantID: who.TenantID, PanellistID: who.PanellistID, FcmToken: token})
	if err != nil {
		return fmt.Errorf("panel.UnregisterDevice: %w", err)
	}
	if n == 0 {
		return fault.New(fault.NotFound, "this device token is not registered to you")
	}
	return nil
}

// AcknowledgePush records that the caller opened a notification.
func (s *Service) AcknowledgePush(ctx context.Context, who auth.Principal, pushID int64) error {
	return s.st.InTx(ctx, func(q *dbsqlc.Queries) error {
		n, err := q.PushMarkOpened(ctx, dbsqlc.PushMarkOpenedParams{TenantID: who.TenantID, ID: pushID, PanellistID: who.PanellistID, Now: s.clock.Now()})
		if err != nil {
			return fmt.Errorf("panel.AcknowledgePush: %w", err)
		}
		if n == 0 {
			return fault.New(fault.NotFound, "notification %d is not one of yours", pushID)
		}
		return q.PushOpenedAssignments(ctx, dbsqlc.PushOpenedAssignmentsParams{TenantID: who.TenantID, ID: pushID, PanellistID: who.PanellistID})
	})
}
