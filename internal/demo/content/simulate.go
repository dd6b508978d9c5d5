package content

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/panelpulse/panelpulse/internal/answer"
)

// Simulate returns a plausible answer of the business's panellist to the
// question on the given day of the wave (0 to WaveDays-1), or false when the
// panellist does not answer (about 25% early in the wave rising to about 35%
// at the end, a little more for micro businesses, as panel fatigue sets in;
// also when the spec admits no answer at all, e.g. an unknown type).
//
// Answers follow the findings of section 2.2 of the 2022 LSIP (rankings of
// knowledge, skill and behaviour areas, sector differences in confidence,
// the two-thirds share of training cost, planning timescales) and drift
// slowly over the wave so that trend series move. Questions the simulator
// has no profile for (or whose options no longer match it) get generic
// answers. Every answer is valid for q.Spec: selections within bounds,
// exclusive options alone, rankings of exactly top k distinct items, every
// matrix row rated, text within the length limit.
//
// r is math/rand/v2's generator; the same generator state gives the same
// answers. Simulate is safe for concurrent use only with one r per
// goroutine.
func Simulate(q Question, b Business, day int, r *rand.Rand) (answer.Value, bool) {
	t := progress(day)
	skip := 0.24 + 0.09*t
	if b.SizeBand == SizeMicro {
		skip += 0.03
	}
	if r.Float64() < skip {
		return answer.Value{}, false
	}
	s := &q.Spec
	switch s.Type {
	case answer.TypeSingleChoice:
		return singleValue(s, choiceWeights(q.Key, b, t), r)
	case answer.TypeMultipleChoice:
		return multipleValue(s, pickChances(q.Key, b, t), r)
	case answer.TypeScale:
		return scaleValue(s, scaleShape(q.Key, b, t, s), r)
	case answer.TypeLikert:
		return likertValue(s, likertWeights(q.Key, b, t), r)
	case answer.TypeNumber:
		return numberValue(s, numberDraw(q.Key, b, t, s, r))
	case answer.TypeRanking:
		return rankingValue(s, rankWeights(q.Key, b), r)
	case answer.TypeMatrix:
		return matrixValue(s, rowShape(q.Key, b, t, s), r)
	case answer.TypeText:
		return textValue(s, textPool(q.Key, b), r)
	}
	return answer.Value{}, false
}

// progress maps a wave day to 0 (first day) .. 1 (last day).
func progress(day int) float64 {
	d := min(max(day, 0), WaveDays-1)
	return float64(d) / float64(WaveDays-1)
}

// shape is a distribution on a scale: mean and standard deviation in scale
// points, and the chance of "don't know" when the spec allows it.
type shape struct {
	mean, sd, dontKnow float64
}

// singleValue draws one option by weight (uniformly when the weights do not
// match the options); an "other" option comes with a text.
func singleValue(s *answer.Spec, weights []float64, r *rand.Rand) (answer.Value, bool) {
	if len(s.Options) == 0 {
		return answer.Value{}, false
	}
	if len(weights) != len(s.Options) {
		weights = nil
	}
	o := s.Options[pickOrUniform(r, weights, len(s.Options))]
	v := answer.Value{Choice: ptr32(o.Code)}
	if o.Other {
		v.OtherText = pick(r, otherTexts())
	}
	return v, true
}

// multipleValue ticks each option with its chance, keeps an exclusive
// option alone, and trims or tops up to the selection bounds.
func multipleValue(s *answer.Spec, chances []float64, r *rand.Rand) (answer.Value, bool) {
	if len(chances) != len(s.Options) {
		chances = make([]float64, len(s.Options))
		for i, o := range s.Options {
			chances[i] = 0.3
			if o.Exclusive {
				chances[i] = 0.05
			}
		}
	}
	var exclusive, ticked, unticked []int32
	for i, o := range s.Options {
		switch {
		case o.Exclusive:
			exclusive = append(exclusive, o.Code)
		case r.Float64() < chances[i]:
			ticked = append(ticked, o.Code)
		default:
			unticked = append(unticked, o.Code)
		}
	}
	for i, o := range s.Options {
		if o.Exclusive && r.Float64() < chances[i] {
			return answer.Value{Choices: []int32{o.Code}}, true
		}
	}
	if len(ticked) == 0 && len(exclusive) > 0 {
		// Nothing applies: say so with the exclusive option.
		return answer.Value{Choices: exclusive[:1]}, true
	}
	lo, hi := int(s.MinSelections), int(s.MaxSelections)
	if hi <= 0 || hi > len(ticked)+len(unticked) {
		hi = len(ticked) + len(unticked)
	}
	r.Shuffle(len(ticked), func(i, j int) { ticked[i], ticked[j] = ticked[j], ticked[i] })
	r.Shuffle(len(unticked), func(i, j int) { unticked[i], unticked[j] = unticked[j], unticked[i] })
	for len(ticked) < max(lo, 1) && len(unticked) > 0 {
		ticked, unticked = append(ticked, unticked[0]), unticked[1:]
	}
	ticked = ticked[:min(len(ticked), hi)]
	if len(ticked) == 0 || len(ticked) < lo {
		return answer.Value{}, false
	}
	slices.Sort(ticked)
	return answer.Value{Choices: ticked}, true
}

