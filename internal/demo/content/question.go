package content

import "github.com/panelpulse/panelpulse/internal/answer"

// The themes of the question bank (the Theme enum of the API, in
// proto/panelpulse/v1). The first five are the themes of the 2022 pilot's
// recruitment notice.
const (
	ThemeRecruitmentConfidence = "recruitment_confidence"
	ThemeTrainingInvestment    = "training_investment"
	ThemeKnowledge             = "knowledge"
	ThemeSkills                = "skills"
	ThemeBehaviours            = "behaviours"
	ThemeFindingTest           = "finding_test"
	ThemeOther                 = "other"
)

// Question is one question of the demo bank.
type Question struct {
	// Key is stable across waves and versions; trend series follow it.
	Key string
	// Theme is one of the Theme constants.
	Theme string
	// Title is a short label for lists and exports.
	Title string
	// Wording is what the phone shows: one short sentence.
	Wording string
	// Spec is the question type and its rules.
	Spec answer.Spec
}

// The keys of the demo bank, named so the plan and the simulator cannot
// drift from the bank.
const (
	keyRecruitConfidence   = "recruit_confidence_12m"
	keyRecruitHorizon      = "recruit_planning_horizon"
	keyHardToFill          = "vacancies_hard_to_fill"
	keyRecruitChannels     = "recruit_channels"
	keyFutureNeeds         = "future_needs_importance"
	keyCostShare           = "training_cost_share"
	keyCostRest            = "training_cost_rest"
	keyTrainingSpend       = "training_spend_next_year"
	keyTrainingPlanning    = "training_planning_timing"
	keyPublicCoursesFit    = "public_courses_fit"
	keyKnowledgeRank       = "knowledge_rank_top3"
	keyKnowledgeQual       = "knowledge_qualification"
	keySkillsRank          = "skills_rank_top3"
	keyDigitalConfidence   = "digital_confidence_timeframe"
	keyGreenConfidence     = "environmental_confidence_timeframe"
	keyBehavioursLacking   = "behaviours_lacking"
	keyRecruitPriority     = "recruit_priority_ksb"
	keyBehavioursEase      = "behaviours_recruit_ease"
	keyFindingFEOffer      = "finding_fe_offer_unclear"
	keyFindingBehaviours   = "finding_behaviours_at_heart"
	keyFindingManufacturer = "finding_manufacturers_recruit"
	keyBiggestDifference   = "biggest_difference_skill"
)

