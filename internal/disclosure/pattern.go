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
}

// Decide returns the state of every cell under threshold: cells with no
// atoms are Empty, cells with 0 < N < threshold are Primary, and further
// cells are made Secondary, greedily, until no hidden cell's atom vector is
// a linear combination of the shown cells' vectors (so neither its count
// nor its sum of values can be computed from published cells by any
// additions and subtractions). Each step hides the smallest shown cell that takes part in a
// combination recovering a hidden one.
func Decide(threshold int, cells []Cell) []State {
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
			better := func(j, k int) bool {
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
			pick := -1
			for _, j := range involved {
				if picked[j] {
					pick = j // already hidden in this pass: that may do
					break
				}
				if pick < 0 || better(j, pick) {
					pick = j
				}
			}
			picked[pick] = true
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
