package content

import (
	"math"
	"math/rand/v2"

	"github.com/panelpulse/panelpulse/internal/answer"
)

// The profiles below shape simulated answers after section 2.2 of the 2022
// LSIP. Each takes the question key, the business and the wave progress t
// (0 on the first day, 1 on the last) and returns nil or a zero shape for
// keys it does not know, which Simulate answers generically. Weights and
// chances are listed in option-code order.

// choiceWeights returns the weights of the options of a single choice.
func choiceWeights(key string, b Business, t float64) []float64 {
	switch key {
	case keyRecruitHorizon:
		// Most plan 6-24 months ahead, about a third 0-6 months, very few
		// beyond 24 months.
		return []float64{0.32, 0.28, 0.25, 0.05, 0.10}
	case keyCostRest:
		// Four in ten government, three in ten a levy, a fifth the individual.
		return []float64{0.40, 0.30, 0.20, 0.05, 0.05}
	case keyTrainingSpend:
		more, less := 0.33+0.10*t, 0.22-0.08*t
		if b.PilotSector == PilotManufacturing {
			more += 0.05
		}
		return []float64{more, 0.45, less}
	case keyTrainingPlanning:
		// The majority plan training when or just before it is needed.
		return []float64{0.38, 0.27, 0.20, 0.12, 0.03}
	case keyKnowledgeQual:
		// Degree, apprenticeship, professional body, BTEC, T Level, GCSEs,
		// non-accredited: the sector's top three from section 2.2.1.
		switch b.PilotSector {
		case PilotLogistics:
			return []float64{0.06, 0.26, 0.30, 0.08, 0.02, 0.18, 0.10}
		case PilotManufacturing:
			return []float64{0.30, 0.28, 0.10, 0.10, 0.03, 0.15, 0.04}
		default:
			return []float64{0.25, 0.12, 0.35, 0.08, 0.02, 0.15, 0.03}
		}
	case keyRecruitPriority:
		// Behaviours matter most, logistics above all (section 2.2.4).
		switch b.PilotSector {
		case PilotLogistics:
			return []float64{0.62, 0.26, 0.12}
		case PilotManufacturing:
			return []float64{0.42, 0.33, 0.25}
		default:
			return []float64{0.50, 0.32, 0.18}
		}
	}
	return nil
}

// pickChances returns the chance of ticking each option of a multiple
// choice; for an exclusive option, the chance of choosing it outright.
func pickChances(key string, b Business, t float64) []float64 {
	switch key {
	case keyRecruitChannels:
		// Word of mouth, online platforms and agencies lead; sport and
		// health use universities more; schools, careers fairs, Jobcentre
		// Plus and training providers trail.
		uni, jcp := 0.20, 0.10
		switch b.PilotSector {
		case PilotSportHealth:
			uni = 0.45
		case PilotManufacturing:
			uni = 0.30
		case PilotLogistics:
			jcp = 0.20
		}
		return []float64{0.75, 0.65, 0.50, uni, 0.10, 0.05, 0.05, jcp, 0.08}
	case keyBehavioursLacking:
		// Team player, hard working, reliable, resilient, honest,
		// self-motivated, eager to learn, polite, none of these.
		return []float64{0.22, 0.25, 0.35, 0.40 + 0.10*t, 0.08, 0.40, 0.30, 0.12, 0.06}
	}
	return nil
}

// scaleShape returns the distribution of a scale question.
func scaleShape(key string, b Business, t float64, s *answer.Spec) shape {
	switch key {
	case keyRecruitConfidence:
		// Low confidence everywhere: manufacturers least, then logistics,
		// then sport and health. Larger businesses a little more confident.
		// Confidence slips over the wave, except in sport and health.
		mean := map[string]float64{PilotManufacturing: 4.4, PilotLogistics: 4.9}[b.PilotSector]
		drift := -0.6
		if mean == 0 {
			mean, drift = 5.5, 0.3
		}
		mean += map[string]float64{SizeMedium: 0.2, SizeLarge: 0.4}[b.SizeBand] + drift*t
		return shape{mean: mean, sd: 1.9}
	case keyPublicCoursesFit:
		// About a third "not very well" or worse, just under three in ten
		// "quite" or "very well".
		return shape{mean: 2.9 + 0.1*t, sd: 1.0, dontKnow: 0.08}
	case keyBehavioursEase:
		// Behaviours are the easiest area to recruit for, though no sector
		// finds it easy.
		mean := 6.0
		if b.PilotSector == PilotManufacturing {
			mean = 5.6
		}
		return shape{mean: mean, sd: 2.0}
	}
	return shape{
		mean:     float64(s.ScaleMin+s.ScaleMax) / 2,
		sd:       math.Max(float64(s.ScaleMax-s.ScaleMin)/4, 0.5),
		dontKnow: 0.05,
	}
}

