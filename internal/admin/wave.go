package admin

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"regexp"
	"time"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/calendar"
	"github.com/panelpulse/panelpulse/internal/fault"
	"github.com/panelpulse/panelpulse/internal/schedule"
)

// PlanItem sends a question on a working day of a wave to a segment.
type PlanItem struct {
	Day         int32
	QuestionKey string
	Segment     string
	// Split is 0 for the whole segment, or 1 or 2 for one reproducible
	// half of it (drawn per panellist from the wave's seed).
	Split int16
}

// WaveInput defines a wave.
type WaveInput struct {
	Name        string
	StartDate   string
	WorkingDays int32
	Plan        []PlanItem
}

// Wave is a stored wave.
type Wave struct {
	ID          int64
	Name        string
	Start, End  calendar.Date
	WorkingDays int32
	PlanItems   int32
	// CancelledAt is when the wave was cancelled (nil if it was not).
	CancelledAt *time.Time
	// Assignments counts the assignments made so far.
	Assignments int32
}

var segmentRE = regexp.MustCompile(`^(all|(sector|size|district|role):.+)$`)

// CreateWave stores a wave and its plan. The wave starts on the first
// working day on or after StartDate and lasts WorkingDays working days of
// the tenant's calendar.
func (s *Service) CreateWave(ctx context.Context, tenantID int64, in WaveInput) (Wave, error) {
	start, err := saneDate("start_date", in.StartDate)
	if err != nil {
		return Wave{}, fault.New(fault.Invalid, "%v", err)
	}
	var w Wave
	err = s.st.InTx(ctx, func(q *dbsqlc.Queries) error {
		t, err := q.TenantGet(ctx, tenantID)
		if err != nil {
			return err
		}
		cal, _, err := schedule.Calendar(ctx, q, t)
		if err != nil {
			return err
		}
		if err := checkPlan(in.Plan, in.WorkingDays); err != nil {
			return err
		}
		first := cal.WorkingDayOnOrAfter(start)
		last := cal.AddWorkingDays(first, int(in.WorkingDays)-1)
		seed, err := randomSeed()
		if err != nil {
			return err
		}
		row, err := q.WaveInsert(ctx, dbsqlc.WaveInsertParams{
			TenantID: tenantID, Name: in.Name, StartDate: first.Time(nil), EndDate: last.Time(nil),
			WorkingDays: in.WorkingDays, Seed: seed,
		})
		if err != nil {
			return err
		}
		if err := insertPlan(ctx, q, tenantID, row.ID, in.Plan); err != nil {
			return err
		}
		n, err := q.PlanItemCount(ctx, dbsqlc.PlanItemCountParams{TenantID: tenantID, WaveID: row.ID})
		if err != nil {
			return err
		}
		w = Wave{ID: row.ID, Name: row.Name, Start: first, End: last, WorkingDays: row.WorkingDays, PlanItems: n}
		return nil
	})
	if err != nil {
		return Wave{}, fmt.Errorf("admin.CreateWave: %w", err)
	}
	return w, nil
}

func randomSeed() (int64, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return 0, err
	}
	return int64(binary.LittleEndian.Uint64(b[:]) >> 1), nil
}

// checkPlan checks a plan's items against a wave of workingDays working
// days, filling in the whole panel where no segment is given.
func checkPlan(plan []PlanItem, workingDays int32) error {
	for i, it := range plan {
		if it.Day < 0 || it.Day >= workingDays {
			return fault.New(fault.Invalid, "plan[%d].day: %d is outside the wave's %d working days (0 to %d)", i, it.Day, workingDays, workingDays-1)
		}
		if it.Segment == "" {
			plan[i].Segment = "all"
		} else if !segmentRE.MatchString(it.Segment) {
			return fault.New(fault.Invalid, "plan[%d].segment: %q must be \"all\" or sector:, size:, district: or role: followed by a value", i, it.Segment)
		}
		if it.Split < 0 || it.Split > 2 {
			return fault.New(fault.Invalid, "plan[%d].split: %d must be 0 (whole segment), 1 or 2 (a half)", i, it.Split)
		}
	}
	return nil
}

// insertPlan stores a checked plan for a wave; every question must exist
// and none may be archived.
func insertPlan(ctx context.Context, q *dbsqlc.Queries, tenantID, waveID int64, plan []PlanItem) error {
	keys := make([]string, 0, len(plan))
	for _, it := range plan {
		keys = append(keys, it.QuestionKey)
	}
	qs, err := q.QuestionIDsByKey(ctx, dbsqlc.QuestionIDsByKeyParams{TenantID: tenantID, Keys: keys})
	if err != nil {
		return err
	}
	ids := map[string]int64{}
	for _, x := range qs {
		ids[x.Key] = x.ID
	}
	archived, err := q.QuestionArchivedKeys(ctx, dbsqlc.QuestionArchivedKeysParams{TenantID: tenantID, Keys: keys})
	if err != nil {
		return err
	}
	gone := map[string]bool{}
	for _, k := range archived {
		gone[k] = true
	}
	p := dbsqlc.PlanItemInsertManyParams{TenantID: tenantID, WaveID: waveID}
	for i, it := range plan {
		id, ok := ids[it.QuestionKey]
		if !ok {
			return fault.New(fault.Invalid, "plan[%d].question_key: question %q does not exist", i, it.QuestionKey)
		}
		if gone[it.QuestionKey] {
			return fault.New(fault.FailedPrecondition, "plan[%d].question_key: question %q is archived; restore it to plan it", i, it.QuestionKey)
		}
		p.DayIndexes = append(p.DayIndexes, it.Day)
		p.QuestionIds = append(p.QuestionIds, id)
		p.Segments = append(p.Segments, it.Segment)
		p.Splits = append(p.Splits, it.Split)
	}
	return q.PlanItemInsertMany(ctx, p)
}
