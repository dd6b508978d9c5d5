package answer

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Validate checks an answer against its question and returns a
// *ValidationError for the first rule broken, or nil. Checks run in a fixed
// order (fields of other types first, in Value's field order, then the
// type's rules), so the same input always gives the same error.
//
// Texts are judged after trimming surrounding white space, as Normalize
// stores them. If spec is nil or invalid the error wraps ErrInvalidSpec
// instead: that is not the panellist's fault.
func Validate(spec *Spec, v *Value) error {
	if spec == nil {
		return fmt.Errorf("answer.Validate: %w: nil", ErrInvalidSpec)
	}
	if err := spec.validate(); err != nil {
		return fmt.Errorf("answer.Validate: %w: %v", ErrInvalidSpec, err)
	}
	if v == nil {
		return invalid("answer", "an answer is required")
	}
	if err := validate(spec, v); err != nil {
		return err
	}
	return nil
}

// validate assumes a valid spec.
func validate(s *Spec, v *Value) *ValidationError {
	if err := checkForeign(s.Type, v); err != nil {
		return err
	}
	switch s.Type {
	case TypeSingleChoice:
		return validateSingle(s, v)
	case TypeMultipleChoice:
		return validateMultiple(s, v)
	case TypeScale, TypeLikert:
		return validateScale(s, v)
	case TypeNumber:
		return validateNumber(s, v)
	case TypeRanking:
		return validateRanking(s, v)
	case TypeMatrix:
		return validateMatrix(s, v)
	case TypeText:
		return validateText(s, v)
	}
	return invalid("type", "%q is not a known question type", string(s.Type))
}

// checkForeign rejects the fields of Value that the type does not use.
func checkForeign(t Type, v *Value) *ValidationError {
	choice := t == TypeSingleChoice || t == TypeMultipleChoice
	fields := []struct {
		name string
		set  bool
		used bool
	}{
		{"choice", v.Choice != nil, t == TypeSingleChoice},
		{"choices", len(v.Choices) > 0, t == TypeMultipleChoice},
		{"other_text", v.OtherText != "", choice},
		{"scale", v.Scale != nil, t == TypeScale || t == TypeLikert},
		{"dont_know", v.DontKnow, t == TypeScale || t == TypeLikert},
		{"number", v.Number != nil, t == TypeNumber},
		{"ranking", len(v.Ranking) > 0, t == TypeRanking},
		{"matrix", len(v.Matrix) > 0, t == TypeMatrix},
		{"text", v.Text != "", t == TypeText},
	}
	for _, f := range fields {
		if f.set && !f.used {
			return invalid(f.name, "is not part of an answer to a %s question", t)
		}
	}
	return nil
}

// option finds an option by code.
func option(opts []Option, code int32) (Option, bool) {
	for _, o := range opts {
		if o.Code == code {
			return o, true
		}
	}
	return Option{}, false
}

func validateSingle(s *Spec, v *Value) *ValidationError {
	if v.Choice == nil {
		return invalid("choice", "one option must be chosen")
	}
	o, ok := option(s.Options, *v.Choice)
	if !ok {
		return invalid("choice", "%d is not one of the options", *v.Choice)
	}
	return checkOther(v, o.Other)
}

// checkOther applies the "other, please say" rule: OtherText is required
// with the Other option and forbidden without it.
func checkOther(v *Value, otherChosen bool) *ValidationError {
	if !otherChosen {
		if v.OtherText != "" {
			return invalid("other_text", "is only allowed when the \"other\" option is chosen")
		}
		return nil
	}
	t := strings.TrimSpace(v.OtherText)
	if t == "" {
		return invalid("other_text", "please say what the \"other\" answer is: it must not be empty")
	}
	return checkLine("other_text", t, MaxOtherTextLength)
}

