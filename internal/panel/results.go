package panel

import (
	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/answer"
	"github.com/panelpulse/panelpulse/internal/stats"
)

// likertLabels are the five points of an agree/disagree question.
var likertLabels = []string{"Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"}

// unit is one business's answers: the mean of its respondents' numbers and
// the fraction of its respondents choosing each option code.
type unit struct {
	sum, nNum float64
	votes     map[int32]float64
	nVotes    float64
}

// summarise aggregates latest answers (ordered by business) with the
// business as the unit: shares with Wilson intervals for choice, Likert
// and ranking (share ranking an item first) questions, the mean for scale,
// Likert and number questions. A group under the threshold shows only its
// count.
func summarise(spec *answer.Spec, label string, rows []dbsqlc.PanelResultAnswersRow, sup stats.Suppressor) Summary {
	units := map[int64]*unit{}
	var order []int64
	for _, r := range rows {
		u := units[r.BusinessID]
		if u == nil {
			u = &unit{votes: map[int32]float64{}}
			units[r.BusinessID] = u
			order = append(order, r.BusinessID)
		}
		if r.NumValue != nil {
			u.sum += *r.NumValue
			u.nNum++
		}
		codes := votedCodes(spec, r)
		if codes == nil {
			continue
		}
		u.nVotes++
		for _, c := range codes {
			u.votes[c]++
		}
	}
	out := Summary{Label: label, Respondents: len(order)}
	if !sup.Show(out.Respondents) {
		out.Suppressed = true
		return out
	}
	var meanSum, meanN float64
	options := shareOptions(spec)
	chosen := make([]float64, len(options))
	var voters float64
	for _, id := range order {
		u := units[id]
		if u.nNum > 0 {
			meanSum += u.sum / u.nNum
			meanN++
		}
		if u.nVotes > 0 {
			voters++
			for i, o := range options {
				chosen[i] += u.votes[o.Code] / u.nVotes
			}
		}
	}
	if meanN > 0 && spec.Type != answer.TypeSingleChoice && spec.Type != answer.TypeMultipleChoice {
		m := meanSum / meanN
		out.Mean = &m
	}
	if voters > 0 {
		for i, o := range options {
			ci, err := stats.Wilson(min(chosen[i], voters), voters, stats.DefaultLevel)
			if err != nil {
				continue
			}
			out.Shares = append(out.Shares, Share{Code: o.Code, Label: o.Label, Interval: ci})
		}
	}
	return out
}

// votedCodes gives the option codes an answer counts for in the shares.
func votedCodes(spec *answer.Spec, r dbsqlc.PanelResultAnswersRow) []int32 {
	switch spec.Type {
	case answer.TypeSingleChoice, answer.TypeMultipleChoice:
		if len(r.Codes) > 0 {
			return r.Codes
		}
	case answer.TypeRanking:
		if len(r.Codes) > 0 {
			return r.Codes[:1]
		}
	case answer.TypeLikert:
		if r.NumValue != nil {
			return []int32{int32(*r.NumValue)}
		}
	}
	return nil
}

// shareOptions are the categories shares are reported for.
func shareOptions(spec *answer.Spec) []answer.Option {
	if spec.Type == answer.TypeLikert {
		out := make([]answer.Option, len(likertLabels))
		for i, l := range likertLabels {
			out[i] = answer.Option{Code: int32(i + 1), Label: l}
		}
		return out
	}
	switch spec.Type {
	case answer.TypeSingleChoice, answer.TypeMultipleChoice, answer.TypeRanking:
		return spec.Options
	}
	return nil
}
