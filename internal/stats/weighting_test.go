package stats

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestPostStratifyHand(t *testing.T) {
	t.Parallel()
	as, al, bs := Stratum{"A", "S"}, Stratum{"A", "L"}, Stratum{"B", "S"}
	frame := Frame{as: 100, al: 20, bs: 50, {"B", "L"}: 0}
	units := []Stratum{as, bs, as, al, bs, bs, bs}
	got, err := PostStratify(units, nil, frame)
	if err != nil {
		t.Fatal(err)
	}
	// Each stratum's weights sum to its frame count: 100/2, 20/1, 50/4.
	want := []float64{50, 12.5, 50, 20, 12.5, 12.5, 12.5}
	if diff := cmp.Diff(want, got, close9); diff != "" {
		t.Errorf("PostStratify (-want +got):\n%s", diff)
	}
	// Design weights are kept in proportion within a stratum.
	got, err = PostStratify([]Stratum{as, as, al, bs}, []float64{1, 3, 1, 1}, frame)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]float64{25, 75, 20, 50}, got, close9); diff != "" {
		t.Errorf("PostStratify with base weights (-want +got):\n%s", diff)
	}
	frame[Stratum{"B", "L"}] = 10
	if _, err := PostStratify(units, nil, frame); !errors.Is(err, ErrEmptyCell) {
		t.Errorf("frame stratum B/L with no sample: %v, want ErrEmptyCell", err)
	}
	if _, err := PostStratify([]Stratum{{"C", "S"}}, nil, frame); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("unit outside the frame: %v, want ErrInvalidInput", err)
	}
}

func TestShareBusinessWeights(t *testing.T) {
	t.Parallel()
	got, err := ShareBusinessWeights([]string{"b1", "b2", "b1", "b3", "b3", "b3"},
		map[string]float64{"b1": 10, "b2": 4, "b3": 9})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]float64{5, 4, 5, 3, 3, 3}, got, close9); diff != "" {
		t.Errorf("ShareBusinessWeights (-want +got):\n%s", diff)
	}
	if _, err := ShareBusinessWeights([]string{"b9"}, map[string]float64{"b1": 1}); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("business without weight: %v, want ErrInvalidInput", err)
	}
}

// rake2x2 is a 2x2 sample (sector A/B x size S/L) of six units whose base
// weights give cell totals AS 30, AL 10, BS 20, BL 40, raked to sector totals
// A 60, B 40 and size totals S 70, L 30.
func rake2x2() ([]float64, []Margin) {
	base := []float64{10, 20, 10, 5, 15, 40}
	sector := []string{"A", "A", "A", "B", "B", "B"}
	size := []string{"S", "S", "L", "S", "S", "L"}
	return base, []Margin{
		{Name: "sector", Categories: sector, Totals: map[string]float64{"A": 60, "B": 40}},
		{Name: "size", Categories: size, Totals: map[string]float64{"S": 70, "L": 30}},
	}
}

// TestRake2x2 checks raking against a hand computation. IPF keeps the
// sample's odds ratio (30*40)/(10*20) = 6 while meeting the margins (Deming
// and Stephan 1940; Bishop, Fienberg and Holland 1975, ch. 3), so the limit
// solves x(x - 30) = 6(60 - x)(70 - x), i.e. x^2 - 150x + 5040 = 0:
// AS = 75 - sqrt(585), AL = sqrt(585) - 15, BS = sqrt(585) - 5,
// BL = 45 - sqrt(585). Units keep their share of their cell.
func TestRake2x2(t *testing.T) {
	t.Parallel()
	base, margins := rake2x2()
	res, err := Rake(base, margins, RakeOptions{Tolerance: 1e-10})
	if err != nil {
		t.Fatal(err)
	}
	r := math.Sqrt(585)
	as, al, bs, bl := 75-r, r-15, r-5, 45-r
	want := []float64{as / 3, as * 2 / 3, al, bs / 4, bs * 3 / 4, bl}
	if diff := cmp.Diff(want, res.Weights, close9); diff != "" {
		t.Errorf("raked weights differ from the closed form (-want +got):\n%s", diff)
	}
	for _, m := range margins {
		sums := marginSums(res.Weights, m)
		for c, target := range m.Totals {
			if gap := math.Abs(sums[c]-target) / target; gap >= 1e-10 {
				t.Errorf("margin %s category %s: total %v, target %v (gap %g above tolerance)", m.Name, c, sums[c], target, gap)
			}
		}
	}
	if res.MaxGap >= 1e-10 || res.Iterations < 2 {
		t.Errorf("result reports gap %g after %d iterations", res.MaxGap, res.Iterations)
	}
}