// likertWeights returns the weights of strongly disagree .. strongly agree.
func likertWeights(key string, b Business, t float64) []float64 {
	switch key {
	case keyFindingFEOffer:
		// One of the strongest messages: businesses do not understand the
		// FE offer. Agreement firms up as the roundtables approach.
		return []float64{0.04, 0.10, 0.18 - 0.06*t, 0.42 + 0.06*t, 0.26}
	case keyFindingBehaviours:
		return []float64{0.03, 0.07, 0.15, 0.40, 0.35}
	case keyFindingManufacturer:
		if b.PilotSector == PilotManufacturing {
			return []float64{0.04, 0.10, 0.18, 0.42, 0.26}
		}
		return []float64{0.08, 0.20, 0.35, 0.27, 0.10}
	}
	return nil
}

// numberDraw returns an unrounded number; numberValue clamps and rounds.
func numberDraw(key string, b Business, t float64, s *answer.Spec, r *rand.Rand) float64 {
	switch key {
	case keyHardToFill:
		// Roughly one hard-to-fill vacancy per 50 staff, more in
		// manufacturing, rising over the wave; most micro businesses have
		// none.
		if b.SizeBand == SizeMicro && r.Float64() < 0.6 {
			return 0
		}
		rate := 0.02 * (1 + 0.3*t)
		if b.PilotSector == PilotManufacturing {
			rate *= 1.3
		}
		return float64(b.Employees) * rate * r.ExpFloat64()
	case keyCostShare:
		// Wide variation around an average of about two-thirds in every
		// sector; people answer in fives.
		return math.Round((66+22*r.NormFloat64())/5) * 5
	}
	lo, hi := 0.0, 100.0
	if s.NumberMin != nil {
		lo = *s.NumberMin
	}
	if s.NumberMax != nil {
		hi = *s.NumberMax
	}
	return lo + r.Float64()*(hi-lo)
}

// rankWeights returns the weights of the items of a ranking.
func rankWeights(key string, b Business) []float64 {
	switch key {
	case keyKnowledgeRank:
		// Technical and vocational knowledge first, then literacy,
		// numeracy, health and safety and basic IT; advanced IT, finance
		// and marketing last (section 2.2.1).
		hs, advIT := 5.0, 1.5
		switch b.PilotSector {
		case PilotLogistics:
			hs = 7.0
		case PilotManufacturing:
			advIT = 2.5
		}
		return []float64{10, 6, 5.5, hs, 4.5, advIT, 1.2, 1.0}
	case keySkillsRank:
		// Team working, verbal communication, occupational skills, written
		// communication, time management; then the least important ones.
		software := 1.3
		if b.PilotSector == PilotManufacturing {
			software = 2.3
		}
		return []float64{9, 6.5, 6, 4.5, 4, 1.8, 1.5, software}
	}
	return nil
}

// rowShape returns the distribution of each row of a matrix.
func rowShape(key string, b Business, t float64, s *answer.Spec) []shape {
	switch key {
	case keyFutureNeeds:
		// Training 7.9, recruitment 6.8, automation 5.9 out of 10, the last
		// pulled down by sport and health.
		auto := 6.6
		if b.PilotSector == PilotSportHealth {
			auto = 4.6
		}
		return []shape{{7.9, 1.6, 0}, {6.8, 1.8, 0}, {auto, 2.1, 0}}
	case keyDigitalConfidence, keyGreenConfidence:
		// Logistics most confident, then manufacturers, then sport and
		// health; environmental confidence a little higher than digital
		// (6.8 and 7.7 out of 10 at best). Further horizons are less sure.
		base := map[string]float64{PilotLogistics: 3.4, PilotManufacturing: 3.2}[b.PilotSector]
		if base == 0 {
			base = 2.8
		}
		if key == keyGreenConfidence {
			base += 0.3
		}
		base += 0.2 * t
		return []shape{{base, 0.9, 0.02}, {base + 0.1, 0.9, 0.04}, {base - 0.3, 1.0, 0.10}}
	}
	return nil
}

// textPool returns the phrases a panellist of the business might write.
func textPool(key string, b Business) []string {
	if key != keyBiggestDifference {
		return []string{"No comment", "Nothing to add this week", "Better communication"}
	}
	common := []string{"Communication", "Time management", "Team working", "Problem solving", "Basic IT and Excel"}
	switch b.PilotSector {
	case PilotManufacturing:
		return append(common, "CNC programming", "PLC and automation skills", "Multi-skilled maintenance engineers", "Welding and fabrication", "Lean and continuous improvement")
	case PilotLogistics:
		return append(common, "HGV drivers with a CPC", "Forklift licences", "Warehouse management systems", "Route planning and telematics", "Supervisors who can lead a shift")
	default:
		return append(common, "Safeguarding", "Level 2 coaching qualifications", "Care Certificate", "Customer service", "First aid")
	}
}

// otherTexts are answers written into an "other, please say" box.
func otherTexts() []string {
	return []string{
		"Shared with the training provider",
		"Apprenticeship levy transfer from a large employer",
		"The sector skills body",
		"Split between employer and employee",
	}
}
