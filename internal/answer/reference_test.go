package answer

import (
	"fmt"
	"math"
	"strconv"
	"unicode"
	"unicode/utf8"
)

// refAccepts is a second, deliberately plain reading of the answer rules,
// written without the package's helpers. The fuzz tests require Validate to
// agree with it. It assumes spec is valid.
func refAccepts(s *Spec, v Value) (bool, string) {
	used := map[string]bool{}
	switch s.Type {
	case TypeSingleChoice:
		used["choice"], used["other_text"] = true, true
	case TypeMultipleChoice:
		used["choices"], used["other_text"] = true, true
	case TypeScale, TypeLikert:
		used["scale"], used["dont_know"] = true, true
	case TypeNumber:
		used["number"] = true
	case TypeRanking:
		used["ranking"] = true
	case TypeMatrix:
		used["matrix"] = true
	case TypeText:
		used["text"] = true
	}
	set := map[string]bool{
		"choice": v.Choice != nil, "choices": len(v.Choices) != 0, "other_text": v.OtherText != "",
		"scale": v.Scale != nil, "dont_know": v.DontKnow, "number": v.Number != nil,
		"ranking": len(v.Ranking) != 0, "matrix": len(v.Matrix) != 0, "text": v.Text != "",
	}
	for name, isSet := range set {
		if isSet && !used[name] {
			return false, name + " set"
		}
	}

	optionByCode := func(code int32) (Option, bool) {
		for _, o := range s.Options {
			if o.Code == code {
				return o, true
			}
		}
		return Option{}, false
	}
	otherRule := func(chosen bool) (bool, string) {
		if !chosen {
			return v.OtherText == "", "other text without other"
		}
		return refText(v.OtherText, 200, false)
	}

	switch s.Type {
	case TypeSingleChoice:
		if v.Choice == nil {
			return false, "no choice"
		}
		o, ok := optionByCode(*v.Choice)
		if !ok {
			return false, "unknown choice"
		}
		return otherRule(o.Other)

	case TypeMultipleChoice:
		count := map[int32]int{}
		exclusive, other := false, false
		for _, c := range v.Choices {
			o, ok := optionByCode(c)
			if !ok {
				return false, "unknown choice"
			}
			count[c]++
			if count[c] > 1 {
				return false, "repeat"
			}
			exclusive = exclusive || o.Exclusive
			other = other || o.Other
		}
		n := len(v.Choices)
		switch {
		case n == 0:
			return false, "none chosen"
		case exclusive && n != 1:
			return false, "exclusive combined"
		case s.MaxSelections != 0 && n > int(s.MaxSelections):
			return false, "too many"
		case !exclusive && n < int(s.MinSelections):
			return false, "too few"
		}
		return otherRule(other)

	case TypeScale, TypeLikert:
		lo, hi := s.ScaleMin, s.ScaleMax
		if s.Type == TypeLikert {
			lo, hi = 1, 5
		}
		if v.DontKnow {
			return s.AllowDontKnow && v.Scale == nil, "dont know"
		}
		return v.Scale != nil && *v.Scale >= lo && *v.Scale <= hi, "scale point"

	case TypeNumber:
		if v.Number == nil {
			return false, "no number"
		}
		x := *v.Number
		lo, hi := -1e12, 1e12
		if s.Percent {
			lo, hi = 0, 100
		}
		if s.NumberMin != nil {
			lo = *s.NumberMin
		}
		if s.NumberMax != nil {
			hi = *s.NumberMax
		}
		if math.IsNaN(x) || math.IsInf(x, 0) || x < lo || x > hi {
			return false, "out of bounds"
		}
		if s.Integer && math.Floor(x) != x {
			return false, "fraction"
		}
		// At most 4 decimals: writing x with 4 decimals loses nothing.
		back, err := strconv.ParseFloat(strconv.FormatFloat(x, 'f', 4, 64), 64)
		if err != nil || back != x {
			return false, "decimals"
		}
		return true, ""

	case TypeRanking:
		want := len(s.Options)
		if s.TopK > 0 {
			want = int(s.TopK)
		}
		if len(v.Ranking) != want {
			return false, "count"
		}
		for i := range v.Ranking {
			if _, ok := optionByCode(v.Ranking[i]); !ok {
				return false, "unknown item"
			}
			for j := 0; j < i; j++ {
				if v.Ranking[j] == v.Ranking[i] {
					return false, "repeat"
				}
			}
		}
		return true, ""

	case TypeMatrix:
		if len(v.Matrix) != len(s.Rows) {
			return false, "row count"
		}
		for _, r := range s.Rows {
			rating, ok := v.Matrix[r.Code]
			if !ok {
				return false, fmt.Sprintf("row %d missing", r.Code)
			}
			if rating == 0 && s.AllowDontKnow {
				continue
			}
			if rating < s.ScaleMin || rating > s.ScaleMax || rating == 0 {
				return false, "rating"
			}
		}
		return true, ""

	case TypeText:
		limit := 500
		if s.MaxLength != 0 {
			limit = int(s.MaxLength)
		}
		return refText(v.Text, limit, true)
	}
	return false, "unknown type"
}

// refText: trimmed, non-empty, valid UTF-8, no C0/C1 controls (newline
// allowed when multiline) and at most limit runes.
func refText(s string, limit int, multiline bool) (bool, string) {
	if !utf8.ValidString(s) {
		return false, "utf8"
	}
	runes := []rune(s)
	for len(runes) > 0 && unicode.IsSpace(runes[0]) {
		runes = runes[1:]
	}
	for len(runes) > 0 && unicode.IsSpace(runes[len(runes)-1]) {
		runes = runes[:len(runes)-1]
	}
	if len(runes) == 0 || len(runes) > limit {
		return false, "length"
	}
	for _, r := range runes {
		if r == '\n' && multiline {
			continue
		}
		if r < 0x20 || (r >= 0x7f && r <= 0x9f) {
			return false, "control"
		}
	}
	return true, ""
}
