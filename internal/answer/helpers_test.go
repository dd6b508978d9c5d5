package answer

import (
	"errors"
	"strings"
	"testing"
)

// Pointer helpers for literals.
func i32(n int32) *int32       { return &n }
func f64(x float64) *float64   { return &x }
func codes(c ...int32) []int32 { return c }

// Question specs used across the tests, one or more per type. Each call
// returns a fresh value so parallel tests never share one.
func singleSpec() *Spec {
	return &Spec{Type: TypeSingleChoice, Options: []Option{
		{Code: 1, Label: "Yes"}, {Code: 2, Label: "No"}, {Code: 3, Label: "Other", Other: true},
	}}
}

func multiSpec() *Spec {
	return &Spec{Type: TypeMultipleChoice, MinSelections: 2, MaxSelections: 3, Options: []Option{
		{Code: 1, Label: "Cost"}, {Code: 2, Label: "Time"}, {Code: 3, Label: "Distance"},
		{Code: 4, Label: "Quality"}, {Code: 5, Label: "Other", Other: true},
		{Code: 9, Label: "None of these", Exclusive: true},
	}}
}

func scale10Spec() *Spec {
	return &Spec{Type: TypeScale, ScaleMin: 0, ScaleMax: 10, MinLabel: "Not at all likely",
		MaxLabel: "Extremely likely", AllowDontKnow: true}
}

func scale5Spec() *Spec { return &Spec{Type: TypeScale, ScaleMin: 1, ScaleMax: 5} }

func likertSpec() *Spec   { return &Spec{Type: TypeLikert} }
func likertDKSpec() *Spec { return &Spec{Type: TypeLikert, AllowDontKnow: true} }

func numberSpec() *Spec {
	return &Spec{Type: TypeNumber, NumberMin: f64(-10), NumberMax: f64(1000), Unit: "hours"}
}

func numberIntSpec() *Spec {
	return &Spec{Type: TypeNumber, NumberMin: f64(0), NumberMax: f64(500), Integer: true, Unit: "staff"}
}

func numberFreeSpec() *Spec { return &Spec{Type: TypeNumber} }
func percentSpec() *Spec    { return &Spec{Type: TypeNumber, Percent: true} }

func rankingSpec() *Spec {
	return &Spec{Type: TypeRanking, TopK: 3, Options: []Option{
		{Code: 1, Label: "Digital"}, {Code: 2, Label: "Green"}, {Code: 3, Label: "Leadership"},
		{Code: 4, Label: "Sales"}, {Code: 5, Label: "Languages"},
	}}
}

func rankingAllSpec() *Spec {
	return &Spec{Type: TypeRanking, Options: []Option{
		{Code: 10, Label: "Employer"}, {Code: 20, Label: "State"}, {Code: 30, Label: "Learner"},
	}}
}

func matrixSpec() *Spec {
	return &Spec{Type: TypeMatrix, ScaleMin: 1, ScaleMax: 5, Rows: []Option{
		{Code: 6, Label: "6 months"}, {Code: 24, Label: "24 months"}, {Code: 99, Label: "Beyond 2 years"},
	}}
}

func matrixDKSpec() *Spec {
	s := matrixSpec()
	s.AllowDontKnow = true
	return s
}

func textSpec() *Spec        { return &Spec{Type: TypeText, MaxLength: 20} }
func textDefaultSpec() *Spec { return &Spec{Type: TypeText} }

// allSpecs is the catalogue the fuzz tests draw from.
func allSpecs() []*Spec {
	return []*Spec{
		singleSpec(), multiSpec(), scale10Spec(), scale5Spec(), likertSpec(), likertDKSpec(),
		numberSpec(), numberIntSpec(), numberFreeSpec(), percentSpec(), rankingSpec(),
		rankingAllSpec(), matrixSpec(), matrixDKSpec(), textSpec(), textDefaultSpec(),
		{Type: TypeMultipleChoice, Options: []Option{{Code: 1, Label: "A"}, {Code: 2, Label: "B"}}},
		{Type: TypeNumber, NumberMin: f64(0.5), NumberMax: f64(0.75)},
	}
}

// checkValidation asserts err against an expected field and rule fragment;
// an empty wantField means the input must be accepted.
func checkValidation(t *testing.T, err error, wantField, wantRule string) {
	t.Helper()
	if wantField == "" {
		if err != nil {
			t.Fatalf("got error %q, want it accepted", err)
		}
		return
	}
	if err == nil {
		t.Fatalf("accepted, want a %s error mentioning %q", wantField, wantRule)
	}
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("got %T %q, want a *ValidationError", err, err)
	}
	if ve.Field != wantField {
		t.Errorf("got field %q (%q), want %q", ve.Field, err, wantField)
	}
	if !strings.Contains(err.Error(), wantRule) {
		t.Errorf("got message %q, want it to mention %q", err, wantRule)
	}
	if !strings.HasPrefix(ve.Error(), ve.Field+": ") {
		t.Errorf("message %q does not start with the field name", ve)
	}
}