// TestRakeFirstCycleHand follows one IPF cycle by hand: sector factors
// 60/40 and 40/60 give AS 45, AL 15, BS 13.33, BL 26.67; size factors then
// 70/58.33 = 1.2 and 30/41.67 = 0.72 give AS 54, AL 10.8, BS 16, BL 19.2.
// One cycle leaves the sector margin off (A 64.8, B 35.2: the largest
// relative gap is 4.8/40), so Rake reports
// ErrNotConverged and returns those weights.
func TestRakeFirstCycleHand(t *testing.T) {
	t.Parallel()
	base, margins := rake2x2()
	res, err := Rake(base, margins, RakeOptions{MaxIterations: 1})
	if !errors.Is(err, ErrNotConverged) {
		t.Fatalf("Rake with one iteration: %v, want ErrNotConverged", err)
	}
	want := []float64{18, 36, 10.8, 4, 12, 19.2}
	if diff := cmp.Diff(want, res.Weights, close9); diff != "" {
		t.Errorf("weights after one cycle (-hand +got):\n%s", diff)
	}
	if math.Abs(res.MaxGap-4.8/40) > 1e-12 {
		t.Errorf("gap after one cycle %v, want 4.8/40", res.MaxGap)
	}
}

func TestRakeFailures(t *testing.T) {
	t.Parallel()
	// Only AS and BL are in the sample but the margins need A=S and B=L
	// to differ: IPF oscillates and never converges.
	cats := []Margin{
		{Name: "sector", Categories: []string{"A", "B"}, Totals: map[string]float64{"A": 60, "B": 40}},
		{Name: "size", Categories: []string{"S", "L"}, Totals: map[string]float64{"S": 40, "L": 60}},
	}
	if _, err := Rake(nil, cats, RakeOptions{}); !errors.Is(err, ErrNotConverged) {
		t.Errorf("incompatible sample: %v, want ErrNotConverged", err)
	}
	empty := []Margin{{Name: "sector", Categories: []string{"A", "A"}, Totals: map[string]float64{"A": 60, "B": 40}}}
	if _, err := Rake(nil, empty, RakeOptions{}); !errors.Is(err, ErrEmptyCell) {
		t.Errorf("category B with no sample: %v, want ErrEmptyCell", err)
	}
	unknown := []Margin{{Name: "sector", Categories: []string{"A", "C"}, Totals: map[string]float64{"A": 60}}}
	if _, err := Rake(nil, unknown, RakeOptions{}); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("unit in category C missing from totals: %v, want ErrInvalidInput", err)
	}
	_, margins := rake2x2()
	margins[1].Totals["L"] = 31
	if _, err := Rake(nil, margins, RakeOptions{}); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("margins totalling 100 and 101: %v, want ErrInvalidInput", err)
	}
}

