package disclosure_test

import (
	"testing"

	"github.com/panelpulse/panelpulse/internal/disclosure"
)

// TestReleasedInSteps: nothing below the threshold, then whole steps.
func TestReleasedInSteps(t *testing.T) {
	for _, c := range []struct{ n, want int }{{0, 0}, {4, 0}, {5, 5}, {9, 5}, {10, 10}, {14, 10}} {
		if got := disclosure.Released(5, c.n); got != c.want {
			t.Errorf("Released(5, %d) = %d, want %d", c.n, got, c.want)
		}
	}
}
