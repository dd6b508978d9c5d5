package schedule

import (
	"context"
	"fmt"
	"time"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/calendar"
)

// Calendar returns a tenant's working-day calendar (its region's bank
// holidays plus its closure days) and its time zone.
func Calendar(ctx context.Context, q *dbsqlc.Queries, t dbsqlc.Tenant) (*calendar.Calendar, *time.Location, error) {
	days, err := q.ClosureDayList(ctx, t.ID)
	if err != nil {
		return nil, nil, fmt.Errorf("schedule.Calendar: %w", err)
	}
	closures := make([]calendar.Date, len(days))
	for i, d := range days {
		closures[i] = calendar.DateOf(d)
	}
	cal, err := calendar.New(t.Calendar, closures)
	if err != nil {
		return nil, nil, fmt.Errorf("schedule.Calendar: %w", err)
	}
	loc, err := time.LoadLocation(t.TimeZone)
	if err != nil {
		return nil, nil, fmt.Errorf("schedule.Calendar: tenant time zone: %w", err)
	}
	return cal, loc, nil
}

// dbDate turns a civil date into the value pgx stores in a date column.
func dbDate(d calendar.Date) time.Time { return d.Time(time.UTC) }
