package admin

import (
	"context"
	"fmt"
	"slices"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/calendar"
	"github.com/panelpulse/panelpulse/internal/counts"
)

// PushOutcomes count pushes of one kind by what became of them.
type PushOutcomes struct {
	Queued, Sent, Failed, Cancelled, Opened int32
}

// PushDay is one day of a wave's pushes: first pushes (deliveries), ad-hoc
// pushes and reminders by outcome, and the counts of the day's assignments.
type PushDay struct {
	Day                     calendar.Date
	First, AdHoc, Reminders PushOutcomes
	Counts                  counts.Counts
}

// Unreachable is a panellist whose device tokens FCM all rejected.
type Unreachable struct {
	ID   int64
	Ref  string
	Name string
}

// PushStats reports per day of the wave what became of its pushes with the
// day's counts, and the tenant's panellists no push can reach.
func (s *Service) PushStats(ctx context.Context, tenantID, waveID int64) ([]PushDay, []Unreachable, error) {
	w, err := s.wave(ctx, tenantID, waveID)
	if err != nil {
		return nil, nil, fmt.Errorf("admin.PushStats: %w", err)
	}
	cs, err := counts.Read(ctx, s.st.Q, tenantID, waveDays(w, ""))
	if err != nil {
		return nil, nil, fmt.Errorf("admin.PushStats: %w", err)
	}
	var days []PushDay
	byDay := map[calendar.Date]int{}
	at := func(d calendar.Date) *PushDay {
		i, ok := byDay[d]
		if !ok {
			i = len(days)
			byDay[d] = i
			days = append(days, PushDay{Day: d})
		}
		return &days[i]
	}
	for _, c := range cs {
		at(c.Day).Counts = c.Counts
	}
	rows, err := s.st.Q.PushOutcomesByDay(ctx, dbsqlc.PushOutcomesByDayParams{TenantID: tenantID, WaveID: waveID})
	if err != nil {
		return nil, nil, fmt.Errorf("admin.PushStats: %w", err)
	}
	for _, r := range rows {
		o := PushOutcomes{Queued: r.Queued, Sent: r.Sent, Failed: r.Failed, Cancelled: r.Cancelled, Opened: r.Opened}
		d := at(calendar.DateOf(r.Day))
		switch r.Kind {
		case "delivery":
			d.First = o
		case "adhoc":
			d.AdHoc = o
		case "reminder":
			d.Reminders = o
		}
	}
	slices.SortFunc(days, func(a, b PushDay) int { return a.Day.Compare(b.Day) })
	unr, err := s.st.Q.PanellistListUnreachable(ctx, tenantID)
	if err != nil {
		return nil, nil, fmt.Errorf("admin.PushStats: unreachable: %w", err)
	}
	out := make([]Unreachable, len(unr))
	for i, u := range unr {
		out[i] = Unreachable{ID: u.ID, Ref: u.Ref, Name: u.Name}
	}
	return days, out, nil
}
