package observatory

import (
	"context"
	"fmt"
)

// Total is a question's whole-panel cell over its latest wave, read
// Current (every acknowledged answer), with the tenant's suppression
// threshold. A question nobody has answered yet has a suppressed cell with
// no counts. Finding tests are read this way, by the facilitator live and
// by the panellists who helped test them.
func (s *Service) Total(ctx context.Context, tenantID int64, key string) (Cell, int, error) {
	tr, err := s.Trend(ctx, tenantID, Request{QuestionKey: key, Period: Wave, Dimension: All, Current: true})
	if err != nil {
		return Cell{}, 0, fmt.Errorf("observatory.Total: %w", err)
	}
	out := Cell{Segment: "all", Suppressed: true}
	for _, c := range tr.Cells {
		if c.Segment == "all" {
			out = c
		}
	}
	return out, tr.Threshold, nil
}
