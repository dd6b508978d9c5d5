package content

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/panelpulse/panelpulse/internal/answer"
)

// checkShape is a small, independent check that a value fits a spec. It
// does not replace answer.Validate; it guards the simulator even when the
// validator changes, and states the rules the demo relies on.
func checkShape(s *answer.Spec, v *answer.Value) error {
	codes := func(opts []answer.Option) map[int32]answer.Option {
		m := make(map[int32]answer.Option, len(opts))
		for _, o := range opts {
			m[o.Code] = o
		}
		return m
	}
	switch s.Type {
	case answer.TypeSingleChoice:
		if v.Choice == nil {
			return fmt.Errorf("no choice")
		}
		o, ok := codes(s.Options)[*v.Choice]
		if !ok {
			return fmt.Errorf("choice %d is not an option", *v.Choice)
		}
		if o.Other != (strings.TrimSpace(v.OtherText) != "") {
			return fmt.Errorf("other text %q with option %+v", v.OtherText, o)
		}
	case answer.TypeMultipleChoice:
		opts := codes(s.Options)
		n := len(v.Choices)
		if n == 0 || (s.MaxSelections > 0 && n > int(s.MaxSelections)) {
			return fmt.Errorf("%d choices, want 1..%d", n, s.MaxSelections)
		}
		exclusive := false
		for i, c := range v.Choices {
			o, ok := opts[c]
			if !ok || slices.Contains(v.Choices[:i], c) {
				return fmt.Errorf("choice %d unknown or repeated", c)
			}
			exclusive = exclusive || o.Exclusive
		}
		if exclusive && n > 1 {
			return fmt.Errorf("exclusive option combined with others: %v", v.Choices)
		}
		if !exclusive && n < int(s.MinSelections) {
			return fmt.Errorf("%d choices, want at least %d", n, s.MinSelections)
		}
	case answer.TypeScale, answer.TypeLikert:
		lo, hi := s.ScaleMin, s.ScaleMax
		if s.Type == answer.TypeLikert {
			lo, hi = 1, 5
		}
		switch {
		case v.DontKnow && (!s.AllowDontKnow || v.Scale != nil):
			return fmt.Errorf("don't know not allowed or given with a point")
		case !v.DontKnow && (v.Scale == nil || *v.Scale < lo || *v.Scale > hi):
			return fmt.Errorf("scale point missing or outside %d..%d", lo, hi)
		}
	case answer.TypeNumber:
		if v.Number == nil || math.IsNaN(*v.Number) {
			return fmt.Errorf("no number")
		}
		x := *v.Number
		if (s.NumberMin != nil && x < *s.NumberMin) || (s.NumberMax != nil && x > *s.NumberMax) ||
			(s.Percent && (x < 0 || x > 100)) || (s.Integer && x != math.Trunc(x)) {
			return fmt.Errorf("number %v outside the spec's bounds or not whole", x)
		}
	case answer.TypeRanking:
		k := int(s.TopK)
		if k == 0 {
			k = len(s.Options)
		}
		opts := codes(s.Options)
		if len(v.Ranking) != k {
			return fmt.Errorf("%d items ranked, want %d", len(v.Ranking), k)
		}
		for i, c := range v.Ranking {
			if _, ok := opts[c]; !ok || slices.Contains(v.Ranking[:i], c) {
				return fmt.Errorf("ranked item %d unknown or repeated", c)
			}
		}
	case answer.TypeMatrix:
		if len(v.Matrix) != len(s.Rows) {
			return fmt.Errorf("%d rows rated, want %d", len(v.Matrix), len(s.Rows))
		}
		for _, row := range s.Rows {
			x, ok := v.Matrix[row.Code]
			if !ok || (x == 0 && !s.AllowDontKnow) || (x != 0 && (x < s.ScaleMin || x > s.ScaleMax)) {
				return fmt.Errorf("row %d rated %d (present %v)", row.Code, x, ok)
			}
		}
	case answer.TypeText:
		t := strings.TrimSpace(v.Text)
		if t == "" || (s.MaxLength > 0 && utf8.RuneCountInString(t) > int(s.MaxLength)) {
			return fmt.Errorf("text %q empty or too long", v.Text)
		}
	default:
		return fmt.Errorf("unknown type %q", s.Type)
	}
	return nil
}
