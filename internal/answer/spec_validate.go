package answer

import (
	"fmt"
	"math"
	"strings"
)

// Validate checks a question definition as an admin creates it and returns
// a *ValidationError for the first rule broken, or nil. Rules:
//   - the type is known and fields the type does not use are zero;
//   - options (single/multiple choice, ranking): 2..MaxOptions, codes > 0
//     and unique, labels non-empty; Exclusive only on a multiple choice,
//     Other only on a choice, at most one of each and never both on one
//     option; Direction is -1, 0 or +1;
//   - multiple choice: 0 <= MinSelections <= MaxSelections <= the number of
//     non-exclusive options (MaxSelections 0 = no bound);
//   - scale: ScaleMin 0 or 1, ScaleMax 5..10 (0..10 is the NPS scale);
//     Likert has no scale fields (always 1..5);
//   - matrix: 1..MaxRows rows with unique codes > 0 and labels, ScaleMin 1
//     (a rating of 0 means "don't know") and ScaleMax 5..10;
//   - number: finite bounds within ±MaxNumberMagnitude, min <= max, whole
//     bounds when Integer, bounds within 0..100 when Percent (the default
//     bounds of a percentage), no Unit with Percent;
//   - ranking: 0 <= TopK <= len(Options) (0 = rank all);
//   - text: MaxLength 0 (= DefaultTextLength) or 1..MaxTextLength.
func (s *Spec) Validate() error {
	if s == nil {
		return invalid("spec", "a question spec is required")
	}
	if err := s.validate(); err != nil {
		return err
	}
	return nil
}

func (s *Spec) validate() *ValidationError {
	if !knownType(s.Type) {
		return invalid("type", "%q is not a known question type", string(s.Type))
	}
	if err := s.checkUnused(); err != nil {
		return err
	}
	switch s.Type {
	case TypeSingleChoice, TypeMultipleChoice, TypeRanking:
		if err := s.checkOptions(); err != nil {
			return err
		}
		if s.Type == TypeMultipleChoice {
			return s.checkSelections()
		}
		if s.Type == TypeRanking && (s.TopK < 0 || int(s.TopK) > len(s.Options)) {
			return invalid("top_k", "must be between 0 (rank all) and %d, got %d", len(s.Options), s.TopK)
		}
	case TypeScale:
		return s.checkScale(0)
	case TypeMatrix:
		if err := s.checkRows(); err != nil {
			return err
		}
		return s.checkScale(1)
	case TypeNumber:
		return s.checkNumber()
	case TypeText:
		if s.MaxLength < 0 || s.MaxLength > MaxTextLength {
			return invalid("max_length", "must be between 1 and %d (or 0 for %d), got %d",
				MaxTextLength, DefaultTextLength, s.MaxLength)
		}
	}
	return nil
}

func knownType(t Type) bool {
	switch t {
	case TypeSingleChoice, TypeMultipleChoice, TypeScale, TypeLikert,
		TypeNumber, TypeRanking, TypeMatrix, TypeText:
		return true
	}
	return false
}

// checkUnused rejects every field the type does not read, in field order.
func (s *Spec) checkUnused() *ValidationError {
	t := s.Type
	choice := t == TypeSingleChoice || t == TypeMultipleChoice || t == TypeRanking
	scaled := t == TypeScale || t == TypeMatrix
	fields := []struct {
		name string
		set  bool
		used bool
	}{
		{"options", len(s.Options) > 0, choice},
		{"min_selections", s.MinSelections != 0, t == TypeMultipleChoice},
		{"max_selections", s.MaxSelections != 0, t == TypeMultipleChoice},
		{"scale_min", s.ScaleMin != 0, scaled},
		{"scale_max", s.ScaleMax != 0, scaled},
		{"min_label", s.MinLabel != "", scaled},
		{"max_label", s.MaxLabel != "", scaled},
		{"allow_dont_know", s.AllowDontKnow, scaled || t == TypeLikert},
		{"rows", len(s.Rows) > 0, t == TypeMatrix},
		{"number_min", s.NumberMin != nil, t == TypeNumber},
		{"number_max", s.NumberMax != nil, t == TypeNumber},
		{"integer", s.Integer, t == TypeNumber},
		{"percent", s.Percent, t == TypeNumber},
		{"unit", s.Unit != "", t == TypeNumber},
		{"top_k", s.TopK != 0, t == TypeRanking},
		{"max_length", s.MaxLength != 0, t == TypeText},
	}
	for _, f := range fields {
		if f.set && !f.used {
			return invalid(f.name, "is not used by a %s question and must be empty", t)
		}
	}
	return nil
}

// checkItems checks codes and labels of options or rows.
func checkItems(field string, items []Option, min, max int) *ValidationError {
	if len(items) < min || len(items) > max {
		return invalid(field, "must have between %d and %d entries, got %d", min, max, len(items))
	}
	seen := make(map[int32]bool, len(items))
	for i, o := range items {
		at := fmt.Sprintf("%s[%d]", field, i)
		if o.Code <= 0 {
			return invalid(at+".code", "must be greater than 0, got %d", o.Code)
		}
		if seen[o.Code] {
			return invalid(at+".code", "%d is used by another entry", o.Code)
		}
		seen[o.Code] = true
		if strings.TrimSpace(o.Label) == "" {
			return invalid(at+".label", "must not be empty")
		}
		if err := checkLine(at+".label", o.Label, MaxLabelLength); err != nil {
			return err
		}
	}
	return nil
}

