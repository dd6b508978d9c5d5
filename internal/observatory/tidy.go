package observatory

import (
	"fmt"
	"strconv"

	"github.com/panelpulse/panelpulse/internal/answer"

	"github.com/panelpulse/panelpulse/internal/stats"
)

// TidyRow is one statistic of one period and segment: the long form that
// R, pandas and Excel read as a table.
type TidyRow struct {
	QuestionKey     string   `json:"question_key"`
	QuestionVersion int32    `json:"question_version"`
	PeriodType      string   `json:"period_type"`
	Period          string   `json:"period"`
	PeriodStart     string   `json:"period_start"`
	Dimension       string   `json:"dimension"`
	Segment         string   `json:"segment"`
	Statistic       string   `json:"statistic"`
	Value           *float64 `json:"value"`
	CILow           *float64 `json:"ci_low"`
	CIHigh          *float64 `json:"ci_high"`
	N               int      `json:"n"`
	NEff            float64  `json:"n_eff"`
	Weighted        bool     `json:"weighted"`
	Suppressed      bool     `json:"suppressed"`
	// BusinessDays are the business-days behind the cell's businesses
	// (blank when suppressed); WeightNote says why the row is unweighted
	// when weighting was asked for and not applied.
	BusinessDays int    `json:"business_days"`
	WeightNote   string `json:"weight_note"`
}

// TidyHeader is the CSV header of TidyRow, in field order.
var TidyHeader = []string{"question_key", "question_version", "period_type", "period", "period_start",
	"dimension", "segment", "statistic", "value", "ci_low", "ci_high", "n", "n_eff", "weighted", "suppressed",
	"business_days", "weight_note"}

// Tidy lays a trend out as long rows. A suppressed cell gives one row per
// statistic with no value, so the table keeps its shape.
func Tidy(t Trend) []TidyRow {
	var out []TidyRow
	for _, c := range t.Cells {
		base := TidyRow{
			QuestionKey: t.Question.Key, QuestionVersion: t.Question.Version,
			PeriodType: string(t.Request.Period), Period: c.Period, PeriodStart: c.PeriodStart,
			Dimension: string(t.Request.Dimension), Segment: c.Segment,
			N: c.Respondents, NEff: c.NEff, Weighted: t.Weighted, Suppressed: c.Suppressed,
			BusinessDays: c.BusinessDays, WeightNote: t.WeightNote,
		}
		add := func(stat string, v, lo, hi *float64) {
			r := base
			r.Statistic = stat
			if !c.Suppressed {
				r.Value, r.CILow, r.CIHigh = v, lo, hi
			}
			out = append(out, r)
		}
		iv := func(stat string, i *stats.Interval) {
			if i == nil {
				add(stat, nil, nil, nil)
				return
			}
			add(stat, ptr(i.Estimate), ptr(i.Lower), ptr(i.Upper))
		}
		assigned := float64(c.Assigned)
		people := float64(c.People)
		add("assigned", &assigned, nil, nil)
		add("people", &people, nil, nil)
		add("response_rate", c.ResponseRate, nil, nil)
		spec := &t.Question.Spec
		typ := spec.Type
		if typ == answer.TypeScale || typ == answer.TypeLikert || typ == answer.TypeNumber {
			add("mean", c.Mean, c.CILow, c.CIHigh)
			add("median", c.Median, nil, nil)
			add("sd", c.SD, nil, nil)
			var d, p *float64
			if c.MeanChange != nil {
				d, p = ptr(c.MeanChange.Difference), ptr(c.MeanChange.PValue)
			}
			add("mean_change", d, nil, nil)
			add("mean_change_p", p, nil, nil)
			var rm, rl, rh *float64
			if c.Rolling != nil && !c.Rolling.Suppressed {
				rm, rl, rh = c.Rolling.Mean, c.Rolling.CILow, c.Rolling.CIHigh
			}
			add("rolling3_mean", rm, rl, rh)
		}
		if typ != answer.TypeRanking {
			shares := map[int32]Share{}
			for _, s := range c.Shares {
				shares[s.Code] = s
			}
			for _, code := range optionCodes(spec) {
				s, ok := shares[code]
				if !ok {
					add(fmt.Sprintf("share_%d", code), nil, nil, nil)
					add(fmt.Sprintf("share_%d_change", code), nil, nil, nil)
					continue
				}
				// A share's n and n_eff are its own: the businesses with an
				// option answer and the effective n its Wilson interval used.
				n, nEff := base.N, base.NEff
				base.N, base.NEff = s.N, s.NEff
				sh := s.Share
				iv(fmt.Sprintf("share_%d", code), &sh)
				var d *float64
				if s.Change != nil {
					d = ptr(s.Change.Difference)
				}
				add(fmt.Sprintf("share_%d_change", code), d, nil, nil)
				base.N, base.NEff = n, nEff
			}
		}
		if typ == answer.TypeLikert {
			iv("net_agreement", c.NetAgreement)
		}
		if _, _, directional := directions(spec, nil); directional {
			iv("net_balance", c.NetBalance)
		}
		if typ == answer.TypeRanking {
			ranks := map[int32]Rank{}
			for _, r := range c.Ranks {
				ranks[r.Code] = r
			}
			for _, code := range optionCodes(spec) {
				r, ok := ranks[code]
				var mr, b, top *float64
				if ok {
					mr, b, top = r.MeanRank, ptr(r.Borda), ptr(r.TopShare)
				}
				add(fmt.Sprintf("mean_rank_%d", code), mr, nil, nil)
				add(fmt.Sprintf("borda_%d", code), b, nil, nil)
				add(fmt.Sprintf("top3_share_%d", code), top, nil, nil)
			}
		}
		if typ == answer.TypeMatrix {
			out = append(out, tidyRows(base, c, spec)...)
		}
	}
	return out
}

