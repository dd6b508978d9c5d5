package content

// WaveDays is the length of the demo wave in weekdays: four weeks.
const WaveDays = 20

// SegmentAll is the segment of a plan item sent to the whole panel; a
// sector segment is "sector:" followed by a sector name (see SectorSegment).
const SegmentAll = "all"

// SectorSegment returns the segment of the businesses of one sector, e.g.
// "sector:Logistics".
func SectorSegment(sector string) string { return "sector:" + sector }

// PlanItem puts one question on one weekday of the wave for one segment.
type PlanItem struct {
	// Day is the 0-based weekday index within the wave (0 to WaveDays-1);
	// weekends and holidays are skipped by the scheduler, not counted here.
	Day int
	// QuestionKey is the Key of a question of QuestionBank.
	QuestionKey string
	// Segment is SegmentAll or a SectorSegment.
	Segment string
}

// WavePlan returns the four-week plan of the demo wave, ordered by day.
// Every day has one or two questions and no panellist gets more than two
// on a day. Every question of QuestionBank appears at least once. The
// trend questions repeat every week so their series fill in: recruitment
// confidence on Mondays (and once more on the last day, to end the wave on
// a fresh reading) and training spend on Wednesdays. The digital
// confidence matrix and hard-to-fill vacancies are asked again in the last
// week. The weeks follow the pilot's arc: recruitment and
// investment first, then knowledge and skills, then behaviours, and at the
// end finding tests ahead of the roundtables (LSIP 2022, section 1.5.1).
func WavePlan() []PlanItem {
	days := [WaveDays][]string{
		// Week 1: recruitment confidence and training investment.
		{keyRecruitConfidence, keyRecruitHorizon},
		{keyHardToFill, keyRecruitChannels},
		{keyTrainingSpend, keyCostShare},
		{keyCostRest, keyTrainingPlanning},
		{keyFutureNeeds, keyPublicCoursesFit},
		// Week 2: knowledge and skills.
		{keyRecruitConfidence, keyKnowledgeRank},
		{keyKnowledgeQual},
		{keyTrainingSpend, keySkillsRank},
		{keyDigitalConfidence},
		{keyGreenConfidence},
		// Week 3: behaviours and the first finding test.
		{keyRecruitConfidence, keyBehavioursLacking},
		{keyRecruitPriority},
		{keyTrainingSpend, keyBehavioursEase},
		{keyFindingFEOffer},
		{keyFindingBehaviours},
		// Week 4: finding tests, repeats for trends, a last open question.
		{keyRecruitConfidence, keyFindingManufacturer},
		{keyHardToFill},
		{keyTrainingSpend, keyDigitalConfidence},
		{keyBiggestDifference},
		{keyRecruitConfidence},
	}
	var plan []PlanItem
	for day, keys := range days {
		for _, key := range keys {
			segment := SegmentAll
			if key == keyFindingManufacturer {
				// Tested with manufacturers only: the finding is theirs to
				// confirm or refute.
				segment = SectorSegment(SectorAdvancedManufacturing)
			}
			plan = append(plan, PlanItem{Day: day, QuestionKey: key, Segment: segment})
		}
	}
	return plan
}