// QuestionBank returns the demo question bank: 22 questions on the pilot's
// five themes plus finding tests, written from section 2.2 of the 2022 LSIP
// and covering every question type. Option codes run 1..n in each
// question. A new slice is returned on every call.
func QuestionBank() []Question {
	return []Question{
		{
			Key: keyRecruitConfidence, Theme: ThemeRecruitmentConfidence,
			Title:   "Confidence recruiting in the next 12 months",
			Wording: "How confident are you of recruiting the people with the skills you need in the next 12 months?",
			Spec:    scale(1, 10, "Not at all confident", "Very confident", false),
		},
		{
			Key: keyRecruitHorizon, Theme: ThemeRecruitmentConfidence,
			Title:   "How far ahead recruitment is planned",
			Wording: "How far ahead do you usually plan your recruitment?",
			Spec: single(
				"0-6 months ahead", "6-12 months ahead", "12-24 months ahead",
				"More than 24 months ahead", "We don't plan ahead"),
		},
		{
			Key: keyHardToFill, Theme: ThemeRecruitmentConfidence,
			Title:   "Hard-to-fill vacancies",
			Wording: "How many of your current vacancies are proving hard to fill?",
			Spec:    answer.Spec{Type: answer.TypeNumber, NumberMin: ptr(0), NumberMax: ptr(500), Integer: true, Unit: "vacancies"},
		},
		{
			Key: keyRecruitChannels, Theme: ThemeRecruitmentConfidence,
			Title:   "Where businesses recruit",
			Wording: "Where do you look first when recruiting? Choose up to 3.",
			Spec: multiple(1, 3,
				"Word of mouth", "Online job platforms", "Recruitment agencies", "Universities",
				"FE colleges", "Schools", "Careers fairs", "Jobcentre Plus", "Independent training providers"),
		},
		{
			Key: keyFutureNeeds, Theme: ThemeTrainingInvestment,
			Title:   "How future skills needs will be met",
			Wording: "How important will each be in meeting your future skills needs?",
			Spec: matrix(1, 10, "Not important", "Very important", false,
				"Training existing staff", "Recruitment", "Automation"),
		},
		{
			Key: keyCostShare, Theme: ThemeTrainingInvestment,
			Title:   "Share of training cost a business should pay",
			Wording: "What share of the cost of training your staff should your business pay?",
			Spec:    answer.Spec{Type: answer.TypeNumber, NumberMin: ptr(0), NumberMax: ptr(100), Integer: true, Percent: true},
		},
		{
			Key: keyCostRest, Theme: ThemeTrainingInvestment,
			Title:   "Who should pay the rest of training costs",
			Wording: "Who should pay the rest of the cost of training?",
			Spec: withOther(single(
				"Government", "A specific tax or levy", "The individual",
				"No one: we should pay it all"), "Other, please say"),
		},
		{
			Key: keyTrainingSpend, Theme: ThemeTrainingInvestment,
			Title:   "Training spend next year",
			Wording: "Next year, will you spend more, the same or less on training than this year?",
			Spec: answer.Spec{Type: answer.TypeSingleChoice, Options: []answer.Option{
				{Code: 1, Label: "More", Direction: 1},
				{Code: 2, Label: "About the same", Direction: 0},
				{Code: 3, Label: "Less", Direction: -1},
			}},
		},
		{
			Key: keyTrainingPlanning, Theme: ThemeTrainingInvestment,
			Title:   "When training is planned",
			Wording: "When do you usually plan training for your staff?",
			Spec: single(
				"When it is needed", "Just before it is needed", "Up to 6 months ahead",
				"6-24 months ahead", "More than 24 months ahead"),
		},
		{
			Key: keyPublicCoursesFit, Theme: ThemeTrainingInvestment,
			Title:   "Fit of publicly funded courses",
			Wording: "How well do publicly funded courses meet your knowledge, skills and behaviour needs?",
			Spec:    scale(1, 5, "Not at all well", "Very well", true),
		},
		{
			Key: keyKnowledgeRank, Theme: ThemeKnowledge,
			Title:   "Most important knowledge areas",
			Wording: "Rank the 3 knowledge areas most important to your business's success.",
			Spec: ranking(3,
				"Technical and vocational knowledge", "Basic literacy", "Basic numeracy",
				"Health and safety", "Basic IT", "Advanced IT", "Financial knowledge", "Marketing"),
		},
		{
			Key: keyKnowledgeQual, Theme: ThemeKnowledge,
			Title:   "Qualification that best gives the right knowledge",
			Wording: "Which qualification best gives new recruits the knowledge you need?",
			Spec: single(
				"Degree", "Apprenticeship", "Professional body qualification", "BTEC",
				"T Level", "GCSEs", "Non-accredited course"),
		},
		{
			Key: keySkillsRank, Theme: ThemeSkills,
			Title:   "Most important skill areas",
			Wording: "Rank the 3 skills most important to your business.",
			Spec: ranking(3,
				"Team working", "Verbal communication", "Specific occupational skills",
				"Written communication", "Time management", "Leadership",
				"Project planning and management", "Industry software skills"),
		},
		{
			Key: keyDigitalConfidence, Theme: ThemeSkills,
			Title:   "Digital skills confidence by timeframe",
			Wording: "How confident are you of having the digital knowledge and skills you need over each period?",
			Spec: matrix(1, 5, "Not at all confident", "Very confident", false,
				"Next 6 months", "Next 24 months", "Beyond 2 years"),
		},
		{
			Key: keyGreenConfidence, Theme: ThemeSkills,
			Title:   "Environmental skills confidence by timeframe",
			Wording: "How confident are you of having the environmental and net zero skills you need over each period?",
			Spec: matrix(1, 5, "Not at all confident", "Very confident", true,
				"Next 6 months", "Next 24 months", "Beyond 2 years"),
		},
		{
			Key: keyBehavioursLacking, Theme: ThemeBehaviours,
			Title:   "Behaviours most lacking in new recruits",
			Wording: "Which behaviours are most often missing in new recruits? Choose up to 3.",
			Spec: withNone(multiple(1, 3,
				"Being a team player", "Hard working", "Reliable", "Resilient", "Honest",
				"Self-motivated", "Eager to learn", "Polite"), "None of these"),
		},
		{
			Key: keyRecruitPriority, Theme: ThemeBehaviours,
			Title:   "What matters most when recruiting",
			Wording: "When you recruit, which matters most: the right behaviours, skills or knowledge?",
			Spec:    single("The right behaviours", "The right skills", "The right knowledge"),
		},
		{
			Key: keyBehavioursEase, Theme: ThemeBehaviours,
			Title:   "Ease of recruiting the right behaviours",
			Wording: "How easy is it to recruit people with the right behaviours?",
			Spec:    scale(1, 10, "Very hard", "Very easy", false),
		},
		{
			Key: keyFindingFEOffer, Theme: ThemeFindingTest,
			Title:   "Finding: the FE offer is hard to understand",
			Wording: "The local further education offer is hard for a business like mine to understand.",
			Spec:    answer.Spec{Type: answer.TypeLikert},
		},
		{
			Key: keyFindingBehaviours, Theme: ThemeFindingTest,
			Title:   "Finding: behaviours belong at the heart of training",
			Wording: "Colleges should put behaviours at the heart of training, not treat them as an add-on.",
			Spec:    answer.Spec{Type: answer.TypeLikert, AllowDontKnow: true},
		},
		{
			Key: keyFindingManufacturer, Theme: ThemeFindingTest,
			Title:   "Finding: manufacturers find it hardest to recruit",
			Wording: "Manufacturers find it harder than other sectors to recruit the knowledge and skills they need.",
			Spec:    answer.Spec{Type: answer.TypeLikert},
		},
		{
			Key: keyBiggestDifference, Theme: ThemeOther,
			Title:   "The skill that would make the biggest difference",
			Wording: "What one skill would make the biggest difference to your business?",
			Spec:    answer.Spec{Type: answer.TypeText, MaxLength: 280},
		},
	}
}