func validateMultiple(s *Spec, v *Value) *ValidationError {
	if len(v.Choices) == 0 {
		return invalid("choices", "at least one option must be chosen")
	}
	var exclusive *Option
	other := false
	for i, c := range v.Choices {
		o, ok := option(s.Options, c)
		if !ok {
			return invalid("choices", "%d is not one of the options", c)
		}
		if slices.Contains(v.Choices[:i], c) {
			return invalid("choices", "%d is chosen more than once", c)
		}
		if o.Exclusive {
			exclusive = &o
		}
		other = other || o.Other
	}
	n := len(v.Choices)
	if exclusive != nil && n > 1 {
		return invalid("choices", "%q cannot be combined with other options", exclusive.Label)
	}
	if s.MaxSelections > 0 && n > int(s.MaxSelections) {
		return invalid("choices", "at most %d selections are allowed, got %d", s.MaxSelections, n)
	}
	if exclusive == nil && n < int(s.MinSelections) {
		return invalid("choices", "at least %d selections are required, got %d", s.MinSelections, n)
	}
	return checkOther(v, other)
}

func validateScale(s *Spec, v *Value) *ValidationError {
	lo, hi := s.scaleBounds()
	switch {
	case v.DontKnow && !s.AllowDontKnow:
		return invalid("dont_know", "\"don't know\" is not offered for this question")
	case v.DontKnow && v.Scale != nil:
		return invalid("dont_know", "\"don't know\" cannot be given together with a point on the scale")
	case v.DontKnow:
		return nil
	case v.Scale == nil:
		return invalid("scale", "a point on the scale from %d to %d must be chosen", lo, hi)
	case *v.Scale < lo || *v.Scale > hi:
		return invalid("scale", "must be between %d and %d, got %d", lo, hi, *v.Scale)
	}
	return nil
}

func validateNumber(s *Spec, v *Value) *ValidationError {
	if v.Number == nil {
		return invalid("number", "a number is required")
	}
	x := *v.Number
	lo, hi := s.numberBounds()
	switch {
	case math.IsNaN(x) || math.IsInf(x, 0):
		return invalid("number", "must be a finite number")
	case x < lo:
		return invalid("number", "must be at least %s, got %s", fmtNum(lo), fmtNum(x))
	case x > hi:
		return invalid("number", "must be at most %s, got %s", fmtNum(hi), fmtNum(x))
	case s.Integer && x != math.Trunc(x):
		return invalid("number", "must be a whole number, got %s", fmtNum(x))
	case decimals(x) > MaxDecimals:
		return invalid("number", "at most %d decimal places are allowed, got %s", MaxDecimals, fmtNum(x))
	}
	return nil
}

// fmtNum formats a number as a person would write it (no exponent).
func fmtNum(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// decimals counts the decimal places of the shortest decimal that reads back
// as x, so 0.1 has 1 and 0.12345 has 5.
func decimals(x float64) int {
	s := fmtNum(x)
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return len(s) - i - 1
	}
	return 0
}

func validateRanking(s *Spec, v *Value) *ValidationError {
	k := s.rankCount()
	if len(v.Ranking) != k {
		return invalid("ranking", "exactly %d items must be ranked, got %d", k, len(v.Ranking))
	}
	for i, c := range v.Ranking {
		if _, ok := option(s.Options, c); !ok {
			return invalid("ranking", "%d is not one of the items", c)
		}
		if slices.Contains(v.Ranking[:i], c) {
			return invalid("ranking", "%d is ranked more than once", c)
		}
	}
	return nil
}

func validateMatrix(s *Spec, v *Value) *ValidationError {
	keys := make([]int32, 0, len(v.Matrix))
	for k := range v.Matrix {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if _, ok := option(s.Rows, k); !ok {
			return invalid("matrix", "%d is not one of the rows", k)
		}
	}
	lo, hi := s.scaleBounds()
	for _, r := range s.Rows {
		rating, ok := v.Matrix[r.Code]
		switch {
		case !ok:
			return invalid("matrix", "row %d (%q) must be rated", r.Code, r.Label)
		case rating == 0 && !s.AllowDontKnow:
			return invalid("matrix", "row %d (%q): \"don't know\" (0) is not offered, rate it from %d to %d", r.Code, r.Label, lo, hi)
		case rating != 0 && (rating < lo || rating > hi):
			return invalid("matrix", "row %d (%q) must be rated from %d to %d, got %d", r.Code, r.Label, lo, hi, rating)
		}
	}
	return nil
}

func validateText(s *Spec, v *Value) *ValidationError {
	t := strings.TrimSpace(v.Text)
	if t == "" {
		return invalid("text", "must not be empty")
	}
	return checkString("text", t, s.textLimit(), true)
}
