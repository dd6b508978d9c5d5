package observatory

import (
	"sync"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/bank"
	"github.com/panelpulse/panelpulse/internal/stats"
)

// patterns keeps the pattern decided for each panel's rows, as the
// service keeps one per question and rollup version.
var patterns sync.Map

// publishTrend is what Trend does with the rows it read: take the
// question's pattern, decided once from all its rows, and build the
// requested series.
func publishTrend(q bank.Question, r Request, sup stats.Suppressor, sel []dbsqlc.ObservatoryCellListRow, units []dbsqlc.ObservatoryUnitListRow, frame stats.Frame, all []dbsqlc.ObservatoryCellListRow, waves []waveRange) Trend {
	pat, ok := patterns.Load(&all[0])
	if !ok {
		pat, _ = patterns.LoadOrStore(&all[0], decidePattern(sup.Threshold(), rangeOf(q.Spec), countRowsFrom(all), waves))
	}
	return build(q, r, sup, sel, units, frame, pat.(*pattern))
}
