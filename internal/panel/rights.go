package panel

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/auth"
	"github.com/panelpulse/panelpulse/internal/calendar"
	"github.com/panelpulse/panelpulse/internal/fault"
	"github.com/panelpulse/panelpulse/internal/store"
)

// Preferences are the settings a panellist changes from the phone. A nil
// field is left as it is; PauseUntil set to the zero Date resumes.
type Preferences struct {
	DeliveryTime *string
	TimeZone     *string
	PauseUntil   *calendar.Date
}

// Settings are the stored preferences after a change.
type Settings struct {
	DeliveryTime string
	TimeZone     string
	PauseUntil   *calendar.Date
}

// UpdatePreferences changes delivery time ("HH:MM" local), time zone (an
// IANA name) and pause. Pausing until a date cancels the pushes and the
// not yet opened questions up to that day; questions already open stay
// answerable.
func (s *Service) UpdatePreferences(ctx context.Context, who auth.Principal, p Preferences) (Settings, error) {
	arg := dbsqlc.PanelSetPreferencesParams{TenantID: who.TenantID, ID: who.PanellistID}
	if p.DeliveryTime != nil {
		t, err := time.Parse("15:04", *p.DeliveryTime)
		if err != nil {
			return Settings{}, fault.New(fault.Invalid, "delivery_time: %q is not a time of day HH:MM", *p.DeliveryTime)
		}
		m := int32(t.Hour()*60 + t.Minute())
		arg.DeliveryMinute = &m
	}
	if p.TimeZone != nil {
		if _, err := time.LoadLocation(*p.TimeZone); err != nil || *p.TimeZone == "" || *p.TimeZone == "Local" {
			return Settings{}, fault.New(fault.Invalid, "time_zone: %q is not an IANA time zone such as Europe/London", *p.TimeZone)
		}
		arg.TimeZone = p.TimeZone
	}
	now := s.clock.Now()
	if p.PauseUntil != nil {
		arg.SetPause = true
		if !p.PauseUntil.IsZero() {
			if p.PauseUntil.Before(calendar.DateOf(now.AddDate(0, 0, -1))) {
				return Settings{}, fault.New(fault.Invalid, "pause_until: %s is in the past", p.PauseUntil)
			}
			d := p.PauseUntil.Time(time.UTC)
			arg.PausedUntil = &d
		}
	}
	var row dbsqlc.PanelSetPreferencesRow
	err := s.st.InTx(ctx, func(q *dbsqlc.Queries) error {
		var err error
		row, err = q.PanelSetPreferences(ctx, arg)
		if err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return fault.New(fault.FailedPrecondition, "you have withdrawn from the panel")
			}
			return err
		}
		if arg.PausedUntil == nil {
			return nil
		}
		if _, err := q.PanelDeletePausedAssignments(ctx, dbsqlc.PanelDeletePausedAssignmentsParams{TenantID: who.TenantID, PanellistID: who.PanellistID, Now: now, UntilDay: *arg.PausedUntil}); err != nil {
			return err
		}
		_, err = q.PanelCancelPushes(ctx, dbsqlc.PanelCancelPushesParams{TenantID: who.TenantID, PanellistID: who.PanellistID, UntilDay: arg.PausedUntil})
		return err
	})
	if err != nil {
		return Settings{}, fmt.Errorf("panel.UpdatePreferences: %w", err)
	}
	out := Settings{DeliveryTime: fmt.Sprintf("%02d:%02d", row.DeliveryMinute/60, row.DeliveryMinute%60), TimeZone: row.TimeZone}
	if row.PausedUntil != nil {
		d := calendar.DateOf(*row.PausedUntil)
		out.PauseUntil = &d
	}
	return out, nil
}

// Withdrawal is the outcome of Withdraw.
type Withdrawal struct {
	WithdrawnAt time.Time
	Erased      bool
	AnswersKept bool
}