func (s *Spec) checkOptions() *ValidationError {
	if err := checkItems("options", s.Options, 2, MaxOptions); err != nil {
		return err
	}
	exclusive, other := 0, 0
	for i, o := range s.Options {
		at := fmt.Sprintf("options[%d]", i)
		switch {
		case o.Exclusive && s.Type != TypeMultipleChoice:
			return invalid(at+".exclusive", "only a multiple choice may have an exclusive option")
		case o.Other && s.Type == TypeRanking:
			return invalid(at+".other", "a ranking may not have an \"other\" option")
		case o.Exclusive && o.Other:
			return invalid(at+".other", "an option cannot be both exclusive and \"other\"")
		case o.Direction < -1 || o.Direction > 1:
			return invalid(at+".direction", "must be -1, 0 or 1, got %d", o.Direction)
		}
		if o.Exclusive {
			if exclusive++; exclusive > 1 {
				return invalid(at+".exclusive", "at most one option may be exclusive")
			}
		}
		if o.Other {
			if other++; other > 1 {
				return invalid(at+".other", "at most one option may be \"other\"")
			}
		}
	}
	return nil
}

func (s *Spec) checkSelections() *ValidationError {
	n := int32(s.nonExclusive())
	if s.MaxSelections < 0 || s.MaxSelections > n {
		return invalid("max_selections", "must be between 0 (no limit) and %d, got %d", n, s.MaxSelections)
	}
	hi := n
	if s.MaxSelections > 0 {
		hi = s.MaxSelections
	}
	if s.MinSelections < 0 || s.MinSelections > hi {
		return invalid("min_selections", "must be between 0 and %d, got %d", hi, s.MinSelections)
	}
	return nil
}

// nonExclusive counts the options that can be combined.
func (s *Spec) nonExclusive() int {
	n := 0
	for _, o := range s.Options {
		if !o.Exclusive {
			n++
		}
	}
	return n
}

func (s *Spec) checkScale(minLow int32) *ValidationError {
	if s.ScaleMin < minLow || s.ScaleMin > 1 {
		if minLow == 1 {
			return invalid("scale_min", "must be 1 (a rating of 0 means \"don't know\"), got %d", s.ScaleMin)
		}
		return invalid("scale_min", "must be 0 or 1, got %d", s.ScaleMin)
	}
	if s.ScaleMax < ScaleMaxLow || s.ScaleMax > ScaleMaxHigh {
		return invalid("scale_max", "must be between %d and %d, got %d", ScaleMaxLow, ScaleMaxHigh, s.ScaleMax)
	}
	if err := checkLine("min_label", s.MinLabel, MaxLabelLength); err != nil {
		return err
	}
	return checkLine("max_label", s.MaxLabel, MaxLabelLength)
}

func (s *Spec) checkRows() *ValidationError {
	if err := checkItems("rows", s.Rows, 1, MaxRows); err != nil {
		return err
	}
	for i, r := range s.Rows {
		if r.Exclusive || r.Other || r.Direction != 0 {
			return invalid(fmt.Sprintf("rows[%d]", i), "a matrix row cannot be exclusive, \"other\" or directional")
		}
	}
	return nil
}

func (s *Spec) checkNumber() *ValidationError {
	for _, b := range []struct {
		field string
		v     *float64
	}{{"number_min", s.NumberMin}, {"number_max", s.NumberMax}} {
		switch {
		case b.v == nil:
		case math.IsNaN(*b.v) || math.Abs(*b.v) > MaxNumberMagnitude:
			return invalid(b.field, "must be a finite number between -%g and %g", MaxNumberMagnitude, MaxNumberMagnitude)
		case s.Percent && (*b.v < 0 || *b.v > 100):
			return invalid(b.field, "must be between 0 and 100 for a percentage, got %g", *b.v)
		case s.Integer && *b.v != math.Trunc(*b.v):
			return invalid(b.field, "must be a whole number for a whole-number question, got %g", *b.v)
		}
	}
	if lo, hi := s.numberBounds(); lo > hi {
		return invalid("number_max", "must not be less than number_min (%g), got %g", lo, hi)
	}
	if s.Percent && s.Unit != "" {
		return invalid("unit", "must be empty for a percentage (the unit is %%)")
	}
	return checkLine("unit", s.Unit, MaxUnitLength)
}

// numberBounds gives the effective inclusive bounds of a number question.
func (s *Spec) numberBounds() (lo, hi float64) {
	lo, hi = -MaxNumberMagnitude, MaxNumberMagnitude
	if s.Percent {
		lo, hi = 0, 100
	}
	if s.NumberMin != nil {
		lo = *s.NumberMin
	}
	if s.NumberMax != nil {
		hi = *s.NumberMax
	}
	return lo, hi
}

// scaleBounds gives the inclusive points of a scale, Likert or matrix.
func (s *Spec) scaleBounds() (lo, hi int32) {
	if s.Type == TypeLikert {
		return LikertMin, LikertMax
	}
	return s.ScaleMin, s.ScaleMax
}

// textLimit gives the effective MaxLength of a free text.
func (s *Spec) textLimit() int {
	if s.MaxLength == 0 {
		return DefaultTextLength
	}
	return int(s.MaxLength)
}

// rankCount gives how many items a ranking answer orders.
func (s *Spec) rankCount() int {
	if s.TopK == 0 {
		return len(s.Options)
	}
	return int(s.TopK)
}

// ValueBounds gives the bounds every value of a scale or Likert question,
// or of a number bounded on both sides (a percentage, or a number with a
// minimum and a maximum), lies in; ok is false for the other types (whose
// values are not one bounded measure).
func (s *Spec) ValueBounds() (lo, hi float64, ok bool) {
	switch s.Type {
	case TypeScale, TypeLikert:
		l, h := s.scaleBounds()
		return float64(l), float64(h), true
	case TypeNumber:
		if s.Percent || (s.NumberMin != nil && s.NumberMax != nil) {
			lo, hi = s.numberBounds()
			return lo, hi, true
		}
	}
	return 0, 0, false
}
