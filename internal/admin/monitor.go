package admin

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/fault"
	"github.com/panelpulse/panelpulse/internal/store"
)

// MonitorDimensions are the segment splits the response monitor offers.
var MonitorDimensions = []string{"all", "sector", "size_band", "district", "role"}

// MonitorRow counts one day and segment of a wave's assignments: made,
// carried by a sent push, opened (push acknowledged or answered) and
// answered.
type MonitorRow struct {
	Day      time.Time
	Segment  string
	Assigned int32
	Pushed   int32
	Opened   int32
	Answered int32
}

// ResponseRate is answered over assigned, 0 when nothing was assigned.
func (r MonitorRow) ResponseRate() float64 { return responseRate(r.Answered, r.Assigned) }

// Stopped is a panellist who answered none of their last three assigned
// weekdays of a wave. LastAnsweredDay is "YYYY-MM-DD" or empty.
type Stopped struct {
	Ref             string
	Name            string
	BusinessRef     string
	Sector          string
	LastAnsweredDay string
}

// ResponseMonitor reports per day and segment (split by dimension, one of
// MonitorDimensions; empty means "all") a wave's assigned, pushed, opened
// and answered counts, and the panellists who stopped answering: those
// whose last three assigned days that are over (closed by now, or
// answered) have no answer.
func (s *Service) ResponseMonitor(ctx context.Context, tenantID, waveID int64, dimension string) ([]MonitorRow, []Stopped, error) {
	if dimension == "" {
		dimension = "all"
	}
	valid := false
	for _, d := range MonitorDimensions {
		valid = valid || d == dimension
	}
	if !valid {
		return nil, nil, fault.New(fault.Invalid, "dimension %q is not one of all, sector, size_band, district, role", dimension)
	}
	if _, err := s.st.Q.WaveGet(ctx, dbsqlc.WaveGetParams{TenantID: tenantID, ID: waveID}); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return nil, nil, fault.New(fault.NotFound, "wave %d does not exist", waveID)
		}
		return nil, nil, fmt.Errorf("admin.ResponseMonitor: wave: %w", err)
	}
	rows, err := s.st.Q.MonitorWaveDaySegment(ctx, dbsqlc.MonitorWaveDaySegmentParams{
		TenantID: tenantID, WaveID: waveID, Dimension: dimension,
	})
	if err != nil {
		return nil, nil, fmt.Errorf("admin.ResponseMonitor: counts: %w", err)
	}
	out := make([]MonitorRow, len(rows))
	for i, r := range rows {
		out[i] = MonitorRow(r)
	}
	st, err := s.st.Q.MonitorWaveStopped(ctx, dbsqlc.MonitorWaveStoppedParams{
		TenantID: tenantID, WaveID: waveID, Now: s.clock.Now(),
	})
	if err != nil {
		return nil, nil, fmt.Errorf("admin.ResponseMonitor: stopped: %w", err)
	}
	stopped := make([]Stopped, len(st))
	for i, r := range st {
		stopped[i] = Stopped(r)
	}
	return out, stopped, nil
}
