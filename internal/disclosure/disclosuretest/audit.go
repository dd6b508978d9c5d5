// Package disclosuretest is the attacker the disclosure tests run: given
// everything published for a question (cells as sets of atoms, the finest
// units, with their counts and sums) and the scale's bounds, it works out,
// by linear programming, how far each hidden cell's count and sum are
// pinned down by any linear combination of the published cells.
package disclosuretest

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"

	"github.com/panelpulse/panelpulse/internal/disclosure"
)

// Published is a published cell: its atoms, its count of businesses and
// its sum of values (for a share, the number of businesses choosing the
// option).
type Published struct {
	Atoms []int
	N     float64
	Sum   float64
}

// Hidden is a hidden cell the attacker tries to recover.
type Hidden struct {
	Name  string
	Atoms []int
	// Small says the cell has fewer businesses than the threshold: only
	// then is a determined count a disclosure.
	Small bool
}

// Problem is what the attacker knows about one measure of one question:
// every business's value lies in [Lo, Hi].
type Problem struct {
	Lo, Hi float64
	// Bounds adds the linear programmes (the bounds of the scale and of
	// the counts) to the exact linear check; they cost far more, so large
	// problems run the linear check only.
	Bounds    bool
	Atoms     int
	Published []Published
	Hidden    []Hidden
}

// Finding is one recoverable hidden cell.
type Finding struct {
	Name string
	What string
}

func (f Finding) String() string { return f.Name + ": " + f.What }

// Audit returns the hidden cells whose count is determined (the linear
// programme's range for it is narrower than one business), or whose sum is
// confined to an interval narrower than half of one business's range,
// unless the cell is pinned at the scale's end (every business in it at the
// bound, which a published cell containing it already tells: group
// disclosure, which suppression cannot prevent).
//
// Variables per atom a: its count n_a >= 0, its excess e_a = sum - Lo*n_a
// >= 0 and its shortfall f_a = Hi*n_a - sum >= 0 (so e_a + f_a = (Hi-Lo)
// n_a). A hidden cell is published exactly as an empty one, so the
// attacker knows no lower bound on its count but zero; it does know which
// atoms are empty (only non-empty atoms are variables), so an empty cell
// never protects another.
func Audit(p Problem) ([]Finding, error) {
	w := p.Hi - p.Lo
	sets := make([][]int, len(p.Published))
	for i, c := range p.Published {
		sets[i] = c.Atoms
	}
	ind := disclosure.Independent(sets)
	// One hidden cell per atom set: views often repeat a cell.
	seen := map[string]bool{}
	var hidden []Hidden
	for _, h := range p.Hidden {
		k := fmt.Sprint(h.Atoms)
		if !seen[k] {
			seen[k] = true
			hidden = append(hidden, h)
		}
	}
	p.Hidden = hidden
	var out []Finding
	basis := make([][]int, len(ind))
	for i, j := range ind {
		basis[i] = sets[j]
	}
	var open []Hidden
	for _, h := range p.Hidden {
		if disclosure.Determined(basis, h.Atoms) {
			out = append(out, Finding{h.Name, "count and sum are a linear combination of published cells"})
			continue
		}
		open = append(open, h)
	}
	if !p.Bounds {
		return out, nil
	}
	p.Hidden = open
	A := p.Atoms
	nv := 3 * A
	nr := A + 2*len(ind)
	m := mat.NewDense(nr, nv, nil)
	b := make([]float64, nr)
	r := 0
	for a := range A {
		m.Set(r, A+a, 1)
		m.Set(r, 2*A+a, 1)
		m.Set(r, a, -w)
		r++
	}
	for _, i := range ind {
		c := p.Published[i]
		for _, a := range c.Atoms {
			m.Set(r, a, 1)
			m.Set(r+1, A+a, 1)
		}
		b[r], b[r+1] = c.N, c.Sum-p.Lo*c.N
		r += 2
	}
	for _, h := range p.Hidden {
		rng := func(off int) (lo, hi float64, err error) {
			c := make([]float64, nv)
			for _, a := range h.Atoms {
				c[off+a] = 1
			}
			lo, err = solve(c, m, b)
			if err != nil {
				return 0, 0, err
			}
			for i := range c {
				c[i] = -c[i]
			}
			neg, err := solve(c, m, b)
			return lo, -neg, err
		}
		nlo, nhi, err := rng(0)
		if err != nil {
			return nil, fmt.Errorf("cell %s: count: %w", h.Name, err)
		}
		if h.Small && nhi-nlo < 1-1e-6 {
			out = append(out, Finding{h.Name, fmt.Sprintf("count determined in [%.3f, %.3f]", nlo, nhi)})
			continue
		}
		elo, ehi, err := rng(A)
		if err != nil {
			return nil, fmt.Errorf("cell %s: sum: %w", h.Name, err)
		}
		_, fhi, err := rng(2 * A)
		if err != nil {
			return nil, fmt.Errorf("cell %s: shortfall: %w", h.Name, err)
		}
		pinned := ehi < 1e-6 || fhi < 1e-6
		if !pinned && ehi-elo < w/2 {
			out = append(out, Finding{h.Name, fmt.Sprintf("sum confined to [%.3f, %.3f] above the minimum", elo, ehi)})
		}
	}
	return out, nil
}

// solve minimises c.x subject to m x = b, x >= 0; an unbounded direction
// is an infinite range (never a finding).
func solve(c []float64, m *mat.Dense, b []float64) (float64, error) {
	f, _, err := lp.Simplex(c, m, b, 1e-9, nil)
	if errors.Is(err, lp.ErrUnbounded) {
		return math.Inf(-1), nil
	}
	return f, err
}