// TestRakeFrameMargins rakes to a frame with an empty cell (which
// post-stratification refuses) and checks both margins are met.
func TestRakeFrameMargins(t *testing.T) {
	t.Parallel()
	frame := Frame{{"A", "S"}: 500, {"A", "L"}: 50, {"B", "S"}: 300, {"B", "L"}: 150}
	units := []Stratum{{"A", "S"}, {"A", "S"}, {"A", "S"}, {"B", "S"}, {"B", "L"}, {"B", "L"}}
	res, err := Rake(nil, frame.RakeMargins(units), RakeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var a, b, s, l float64
	for i, u := range units {
		w := res.Weights[i]
		if u.Sector == "A" {
			a += w
		} else {
			b += w
		}
		if u.SizeBand == "S" {
			s += w
		} else {
			l += w
		}
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{{"A", a, 550}, {"B", b, 450}, {"S", s, 800}, {"L", l, 200}} {
		if math.Abs(c.got-c.want)/c.want >= DefaultRakeTolerance {
			t.Errorf("margin %s: weighted total %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestTrimWeightsHand(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name         string
		in           []float64
		lower, upper float64
		want         []float64
	}{
		// 6 capped at 3; the 3 removed is shared over the four others.
		{"one round", []float64{1, 1, 1, 1, 6}, 0, 3, []float64{1.75, 1.75, 1.75, 1.75, 3}},
		// 10 -> 4.5 adds 1.375 to the others, which pushes both 4s to
		// 5.375 > 4.5; capping them shares 1.75 over the two 1s.
		{"repeat", []float64{1, 1, 4, 4, 10}, 0, 4.5, []float64{3.25, 3.25, 4.5, 4.5, 4.5}},
		// 0.1 raised to 1 takes 0.9 equally from the other three.
		{"lower", []float64{0.1, 3, 3, 3.9}, 1, math.Inf(1), []float64{1, 2.7, 2.7, 3.6}},
		// Both capped, total off by 1: the capped 8 gives it back.
		{"both bounds", []float64{10, 0}, 3, 8, []float64{7, 3}},
		{"nothing to trim", []float64{2, 3}, 1, 4, []float64{2, 3}},
	} {
		got, err := TrimWeights(tc.in, tc.lower, tc.upper)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if diff := cmp.Diff(tc.want, got, close9); diff != "" {
			t.Errorf("%s: TrimWeights(%v, %v, %v) (-want +got):\n%s", tc.name, tc.in, tc.lower, tc.upper, diff)
		}
	}
	if _, err := TrimWeights([]float64{1, 9}, 0, 4); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("cap below the mean weight: %v, want ErrInvalidInput", err)
	}
	if _, err := TrimWeights([]float64{1, -1}, 0, 4); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("negative weight: %v, want ErrInvalidInput", err)
	}
}

// TestTrimWeightsProperties: for random skewed weights and feasible bounds
// the total is kept and every weight ends within the bounds.
func TestTrimWeightsProperties(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(9, 10))
	for trial := range 500 {
		n := 1 + rng.IntN(60)
		ws := make([]float64, n)
		var total float64
		for i := range ws {
			ws[i] = math.Exp(rng.NormFloat64() * 1.2)
			total += ws[i]
		}
		mean := total / float64(n)
		lower, upper := mean*rng.Float64(), mean*(1+rng.Float64()*3)
		got, err := TrimWeights(ws, lower, upper)
		if err != nil {
			t.Fatalf("trial %d: %v", trial, err)
		}
		var sum float64
		for i, w := range got {
			sum += w
			if w < lower*(1-1e-9) || w > upper*(1+1e-9) {
				t.Fatalf("trial %d: weight %d = %v outside [%v, %v]", trial, i, w, lower, upper)
			}
		}
		if math.Abs(sum-total) > 1e-9*total {
			t.Fatalf("trial %d: total %v after trimming, want %v", trial, sum, total)
		}
	}
}

// TestTrimGroupedWeightsEqualsUnits: trimming groups of units that share a
// weight gives each unit what trimming the units one by one gives it.
func TestTrimGroupedWeightsEqualsUnits(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(11, 12))
	for trial := range 300 {
		groups := 1 + rng.IntN(12)
		ws, counts := make([]float64, groups), make([]int, groups)
		var units []float64
		var total float64
		for g := range ws {
			ws[g], counts[g] = math.Exp(rng.NormFloat64()*1.2), 1+rng.IntN(40)
			for range counts[g] {
				units = append(units, ws[g])
			}
			total += ws[g] * float64(counts[g])
		}
		mean := total / float64(len(units))
		lower, upper := mean*rng.Float64(), mean*(1+rng.Float64()*3)
		want, err := TrimWeights(units, lower, upper)
		if err != nil {
			t.Fatalf("trial %d: %v", trial, err)
		}
		got, err := TrimGroupedWeights(ws, counts, lower, upper)
		if err != nil {
			t.Fatalf("trial %d: %v", trial, err)
		}
		u := 0
		for g, w := range got {
			for range counts[g] {
				if math.Abs(w-want[u]) > 1e-9*mean {
					t.Fatalf("trial %d: group %d weight %v, unit %d trimmed alone %v", trial, g, w, u, want[u])
				}
				u++
			}
		}
	}
}
