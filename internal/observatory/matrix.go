package observatory

import (
	"github.com/panelpulse/panelpulse/internal/answer"
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
// order, from the period's design.
func fillRows(c *Cell, in cellInput, sv *segValues) {
	if in.spec.Type != answer.TypeMatrix {
		return
	}
	for _, o := range in.spec.Rows {
		units := pickRow(o.Code)(sv)
		r := MatrixRow{Code: o.Code, Label: o.Label, Respondents: len(units)}
		if in.rowState(o.Code).Withheld() {
			r.Suppressed = true
			r.Respondents = 0 // a hidden row shows no count
			c.Rows = append(c.Rows, r)
			continue
		}
		if m, ok := in.pd.designMean(units); ok {
			setMean(&r.MeanStats, m)
			r.NEff = m.nEff
		}
		c.Rows = append(c.Rows, r)
	}
}
