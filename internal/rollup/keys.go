package rollup

import (
	"cmp"
	"slices"
	"time"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
)

// key is one (question, day) whose cells a fold recomputes.
type key struct {
	QuestionID int64
	Day        time.Time
}

// uniqueKeys returns the taken keys sorted by question and day without
// duplicates. The dirty table may hold a key several times (one row per
// trigger statement).
func uniqueKeys(dirty []dbsqlc.ObservatoryDirtyTakeRow) []key {
	keys := make([]key, len(dirty))
	for i, d := range dirty {
		keys[i] = key(d)
	}
	slices.SortFunc(keys, compareKeys)
	return slices.CompactFunc(keys, func(a, b key) bool { return compareKeys(a, b) == 0 })
}

func compareKeys(a, b key) int {
	return cmp.Or(cmp.Compare(a.QuestionID, b.QuestionID), a.Day.Compare(b.Day))
}
