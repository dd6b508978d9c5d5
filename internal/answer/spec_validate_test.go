package answer

import (
	"math"
	"strings"
	"testing"
)

func TestSpecValidateAccepts(t *testing.T) {
	t.Parallel()
	for _, s := range allSpecs() {
		if err := s.Validate(); err != nil {
			t.Errorf("%s spec: got %v, want it accepted", s.Type, err)
		}
	}
	extra := []*Spec{
		{Type: TypeScale, ScaleMin: 1, ScaleMax: 10},
		{Type: TypeScale, ScaleMin: 0, ScaleMax: 5},
		{Type: TypeScale, ScaleMin: 1, ScaleMax: 7},
		{Type: TypeNumber, NumberMin: f64(5), NumberMax: f64(5)},
		{Type: TypeNumber, Percent: true, Integer: true, NumberMin: f64(10), NumberMax: f64(90)},
		{Type: TypeNumber, NumberMin: f64(-1e12), NumberMax: f64(1e12)},
		{Type: TypeRanking, TopK: 2, Options: []Option{{Code: 1, Label: "a"}, {Code: 2, Label: "b"}}},
		{Type: TypeText, MaxLength: 1},
		{Type: TypeText, MaxLength: 2000},
		{Type: TypeMatrix, ScaleMin: 1, ScaleMax: 10, Rows: []Option{{Code: 1, Label: "Only row"}}},
		{Type: TypeMultipleChoice, MinSelections: 2, Options: []Option{
			{Code: 1, Label: "a"}, {Code: 2, Label: "b"}, {Code: 3, Label: "none", Exclusive: true}}},
		{Type: TypeSingleChoice, Options: []Option{{Code: 1, Label: "More", Direction: 1}, {Code: 2, Label: "Less", Direction: -1}}},
	}
	for i, s := range extra {
		if err := s.Validate(); err != nil {
			t.Errorf("extra[%d]: got %v, want it accepted", i, err)
		}
	}
}

