package answer

import (
	"errors"
	"math"
	"strings"
	"testing"
)

type answerCase struct {
	name      string
	spec      *Spec
	v         Value
	wantField string // "" = valid
	wantRule  string // fragment of the message
}

// answerCases has a valid and at least one invalid case for every rule of
// every type.
func answerCases() []answerCase {
	long := func(n int) string { return strings.Repeat("a", n) }
	return []answerCase{
		// Fields that belong to another type.
		{"foreign choice", multiSpec(), Value{Choice: i32(1), Choices: codes(1, 2)}, "choice", "not part of an answer to a multiple_choice"},
		{"foreign choices", singleSpec(), Value{Choice: i32(1), Choices: codes(1)}, "choices", "not part of"},
		{"foreign other_text", scale5Spec(), Value{Scale: i32(3), OtherText: "x"}, "other_text", "not part of"},
		{"foreign scale on multiple", multiSpec(), Value{Choices: codes(1, 2), Scale: i32(3)}, "scale", "not part of an answer to a multiple_choice"},
		{"foreign dont_know", numberSpec(), Value{Number: f64(1), DontKnow: true}, "dont_know", "not part of"},
		{"foreign number", scale5Spec(), Value{Scale: i32(3), Number: f64(3)}, "number", "not part of"},
		{"foreign ranking", multiSpec(), Value{Choices: codes(1, 2), Ranking: codes(1)}, "ranking", "not part of"},
		{"foreign matrix", textSpec(), Value{Text: "hi", Matrix: map[int32]int32{6: 1}}, "matrix", "not part of"},
		{"foreign text", singleSpec(), Value{Choice: i32(1), Text: "hi"}, "text", "not part of"},
		{"foreign other_text on ranking", rankingSpec(), Value{Ranking: codes(1, 2, 3), OtherText: "x"}, "other_text", "not part of"},
		{"empty lists are not set", singleSpec(), Value{Choice: i32(1), Choices: []int32{}, Matrix: map[int32]int32{}}, "", ""},

		// Single choice.
		{"single valid", singleSpec(), Value{Choice: i32(2)}, "", ""},
		{"single missing", singleSpec(), Value{}, "choice", "one option must be chosen"},
		{"single unknown code", singleSpec(), Value{Choice: i32(7)}, "choice", "7 is not one of the options"},
		{"single other with text", singleSpec(), Value{Choice: i32(3), OtherText: "  My own  "}, "", ""},
		{"single other needs text", singleSpec(), Value{Choice: i32(3)}, "other_text", "must not be empty"},
		{"single other blank text", singleSpec(), Value{Choice: i32(3), OtherText: " \t "}, "other_text", "must not be empty"},
		{"single text without other", singleSpec(), Value{Choice: i32(1), OtherText: "x"}, "other_text", "only allowed when the \"other\" option is chosen"},
		{"single other text at limit", singleSpec(), Value{Choice: i32(3), OtherText: " " + strings.Repeat("é", 200) + " "}, "", ""},
		{"single other text too long", singleSpec(), Value{Choice: i32(3), OtherText: long(201)}, "other_text", "at most 200 characters, got 201"},
		{"single other text newline", singleSpec(), Value{Choice: i32(3), OtherText: "a\nb"}, "other_text", "control characters"},
		{"single other text control", singleSpec(), Value{Choice: i32(3), OtherText: "a\x00b"}, "other_text", "control characters (found U+0000)"},
		{"single other text bad utf8", singleSpec(), Value{Choice: i32(3), OtherText: "a\xffb"}, "other_text", "valid UTF-8"},

		// Multiple choice (min 2, max 3, 5 is other, 9 is exclusive).
		{"multi valid", multiSpec(), Value{Choices: codes(4, 1)}, "", ""},
		{"multi valid max", multiSpec(), Value{Choices: codes(1, 2, 3)}, "", ""},
		{"multi empty", multiSpec(), Value{}, "choices", "at least one option must be chosen"},
		{"multi unknown", multiSpec(), Value{Choices: codes(1, 8)}, "choices", "8 is not one of the options"},
		{"multi repeat", multiSpec(), Value{Choices: codes(1, 2, 1)}, "choices", "1 is chosen more than once"},
		{"multi exclusive alone", multiSpec(), Value{Choices: codes(9)}, "", ""},
		{"multi exclusive combined", multiSpec(), Value{Choices: codes(1, 9)}, "choices", "\"None of these\" cannot be combined"},
		{"multi too many", multiSpec(), Value{Choices: codes(1, 2, 3, 4)}, "choices", "at most 3 selections are allowed, got 4"},
		{"multi too few", multiSpec(), Value{Choices: codes(1)}, "choices", "at least 2 selections are required, got 1"},
		{"multi other with text", multiSpec(), Value{Choices: codes(5, 1), OtherText: "Parking"}, "", ""},
		{"multi other needs text", multiSpec(), Value{Choices: codes(5, 1)}, "other_text", "must not be empty"},
		{"multi text without other", multiSpec(), Value{Choices: codes(2, 1), OtherText: "Parking"}, "other_text", "only allowed"},
		{"multi other text control", multiSpec(), Value{Choices: codes(2, 5), OtherText: "a\x7fb"}, "other_text", "control characters"},

		// Scale 0..10 with don't know; scale 1..5 without.
		{"scale valid low", scale10Spec(), Value{Scale: i32(0)}, "", ""},
		{"scale valid high", scale10Spec(), Value{Scale: i32(10)}, "", ""},
		{"scale dont know", scale10Spec(), Value{DontKnow: true}, "", ""},
		{"scale below", scale10Spec(), Value{Scale: i32(-1)}, "scale", "between 0 and 10, got -1"},
		{"scale above", scale10Spec(), Value{Scale: i32(11)}, "scale", "between 0 and 10, got 11"},
		{"scale 5 zero", scale5Spec(), Value{Scale: i32(0)}, "scale", "between 1 and 5, got 0"},
		{"scale missing", scale10Spec(), Value{}, "scale", "a point on the scale from 0 to 10 must be chosen"},
		{"scale both", scale10Spec(), Value{Scale: i32(4), DontKnow: true}, "dont_know", "cannot be given together"},
		{"scale dont know not offered", scale5Spec(), Value{DontKnow: true}, "dont_know", "not offered"},

		// Likert.
		{"likert 1", likertSpec(), Value{Scale: i32(1)}, "", ""},
		{"likert 5", likertSpec(), Value{Scale: i32(5)}, "", ""},
		{"likert 0", likertSpec(), Value{Scale: i32(0)}, "scale", "between 1 and 5, got 0"},
		{"likert 6", likertSpec(), Value{Scale: i32(6)}, "scale", "between 1 and 5, got 6"},
		{"likert missing", likertSpec(), Value{}, "scale", "must be chosen"},
		{"likert dont know not offered", likertSpec(), Value{DontKnow: true}, "dont_know", "not offered"},
		{"likert dont know", likertDKSpec(), Value{DontKnow: true}, "", ""},
		{"likert both", likertDKSpec(), Value{DontKnow: true, Scale: i32(3)}, "dont_know", "cannot be given together"},

		// Number -10..1000; whole 0..500; free; percent.
		{"number valid", numberSpec(), Value{Number: f64(12.5)}, "", ""},
		{"number bounds inclusive", numberSpec(), Value{Number: f64(-10)}, "", ""},
		{"number missing", numberSpec(), Value{}, "number", "a number is required"},
		{"number NaN", numberSpec(), Value{Number: f64(math.NaN())}, "number", "finite"},
		{"number +Inf", numberFreeSpec(), Value{Number: f64(math.Inf(1))}, "number", "finite"},
		{"number -Inf", numberFreeSpec(), Value{Number: f64(math.Inf(-1))}, "number", "finite"},
		{"number below", numberSpec(), Value{Number: f64(-10.5)}, "number", "at least -10, got -10.5"},
		{"number above", numberSpec(), Value{Number: f64(1000.0001)}, "number", "at most 1000, got 1000.0001"},
		{"number 4 decimals", numberSpec(), Value{Number: f64(0.1234)}, "", ""},
		{"number 5 decimals", numberSpec(), Value{Number: f64(0.12345)}, "number", "at most 4 decimal places"},
		{"number tiny", numberSpec(), Value{Number: f64(1e-9)}, "number", "decimal places"},
		{"integer valid", numberIntSpec(), Value{Number: f64(42)}, "", ""},
		{"integer fraction", numberIntSpec(), Value{Number: f64(3.5)}, "number", "whole number, got 3.5"},
		{"free large valid", numberFreeSpec(), Value{Number: f64(-1e12)}, "", ""},
		{"free too large", numberFreeSpec(), Value{Number: f64(1e13)}, "number", "at most 1000000000000, got 10000000000000"},
		{"percent 0", percentSpec(), Value{Number: f64(0)}, "", ""},
		{"percent 100", percentSpec(), Value{Number: f64(100)}, "", ""},
		{"percent over", percentSpec(), Value{Number: f64(100.5)}, "number", "at most 100"},
		{"percent negative", percentSpec(), Value{Number: f64(-1)}, "number", "at least 0"},

		// Ranking top 3 of 5; all of 3.
		{"ranking valid", rankingSpec(), Value{Ranking: codes(5, 1, 3)}, "", ""},
		{"ranking too few", rankingSpec(), Value{Ranking: codes(5, 1)}, "ranking", "exactly 3 items must be ranked, got 2"},
		{"ranking too many", rankingSpec(), Value{Ranking: codes(5, 1, 2, 3)}, "ranking", "exactly 3 items must be ranked, got 4"},
		{"ranking missing", rankingSpec(), Value{}, "ranking", "exactly 3 items must be ranked, got 0"},
		{"ranking unknown", rankingSpec(), Value{Ranking: codes(5, 6, 1)}, "ranking", "6 is not one of the items"},
		{"ranking repeat", rankingSpec(), Value{Ranking: codes(5, 1, 5)}, "ranking", "5 is ranked more than once"},
		{"ranking all valid", rankingAllSpec(), Value{Ranking: codes(30, 10, 20)}, "", ""},
		{"ranking all short", rankingAllSpec(), Value{Ranking: codes(30, 10)}, "ranking", "exactly 3 items"},

		// Matrix 1..5 over rows 6, 24, 99.
		{"matrix valid", matrixSpec(), Value{Matrix: map[int32]int32{6: 1, 24: 5, 99: 3}}, "", ""},
		{"matrix missing row", matrixSpec(), Value{Matrix: map[int32]int32{6: 1, 99: 3}}, "matrix", "row 24 (\"24 months\") must be rated"},
		{"matrix empty", matrixSpec(), Value{}, "matrix", "row 6 (\"6 months\") must be rated"},
		{"matrix unknown row", matrixSpec(), Value{Matrix: map[int32]int32{6: 1, 24: 5, 99: 3, 7: 2}}, "matrix", "7 is not one of the rows"},
		{"matrix unknown first sorted", matrixSpec(), Value{Matrix: map[int32]int32{100: 1, 7: 2, 50: 1}}, "matrix", "7 is not one of the rows"},
		{"matrix dont know not offered", matrixSpec(), Value{Matrix: map[int32]int32{6: 0, 24: 5, 99: 3}}, "matrix", "\"don't know\" (0) is not offered"},
		{"matrix dont know", matrixDKSpec(), Value{Matrix: map[int32]int32{6: 0, 24: 5, 99: 3}}, "", ""},
		{"matrix above", matrixSpec(), Value{Matrix: map[int32]int32{6: 1, 24: 6, 99: 3}}, "matrix", "rated from 1 to 5, got 6"},
		{"matrix negative", matrixDKSpec(), Value{Matrix: map[int32]int32{6: -1, 24: 2, 99: 3}}, "matrix", "got -1"},

		// Text, at most 20 runes; default 500.
		{"text valid", textSpec(), Value{Text: "Hello"}, "", ""},
		{"text trimmed before length", textSpec(), Value{Text: "  " + long(20) + "\n "}, "", ""},
		{"text runes not bytes", textSpec(), Value{Text: strings.Repeat("ß", 20)}, "", ""},
		{"text newline inside", textSpec(), Value{Text: "one\ntwo"}, "", ""},
		{"text empty", textSpec(), Value{}, "text", "must not be empty"},
		{"text blank", textSpec(), Value{Text: " \n\t "}, "text", "must not be empty"},
		{"text too long", textSpec(), Value{Text: long(21)}, "text", "at most 20 characters, got 21"},
		{"text tab inside", textSpec(), Value{Text: "a\tb"}, "text", "control characters (found U+0009)"},
		{"text carriage return", textSpec(), Value{Text: "a\r\nb"}, "text", "found U+000D"},
		{"text C1 control", textSpec(), Value{Text: "a\u0085b"}, "text", "found U+0085"},
		{"text bad utf8", textSpec(), Value{Text: "a\xc3"}, "text", "valid UTF-8"},
		{"text default limit", textDefaultSpec(), Value{Text: long(500)}, "", ""},
		{"text default too long", textDefaultSpec(), Value{Text: long(501)}, "text", "at most 500 characters, got 501"},
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	for _, tc := range answerCases() {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			v := tc.v
			checkValidation(t, Validate(tc.spec, &v), tc.wantField, tc.wantRule)
			if tc.wantField == "" {
				// The reference checker of the fuzz tests must agree.
				if ok, why := refAccepts(tc.spec, tc.v); !ok {
					t.Errorf("reference checker rejects a valid case: %s", why)
				}
			} else if ok, _ := refAccepts(tc.spec, tc.v); ok {
				t.Errorf("reference checker accepts an invalid case")
			}
		})
	}
}

func TestValidateDeterministic(t *testing.T) {
	t.Parallel()
	// Two unknown matrix rows and a missing one: always the smallest unknown.
	v := Value{Matrix: map[int32]int32{1000: 1, 3: 1, 500: 2, 6: 1}}
	for range 50 {
		checkValidation(t, Validate(matrixSpec(), &v), "matrix", "3 is not one of the rows")
	}
}

func TestValidateBadInput(t *testing.T) {
	t.Parallel()
	checkValidation(t, Validate(singleSpec(), nil), "answer", "an answer is required")

	var ve *ValidationError
	for name, spec := range map[string]*Spec{
		"nil spec":     nil,
		"invalid spec": {Type: TypeSingleChoice},
	} {
		err := Validate(spec, &Value{Choice: i32(1)})
		if !errors.Is(err, ErrInvalidSpec) {
			t.Errorf("%s: got %v, want ErrInvalidSpec", name, err)
		}
		if errors.As(err, &ve) {
			t.Errorf("%s: a spec error must not look like the panellist's mistake: %v", name, err)
		}
	}
}
