package answer

import (
	"maps"
	"slices"
	"strings"
)

// Normalize returns the canonical form of an answer that passed Validate,
// as it is stored: only the fields of the spec's type are kept, texts are
// trimmed, multiple choices are sorted, -0 becomes 0 and empty lists become
// nil. The result shares no memory with v, and Validate accepts it.
func Normalize(spec *Spec, v Value) Value {
	if spec == nil {
		return Value{}
	}
	var out Value
	switch spec.Type {
	case TypeSingleChoice:
		out.Choice = clonePtr(v.Choice)
		out.OtherText = strings.TrimSpace(v.OtherText)
	case TypeMultipleChoice:
		if len(v.Choices) > 0 {
			out.Choices = slices.Clone(v.Choices)
			slices.Sort(out.Choices)
		}
		out.OtherText = strings.TrimSpace(v.OtherText)
	case TypeScale, TypeLikert:
		out.Scale = clonePtr(v.Scale)
		out.DontKnow = v.DontKnow
	case TypeNumber:
		out.Number = clonePtr(v.Number)
		if out.Number != nil && *out.Number == 0 {
			*out.Number = 0 // turns -0 into 0
		}
	case TypeRanking:
		if len(v.Ranking) > 0 {
			out.Ranking = slices.Clone(v.Ranking)
		}
	case TypeMatrix:
		if len(v.Matrix) > 0 {
			out.Matrix = maps.Clone(v.Matrix)
		}
	case TypeText:
		out.Text = strings.TrimSpace(v.Text)
	}
	return out
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	c := *p
	return &c
}

// Numeric gives the number an aggregate (mean, median, distribution) uses:
// the point of a scale or Likert answer, or the value of a number answer.
// It reports false for "don't know", for an unanswered value and for the
// other types (use Codes or read the matrix row by row).
func Numeric(spec *Spec, v Value) (float64, bool) {
	if spec == nil {
		return 0, false
	}
	switch spec.Type {
	case TypeScale, TypeLikert:
		if v.DontKnow || v.Scale == nil {
			return 0, false
		}
		return float64(*v.Scale), true
	case TypeNumber:
		if v.Number == nil {
			return 0, false
		}
		return *v.Number, true
	}
	return 0, false
}

// Codes gives the option codes an answer selects, for counting: the one
// choice of a single choice, the sorted choices of a multiple choice and
// the ranked codes of a ranking in rank order (first is rank 1). Other
// types, and an unanswered choice, give nil. The slice is a fresh copy.
func Codes(spec *Spec, v Value) []int32 {
	if spec == nil {
		return nil
	}
	switch spec.Type {
	case TypeSingleChoice:
		if v.Choice != nil {
			return []int32{*v.Choice}
		}
	case TypeMultipleChoice:
		if len(v.Choices) > 0 {
			c := slices.Clone(v.Choices)
			slices.Sort(c)
			return c
		}
	case TypeRanking:
		if len(v.Ranking) > 0 {
			return slices.Clone(v.Ranking)
		}
	}
	return nil
}