func TestSpecValidateRejects(t *testing.T) {
	t.Parallel()
	two := func() []Option { return []Option{{Code: 1, Label: "a"}, {Code: 2, Label: "b"}} }
	withOpts := func(typ Type, opts ...Option) *Spec { return &Spec{Type: typ, Options: opts} }
	many := make([]Option, MaxOptions+1)
	for i := range many {
		many[i] = Option{Code: int32(i + 1), Label: "x"}
	}
	cases := []struct {
		name      string
		spec      *Spec
		wantField string
		wantRule  string
	}{
		{"nil", nil, "spec", "required"},
		{"unknown type", &Spec{Type: "slider"}, "type", "\"slider\" is not a known question type"},
		{"empty type", &Spec{}, "type", "not a known"},

		// Fields the type does not use.
		{"options on scale", &Spec{Type: TypeScale, ScaleMax: 5, Options: two()}, "options", "not used by a scale question"},
		{"min_selections on single", &Spec{Type: TypeSingleChoice, Options: two(), MinSelections: 1}, "min_selections", "not used"},
		{"max_selections on ranking", &Spec{Type: TypeRanking, Options: two(), MaxSelections: 1}, "max_selections", "not used"},
		{"scale_min on number", &Spec{Type: TypeNumber, ScaleMin: 1}, "scale_min", "not used"},
		{"custom scale on likert", &Spec{Type: TypeLikert, ScaleMin: 1, ScaleMax: 7}, "scale_min", "not used by a likert question"},
		{"scale_max on likert", &Spec{Type: TypeLikert, ScaleMax: 5}, "scale_max", "not used by a likert"},
		{"labels on likert", &Spec{Type: TypeLikert, MinLabel: "No"}, "min_label", "not used"},
		{"max_label on text", &Spec{Type: TypeText, MaxLabel: "Yes"}, "max_label", "not used"},
		{"dont know on number", &Spec{Type: TypeNumber, AllowDontKnow: true}, "allow_dont_know", "not used"},
		{"rows on scale", &Spec{Type: TypeScale, ScaleMax: 5, Rows: two()}, "rows", "not used"},
		{"options on matrix", &Spec{Type: TypeMatrix, ScaleMin: 1, ScaleMax: 5, Rows: two(), Options: two()}, "options", "not used by a matrix"},
		{"number_min on scale", &Spec{Type: TypeScale, ScaleMax: 5, NumberMin: f64(1)}, "number_min", "not used"},
		{"number_max on text", &Spec{Type: TypeText, NumberMax: f64(1)}, "number_max", "not used"},
		{"integer on scale", &Spec{Type: TypeScale, ScaleMax: 5, Integer: true}, "integer", "not used"},
		{"percent on text", &Spec{Type: TypeText, Percent: true}, "percent", "not used"},
		{"unit on scale", &Spec{Type: TypeScale, ScaleMax: 5, Unit: "kg"}, "unit", "not used"},
		{"top_k on multiple", &Spec{Type: TypeMultipleChoice, Options: two(), TopK: 1}, "top_k", "not used"},
		{"max_length on single", &Spec{Type: TypeSingleChoice, Options: two(), MaxLength: 10}, "max_length", "not used"},

		// Options.
		{"no options", &Spec{Type: TypeSingleChoice}, "options", "between 2 and 100 entries, got 0"},
		{"one option", withOpts(TypeRanking, Option{Code: 1, Label: "a"}), "options", "got 1"},
		{"too many options", withOpts(TypeMultipleChoice, many...), "options", "got 101"},
		{"zero code", withOpts(TypeSingleChoice, Option{Code: 0, Label: "a"}, Option{Code: 2, Label: "b"}), "options[0].code", "greater than 0, got 0"},
		{"negative code", withOpts(TypeSingleChoice, Option{Code: 1, Label: "a"}, Option{Code: -2, Label: "b"}), "options[1].code", "got -2"},
		{"duplicate code", withOpts(TypeMultipleChoice, Option{Code: 1, Label: "a"}, Option{Code: 1, Label: "b"}), "options[1].code", "1 is used by another entry"},
		{"empty label", withOpts(TypeSingleChoice, Option{Code: 1, Label: "a"}, Option{Code: 2, Label: "  "}), "options[1].label", "must not be empty"},
		{"control in label", withOpts(TypeSingleChoice, Option{Code: 1, Label: "a\x01"}, Option{Code: 2, Label: "b"}), "options[0].label", "control characters"},
		{"long label", withOpts(TypeSingleChoice, Option{Code: 1, Label: strings.Repeat("a", 201)}, Option{Code: 2, Label: "b"}), "options[0].label", "at most 200"},
		{"exclusive on single", withOpts(TypeSingleChoice, Option{Code: 1, Label: "a", Exclusive: true}, Option{Code: 2, Label: "b"}), "options[0].exclusive", "only a multiple choice"},
		{"other on ranking", withOpts(TypeRanking, Option{Code: 1, Label: "a"}, Option{Code: 2, Label: "b", Other: true}), "options[1].other", "ranking may not"},
		{"exclusive and other", withOpts(TypeMultipleChoice, Option{Code: 1, Label: "a"}, Option{Code: 2, Label: "b", Other: true, Exclusive: true}), "options[1].other", "both exclusive and \"other\""},
		{"two exclusive", withOpts(TypeMultipleChoice, Option{Code: 1, Label: "a"}, Option{Code: 2, Label: "b", Exclusive: true}, Option{Code: 3, Label: "c", Exclusive: true}), "options[2].exclusive", "at most one option may be exclusive"},
		{"two other", withOpts(TypeSingleChoice, Option{Code: 1, Label: "a", Other: true}, Option{Code: 2, Label: "b", Other: true}), "options[1].other", "at most one option may be \"other\""},
		{"direction", withOpts(TypeSingleChoice, Option{Code: 1, Label: "a", Direction: 2}, Option{Code: 2, Label: "b"}), "options[0].direction", "-1, 0 or 1, got 2"},

		// Selections.
		{"negative min", &Spec{Type: TypeMultipleChoice, Options: two(), MinSelections: -1}, "min_selections", "between 0 and 2, got -1"},
		{"negative max", &Spec{Type: TypeMultipleChoice, Options: two(), MaxSelections: -1}, "max_selections", "got -1"},
		{"max above options", &Spec{Type: TypeMultipleChoice, Options: two(), MaxSelections: 3}, "max_selections", "between 0 (no limit) and 2, got 3"},
		{"max counts only combinable", &Spec{Type: TypeMultipleChoice, MaxSelections: 2, Options: []Option{
			{Code: 1, Label: "a"}, {Code: 2, Label: "none", Exclusive: true}}}, "max_selections", "and 1, got 2"},
		{"min above max", &Spec{Type: TypeMultipleChoice, Options: append(two(), Option{Code: 3, Label: "c"}), MinSelections: 3, MaxSelections: 2}, "min_selections", "between 0 and 2, got 3"},
		{"min above options", &Spec{Type: TypeMultipleChoice, Options: two(), MinSelections: 3}, "min_selections", "got 3"},

		// Scale and matrix bounds.
		{"scale missing max", &Spec{Type: TypeScale, ScaleMin: 1}, "scale_max", "between 5 and 10, got 0"},
		{"scale max 4", &Spec{Type: TypeScale, ScaleMin: 1, ScaleMax: 4}, "scale_max", "got 4"},
		{"scale max 11", &Spec{Type: TypeScale, ScaleMin: 1, ScaleMax: 11}, "scale_max", "got 11"},
		{"scale min 2", &Spec{Type: TypeScale, ScaleMin: 2, ScaleMax: 10}, "scale_min", "0 or 1, got 2"},
		{"scale min -1", &Spec{Type: TypeScale, ScaleMin: -1, ScaleMax: 10}, "scale_min", "got -1"},
		{"scale label control", &Spec{Type: TypeScale, ScaleMin: 1, ScaleMax: 5, MaxLabel: "a\nb"}, "max_label", "control"},
		{"matrix min 0", &Spec{Type: TypeMatrix, ScaleMax: 5, Rows: two()}, "scale_min", "must be 1 (a rating of 0 means \"don't know\")"},
		{"matrix max", &Spec{Type: TypeMatrix, ScaleMin: 1, ScaleMax: 20, Rows: two()}, "scale_max", "got 20"},
		{"matrix no rows", &Spec{Type: TypeMatrix, ScaleMin: 1, ScaleMax: 5}, "rows", "between 1 and 50 entries, got 0"},
		{"matrix duplicate row", &Spec{Type: TypeMatrix, ScaleMin: 1, ScaleMax: 5, Rows: []Option{{Code: 4, Label: "a"}, {Code: 4, Label: "b"}}}, "rows[1].code", "used by another"},
		{"matrix row label", &Spec{Type: TypeMatrix, ScaleMin: 1, ScaleMax: 5, Rows: []Option{{Code: 4, Label: ""}}}, "rows[0].label", "must not be empty"},
		{"matrix exclusive row", &Spec{Type: TypeMatrix, ScaleMin: 1, ScaleMax: 5, Rows: []Option{{Code: 4, Label: "a", Exclusive: true}}}, "rows[0]", "cannot be exclusive"},

		// Number.
		{"min above max", &Spec{Type: TypeNumber, NumberMin: f64(5), NumberMax: f64(4)}, "number_max", "not be less than number_min (5), got 4"},
		{"NaN bound", &Spec{Type: TypeNumber, NumberMin: f64(math.NaN())}, "number_min", "finite"},
		{"Inf bound", &Spec{Type: TypeNumber, NumberMax: f64(math.Inf(1))}, "number_max", "finite"},
		{"huge bound", &Spec{Type: TypeNumber, NumberMax: f64(2e12)}, "number_max", "finite"},
		{"percent max above 100", &Spec{Type: TypeNumber, Percent: true, NumberMax: f64(150)}, "number_max", "between 0 and 100 for a percentage, got 150"},
		{"percent negative min", &Spec{Type: TypeNumber, Percent: true, NumberMin: f64(-5)}, "number_min", "got -5"},
		{"min without max is fine", &Spec{Type: TypeNumber, NumberMin: f64(200)}, "", ""},
		{"integer fractional bound", &Spec{Type: TypeNumber, Integer: true, NumberMin: f64(0.5)}, "number_min", "whole number"},
		{"percent with unit", &Spec{Type: TypeNumber, Percent: true, Unit: "kg"}, "unit", "must be empty for a percentage"},
		{"long unit", &Spec{Type: TypeNumber, Unit: strings.Repeat("u", 21)}, "unit", "at most 20"},

		// Ranking and text.
		{"top_k above n", &Spec{Type: TypeRanking, Options: two(), TopK: 3}, "top_k", "between 0 (rank all) and 2, got 3"},
		{"top_k negative", &Spec{Type: TypeRanking, Options: two(), TopK: -1}, "top_k", "got -1"},
		{"text negative", &Spec{Type: TypeText, MaxLength: -1}, "max_length", "between 1 and 2000 (or 0 for 500), got -1"},
		{"text too long", &Spec{Type: TypeText, MaxLength: 2001}, "max_length", "got 2001"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			checkValidation(t, tc.spec.Validate(), tc.wantField, tc.wantRule)
		})
	}
}
