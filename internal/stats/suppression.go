package stats

import "fmt"

// Suppression thresholds: the pulse-survey default of 5 respondents, and the
// floor below which a tenant may not go. Tenants publishing official-style
// tables may raise theirs (ONS uses 10 for research outputs).
const (
	DefaultThreshold = 5
	MinThreshold     = 3
)

// Suppressor holds a tenant's disclosure threshold (which cells are shown
// is decided by package disclosure over all the linked tables). The zero value uses DefaultThreshold, so a forgotten
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
