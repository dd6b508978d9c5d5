package panel

import (
	"github.com/panelpulse/panelpulse/internal/answer"
	"github.com/panelpulse/panelpulse/internal/observatory"
)

// likertLabels are the five points of an agree/disagree question.
var likertLabels = []string{"Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"}

// summaryOf turns an observatory cell into what the panellist sees: the
// mean for scale, Likert and number questions, option shares with their
// Wilson intervals for choice and Likert questions. A hidden cell shows
// neither values nor its count.
func summaryOf(spec *answer.Spec, label string, c observatory.Cell) Summary {
	out := Summary{Label: label, Respondents: c.Respondents, Suppressed: c.Suppressed}
	if c.Suppressed {
		out.Respondents = 0
		return out
	}
	if spec.Type != answer.TypeSingleChoice && spec.Type != answer.TypeMultipleChoice {
		out.Mean = c.Mean
	}
	if spec.Type == answer.TypeScale {
		return out
	}
	for _, sh := range c.Shares {
		l := sh.Label
		if spec.Type == answer.TypeLikert && sh.Code >= 1 && int(sh.Code) <= len(likertLabels) {
			l = likertLabels[sh.Code-1]
		}
		out.Shares = append(out.Shares, Share{Code: sh.Code, Label: l, Interval: sh.Share})
	}
	return out
}
