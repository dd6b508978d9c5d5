package observatory

import (
	"cmp"
	"slices"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
)

// mergeDirty adds the dirty keys to the keys touched by new rows and
// returns them sorted by question and day without duplicates, the order
// ObservatoryTouched gives. The dirty table may hold a key several times
// (one row per trigger statement).
func mergeDirty(touched []dbsqlc.ObservatoryTouchedRow, dirty []dbsqlc.ObservatoryDirtyTakeRow) []dbsqlc.ObservatoryTouchedRow {
	if len(dirty) == 0 {
		return touched
	}
	keys := slices.Grow(slices.Clone(touched), len(dirty))
	for _, d := range dirty {
		keys = append(keys, dbsqlc.ObservatoryTouchedRow(d))
	}
	slices.SortFunc(keys, compareKeys)
	return slices.CompactFunc(keys, func(a, b dbsqlc.ObservatoryTouchedRow) bool { return compareKeys(a, b) == 0 })
}

func compareKeys(a, b dbsqlc.ObservatoryTouchedRow) int {
	return cmp.Or(cmp.Compare(a.QuestionID, b.QuestionID), a.Day.Compare(b.Day))
}
