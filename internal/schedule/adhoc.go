package schedule

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"regexp"
	"time"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/calendar"
	"github.com/panelpulse/panelpulse/internal/fault"
	"github.com/panelpulse/panelpulse/internal/store"
)

// When says when an ad-hoc question goes out.
type When int

const (
	// Now sends today if today is a working day (at each panellist's
	// delivery time, or at once if that has passed), else on the next one.
	Now When = iota + 1
	// NextWeekday sends on the next working day at the delivery time.
	NextWeekday
)

var segmentRE = regexp.MustCompile(`^(all|(sector|size|district|role):.+)$`)

// ValidSegment reports whether s names a segment: "all", or "sector:",
// "size:", "district:" or "role:" followed by a value.
func ValidSegment(s string) bool { return segmentRE.MatchString(s) }

// AdHoc is a stored ad-hoc item.
type AdHoc struct {
	ID       int64
	FirstDay calendar.Date
	// Planned is what planning FirstDay made at once (zero for a later day).
	Planned DayResult
}

// SendAdHoc sends a question to a segment outside the wave plan, now or on
// the next weekday. The item counts against each panellist's daily cap
// after the day's planned questions; where a day is full it spills to the
// next working day (for up to AdHocSpillDays). Sent for today, it is
// planned at once, and panellists whose delivery push is already out get a
// second push. Facilitators' finding tests use the same path.
func (p *Planner) SendAdHoc(ctx context.Context, tenantID, questionID int64, segment string, when When) (AdHoc, error) {
	return p.sendAdHoc(ctx, tenantID, []int64{questionID}, segment, when, nil)
}

// SendToAttendee sends questions to one panellist now, outside the daily
// cap, opening at once: a roundtable attendee asked for them in the room.
// It is the ad-hoc path with the item narrowed to the panellist; on a day
// that is not a working day the questions come on the next one.
func (p *Planner) SendToAttendee(ctx context.Context, tenantID, panellistID int64, questionIDs []int64) (AdHoc, error) {
	return p.sendAdHoc(ctx, tenantID, questionIDs, "all", Now, &panellistID)
}

func (p *Planner) sendAdHoc(ctx context.Context, tenantID int64, questionIDs []int64, segment string, when When, panellistID *int64) (AdHoc, error) {
	if segment == "" {
		segment = "all"
	}
	if !ValidSegment(segment) {
		return AdHoc{}, fault.New(fault.Invalid, "segment: %q must be \"all\" or sector:, size:, district: or role: followed by a value", segment)
	}
	if when != Now && when != NextWeekday {
		return AdHoc{}, fault.New(fault.Invalid, "when: must be now or the next weekday")
	}
	var (
		out AdHoc
		t   dbsqlc.Tenant
		loc *time.Location
	)
	now := p.clock.Now()
	err := p.st.InTx(ctx, func(q *dbsqlc.Queries) error {
		var err error
		if t, err = q.TenantGet(ctx, tenantID); err != nil {
			return err
		}
		var cal *calendar.Calendar
		if cal, loc, err = Calendar(ctx, q, t); err != nil {
			return err
		}
		today := calendar.DateOf(now.In(loc))
		out.FirstDay = cal.WorkingDayOnOrAfter(today)
		if when == NextWeekday {
			out.FirstDay = cal.NextWorkingDay(today)
		}
		if _, err := adHocWave(ctx, q, tenantID, nil); err != nil {
			return err
		}
		for _, questionID := range questionIDs {
			if _, err := q.QuestionKeyByID(ctx, dbsqlc.QuestionKeyByIDParams{TenantID: tenantID, ID: questionID}); err != nil {
				if errors.Is(err, store.ErrNotFound) {
					return fault.New(fault.NotFound, "question %d does not exist", questionID)
				}
				return err
			}
			row, err := q.AdhocItemInsert(ctx, dbsqlc.AdhocItemInsertParams{
				TenantID: tenantID, QuestionID: questionID, Segment: segment,
				FirstDay: dbDate(out.FirstDay), NotBefore: now,
				PanellistID: panellistID, OutsideCap: panellistID != nil,
			})
			if err != nil {
				return err
			}
			out.ID = row.ID
		}
		return nil
	})
	if err != nil {
		return AdHoc{}, fmt.Errorf("schedule.SendAdHoc: %w", err)
	}
	if out.FirstDay == calendar.DateOf(now.In(loc)) {
		if out.Planned, err = p.PlanDay(ctx, t, out.FirstDay); err != nil {
			return AdHoc{}, fmt.Errorf("schedule.SendAdHoc: %w", err)
		}
	}
	return out, nil
}

// adHocWave returns the wave ad-hoc assignments of a day belong to: the
// first plan wave running that day, else the tenant's holder wave (made on
// first use; never active itself, so it plans nothing).
func adHocWave(ctx context.Context, q *dbsqlc.Queries, tenantID int64, running []dbsqlc.Wave) (int64, error) {
	if len(running) > 0 {
		return running[0].ID, nil
	}
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return 0, err
	}
	seed := int64(binary.LittleEndian.Uint64(b[:]) >> 1)
	if err := q.WaveEnsureAdhoc(ctx, dbsqlc.WaveEnsureAdhocParams{TenantID: tenantID, Seed: seed}); err != nil {
		return 0, err
	}
	w, err := q.WaveGetAdhoc(ctx, tenantID)
	if err != nil {
		return 0, err
	}
	return w.ID, nil
}
