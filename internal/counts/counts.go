// Package counts reads the one definition of the counts every report
// gives: assigned, pushed, reminded, opened, answered and answered after a
// push. They are defined once, per assignment, by the database view
// assignment_count, and read only through Read; the response rates, the
// response monitor, the push statistics, the plan status and the programme
// home all call it, so the same day and segment shows the same numbers in
// every RPC, export and screen. docs/counts.md states the definitions.
package counts

import (
	"context"
	"fmt"
	"time"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/calendar"
	"github.com/panelpulse/panelpulse/internal/fault"
)

// Counts are what became of a set of assignments.
type Counts struct {
	// Assigned counts the assignments made.
	Assigned int32
	// AdHoc counts those of them that were ad hoc (outside a wave's plan).
	AdHoc int32
	// Pushed counts assignments whose first push of the panellist's day
	// (the delivery, or the ad-hoc push for items added after it; never a
	// reminder) FCM accepted.
	Pushed int32
	// Reminded counts assignments a reminder carrying them reached.
	Reminded int32
	// Opened counts assignments carried by a notification the app
	// acknowledged (a first push or a reminder).
	Opened int32
	// Answered counts assignments with a stored answer (stored only before
	// close or within the tenant's grace period).
	Answered int32
	// AnsweredAfterPush counts answered assignments whose answer was given
	// at or after their first push was accepted.
	AnsweredAfterPush int32
	// MedianSecondsToAnswer is the median time from that push to that
	// answer (0 when none).
	MedianSecondsToAnswer float64
}

// ResponseRate is Answered over Assigned, 0 when nothing was assigned.
func (c Counts) ResponseRate() float64 {
	if c.Assigned == 0 {
		return 0
	}
	return float64(c.Answered) / float64(c.Assigned)
}

// Add sums two sets of counts. The median of the sum is not known from
// the parts, so the sum keeps none.
func (c Counts) Add(o Counts) Counts {
	return Counts{
		Assigned: c.Assigned + o.Assigned, AdHoc: c.AdHoc + o.AdHoc, Pushed: c.Pushed + o.Pushed,
		Reminded: c.Reminded + o.Reminded, Opened: c.Opened + o.Opened, Answered: c.Answered + o.Answered,
		AnsweredAfterPush: c.AnsweredAfterPush + o.AnsweredAfterPush,
	}
}

// Dimensions name the one-way splits of the panel counts can be read by
// ("all" is no split); they are the prefixes of stored segment names.
var Dimensions = []string{"all", "sector", "size", "district", "role"}

// Filter picks the assignments counted.
type Filter struct {
	// WaveID is the wave, or 0 for every wave of the tenant.
	WaveID int64
	// From and To bound the assignments' days (inclusive).
	From, To calendar.Date
	// Dimension splits the counts into segments: one of Dimensions;
	// empty means "all".
	Dimension string
}

// Row counts one day and segment. Segment is named as stored segments are:
// "all", "sector:Logistics", "size:10-49".
type Row struct {
	Day     calendar.Date
	Segment string
	Counts
}

// Read counts the tenant's assignments picked by f, per day and segment,
// ordered by day and segment. Days with no assignment have no row.
func Read(ctx context.Context, q *dbsqlc.Queries, tenantID int64, f Filter) ([]Row, error) {
	dim := f.Dimension
	if dim == "" {
		dim = "all"
	}
	valid := false
	for _, d := range Dimensions {
		valid = valid || d == dim
	}
	if !valid {
		return nil, fault.New(fault.Invalid, "dimension %q is not one of all, sector, size, district, role", dim)
	}
	rows, err := q.CountsByDay(ctx, dbsqlc.CountsByDayParams{
		TenantID: tenantID, WaveID: f.WaveID, Dimension: dim,
		FromDay: f.From.Time(nil), ToDay: f.To.Time(nil),
	})
	if err != nil {
		return nil, fmt.Errorf("counts.Read: %w", err)
	}
	out := make([]Row, len(rows))
	for i, r := range rows {
		out[i] = Row{Day: calendar.DateOf(r.Day), Segment: r.Segment, Counts: Counts{
			Assigned: r.Assigned, AdHoc: r.Adhoc, Pushed: r.Pushed, Reminded: r.Reminded, Opened: r.Opened,
			Answered: r.Answered, AnsweredAfterPush: r.AnsweredAfterPush, MedianSecondsToAnswer: r.MedianSecondsToAnswer,
		}}
	}
	return out, nil
}

// Total sums the counts of the rows (every day and segment).
func Total(rows []Row) Counts {
	var c Counts
	for _, r := range rows {
		c = c.Add(r.Counts)
	}
	return c
}

// Stopped is a panellist who stopped answering a wave. LastAnsweredDay is
// "YYYY-MM-DD" or empty.
type Stopped struct {
	ID              int64
	Ref             string
	Name            string
	BusinessRef     string
	Sector          string
	LastAnsweredDay string
}

// ReadStopped lists, by panellist id after afterID and at most limit, the
// panellists of a wave none of whose last days assigned days that are
// over (closed at now, or answered) has an answer; withdrawn panellists
// are left out.
func ReadStopped(ctx context.Context, q *dbsqlc.Queries, tenantID, waveID int64, days int, now time.Time, afterID int64, limit int) ([]Stopped, error) {
	rows, err := q.CountsStopped(ctx, dbsqlc.CountsStoppedParams{
		TenantID: tenantID, WaveID: waveID, WorkingDays: int32(days), Now: now, AfterID: afterID, MaxRows: int32(limit),
	})
	if err != nil {
		return nil, fmt.Errorf("counts.ReadStopped: %w", err)
	}
	out := make([]Stopped, len(rows))
	for i, r := range rows {
		out[i] = Stopped(r)
	}
	return out, nil
}
