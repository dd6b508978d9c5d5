package observatory

import (
	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/answer"
	"github.com/panelpulse/panelpulse/internal/stats"
)

// MatrixRow is the statistics of one row of a matrix question. Respondents
// counts the businesses that rated the row ("don't know" is not a rating);
// a row rated by fewer than the threshold is suppressed even when its cell
// is shown.
type MatrixRow struct {
	Code        int32   `json:"code"`
	Label       string  `json:"label"`
	Respondents int     `json:"respondents"`
	Suppressed  bool    `json:"suppressed"`
	NEff        float64 `json:"n_eff"`
	MeanStats
	Rolling *Rolling `json:"rolling,omitempty"`
}

// fillRows writes the statistics of each matrix row, in the question's row
// order.
func fillRows(c *Cell, e estimate, in cellInput) {
	if in.spec.Type != answer.TypeMatrix {
		return
	}
	for _, o := range in.spec.Rows {
		m := e.rows[o.Code]
		r := MatrixRow{Code: o.Code, Label: o.Label, Respondents: int(m.N), NEff: m.NEff()}
		if in.rowState(o.Code).Withheld() {
			r.Suppressed = true
			r.Respondents, r.NEff = 0, 0 // a hidden row shows no count
			c.Rows = append(c.Rows, r)
			continue
		}
		r.Mean, r.SD, r.CILow, r.CIHigh = meanStats(m, in.weighted)
		code := o.Code
		r.Median = median(in.st, in.w, func(cell *dbsqlc.ObservatoryCellListRow, wt float64, out []valueWeight) []valueWeight {
			for i, c := range cell.RowHistCodes {
				if c == code {
					out = addValue(out, cell.RowHistValues[i], wt*float64(cell.RowHistCounts[i]))
				}
			}
			return out
		})
		c.Rows = append(c.Rows, r)
	}
}

// rowMoments picks the moments of one matrix row from estimates.
func rowMoments(code int32) func(estimate) stats.Moments {
	return func(e estimate) stats.Moments { return e.rows[code] }
}
