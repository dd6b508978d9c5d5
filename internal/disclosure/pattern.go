// Package disclosure decides what may be published of a question's
// answers: one suppression pattern over the whole set of linked tables a
// user can request for the question (the total, every one-way and two-way
// table, at every grain), and the step rule for results that are still
// moving (live results, days still open, revisions and erasures).
//
// Every output passes it: the observatory's trend series and exports, the
// panellist's sector view and the roundtable's live view are all read from
// cells whose state this package decided.
package disclosure

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
)

// State says whether a cell is published.
type State uint8

// The states of a cell.
const (
	// Shown cells publish their values and counts.
	Shown State = iota
	// Empty cells have no respondents: they publish a count of zero and no
	// values, and they never protect another cell.
	Empty
	// Primary cells have fewer businesses with a value than the threshold.
	Primary
	// Secondary cells are large enough but hidden so that no primary cell
	// can be worked out from the published ones.
	Secondary
)

// Hidden reports whether the cell publishes neither values nor counts.
func (s State) Hidden() bool { return s == Primary || s == Secondary }

// String returns "shown", "empty", "primary" or "secondary".
func (s State) String() string {
	switch s {
	case Shown:
		return "shown"
	case Empty:
		return "empty"
	case Primary:
		return "primary"
	case Secondary:
		return "secondary"
	}
	return fmt.Sprintf("State(%d)", uint8(s))
}

// Published is the word outputs carry for a state: a hidden cell says only
// "suppressed" (whether it is primary or secondary would tell an attacker
// on which side of the threshold its count lies), and an empty cell is
// published exactly as a hidden one, so a hidden cell is not known to have
// any business at all.
func (s State) Published() string {
	if s == Shown {
		return s.String()
	}
	return "suppressed"
}

// Withheld reports whether outputs show no values and no counts for the
// cell: hidden and empty cells alike.
func (s State) Withheld() bool { return s != Shown }

// Cell is one publishable cell: the atoms (the finest units, each a set of
// businesses on one day that every table either wholly contains or
// excludes) whose sum it publishes, and N, the businesses in it that gave a
// value. A cell with no atoms is empty.
type Cell struct {
	Atoms []int
	N     int
	// Table names the table the cell is in (one dimension at one grain):
	// a hidden cell is protected first by hiding a sibling in its table.
	Table int
	// Keep ranks how much the cell is worth keeping (a total above a
	// two-way cell, a wave above a day); among candidates of equal
	// standing the lowest Keep, then the smallest N, is hidden.
	Keep int
	// Excess and Shortfall are the cell's sum of values above N times the
	// scale's minimum and below N times its maximum: the room its values
	// leave an attacker who knows the scale's bounds. Both are zero where
	// the bound rule is not used.
	Excess, Shortfall float64
}

// Decide returns the state of every cell under threshold with the linear
// rule only (DecideWithin with no protection width).
func Decide(threshold int, cells []Cell) []State { return DecideWithin(threshold, 0, cells) }

