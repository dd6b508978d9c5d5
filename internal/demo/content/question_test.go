package content

import (
	"regexp"
	"slices"
	"testing"

	"github.com/panelpulse/panelpulse/internal/answer"
)

func TestQuestionBank(t *testing.T) {
	t.Parallel()
	bank := QuestionBank()
	if len(bank) < 18 || len(bank) > 25 {
		t.Errorf("got %d questions, want about 20", len(bank))
	}
	keyRE := regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)
	themes := []string{
		ThemeRecruitmentConfidence, ThemeTrainingInvestment, ThemeKnowledge, ThemeSkills,
		ThemeBehaviours, ThemeFindingTest, ThemeOther,
	}
	keys := make(map[string]bool)
	types := make(map[answer.Type]bool)
	usedThemes := make(map[string]bool)
	for _, q := range bank {
		if !keyRE.MatchString(q.Key) {
			t.Errorf("key %q is not snake_case", q.Key)
		}
		if keys[q.Key] {
			t.Errorf("key %q used twice", q.Key)
		}
		keys[q.Key] = true
		if !slices.Contains(themes, q.Theme) {
			t.Errorf("%s: unknown theme %q", q.Key, q.Theme)
		}
		usedThemes[q.Theme] = true
		if q.Title == "" || q.Wording == "" {
			t.Errorf("%s: empty title or wording", q.Key)
		}
		types[q.Spec.Type] = true
		checkCodes(t, q.Key+" options", q.Spec.Options)
		checkCodes(t, q.Key+" rows", q.Spec.Rows)
		if err := q.Spec.Validate(); err != nil {
			t.Errorf("%s: spec rejected by answer.Spec.Validate: %v", q.Key, err)
		}
	}
	for _, typ := range []answer.Type{
		answer.TypeSingleChoice, answer.TypeMultipleChoice, answer.TypeScale, answer.TypeLikert,
		answer.TypeNumber, answer.TypeRanking, answer.TypeMatrix, answer.TypeText,
	} {
		if !types[typ] {
			t.Errorf("no question of type %s", typ)
		}
	}
	for _, th := range themes {
		if !usedThemes[th] {
			t.Errorf("no question on theme %s", th)
		}
	}
}

// checkCodes wants option codes 1..n in order, so they are unique.
func checkCodes(t *testing.T, what string, opts []answer.Option) {
	t.Helper()
	for i, o := range opts {
		if o.Code != int32(i+1) {
			t.Errorf("%s[%d]: code %d, want %d", what, i, o.Code, i+1)
		}
	}
}

func TestQuestionBankFeatures(t *testing.T) {
	t.Parallel()
	byKey := make(map[string]Question)
	for _, q := range QuestionBank() {
		byKey[q.Key] = q
	}
	s := byKey[keyRecruitConfidence].Spec
	if s.Type != answer.TypeScale || s.ScaleMin != 1 || s.ScaleMax != 10 {
		t.Errorf("recruitment confidence: want a 1-10 scale, got %+v", s)
	}
	dirs := []int32{}
	for _, o := range byKey[keyTrainingSpend].Spec.Options {
		dirs = append(dirs, o.Direction)
	}
	if !slices.Equal(dirs, []int32{1, 0, -1}) {
		t.Errorf("training spend directions = %v, want [1 0 -1]", dirs)
	}
	if !slices.ContainsFunc(byKey[keyCostRest].Spec.Options, func(o answer.Option) bool { return o.Other }) {
		t.Error("who pays the rest: want an \"other, please say\" option")
	}
	m := byKey[keyBehavioursLacking].Spec
	if m.MaxSelections != 3 || !m.Options[len(m.Options)-1].Exclusive {
		t.Errorf("behaviours lacking: want max 3 and an exclusive last option, got %+v", m)
	}
	if k := byKey[keyKnowledgeRank].Spec; k.TopK != 3 || len(k.Options) != 8 {
		t.Errorf("knowledge ranking: want top 3 of 8, got top %d of %d", k.TopK, len(k.Options))
	}
	if x := byKey[keyDigitalConfidence].Spec; len(x.Rows) != 3 || x.ScaleMax != 5 {
		t.Errorf("digital confidence: want 3 rows rated 1-5, got %+v", x)
	}
}
