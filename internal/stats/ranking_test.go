package stats

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestBordaHand works a top-3-of-4 ranking by hand. Items A=0, B=1, C=2,
// D=3; three respondents rank A>B>C, B>A and C. Borda points (3 for first,
// 2 for second, 1 for third, 0 unranked): A 3+2+0, B 2+3+0, C 1+0+3, D 0,
// averaged over 3 respondents. Mean rank among those ranking the item: A
// (1+2)/2, B (2+1)/2, C (3+1)/2, D none.
func TestBordaHand(t *testing.T) {
	t.Parallel()
	got, err := SummariseRankings([][]int{{0, 1, 2}, {1, 0}, {2}}, nil, 4, 3)
	if err != nil {
		t.Fatal(err)
	}
	want := []ItemRank{
		{Item: 0, MeanRank: 1.5, RankedShare: 2.0 / 3, Borda: 5.0 / 3, TopShare: 2.0 / 3},
		{Item: 1, MeanRank: 1.5, RankedShare: 2.0 / 3, Borda: 5.0 / 3, TopShare: 2.0 / 3},
		{Item: 2, MeanRank: 2, RankedShare: 2.0 / 3, Borda: 4.0 / 3, TopShare: 2.0 / 3},
		{Item: 3, MeanRank: math.NaN(), RankedShare: 0, Borda: 0, TopShare: 0},
	}
	if diff := cmp.Diff(want, got, close9, cmpopts.EquateNaNs()); diff != "" {
		t.Errorf("SummariseRankings (-want +got):\n%s", diff)
	}
}

// TestRankingTopShareDepth: with k = 5, only the first three places count
// towards the top-3 share, while Borda gives 5..1 points.
func TestRankingTopShareDepth(t *testing.T) {
	t.Parallel()
	got, err := SummariseRankings([][]int{{4, 3, 2, 1, 0}, {0, 1, 2, 3, 4}}, []float64{3, 1}, 5, 5)
	if err != nil {
		t.Fatal(err)
	}
	// Weighted: respondent 1 (weight 3) puts item 0 last, respondent 2
	// (weight 1) first. Borda for item 0: (3*1 + 1*5)/4 = 2; mean rank
	// (3*5 + 1*1)/4 = 4; top-3 share 1/4.
	if diff := cmp.Diff(ItemRank{Item: 0, MeanRank: 4, RankedShare: 1, Borda: 2, TopShare: 0.25}, got[0], close9); diff != "" {
		t.Errorf("item 0 (-want +got):\n%s", diff)
	}
	// Item 2 is third for both: top-3 share 1, Borda 3.
	if diff := cmp.Diff(ItemRank{Item: 2, MeanRank: 3, RankedShare: 1, Borda: 3, TopShare: 1}, got[2], close9); diff != "" {
		t.Errorf("item 2 (-want +got):\n%s", diff)
	}
}

func TestRankTallyMerge(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(7, 8))
	const items, k = 6, 4
	var rankings [][]int
	var ws []float64
	cells := make([]*RankTally, 5)
	for i := range cells {
		cells[i], _ = NewRankTally(items, k)
	}
	for range 300 {
		r := rng.Perm(items)[:rng.IntN(k+1)]
		w := 0.5 + rng.Float64()*4
		rankings, ws = append(rankings, r), append(ws, w)
		if err := cells[rng.IntN(len(cells))].Add(r, w); err != nil {
			t.Fatal(err)
		}
	}
	merged, _ := NewRankTally(items, k)
	for _, i := range rng.Perm(len(cells)) {
		if err := merged.Merge(cells[i]); err != nil {
			t.Fatal(err)
		}
	}
	want, err := SummariseRankings(rankings, ws, items, k)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, merged.Summary(), close9, cmpopts.EquateNaNs()); diff != "" {
		t.Errorf("merged tallies differ from one pass over all rankings (-all +merged):\n%s", diff)
	}
	other, _ := NewRankTally(items, k+1)
	if err := merged.Merge(other); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("Merge of a different question: %v, want ErrInvalidInput", err)
	}
}

func TestRankTallyRefuses(t *testing.T) {
	t.Parallel()
	tally, err := NewRankTally(4, 3)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range [][]int{{0, 0}, {4}, {-1}, {0, 1, 2, 3}} {
		if err := tally.Add(r, 1); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("Add(%v) = %v, want ErrInvalidInput", r, err)
		}
	}
	if tally.Respondents != 0 || tally.Weight != 0 {
		t.Errorf("refused rankings were counted: %+v", tally)
	}
	if _, err := NewRankTally(3, 4); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("NewRankTally(3 items, top 4) = %v, want ErrInvalidInput", err)
	}
}
