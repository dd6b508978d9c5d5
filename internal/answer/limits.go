package answer

import (
	"fmt"
	"unicode"
	"unicode/utf8"
)

// Limits of a question spec. They are part of the contract with the apps,
// so changing one is a product decision.
const (
	// MaxOptions is the most options a choice or ranking question may have.
	MaxOptions = 100
	// MaxRows is the most rows a matrix may have.
	MaxRows = 50
	// LikertMin and LikertMax are the fixed points of a Likert question:
	// 1 strongly disagree .. 5 strongly agree.
	LikertMin, LikertMax = 1, 5
	// ScaleMaxLow and ScaleMaxHigh bound ScaleMax. With ScaleMin 0 or 1 this
	// admits every scale from 1..5 to the 11-point 0..10 (NPS style).
	ScaleMaxLow, ScaleMaxHigh = 5, 10
	// DefaultTextLength is the limit of a free text whose MaxLength is 0.
	DefaultTextLength = 500
	// MaxTextLength is the largest MaxLength a free text may declare.
	MaxTextLength = 2000
	// MaxNumberMagnitude bounds every number (spec bounds and answers), so
	// that aggregates stay exact enough with 4 decimal places.
	MaxNumberMagnitude = 1e12
	// MaxDecimals is the most decimal places a number answer may have.
	MaxDecimals = 4
)

// Text limits shared by answers and specs.
const (
	// MaxOtherTextLength is the longest "other, please say" text, in runes
	// after trimming.
	MaxOtherTextLength = 200
	// MaxLabelLength is the longest option, row or end label of a spec.
	MaxLabelLength = 200
	// MaxUnitLength is the longest unit of a number question ("hours", "£").
	MaxUnitLength = 20
)

// checkLine checks a one-line string (a label, a trimmed other text): valid
// UTF-8, no control characters, at most max runes.
func checkLine(field string, s string, max int) *ValidationError {
	return checkString(field, s, max, false)
}

// checkString checks valid UTF-8, no control characters (except '\n' when
// allowNewline) and a length of at most max runes.
func checkString(field string, s string, max int, allowNewline bool) *ValidationError {
	if !utf8.ValidString(s) {
		return invalid(field, "must be valid UTF-8 text")
	}
	n := 0
	for _, r := range s {
		if unicode.IsControl(r) && !(allowNewline && r == '\n') {
			return invalid(field, "must not contain control characters (found %s)", quoteRune(r))
		}
		n++
	}
	if n > max {
		return invalid(field, "must be at most %d characters, got %d", max, n)
	}
	return nil
}

// quoteRune shows a rune as U+XXXX so a control character stays visible.
func quoteRune(r rune) string {
	return "U+" + fmt.Sprintf("%04X", r)
}
