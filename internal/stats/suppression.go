package stats

import "fmt"

// Suppression thresholds: the pulse-survey default of 5 respondents, and the
// floor below which a tenant may not go. Tenants publishing official-style
// tables may raise theirs (ONS uses 10 for research outputs).
const (
	DefaultThreshold = 5
	MinThreshold     = 3
)

// Suppressor decides which cells are shown under a tenant's disclosure
// threshold. The zero value uses DefaultThreshold, so a forgotten
// configuration never shows small cells.
type Suppressor struct {
	threshold int
}

// NewSuppressor returns a Suppressor for threshold respondents. It refuses
// thresholds below MinThreshold.
func NewSuppressor(threshold int) (Suppressor, error) {
	if threshold < MinThreshold {
		return Suppressor{}, fmt.Errorf("stats.NewSuppressor: threshold %d below the minimum %d: %w",
			threshold, MinThreshold, ErrInvalidInput)
	}
	return Suppressor{threshold: threshold}, nil
}

// Threshold returns the smallest number of respondents a shown cell has.
func (s Suppressor) Threshold() int {
	if s.threshold < MinThreshold {
		return DefaultThreshold
	}
	return s.threshold
}

// Show reports whether a cell with n respondents may show its values.
func (s Suppressor) Show(n int) bool {
	return n >= s.Threshold()
}

// Suppression says whether a cell is shown and, if not, why.
type Suppression uint8

// The states of a cell.
const (
	// Shown cells publish their values.
	Shown Suppression = iota
	// Primary cells have fewer respondents than the threshold.
	Primary
	// Secondary cells are large enough but hidden so that a primary cell
	// cannot be worked out by subtraction.
	Secondary
)

// Suppressed reports whether the cell shows no value.
func (s Suppression) Suppressed() bool { return s != Shown }

// String returns "shown", "primary" or "secondary".
func (s Suppression) String() string {
	switch s {
	case Shown:
		return "shown"
	case Primary:
		return "primary"
	case Secondary:
		return "secondary"
	}
	return fmt.Sprintf("Suppression(%d)", uint8(s))
}

// Siblings applies primary and secondary suppression to a parent cell (the
// panel, say) and its child cells (every sector), which partition the
// parent or part of it: children counts sum to at most parent.
//
// Primary: any cell below the threshold is suppressed. Secondary, against the
// subtraction attack: when the parent is shown and exactly one child is
// suppressed, that child's count would be parent minus its shown siblings,
// so the next-smallest child (the first in order on a tie) is suppressed
// too. With no sibling to hide, the parent is suppressed instead. Hiding a
// second child protects each suppressed child, though the pair's combined
// count can still be derived.
func (s Suppressor) Siblings(parent int, children []int) (Suppression, []Suppression, error) {
	if parent < 0 {
		return 0, nil, fmt.Errorf("stats.Suppressor.Siblings: parent count %d: %w", parent, ErrInvalidInput)
	}
	sum := 0
	for i, c := range children {
		if c < 0 {
			return 0, nil, fmt.Errorf("stats.Suppressor.Siblings: child %d count %d: %w", i, c, ErrInvalidInput)
		}
		sum += c
	}
	if sum > parent {
		return 0, nil, fmt.Errorf("stats.Suppressor.Siblings: children sum to %d, more than the parent's %d: %w",
			sum, parent, ErrInvalidInput)
	}
	out := make([]Suppression, len(children))
	primaries := 0
	for i, c := range children {
		if !s.Show(c) {
			out[i] = Primary
			primaries++
		}
	}
	if !s.Show(parent) {
		return Primary, out, nil
	}
	if primaries != 1 {
		return Shown, out, nil
	}
	next := -1
	for i, c := range children {
		if out[i] == Shown && (next < 0 || c < children[next]) {
			next = i
		}
	}
	if next < 0 {
		return Secondary, out, nil
	}
	out[next] = Secondary
	return Shown, out, nil
}
