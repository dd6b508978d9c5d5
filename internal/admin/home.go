package admin

import (
	"context"
	"fmt"
	"math"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/calendar"
	"github.com/panelpulse/panelpulse/internal/counts"
	"github.com/panelpulse/panelpulse/internal/schedule"
)

// Stratum is one sector x size band of the panel beside the population
// frame. Target is the stratum's share of the frame applied to the whole
// panel (what a proportional panel of this size would hold), Shortfall how
// many businesses the panel lacks to reach it.
type Stratum struct {
	Sector, SizeBand string
	PanelBusinesses  int32
	ActivePanellists int32
	FrameBusinesses  int32
	InFrame          bool
	Target           int32
	Shortfall        int32
}

// DayCounts are one day's assignments over every wave and the first
// pushes and reminders sent (pushes, one per panellist and day).
type DayCounts struct {
	Day                            calendar.Date
	Counts                         counts.Counts
	FirstPushesSent, RemindersSent int32
}

// LiveWave is a planned wave running on the day, with today's working day
// of it (1-based, 0 when the day is not a working day) and the counts of
// its assignments so far.
type LiveWave struct {
	Wave      Wave
	DayNumber int32
	Counts    counts.Counts
}

// Home is the programme home: coverage, today and the live waves.
type Home struct {
	TenantName    string
	FrameImported bool
	Coverage      []Stratum
	Today         DayCounts
	Live          []LiveWave
}

// ProgrammeHome reads the programme home for the tenant's today (the
// injected clock in the tenant's time zone).
func (s *Service) ProgrammeHome(ctx context.Context, tenantID int64) (Home, error) {
	var h Home
	err := s.st.InTx(ctx, func(q *dbsqlc.Queries) error {
		t, err := q.TenantGet(ctx, tenantID)
		if err != nil {
			return err
		}
		cal, loc, err := schedule.Calendar(ctx, q, t)
		if err != nil {
			return err
		}
		today := calendar.DateOf(s.clock.Now().In(loc))
		h.TenantName = t.Name
		cov, err := q.HomeCoverage(ctx, tenantID)
		if err != nil {
			return err
		}
		h.Coverage = coverage(cov)
		for _, c := range cov {
			h.FrameImported = h.FrameImported || c.InFrame
		}
		day, err := counts.Read(ctx, q, tenantID, counts.Filter{From: today, To: today})
		if err != nil {
			return err
		}
		sent, err := q.HomePushesSent(ctx, dbsqlc.HomePushesSentParams{TenantID: tenantID, Day: today.Time(nil)})
		if err != nil {
			return err
		}
		h.Today = DayCounts{Day: today, Counts: counts.Total(day), FirstPushesSent: sent.FirstPushes, RemindersSent: sent.Reminders}
		waves, err := q.HomeLiveWaves(ctx, dbsqlc.HomeLiveWavesParams{TenantID: tenantID, Day: today.Time(nil)})
		if err != nil {
			return err
		}
		for _, w := range waves {
			start, end := calendar.DateOf(w.StartDate), calendar.DateOf(w.EndDate)
			sofar, err := counts.Read(ctx, q, tenantID, counts.Filter{WaveID: w.ID, From: start, To: today})
			if err != nil {
				return err
			}
			lw := LiveWave{
				Wave:   Wave{ID: w.ID, Name: w.Name, Start: start, End: end, WorkingDays: w.WorkingDays, PlanItems: w.PlanItems},
				Counts: counts.Total(sofar),
			}
			if i, ok := cal.WorkingDayIndex(start, today); ok {
				lw.DayNumber = int32(i + 1)
			}
			h.Live = append(h.Live, lw)
		}
		return nil
	})
	if err != nil {
		return Home{}, fmt.Errorf("admin.ProgrammeHome: %w", err)
	}
	return h, nil
}

// coverage adds the proportional targets: each frame stratum's share of
// the frame times the panel's businesses in frame strata, rounded to the
// nearest business.
func coverage(rows []dbsqlc.HomeCoverageRow) []Stratum {
	var frameTotal, panelTotal int64
	for _, r := range rows {
		if r.InFrame {
			frameTotal += int64(r.FrameBusinesses)
			panelTotal += int64(r.PanelBusinesses)
		}
	}
	out := make([]Stratum, len(rows))
	for i, r := range rows {
		s := Stratum{Sector: r.Sector, SizeBand: r.SizeBand, PanelBusinesses: r.PanelBusinesses,
			ActivePanellists: r.ActivePanellists, FrameBusinesses: r.FrameBusinesses, InFrame: r.InFrame}
		if r.InFrame && frameTotal > 0 {
			s.Target = int32(math.Round(float64(panelTotal) * float64(r.FrameBusinesses) / float64(frameTotal)))
			s.Shortfall = max(0, s.Target-s.PanelBusinesses)
		}
		out[i] = s
	}
	return out
}
