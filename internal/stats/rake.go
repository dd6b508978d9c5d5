package stats

import (
	"fmt"
	"math"
	"strings"
)

// Margin is one raking variable: the category of every sample unit and the
// population total of every category.
type Margin struct {
	Name       string             `json:"name"`
	Categories []string           `json:"categories"`
	Totals     map[string]float64 `json:"totals"`
}

// RakeOptions controls the iterations of Rake. Zero values take defaults.
type RakeOptions struct {
	// Tolerance is the largest relative gap |weighted total - population
	// total| / population total allowed on any margin category after a
	// full cycle. Default 1e-6.
	Tolerance float64
	// MaxIterations caps the full cycles over the margins. Default 100
	// (survey::rake stops at 10, which is short for sparse panels).
	MaxIterations int
}

// Defaults for RakeOptions.
const (
	DefaultRakeTolerance     = 1e-6
	DefaultRakeMaxIterations = 100
)

// RakeResult holds raked weights, one per unit, with the number of full
// cycles run and the largest relative gap left on any margin category.
type RakeResult struct {
	Weights    []float64 `json:"weights"`
	Iterations int       `json:"iterations"`
	MaxGap     float64   `json:"max_gap"`
}

// Rake adjusts the base weights (nil for equal ones) by iterative
// proportional fitting until the weighted sample matches every margin, as R's
// survey::rake does: each cycle post-stratifies to each margin in turn, and
// cycling stops once the largest relative gap on any category is below the
// tolerance. The weights keep the association between the margins found in
// the sample (for two margins, its odds ratios).
//
// It fails with ErrEmptyCell when a category with a positive population
// total has no sample weight, with ErrInvalidInput when a unit's category is
// missing from its margin's totals or the margins' grand totals disagree,
// and with ErrNotConverged after MaxIterations cycles (survey::rake only
// warns; a series must not publish weights that miss the frame). With
// ErrNotConverged the result still holds the last weights, for diagnosis.
func Rake(base []float64, margins []Margin, opts RakeOptions) (RakeResult, error) {
	if opts.Tolerance == 0 {
		opts.Tolerance = DefaultRakeTolerance
	}
	if opts.MaxIterations == 0 {
		opts.MaxIterations = DefaultRakeMaxIterations
	}
	if !(opts.Tolerance > 0) || opts.MaxIterations < 0 {
		return RakeResult{}, fmt.Errorf("stats.Rake: tolerance %v and max iterations %d must be positive: %w",
			opts.Tolerance, opts.MaxIterations, ErrInvalidInput)
	}
	if len(margins) == 0 {
		return RakeResult{}, fmt.Errorf("stats.Rake: no margins: %w", ErrInvalidInput)
	}
	n := len(margins[0].Categories)
	w, err := baseWeights(n, base)
	if err != nil {
		return RakeResult{}, fmt.Errorf("stats.Rake: %w", err)
	}
	if err := checkMargins(w, margins); err != nil {
		return RakeResult{}, fmt.Errorf("stats.Rake: %w", err)
	}
	res := RakeResult{Weights: w}
	for res.Iterations < opts.MaxIterations {
		res.Iterations++
		for _, m := range margins {
			sums := marginSums(w, m)
			for i, c := range m.Categories {
				if s := sums[c]; s > 0 {
					w[i] *= m.Totals[c] / s
				}
			}
		}
		res.MaxGap = maxGap(w, margins)
		if res.MaxGap < opts.Tolerance {
			return res, nil
		}
	}
	return res, fmt.Errorf("stats.Rake: largest relative gap %.3g after %d iterations, tolerance %.3g: %w",
		res.MaxGap, res.Iterations, opts.Tolerance, ErrNotConverged)
}

// checkMargins validates the margins against the base weights w.
func checkMargins(w []float64, margins []Margin) error {
	grand := math.NaN()
	for _, m := range margins {
		if len(m.Categories) != len(w) {
			return fmt.Errorf("margin %q has %d units, want %d: %w", m.Name, len(m.Categories), len(w), ErrInvalidInput)
		}
		var total float64
		for c, t := range m.Totals {
			if !finite(t) || t < 0 {
				return fmt.Errorf("margin %q category %q total %v: %w", m.Name, c, t, ErrInvalidInput)
			}
			total += t
		}
		if !(total > 0) {
			return fmt.Errorf("margin %q has no population: %w", m.Name, ErrInvalidInput)
		}
		if math.IsNaN(grand) {
			grand = total
		} else if math.Abs(total-grand) > 1e-9*grand {
			return fmt.Errorf("margin %q totals %v, but the first margin %v: %w", m.Name, total, grand, ErrInvalidInput)
		}
		for i, c := range m.Categories {
			if _, ok := m.Totals[c]; !ok {
				return fmt.Errorf("unit %d: margin %q has no category %q: %w", i, m.Name, c, ErrInvalidInput)
			}
		}
		sums := marginSums(w, m)
		var empty []string
		for _, c := range sortedKeys(m.Totals) {
			if m.Totals[c] > 0 && !(sums[c] > 0) {
				empty = append(empty, c)
			}
		}
		if len(empty) > 0 {
			return fmt.Errorf("margin %q categories %s: %w", m.Name, strings.Join(empty, ", "), ErrEmptyCell)
		}
	}
	return nil
}

// marginSums returns the weighted sample total of each category of m.
func marginSums(w []float64, m Margin) map[string]float64 {
	sums := make(map[string]float64, len(m.Totals))
	for i, c := range m.Categories {
		sums[c] += w[i]
	}
	return sums
}

// maxGap returns the largest relative gap between weighted sample totals
// and population totals over every category of every margin. A category
// with a zero population total is measured against the margin's total.
func maxGap(w []float64, margins []Margin) float64 {
	var gap float64
	for _, m := range margins {
		sums := marginSums(w, m)
		var total float64
		for _, t := range m.Totals {
			total += t
		}
		for c, t := range m.Totals {
			d := math.Abs(sums[c] - t)
			if t > 0 {
				d /= t
			} else {
				d /= total
			}
			gap = math.Max(gap, d)
		}
	}
	return gap
}
