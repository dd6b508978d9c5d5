package stats

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
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

// TestSiblingsSubtractionAttack: the panel of 42 splits into sectors of
// 3, 12, 7 and 20. Hiding only the 3 would let anyone compute it as
// 42 - 12 - 7 - 20, so the next-smallest sector (7) is hidden too, and the
// attacker learns only that the two hidden sectors hold 10 together.
func TestSiblingsSubtractionAttack(t *testing.T) {
	t.Parallel()
	var s Suppressor
	for _, tc := range []struct {
		name       string
		parent     int
		children   []int
		wantParent Suppression
		want       []Suppression
	}{
		{"one small child", 42, []int{3, 12, 7, 20}, Shown, []Suppression{Primary, Shown, Secondary, Shown}},
		{"tie picks the first", 42, []int{12, 3, 7, 7, 13}, Shown, []Suppression{Shown, Primary, Secondary, Shown, Shown}},
		{"two small children need nothing more", 42, []int{3, 4, 15, 20}, Shown, []Suppression{Primary, Primary, Shown, Shown}},
		{"no small child", 42, []int{10, 12, 20}, Shown, []Suppression{Shown, Shown, Shown}},
		{"zero child counts as small", 30, []int{0, 10, 20}, Shown, []Suppression{Primary, Secondary, Shown}},
		{"part of the parent unclassified", 45, []int{2, 8, 30}, Shown, []Suppression{Primary, Secondary, Shown}},
		{"only child hides the parent", 9, []int{4}, Secondary, []Suppression{Primary}},
		{"small parent", 4, []int{1, 3}, Primary, []Suppression{Primary, Primary}},
	} {
		parent, got, err := s.Siblings(tc.parent, tc.children)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if parent != tc.wantParent {
			t.Errorf("%s: parent %v, want %v", tc.name, parent, tc.wantParent)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s: Siblings(%d, %v) (-want +got):\n%s", tc.name, tc.parent, tc.children, diff)
		}
		// Whatever is shown, no single suppressed child can be recovered
		// as parent minus the shown children.
		if parent == Shown {
			hidden := 0
			for _, g := range got {
				if g.Suppressed() {
					hidden++
				}
			}
			if hidden == 1 {
				t.Errorf("%s: exactly one child hidden under a shown parent: %v", tc.name, got)
			}
		}
	}
}

func TestSiblingsRefuses(t *testing.T) {
	t.Parallel()
	var s Suppressor
	if _, _, err := s.Siblings(10, []int{6, 6}); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("children summing past the parent: %v, want ErrInvalidInput", err)
	}
	if _, _, err := s.Siblings(10, []int{-1, 6}); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("negative child: %v, want ErrInvalidInput", err)
	}
}

func TestSuppressionString(t *testing.T) {
	t.Parallel()
	for s, want := range map[Suppression]string{Shown: "shown", Primary: "primary", Secondary: "secondary", 9: "Suppression(9)"} {
		if got := s.String(); got != want {
			t.Errorf("Suppression(%d).String() = %q, want %q", uint8(s), got, want)
		}
	}
}
