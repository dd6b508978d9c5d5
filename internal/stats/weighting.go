package stats

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
)

// Stratum is a cell of the population frame: a sector and a size band.
type Stratum struct {
	Sector   string `json:"sector"`
	SizeBand string `json:"size_band"`
}

// String returns "sector/size band", for messages.
func (s Stratum) String() string { return s.Sector + "/" + s.SizeBand }

// Frame is the population frame of a tenant's region: the number of
// businesses in each stratum, from official business counts. Strata with a
// zero count are treated as absent.
type Frame map[Stratum]float64

// validate refuses negative or non-finite counts.
func (f Frame) validate() error {
	for s, c := range f {
		if !finite(c) || c < 0 {
			return fmt.Errorf("frame count %v for %s: %w", c, s, ErrInvalidInput)
		}
	}
	return nil
}

// PostStratify returns weights that make the sample match the frame cell by
// cell: unit i in stratum h gets base_i * N_h / sum_{j in h} base_j, so the
// weights in each stratum sum to its population count. units holds each
// sample unit's stratum (one unit per business: see ShareBusinessWeights);
// base holds design weights, or is nil for equal ones.
//
// A unit in a stratum the frame lacks is an error (the frame or the
// business's attributes are wrong), and so is a frame stratum with
// businesses but no sample (ErrEmptyCell, listing every such stratum): as
// with survey::postStratify, collapse strata or rake instead.
func PostStratify(units []Stratum, base []float64, frame Frame) ([]float64, error) {
	if err := frame.validate(); err != nil {
		return nil, fmt.Errorf("stats.PostStratify: %w", err)
	}
	b, err := baseWeights(len(units), base)
	if err != nil {
		return nil, fmt.Errorf("stats.PostStratify: %w", err)
	}
	sums := make(map[Stratum]float64, len(frame))
	for i, u := range units {
		if frame[u] == 0 {
			return nil, fmt.Errorf("stats.PostStratify: unit %d in stratum %s, which has no businesses in the frame: %w",
				i, u, ErrInvalidInput)
		}
		sums[u] += b[i]
	}
	var empty []string
	for s, c := range frame {
		if c > 0 && !(sums[s] > 0) {
			empty = append(empty, s.String())
		}
	}
	if len(empty) > 0 {
		slices.Sort(empty)
		return nil, fmt.Errorf("stats.PostStratify: strata %s: %w", strings.Join(empty, ", "), ErrEmptyCell)
	}
	ws := make([]float64, len(units))
	for i, u := range units {
		ws[i] = b[i] * frame[u] / sums[u]
	}
	return ws, nil
}

// RakeMargins returns the two margins of the frame, sector and size band,
// for raking units (one stratum per unit) to it with Rake. Raking needs only
// the margins to be right, so it copes with frame cells that have no sample,
// which post-stratification cannot.
func (f Frame) RakeMargins(units []Stratum) []Margin {
	sector := Margin{Name: "sector", Totals: map[string]float64{}, Categories: make([]string, len(units))}
	size := Margin{Name: "size_band", Totals: map[string]float64{}, Categories: make([]string, len(units))}
	for s, c := range f {
		if c > 0 {
			sector.Totals[s.Sector] += c
			size.Totals[s.SizeBand] += c
		}
	}
	for i, u := range units {
		sector.Categories[i] = u.Sector
		size.Categories[i] = u.SizeBand
	}
	return []Margin{sector, size}
}

// ShareBusinessWeights applies the business-as-unit rule: the business is
// the unit of analysis, so each business's weight is shared equally among
// its respondents. businessOf holds each respondent's business id; weights
// holds each business's weight. The returned weights, one per respondent,
// sum over a business to its weight, so aggregates count each business once.
func ShareBusinessWeights(businessOf []string, weights map[string]float64) ([]float64, error) {
	count := make(map[string]int, len(weights))
	for _, b := range businessOf {
		count[b]++
	}
	out := make([]float64, len(businessOf))
	for i, b := range businessOf {
		w, ok := weights[b]
		if !ok {
			return nil, fmt.Errorf("stats.ShareBusinessWeights: respondent %d: business %q has no weight: %w", i, b, ErrInvalidInput)
		}
		out[i] = w / float64(count[b])
	}
	return out, nil
}

