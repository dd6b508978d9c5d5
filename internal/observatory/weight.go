package observatory

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/panelpulse/panelpulse/internal/stats"
)

// TrimFactor caps a business's weight at this multiple of the mean weight
// (survey::trimWeights with upper = 5 * mean); the trimmed excess is spread
// over the other businesses so the total still matches the frame.
const TrimFactor = 5

// frame loads the tenant's population frame (nil when none was imported).
func (s *Service) frame(ctx context.Context, tenantID int64) (stats.Frame, error) {
	rows, err := s.st.Q.PopulationStratumList(ctx, tenantID)
	if err != nil {
		return nil, fmt.Errorf("observatory.frame: %w", err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	f := stats.Frame{}
	for _, r := range rows {
		f[stats.Stratum{Sector: r.Sector, SizeBand: r.SizeBand}] = float64(r.Businesses)
	}
	return f, nil
}

// periodWeights rakes a period's responding businesses to the frame's
// sector and size-band margins, trims the weights, and returns the weight of
// one business in each stratum (all businesses of a stratum get the same
// weight, so raking the strata with base weight n_h is raking the
// businesses).
func periodWeights(all map[WStratum]int, frame stats.Frame) (map[WStratum]float64, error) {
	keys := make([]WStratum, 0, len(all))
	for k, n := range all {
		if n > 0 {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return map[WStratum]float64{}, nil
	}
	slices.SortFunc(keys, func(a, b WStratum) int {
		if a.Sector != b.Sector {
			return cmpString(a.Sector, b.Sector)
		}
		return cmpString(a.SizeBand, b.SizeBand)
	})
	units := make([]stats.Stratum, len(keys))
	base := make([]float64, len(keys))
	for i, k := range keys {
		units[i] = stats.Stratum{Sector: k.Sector, SizeBand: k.SizeBand}
		base[i] = float64(all[k])
	}
	res, err := stats.Rake(base, frame.RakeMargins(units), stats.RakeOptions{})
	if err != nil {
		return nil, fmt.Errorf("raking to the population frame: %w", err)
	}
	// Trim the weight of each business; the businesses of a stratum share
	// one weight, so the strata are trimmed as groups.
	per := make([]float64, len(keys))
	counts := make([]int, len(keys))
	var total float64
	var n int
	for i, k := range keys {
		counts[i] = all[k]
		per[i] = res.Weights[i] / float64(all[k])
		total += res.Weights[i]
		n += all[k]
	}
	trimmed, err := stats.TrimGroupedWeights(per, counts, math.Inf(-1), TrimFactor*total/float64(n))
	if err != nil {
		return nil, fmt.Errorf("trimming weights: %w", err)
	}
	out := make(map[WStratum]float64, len(keys))
	for i, k := range keys {
		out[k] = trimmed[i]
	}
	return out, nil
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
