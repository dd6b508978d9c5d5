package schedule

import (
	"context"
	"fmt"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/calendar"
)

// PreviewRow is what one plan item of a wave would send on one day.
type PreviewRow struct {
	Day         calendar.Date
	DayIndex    int
	QuestionID  int64
	QuestionKey string
	Segment     string
	Split       int16
	// Panellists is how many panellists would receive it, counting the
	// daily cap, pauses and join dates, with the panel as it is now.
	Panellists int
}

// Preview is a dry run of a wave: per working day and plan item, how many
// panellists would receive the question, computed with the same targeting
// and cap as PlanDay but without writing. It assumes no other wave or
// ad-hoc item uses the panellists' room on those days.
func Preview(ctx context.Context, q *dbsqlc.Queries, t dbsqlc.Tenant, waveID int64) ([]PreviewRow, error) {
	w, err := q.WaveGet(ctx, dbsqlc.WaveGetParams{TenantID: t.ID, ID: waveID})
	if err != nil {
		return nil, fmt.Errorf("schedule.Preview: %w", err)
	}
	cal, _, err := Calendar(ctx, q, t)
	if err != nil {
		return nil, err
	}
	items, err := q.PlanItemListForWave(ctx, dbsqlc.PlanItemListForWaveParams{TenantID: t.ID, WaveID: waveID})
	if err != nil {
		return nil, fmt.Errorf("schedule.Preview: %w", err)
	}
	keys := map[int64]string{}
	var days []int32
	for _, it := range items {
		keys[it.QuestionID] = it.Key
		if len(days) == 0 || days[len(days)-1] != it.DayIndex {
			days = append(days, it.DayIndex)
		}
	}
	start := calendar.DateOf(w.StartDate)
	var out []PreviewRow
	for _, idx := range days {
		if idx >= w.WorkingDays {
			continue
		}
		day := cal.AddWorkingDays(cal.WorkingDayOnOrAfter(start), int(idx))
		rows, err := q.SchedulePreviewDay(ctx, dbsqlc.SchedulePreviewDayParams{
			TenantID: t.ID, WaveID: waveID, DayIndex: idx, Day: dbDate(day), Seed: w.Seed, DailyCap: t.DailyCap,
		})
		if err != nil {
			return nil, fmt.Errorf("schedule.Preview day %d: %w", idx, err)
		}
		for _, r := range rows {
			out = append(out, PreviewRow{
				Day: day, DayIndex: int(idx), QuestionID: r.QuestionID, QuestionKey: keys[r.QuestionID],
				Segment: r.Segment, Split: r.Split, Panellists: int(r.Panellists),
			})
		}
	}
	return out, nil
}
