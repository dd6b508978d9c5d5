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

// PushDay counts one day of a wave's pushes by outcome, with the receipts:
// opened, answered after the push and the median time to that answer.
type PushDay struct {
	Day                   time.Time
	Queued                int32
	Sent                  int32
	Failed                int32
	Cancelled             int32
	Opened                int32
	AnsweredAfterPush     int32
	MedianSecondsToAnswer float64
}

// Unreachable is a panellist whose device tokens FCM all rejected.
type Unreachable struct {
	ID   int64
	Ref  string
	Name string
}

// PushStats reports per day of the wave what became of its pushes, and the
// tenant's panellists no push can reach.
func (s *Service) PushStats(ctx context.Context, tenantID, waveID int64) ([]PushDay, []Unreachable, error) {
	if _, err := s.st.Q.WaveGet(ctx, dbsqlc.WaveGetParams{TenantID: tenantID, ID: waveID}); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return nil, nil, fault.New(fault.NotFound, "wave %d does not exist", waveID)
		}
		return nil, nil, fmt.Errorf("admin.PushStats: %w", err)
	}
	rows, err := s.st.Q.PushStatsByDay(ctx, dbsqlc.PushStatsByDayParams{TenantID: tenantID, WaveID: waveID})
	if err != nil {
		return nil, nil, fmt.Errorf("admin.PushStats: %w", err)
	}
	days := make([]PushDay, len(rows))
	for i, r := range rows {
		days[i] = PushDay(r)
	}
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
