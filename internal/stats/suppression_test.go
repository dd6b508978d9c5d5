package stats

import (
	"errors"
	"testing"
)

func TestNewSuppressor(t *testing.T) {
	t.Parallel()
	for _, th := range []int{-1, 0, 1, 2} {
		if _, err := NewSuppressor(th); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("NewSuppressor(%d) = %v, want ErrInvalidInput", th, err)
		}
	}
	s, err := NewSuppressor(3)
	if err != nil {
		t.Fatal(err)
	}
	if s.Show(2) || !s.Show(3) {
		t.Errorf("threshold 3: Show(2)=%v Show(3)=%v, want false and true", s.Show(2), s.Show(3))
	}
	var zero Suppressor
	if zero.Threshold() != DefaultThreshold || zero.Show(4) || !zero.Show(5) {
		t.Errorf("zero Suppressor: threshold %d, Show(4)=%v, Show(5)=%v; want the default 5",
			zero.Threshold(), zero.Show(4), zero.Show(5))
	}
	ons, _ := NewSuppressor(10)
	if ons.Show(9) || !ons.Show(10) {
		t.Errorf("threshold 10: Show(9)=%v Show(10)=%v", ons.Show(9), ons.Show(10))
	}
}
