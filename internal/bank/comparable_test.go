package bank

import (
	"strings"
	"testing"

	"github.com/panelpulse/panelpulse/internal/answer"
)

func TestComparable(t *testing.T) {
	t.Parallel()
	opts := func(o ...answer.Option) []answer.Option { return o }
	more, same, less := answer.Option{Code: 1, Label: "More", Direction: 1}, answer.Option{Code: 2, Label: "Same"}, answer.Option{Code: 3, Label: "Less", Direction: -1}
	choice := answer.Spec{Type: answer.TypeSingleChoice, Options: opts(more, same, less)}
	scale := answer.Spec{Type: answer.TypeScale, ScaleMin: 1, ScaleMax: 10, MinLabel: "Low", MaxLabel: "High"}
	matrix := answer.Spec{Type: answer.TypeMatrix, ScaleMin: 1, ScaleMax: 5, Rows: opts(answer.Option{Code: 1, Label: "Knowledge"}, answer.Option{Code: 2, Label: "Skills"})}
	ranking := answer.Spec{Type: answer.TypeRanking, Options: opts(more, same, less), TopK: 2}
	number := answer.Spec{Type: answer.TypeNumber, Unit: "staff"}
	with := func(s answer.Spec, f func(*answer.Spec)) answer.Spec {
		s.Options, s.Rows = append([]answer.Option(nil), s.Options...), append([]answer.Option(nil), s.Rows...)
		f(&s)
		return s
	}
	for _, c := range []struct {
		name       string
		prev, next answer.Spec
		want       string // "" for comparable
	}{
		{"relabelled option", choice, with(choice, func(s *answer.Spec) { s.Options[1].Label = "About the same" }), ""},
		{"added option", choice, with(choice, func(s *answer.Spec) { s.Options = append(s.Options, answer.Option{Code: 4, Label: "Unsure"}) }), ""},
		{"new end labels", scale, with(scale, func(s *answer.Spec) { s.MaxLabel = "Very high" }), ""},
		{"added matrix row", matrix, with(matrix, func(s *answer.Spec) { s.Rows = append(s.Rows, answer.Option{Code: 3, Label: "Behaviours"}) }), ""},
		{"type", scale, answer.Spec{Type: answer.TypeLikert}, "the type changes from scale to likert"},
		{"scale points", scale, with(scale, func(s *answer.Spec) { s.ScaleMax = 5 }), "the scale changes from 1..10 to 1..5"},
		{"removed option", choice, with(choice, func(s *answer.Spec) { s.Options = s.Options[:2] }), `option 3 ("Less") is removed`},
		{"recoded option", choice, with(choice, func(s *answer.Spec) { s.Options[2].Code = 9 }), `option 3 ("Less") is removed`},
		{"direction", choice, with(choice, func(s *answer.Spec) { s.Options[2].Direction = 0 }), "changes direction from -1 to 0"},
		{"removed matrix row", matrix, with(matrix, func(s *answer.Spec) { s.Rows = s.Rows[1:] }), `row 1 ("Knowledge") is removed`},
		{"ranking depth", ranking, with(ranking, func(s *answer.Spec) { s.TopK = 3 }), "the ranking depth changes from 2 to 3"},
		{"unit", number, with(number, func(s *answer.Spec) { s.Unit, s.Percent = "", true }), `the unit changes from "staff" to "%"`},
	} {
		err := comparable(c.prev, c.next)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v, want comparable", c.name, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}