// options numbers labels 1..n.
func options(labels ...string) []answer.Option {
	out := make([]answer.Option, len(labels))
	for i, l := range labels {
		out[i] = answer.Option{Code: int32(i + 1), Label: l}
	}
	return out
}

// single is a single choice of the labels.
func single(labels ...string) answer.Spec {
	return answer.Spec{Type: answer.TypeSingleChoice, Options: options(labels...)}
}

// multiple is a multiple choice of the labels with between lo and hi
// selections.
func multiple(lo, hi int32, labels ...string) answer.Spec {
	return answer.Spec{Type: answer.TypeMultipleChoice, Options: options(labels...), MinSelections: lo, MaxSelections: hi}
}

// withOther appends an "other, please say" option to a choice.
func withOther(s answer.Spec, label string) answer.Spec {
	s.Options = append(s.Options, answer.Option{Code: int32(len(s.Options) + 1), Label: label, Other: true})
	return s
}

// withNone appends an exclusive "none of these" option to a multiple choice.
func withNone(s answer.Spec, label string) answer.Spec {
	s.Options = append(s.Options, answer.Option{Code: int32(len(s.Options) + 1), Label: label, Exclusive: true})
	return s
}

// scale is a scale from lo to hi with end labels.
func scale(lo, hi int32, minLabel, maxLabel string, dontKnow bool) answer.Spec {
	return answer.Spec{Type: answer.TypeScale, ScaleMin: lo, ScaleMax: hi, MinLabel: minLabel, MaxLabel: maxLabel, AllowDontKnow: dontKnow}
}

// matrix rates each row on a scale from lo to hi.
func matrix(lo, hi int32, minLabel, maxLabel string, dontKnow bool, rows ...string) answer.Spec {
	s := scale(lo, hi, minLabel, maxLabel, dontKnow)
	s.Type, s.Rows = answer.TypeMatrix, options(rows...)
	return s
}

// ranking orders the top k of the labels.
func ranking(k int32, labels ...string) answer.Spec {
	return answer.Spec{Type: answer.TypeRanking, Options: options(labels...), TopK: k}
}

// ptr returns a pointer to a copy of f, for the optional number bounds.
func ptr(f float64) *float64 { return &f }