// scaleValue draws a rounded normal point clamped to the scale, or "don't
// know" when the spec allows it.
func scaleValue(s *answer.Spec, sh shape, r *rand.Rand) (answer.Value, bool) {
	if s.ScaleMax < s.ScaleMin {
		return answer.Value{}, false
	}
	if s.AllowDontKnow && r.Float64() < sh.dontKnow {
		return answer.Value{DontKnow: true}, true
	}
	return answer.Value{Scale: ptr32(drawPoint(r, sh.mean, sh.sd, s.ScaleMin, s.ScaleMax))}, true
}

// likertValue draws one of the five points by weight, or "don't know" one
// time in twenty when the spec allows it.
func likertValue(s *answer.Spec, weights []float64, r *rand.Rand) (answer.Value, bool) {
	if s.AllowDontKnow && r.Float64() < 0.05 {
		return answer.Value{DontKnow: true}, true
	}
	if len(weights) != 5 {
		weights = []float64{0.08, 0.17, 0.30, 0.30, 0.15}
	}
	return answer.Value{Scale: ptr32(int32(pickWeighted(r, weights) + 1))}, true
}

// numberValue clamps x to the spec's bounds (0..100 for a percentage) and
// rounds it when the spec wants whole numbers (or to one decimal place).
func numberValue(s *answer.Spec, x float64) (answer.Value, bool) {
	lo, hi := math.Inf(-1), math.Inf(1)
	if s.Percent {
		lo, hi = 0, 100
	}
	if s.NumberMin != nil {
		lo = max(lo, *s.NumberMin)
	}
	if s.NumberMax != nil {
		hi = min(hi, *s.NumberMax)
	}
	if lo > hi || math.IsNaN(x) {
		return answer.Value{}, false
	}
	if s.Integer {
		x = min(max(math.Round(x), math.Ceil(lo)), math.Floor(hi))
		if x < lo || x > hi {
			return answer.Value{}, false
		}
	} else {
		x = min(max(math.Round(x*10)/10, lo), hi)
	}
	return answer.Value{Number: &x}, true
}

// rankingValue orders the top k items by repeated weighted draws without
// replacement (a Plackett-Luce model), uniform when the weights do not fit.
func rankingValue(s *answer.Spec, weights []float64, r *rand.Rand) (answer.Value, bool) {
	n := len(s.Options)
	k := int(s.TopK)
	if k <= 0 || k > n {
		k = n
	}
	if n == 0 {
		return answer.Value{}, false
	}
	if len(weights) != n {
		weights = slices.Repeat([]float64{1}, n)
	}
	w := slices.Clone(weights)
	order := make([]int32, 0, k)
	for range k {
		i := pickWeighted(r, w)
		for slices.Contains(order, s.Options[i].Code) {
			i = (i + 1) % n // only reached when the weights left are all zero
		}
		order = append(order, s.Options[i].Code)
		w[i] = 0
	}
	return answer.Value{Ranking: order}, true
}

// matrixValue rates every row: the row's shape plus a shared personal
// tendency, so one panellist's rows move together. A row is "don't know"
// (0) only when the spec allows it.
func matrixValue(s *answer.Spec, rows []shape, r *rand.Rand) (answer.Value, bool) {
	if len(s.Rows) == 0 || s.ScaleMax < s.ScaleMin {
		return answer.Value{}, false
	}
	if len(rows) != len(s.Rows) {
		mid := float64(s.ScaleMin+s.ScaleMax) / 2
		rows = slices.Repeat([]shape{{mid, float64(s.ScaleMax-s.ScaleMin) / 4, 0.05}}, len(s.Rows))
	}
	person := r.NormFloat64() * 0.6
	m := make(map[int32]int32, len(s.Rows))
	for i, row := range s.Rows {
		sh := rows[i]
		if s.AllowDontKnow && r.Float64() < sh.dontKnow {
			m[row.Code] = 0
			continue
		}
		m[row.Code] = drawPoint(r, sh.mean+person*sh.sd, sh.sd*0.8, s.ScaleMin, s.ScaleMax)
	}
	return answer.Value{Matrix: m}, true
}

// textValue picks a phrase and cuts it to the spec's length limit.
func textValue(s *answer.Spec, pool []string, r *rand.Rand) (answer.Value, bool) {
	text := []rune(strings.TrimSpace(pick(r, pool)))
	if s.MaxLength > 0 && len(text) > int(s.MaxLength) {
		text = []rune(strings.TrimSpace(string(text[:s.MaxLength])))
	}
	if len(text) == 0 {
		return answer.Value{}, false
	}
	return answer.Value{Text: string(text)}, true
}

// drawPoint rounds a normal draw and clamps it to lo..hi.
func drawPoint(r *rand.Rand, mean, sd float64, lo, hi int32) int32 {
	x := math.Round(mean + sd*r.NormFloat64())
	return int32(min(max(x, float64(lo)), float64(hi)))
}

// pickOrUniform draws by weight, or uniformly among n when weights is nil.
func pickOrUniform(r *rand.Rand, weights []float64, n int) int {
	if weights == nil {
		return r.IntN(n)
	}
	return pickWeighted(r, weights)
}

// ptr32 returns a pointer to a copy of v.
func ptr32(v int32) *int32 { return &v }