// tidyRows lays out the statistics of each matrix row; n and n_eff are the
// row's own (businesses that rated it).
func tidyRows(base TidyRow, c Cell, spec *answer.Spec) []TidyRow {
	rows := map[int32]MatrixRow{}
	for _, r := range c.Rows {
		rows[r.Code] = r
	}
	var out []TidyRow
	for _, o := range spec.Rows {
		r, ok := rows[o.Code]
		add := func(stat string, v, lo, hi *float64) {
			t := base
			t.Statistic = fmt.Sprintf("row_%d_%s", o.Code, stat)
			t.N, t.NEff = r.Respondents, r.NEff
			t.Suppressed = c.Suppressed || !ok || r.Suppressed
			if c.Suppressed {
				t.N, t.NEff = base.N, base.NEff // a hidden cell shows no row counts
			}
			if !t.Suppressed {
				t.Value, t.CILow, t.CIHigh = v, lo, hi
			}
			out = append(out, t)
		}
		var d, rm, rl, rh *float64
		if r.MeanChange != nil {
			d = ptr(r.MeanChange.Difference)
		}
		if r.Rolling != nil && !r.Rolling.Suppressed {
			rm, rl, rh = r.Rolling.Mean, r.Rolling.CILow, r.Rolling.CIHigh
		}
		add("mean", r.Mean, r.CILow, r.CIHigh)
		add("median", r.Median, nil, nil)
		add("sd", r.SD, nil, nil)
		add("mean_change", d, nil, nil)
		add("rolling3_mean", rm, rl, rh)
	}
	return out
}

// NField is the row's n as a CSV field: blank for a suppressed cell, whose
// count is not published.
func (t TidyRow) NField() string {
	if t.Suppressed {
		return ""
	}
	return strconv.Itoa(t.N)
}

// BusinessDaysField is the row's business-days as a CSV field: blank for a
// suppressed cell.
func (t TidyRow) BusinessDaysField() string {
	if t.Suppressed {
		return ""
	}
	return strconv.Itoa(t.BusinessDays)
}
