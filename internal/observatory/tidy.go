package observatory

import (
	"fmt"

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
}

// TidyHeader is the CSV header of TidyRow, in field order.
var TidyHeader = []string{"question_key", "question_version", "period_type", "period", "period_start",
	"dimension", "segment", "statistic", "value", "ci_low", "ci_high", "n", "n_eff", "weighted", "suppressed"}

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
		if c.Mean != nil || c.Suppressed && len(c.Shares) == 0 && len(c.Ranks) == 0 {
			add("mean", c.Mean, c.CILow, c.CIHigh)
			add("median", c.Median, nil, nil)
			add("sd", c.SD, nil, nil)
			if c.MeanChange != nil {
				add("mean_change", ptr(c.MeanChange.Difference), nil, nil)
				add("mean_change_p", ptr(c.MeanChange.PValue), nil, nil)
			}
			if c.Rolling != nil && !c.Rolling.Suppressed {
				add("rolling3_mean", c.Rolling.Mean, c.Rolling.CILow, c.Rolling.CIHigh)
			}
		}
		for _, s := range c.Shares {
			sh := s.Share
			iv(fmt.Sprintf("share_%d", s.Code), &sh)
			if s.Change != nil {
				add(fmt.Sprintf("share_%d_change", s.Code), ptr(s.Change.Difference), nil, nil)
				add(fmt.Sprintf("share_%d_change_p", s.Code), ptr(s.Change.PValue), nil, nil)
			}
		}
		if c.NetAgreement != nil {
			iv("net_agreement", c.NetAgreement)
		}
		if c.NetBalance != nil {
			iv("net_balance", c.NetBalance)
		}
		for _, r := range c.Ranks {
			add(fmt.Sprintf("mean_rank_%d", r.Code), ptr(r.MeanRank), nil, nil)
			add(fmt.Sprintf("borda_%d", r.Code), ptr(r.Borda), nil, nil)
			add(fmt.Sprintf("top3_share_%d", r.Code), ptr(r.TopShare), nil, nil)
		}
	}
	return out
}
