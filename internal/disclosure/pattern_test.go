package disclosure

import (
	"slices"
	"testing"
)

// boundsCells is a day's total over three sectors on a 1-10 scale: Alpha
// six businesses at 8, Beta two at 2 and 1, Gamma two at 1. Beta and Gamma
// are primary; the total less Alpha says they are together 1 above the
// minimum, which confines Beta's sum to [2, 3].
func boundsCells() []Cell {
	cell := func(atoms []int, n, table, keep int, sum float64) Cell {
		return Cell{Atoms: atoms, N: n, Table: table, Keep: keep, Excess: sum - float64(n), Shortfall: 10*float64(n) - sum}
	}
	return []Cell{
		cell([]int{0, 1, 2}, 10, 0, 3, 48+3+2),
		cell([]int{0}, 6, 1, 0, 48),
		cell([]int{1}, 2, 1, 0, 3),
		cell([]int{2}, 2, 1, 0, 2),
	}
}

func TestDecideLinearLeavesBoundsConfinement(t *testing.T) {
	got := Decide(5, boundsCells())
	if want := []State{Shown, Shown, Primary, Primary}; !slices.Equal(got, want) {
		t.Fatalf("Decide = %v, want %v", got, want)
	}
}

func TestDecideWithinHidesASiblingWhenTheBoundsConfine(t *testing.T) {
	got := DecideWithin(5, 9, boundsCells())
	if want := []State{Shown, Secondary, Primary, Primary}; !slices.Equal(got, want) {
		t.Fatalf("DecideWithin = %v, want %v", got, want)
	}
}

func TestDecideWithinLeavesAGroupAtTheScaleEnd(t *testing.T) {
	cells := boundsCells()
	// Beta at 1 and 1 as well: the hidden group is all at the minimum,
	// which the total and Alpha already tell.
	cells[0] = Cell{Atoms: []int{0, 1, 2}, N: 10, Table: 0, Keep: 3, Excess: 42, Shortfall: 12 + 36}
	cells[2] = Cell{Atoms: []int{1}, N: 2, Table: 1, Excess: 0, Shortfall: 18}
	got := DecideWithin(5, 9, cells)
	if want := []State{Shown, Shown, Primary, Primary}; !slices.Equal(got, want) {
		t.Fatalf("DecideWithin = %v, want %v", got, want)
	}
}
