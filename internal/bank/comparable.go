package bank

import (
	"fmt"

	"github.com/panelpulse/panelpulse/internal/answer"
	"github.com/panelpulse/panelpulse/internal/fault"
)

// comparable reports why answers to next could not be pooled with answers
// to prev in one trend series, or nil when they can. The observatory keeps
// one series per question key across its versions, so a new version may
// reword the question and its labels, add options or matrix rows and
// change bounds that only guard input, but not change what a stored value
// means: the type, the scale's points, a number's unit, an option's code
// or direction, or the depth of a ranking.
func comparable(prev, next answer.Spec) error {
	if prev.Type != next.Type {
		return fmt.Errorf("the type changes from %s to %s", prev.Type, next.Type)
	}
	switch next.Type {
	case answer.TypeScale, answer.TypeMatrix:
		if prev.ScaleMin != next.ScaleMin || prev.ScaleMax != next.ScaleMax {
			return fmt.Errorf("the scale changes from %d..%d to %d..%d", prev.ScaleMin, prev.ScaleMax, next.ScaleMin, next.ScaleMax)
		}
	case answer.TypeNumber:
		if prev.Unit != next.Unit || prev.Percent != next.Percent {
			return fmt.Errorf("the unit changes from %q to %q", unitOf(prev), unitOf(next))
		}
	case answer.TypeRanking:
		if prev.TopK != next.TopK {
			return fmt.Errorf("the ranking depth changes from %d to %d", prev.TopK, next.TopK)
		}
	}
	if err := keptCodes("option", prev.Options, next.Options); err != nil {
		return err
	}
	return keptCodes("row", prev.Rows, next.Rows)
}

// keptCodes checks that every code of prev is still in next with the same
// direction (labels may change, codes may be added).
func keptCodes(what string, prev, next []answer.Option) error {
	byCode := make(map[int32]answer.Option, len(next))
	for _, o := range next {
		byCode[o.Code] = o
	}
	for _, o := range prev {
		n, ok := byCode[o.Code]
		switch {
		case !ok:
			return fmt.Errorf("%s %d (%q) is removed", what, o.Code, o.Label)
		case n.Direction != o.Direction:
			return fmt.Errorf("%s %d (%q) changes direction from %d to %d", what, o.Code, o.Label, o.Direction, n.Direction)
		}
	}
	return nil
}

func unitOf(s answer.Spec) string {
	if s.Percent {
		return "%"
	}
	return s.Unit
}

// notComparable is the caller-facing error for a new version that would
// break its question's series.
func notComparable(key string, version int32, why error) error {
	return fault.New(fault.FailedPrecondition,
		"spec: a new version of %q must stay comparable with version %d, because trend series pool the versions of a key: %v; save this definition under a new key",
		key, version, why)
}
