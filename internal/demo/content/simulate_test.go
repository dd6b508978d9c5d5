package content

import (
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/panelpulse/panelpulse/internal/answer"
)

func TestSimulateValid(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	bs := Businesses(1)
	for _, q := range QuestionBank() {
		asked, answered := 0, 0
		for day := range WaveDays {
			for _, b := range bs {
				v, ok := Simulate(q, b, day, r)
				asked++
				if !ok {
					if !reflect.DeepEqual(v, answer.Value{}) {
						t.Fatalf("%s: no answer but a non-zero value %+v", q.Key, v)
					}
					continue
				}
				answered++
				if err := checkShape(&q.Spec, &v); err != nil {
					t.Fatalf("%s, %s, day %d: %v: %+v", q.Key, b.Ref, day, err, v)
				}
				if err := answer.Validate(&q.Spec, &v); err != nil {
					t.Fatalf("%s, %s, day %d: answer.Validate: %v: %+v", q.Key, b.Ref, day, err, v)
				}
			}
		}
		if rate := float64(answered) / float64(asked); rate < 0.62 || rate > 0.75 {
			t.Errorf("%s: response rate %.2f, want about 0.65 to 0.75", q.Key, rate)
		}
	}
}

// TestSimulateGeneric feeds questions the simulator has no profile for,
// including odd but valid specs, and wants valid answers all the same.
func TestSimulateGeneric(t *testing.T) {
	t.Parallel()
	lo, hi := -5.0, 5.0
	specs := []answer.Spec{
		withOther(single("a", "b"), "other"),
		withNone(multiple(2, 0, "a", "b", "c", "d"), "none"),
		multiple(0, 1, "a", "b"),
		scale(0, 10, "", "", true),
		{Type: answer.TypeLikert, AllowDontKnow: true},
		{Type: answer.TypeNumber, NumberMin: &lo, NumberMax: &hi},
		{Type: answer.TypeNumber, Percent: true},
		{Type: answer.TypeNumber},
		ranking(0, "a", "b", "c"),
		matrix(1, 7, "", "", true, "x", "y"),
		{Type: answer.TypeText, MaxLength: 3},
	}
	r := rand.New(rand.NewPCG(3, 4))
	b := Businesses(1)[0]
	for i, s := range specs {
		if err := s.Validate(); err != nil {
			t.Fatalf("spec %d is itself invalid: %v", i, err)
		}
		q := Question{Key: "unknown_question", Spec: s}
		for day := range 200 {
			v, ok := Simulate(q, b, day%WaveDays, r)
			if !ok {
				continue
			}
			if err := checkShape(&q.Spec, &v); err != nil {
				t.Fatalf("spec %d: %v: %+v", i, err, v)
			}
			if err := answer.Validate(&q.Spec, &v); err != nil {
				t.Fatalf("spec %d: answer.Validate: %v: %+v", i, err, v)
			}
		}
	}
}

func TestSimulateDeterministic(t *testing.T) {
	t.Parallel()
	run := func() []answer.Value {
		r := rand.New(rand.NewPCG(9, 9))
		var out []answer.Value
		for _, q := range QuestionBank() {
			for _, b := range Businesses(5)[:20] {
				v, _ := Simulate(q, b, 3, r)
				out = append(out, v)
			}
		}
		return out
	}
	if !reflect.DeepEqual(run(), run()) {
		t.Error("the same seed gave different answers")
	}
}

// TestSimulateFindings checks that the seed findings show through: sector
// order of recruitment confidence, and movement over the wave.
func TestSimulateFindings(t *testing.T) {
	t.Parallel()
	var conf Question
	for _, q := range QuestionBank() {
		if q.Key == keyRecruitConfidence {
			conf = q
		}
	}
	r := rand.New(rand.NewPCG(5, 6))
	mean := func(pilot string, day int) float64 {
		sum, n := 0.0, 0
		for range 20 {
			for _, b := range Businesses(1) {
				if b.PilotSector != pilot {
					continue
				}
				if v, ok := Simulate(conf, b, day, r); ok {
					sum += float64(*v.Scale)
					n++
				}
			}
		}
		return sum / float64(n)
	}
	manu, logi, sh := mean(PilotManufacturing, 0), mean(PilotLogistics, 0), mean(PilotSportHealth, 0)
	if !(manu < logi && logi < sh) {
		t.Errorf("confidence on day 0: manufacturing %.2f, logistics %.2f, sport and health %.2f; want rising in that order", manu, logi, sh)
	}
	if late := mean(PilotManufacturing, WaveDays-1); late > manu-0.3 {
		t.Errorf("manufacturing confidence %.2f on the last day vs %.2f on the first: want a visible fall", late, manu)
	}
}
