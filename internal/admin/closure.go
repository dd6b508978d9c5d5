package admin

import (
	"context"
	"fmt"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/calendar"
	"github.com/panelpulse/panelpulse/internal/fault"
)

// ClosureDay is one of a tenant's own non-working days (a region's list on
// top of its bank holidays): no assignment is planned on it and the wave
// plans skip it like a weekend.
type ClosureDay struct {
	Day    calendar.Date
	Reason string
}

// ClosureDays lists the tenant's closure days in date order.
func (s *Service) ClosureDays(ctx context.Context, tenantID int64) ([]ClosureDay, error) {
	rows, err := s.st.Q.ClosureDayListDetailed(ctx, tenantID)
	if err != nil {
		return nil, fmt.Errorf("admin.ClosureDays: %w", err)
	}
	out := make([]ClosureDay, len(rows))
	for i, r := range rows {
		out[i] = ClosureDay{Day: calendar.DateOf(r.Day), Reason: r.Reason}
	}
	return out, nil
}

// SetClosureDays replaces the tenant's closure days with days ("YYYY-MM-DD"
// and a reason each) and returns the stored list. Days already planned keep
// their assignments; the change applies to days planned from now on.
func (s *Service) SetClosureDays(ctx context.Context, tenantID int64, days []string, reasons []string) ([]ClosureDay, error) {
	if len(reasons) != len(days) {
		return nil, fault.New(fault.Invalid, "days and reasons must pair up")
	}
	parsed := make([]calendar.Date, len(days))
	for i, d := range days {
		var err error
		if parsed[i], err = saneDate(fmt.Sprintf("days[%d].day", i), d); err != nil {
			return nil, fault.New(fault.Invalid, "%v", err)
		}
	}
	err := s.st.InTx(ctx, func(q *dbsqlc.Queries) error {
		if err := q.ClosureDayDeleteAll(ctx, tenantID); err != nil {
			return err
		}
		for i, d := range parsed {
			if err := q.ClosureDayInsert(ctx, dbsqlc.ClosureDayInsertParams{TenantID: tenantID, Day: d.Time(nil), Reason: reasons[i]}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("admin.SetClosureDays: %w", err)
	}
	return s.ClosureDays(ctx, tenantID)
}