// DecideWithin returns the state of every cell under threshold: cells with
// no atoms are Empty, cells with 0 < N < threshold are Primary, and further
// cells are made Secondary, greedily, until
//
//   - no hidden cell's atom vector is a linear combination of the shown
//     cells' vectors (so neither its count nor its sum of values can be
//     computed from published cells by any additions and subtractions);
//     each step hides the smallest shown cell that takes part in a
//     combination recovering a hidden one; and
//   - with width > 0, no hidden cell's sum is confined by the scale's
//     bounds to an interval narrower than width: wherever a shown cell is
//     split exactly by the cells of another table, the hidden ones among
//     them form a group whose excess E and shortfall F over the scale's
//     ends are published; a hidden cell i of the group then has its excess
//     in [max(0, E_i - F_rest), min(E, E_i + F_i)] even to an attacker who
//     knows every count (F_rest is the rest of the group's shortfall), and
//     while that is narrower than width one more shown cell with
//     respondents of the split is hidden (the whole shown cell when none
//     is left). A group at a scale's end (E or F zero: every business in
//     it gave the minimum, or the maximum) is left: the shown cell already
//     tells that of all its businesses.
func DecideWithin(threshold int, width float64, cells []Cell) []State {
	out := make([]State, len(cells))
	for i, c := range cells {
		switch {
		case len(c.Atoms) == 0:
			out[i] = Empty
		case c.N < threshold:
			out[i] = Primary
		}
	}
	natoms := 0
	for _, c := range cells {
		for _, a := range c.Atoms {
			natoms = max(natoms, a+1)
		}
	}
	// Insert day-local cells before the wider ones: elimination then stays
	// sparse (a day's cells only touch that day's atoms).
	order := make([]int, len(cells))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return cmp.Compare(len(cells[a].Atoms), len(cells[b].Atoms))
	})
	// better says whether j is a better cell than k to hide for i.
	better := func(i, j, k int) bool {
		sj, sk := cells[j].Table == cells[i].Table, cells[k].Table == cells[i].Table
		if sj != sk {
			return sj
		}
		if cells[j].Keep != cells[k].Keep {
			return cells[j].Keep < cells[k].Keep
		}
		if cells[j].N != cells[k].N {
			return cells[j].N < cells[k].N
		}
		return j < k
	}
	var splits []split
	if width > 0 {
		splits = splitsOf(cells, natoms)
	}
	for range len(cells) + 1 {
		b := newBasis(natoms)
		for _, i := range order {
			if out[i] == Shown {
				b.insert(cells[i].Atoms, i)
			}
		}
		// One pass hides, for every recoverable hidden cell, one cell of
		// a combination recovering it; the next pass checks again.
		picked := map[int]bool{}
		for _, i := range order {
			if !out[i].Hidden() {
				continue
			}
			involved, ok := b.represents(cells[i].Atoms)
			if !ok {
				continue
			}
			pick := -1
			for _, j := range involved {
				if picked[j] {
					pick = j // already hidden in this pass: that may do
					break
				}
				if pick < 0 || better(i, j, pick) {
					pick = j
				}
			}
			picked[pick] = true
		}
		if len(picked) == 0 {
			for _, s := range splits {
				if out[s.whole] != Shown {
					continue
				}
				i := confined(cells, out, width, s)
				if i < 0 {
					continue
				}
				pick := -1
				for _, j := range s.parts {
					if out[j] == Shown && cells[j].N > 0 && (pick < 0 || better(i, j, pick)) {
						pick = j
					}
				}
				if pick < 0 {
					pick = s.whole
				}
				picked[pick] = true
			}
		}
		if len(picked) == 0 {
			return out
		}
		for j := range picked {
			out[j] = Secondary
		}
	}
	return out
}

// split is a cell (whole) that the cells of another table (parts) divide
// exactly: their atoms are disjoint and make up the whole's.
type split struct {
	whole int
	parts []int
}

// splitsOf finds every split among cells.
func splitsOf(cells []Cell, natoms int) []split {
	// Per table, the cell holding each atom (cells of a table are
	// disjoint).
	holder := map[int][]int32{}
	for i, c := range cells {
		h := holder[c.Table]
		if h == nil {
			h = make([]int32, natoms)
			for a := range h {
				h[a] = -1
			}
			holder[c.Table] = h
		}
		for _, a := range c.Atoms {
			h[a] = int32(i)
		}
	}
	tables := slices.Sorted(maps.Keys(holder))
	in := make([]bool, natoms)
	var out []split
	for w, c := range cells {
		if len(c.Atoms) == 0 {
			continue
		}
		for _, a := range c.Atoms {
			in[a] = true
		}
		for _, t := range tables {
			if t == c.Table {
				continue
			}
			h := holder[t]
			var parts []int
			ok := true
			for _, a := range c.Atoms {
				p := h[a]
				if p < 0 {
					ok = false
					break
				}
				if slices.Contains(parts, int(p)) {
					continue
				}
				for _, b := range cells[p].Atoms {
					if !in[b] {
						ok = false
						break
					}
				}
				if !ok {
					break
				}
				parts = append(parts, int(p))
			}
			if ok && len(parts) > 1 {
				out = append(out, split{whole: w, parts: parts})
			}
		}
		for _, a := range c.Atoms {
			in[a] = false
		}
	}
	return out
}

// confined returns a hidden part of s whose sum the bounds confine to less
// than width (see DecideWithin), or -1.
func confined(cells []Cell, out []State, width float64, s split) int {
	const eps = 1e-9
	var e, f float64
	for _, j := range s.parts {
		if out[j].Hidden() {
			e += cells[j].Excess
			f += cells[j].Shortfall
		}
	}
	if e < eps || f < eps {
		return -1
	}
	for _, i := range s.parts {
		c := cells[i]
		if !out[i].Hidden() || c.Excess+c.Shortfall < eps {
			continue
		}
		rest := f - c.Shortfall
		if min(e, c.Excess+c.Shortfall)-max(0, c.Excess-rest) < width-eps {
			return i
		}
	}
	return -1
}