// Withdraw stops everything at once: the panellist is withdrawn, pending
// pushes are cancelled, unanswered assignments expire and every session is
// revoked. With erase, identity, contacts, consent records and devices are
// deleted too, and the answers are either kept as anonymous rows (detached
// from the person; the panellist row stays as a tombstone without identity
// so the answers still reach their business, wave and assignment) or
// deleted with the person, by the tenant's erase_answers policy. An erasure
// row records when it was done.
func (s *Service) Withdraw(ctx context.Context, who auth.Principal, erase bool) (Withdrawal, error) {
	t, err := s.st.Q.TenantGet(ctx, who.TenantID)
	if err != nil {
		return Withdrawal{}, fmt.Errorf("panel.Withdraw: %w", err)
	}
	now := s.clock.Now()
	out := Withdrawal{Erased: erase, AnswersKept: erase && !t.EraseAnswers}
	tid, pid := who.TenantID, who.PanellistID
	err = s.st.InTx(ctx, func(q *dbsqlc.Queries) error {
		w, err := q.PanelWithdraw(ctx, dbsqlc.PanelWithdrawParams{TenantID: tid, ID: pid, Now: now})
		if err != nil {
			return err
		}
		out.WithdrawnAt = *w.WithdrawnAt
		if _, err := q.PanelCancelPushes(ctx, dbsqlc.PanelCancelPushesParams{TenantID: tid, PanellistID: pid}); err != nil {
			return err
		}
		if _, err := q.PanelExpireAssignments(ctx, dbsqlc.PanelExpireAssignmentsParams{TenantID: tid, PanellistID: pid}); err != nil {
			return err
		}
		if _, err := q.PanelRevokeSessions(ctx, dbsqlc.PanelRevokeSessionsParams{TenantID: tid, PanellistID: pid, Now: &now}); err != nil {
			return err
		}
		if !erase {
			return nil
		}
		// The erasure record and the tombstone carry one random
		// reference, never the panellist's own: the record proves that
		// an erasure happened and when, without saying whose.
		var b [12]byte
		if _, err := rand.Read(b[:]); err != nil {
			return err
		}
		tombstone := "erased-" + hex.EncodeToString(b[:])
		if err := s.erase(ctx, q, tid, pid, now, t.EraseAnswers, tombstone); err != nil {
			return err
		}
		return q.PanelErasureInsert(ctx, dbsqlc.PanelErasureInsertParams{TenantID: tid, PanellistRef: tombstone, ErasedAt: now, AnswersKept: !t.EraseAnswers})
	})
	if err != nil {
		return Withdrawal{}, fmt.Errorf("panel.Withdraw: %w", err)
	}
	s.sessions.Forget(tid, pid, nil)
	return out, nil
}

// erase deletes the person. Deleting the panellist row cascades to its
// assignments, pushes, devices, sessions, consents and invites, so the
// answers (which reference assignments) go first.
func (s *Service) erase(ctx context.Context, q *dbsqlc.Queries, tid, pid int64, now time.Time, eraseAnswers bool, tombstone string) error {
	if eraseAnswers {
		if _, err := q.PanelDeleteAnswers(ctx, dbsqlc.PanelDeleteAnswersParams{TenantID: tid, PanellistID: pid}); err != nil {
			return err
		}
		return q.PanelDelete(ctx, dbsqlc.PanelDeleteParams{TenantID: tid, ID: pid})
	}
	if _, err := q.PanelDetachAnswers(ctx, dbsqlc.PanelDetachAnswersParams{TenantID: tid, PanellistID: pid}); err != nil {
		return err
	}
	if _, err := q.PanelDeleteDevices(ctx, dbsqlc.PanelDeleteDevicesParams{TenantID: tid, PanellistID: pid}); err != nil {
		return err
	}
	if err := q.PanelDeleteSessions(ctx, dbsqlc.PanelDeleteSessionsParams{TenantID: tid, PanellistID: pid}); err != nil {
		return err
	}
	if err := q.PanelDeleteInvites(ctx, dbsqlc.PanelDeleteInvitesParams{TenantID: tid, PanellistID: pid}); err != nil {
		return err
	}
	if err := q.PanelDeleteConsents(ctx, dbsqlc.PanelDeleteConsentsParams{TenantID: tid, PanellistID: pid}); err != nil {
		return err
	}
	return q.PanelTombstone(ctx, dbsqlc.PanelTombstoneParams{TenantID: tid, ID: pid, TombstoneRef: tombstone, Now: &now})
}