// baseWeights returns base, checked, or n ones when base is nil.
func baseWeights(n int, base []float64) ([]float64, error) {
	if base == nil {
		b := make([]float64, n)
		for i := range b {
			b[i] = 1
		}
		return b, nil
	}
	if len(base) != n {
		return nil, fmt.Errorf("%d units but %d base weights: %w", n, len(base), ErrInvalidInput)
	}
	for i, w := range base {
		if !finite(w) || w < 0 {
			return nil, fmt.Errorf("base weight %d is %v: %w", i, w, ErrInvalidInput)
		}
	}
	return slices.Clone(base), nil
}

// sortedKeys returns the keys of m in order, so that loops over maps (and
// the floating-point sums they make) are reproducible.
func sortedKeys[K cmp.Ordered, V any](m map[K]V) []K {
	return slices.Sorted(maps.Keys(m))
}

// TrimWeights caps weights at lower and upper bounds as R's
// survey::trimWeights does with strict=TRUE: weights outside the bounds are
// set to the bound, the weight removed (or added) is shared out equally over
// the units not trimmed so that the total is unchanged, and this repeats
// until no weight lies outside the bounds. Use -Inf or +Inf for no bound.
//
// Unlike the recursion in survey, a unit once capped stays at its bound (so
// the loop ends in about len(ws) rounds) unless every unit is at a bound and
// the total is still off, when the units that can move absorb the rest. Bounds that no set of weights
// with this total can meet (total > n*upper or total < n*lower) are an
// error, as are negative or non-finite weights.
func TrimWeights(ws []float64, lower, upper float64) ([]float64, error) {
	ones := make([]int, len(ws))
	for i := range ones {
		ones[i] = 1
	}
	return TrimGroupedWeights(ws, ones, lower, upper)
}

// TrimGroupedWeights is TrimWeights for units in groups that share one
// weight: ws[g] is the weight of each of the counts[g] units of group g. It
// returns the trimmed weight of each group's units, the same as TrimWeights
// gives for the units one by one (units with equal weights are trimmed and
// receive shares alike), in time that grows with the groups, not the units.
func TrimGroupedWeights(ws []float64, counts []int, lower, upper float64) ([]float64, error) {
	if math.IsNaN(lower) || math.IsNaN(upper) || lower > upper || len(counts) != len(ws) {
		return nil, fmt.Errorf("stats.TrimWeights: bounds [%v, %v] for %d weights in %d groups: %w", lower, upper, len(ws), len(counts), ErrInvalidInput)
	}
	w := slices.Clone(ws)
	var total, n float64
	for i, x := range w {
		if !finite(x) || x < 0 || counts[i] < 0 {
			return nil, fmt.Errorf("stats.TrimWeights: weight %d is %v (%d units): %w", i, x, counts[i], ErrInvalidInput)
		}
		total += x * float64(counts[i])
		n += float64(counts[i])
	}
	const slack = 1e-12
	if total > n*upper*(1+slack) || total < n*lower*(1-slack) {
		return nil, fmt.Errorf("stats.TrimWeights: %v weights totalling %v cannot all lie in [%v, %v]: %w",
			n, total, lower, upper, ErrInvalidInput)
	}
	fixed := make([]bool, len(w))
	for i, c := range counts {
		fixed[i] = c == 0 // an empty group neither gives nor takes
	}
	for range 2*len(w) + 2 {
		var excess float64
		trimmed := false
		for i, x := range w {
			if fixed[i] {
				continue
			}
			switch {
			case x > upper:
				excess += (x - upper) * float64(counts[i])
				w[i], fixed[i], trimmed = upper, true, true
			case x < lower:
				excess -= (lower - x) * float64(counts[i])
				w[i], fixed[i], trimmed = lower, true, true
			}
		}
		if !trimmed {
			return w, nil
		}
		receivers := unfixed(fixed)
		if len(receivers) == 0 {
			if math.Abs(excess) <= slack*total {
				return w, nil
			}
			// Every unit sits at a bound but the total is off (a raised
			// low weight outweighed a capped high one): let the units that
			// can move in the needed direction take the excess.
			for i, x := range w {
				if counts[i] > 0 && ((excess > 0 && x < upper) || (excess < 0 && x > lower)) {
					fixed[i] = false
				}
			}
			receivers = unfixed(fixed)
		}
		var units float64
		for _, i := range receivers {
			units += float64(counts[i])
		}
		share := excess / units
		for _, i := range receivers {
			w[i] += share
		}
	}
	return nil, fmt.Errorf("stats.TrimWeights: weights did not settle within the bounds: %w", ErrNotConverged)
}

// unfixed returns the indexes of the units not held at a bound.
func unfixed(fixed []bool) []int {
	var out []int
	for i, f := range fixed {
		if !f {
			out = append(out, i)
		}
	}
	return out
}
