package stats

import (
	"fmt"
	"math"
)

// TopShareDepth is the depth of the "placed in the top 3" share.
const TopShareDepth = 3

// RankTally is a mergeable accumulator for a "rank your top k of these
// items" question. Items are numbered 0..Items-1 (the caller maps option
// codes to indexes). A rollup cell stores one RankTally per cell; tallies of
// the same question merge with Merge.
type RankTally struct {
	Items int `json:"items"`
	K     int `json:"k"`
	// Respondents counts the rankings added; Weight sums their weights.
	Respondents int     `json:"respondents"`
	Weight      float64 `json:"weight"`
	// Per item: weight of the respondents who ranked it, their weighted sum
	// of its rank, its weighted truncated Borda points, and the weight of
	// the respondents who put it in their top TopShareDepth.
	RankedW []float64 `json:"ranked_w"`
	RankW   []float64 `json:"rank_w"`
	BordaW  []float64 `json:"borda_w"`
	TopW    []float64 `json:"top_w"`
}

// NewRankTally returns an empty tally for a question ranking the top k of
// items items.
func NewRankTally(items, k int) (*RankTally, error) {
	if items < 1 || k < 1 || k > items {
		return nil, fmt.Errorf("stats.NewRankTally: need 1 <= k (%d) <= items (%d): %w", k, items, ErrInvalidInput)
	}
	return &RankTally{
		Items:   items,
		K:       k,
		RankedW: make([]float64, items),
		RankW:   make([]float64, items),
		BordaW:  make([]float64, items),
		TopW:    make([]float64, items),
	}, nil
}

// Add records one respondent's ranking with weight w (1 when unweighted):
// ranking[0] is the item placed first. A ranking may stop before k items;
// unranked items get no rank and 0 Borda points. Duplicates, unknown items
// and rankings longer than k are refused and leave the tally unchanged.
func (t *RankTally) Add(ranking []int, w float64) error {
	if len(ranking) > t.K {
		return fmt.Errorf("stats.RankTally.Add: %d items ranked, at most %d: %w", len(ranking), t.K, ErrInvalidInput)
	}
	if !finite(w) || w < 0 {
		return fmt.Errorf("stats.RankTally.Add: weight %v must be finite and not negative: %w", w, ErrInvalidInput)
	}
	seen := make(map[int]bool, len(ranking))
	for _, item := range ranking {
		if item < 0 || item >= t.Items {
			return fmt.Errorf("stats.RankTally.Add: item %d outside 0..%d: %w", item, t.Items-1, ErrInvalidInput)
		}
		if seen[item] {
			return fmt.Errorf("stats.RankTally.Add: item %d ranked twice: %w", item, ErrInvalidInput)
		}
		seen[item] = true
	}
	t.Respondents++
	t.Weight += w
	for i, item := range ranking {
		rank := i + 1
		t.RankedW[item] += w
		t.RankW[item] += w * float64(rank)
		t.BordaW[item] += w * float64(t.K-rank+1)
		if rank <= TopShareDepth {
			t.TopW[item] += w
		}
	}
	return nil
}

// Merge adds the rankings of o to t; both must describe the same question
// (same items and k).
func (t *RankTally) Merge(o *RankTally) error {
	if o.Items != t.Items || o.K != t.K {
		return fmt.Errorf("stats.RankTally.Merge: tally of %d items top %d into %d items top %d: %w",
			o.Items, o.K, t.Items, t.K, ErrInvalidInput)
	}
	t.Respondents += o.Respondents
	t.Weight += o.Weight
	for i := range t.Items {
		t.RankedW[i] += o.RankedW[i]
		t.RankW[i] += o.RankW[i]
		t.BordaW[i] += o.BordaW[i]
		t.TopW[i] += o.TopW[i]
	}
	return nil
}

// ItemRank holds the published statistics of one ranked item.
type ItemRank struct {
	Item int `json:"item"`
	// MeanRank is the (weighted) mean rank among the respondents who ranked
	// the item (1 is best); NaN when nobody ranked it.
	MeanRank float64 `json:"mean_rank"`
	// RankedShare is the share of respondents who ranked the item at all.
	RankedShare float64 `json:"ranked_share"`
	// Borda is the truncated Borda score: k - rank + 1 points for a ranked
	// item, 0 for an unranked one, averaged over all respondents.
	Borda float64 `json:"borda"`
	// TopShare is the share of respondents placing the item in their top 3.
	TopShare float64 `json:"top_share"`
}

// Summary returns the statistics of every item, in item order. Shares and
// Borda points are NaN when the tally is empty.
func (t *RankTally) Summary() []ItemRank {
	out := make([]ItemRank, t.Items)
	for i := range out {
		mr := math.NaN()
		if t.RankedW[i] > 0 {
			mr = t.RankW[i] / t.RankedW[i]
		}
		out[i] = ItemRank{
			Item:        i,
			MeanRank:    mr,
			RankedShare: t.RankedW[i] / t.Weight,
			Borda:       t.BordaW[i] / t.Weight,
			TopShare:    t.TopW[i] / t.Weight,
		}
	}
	return out
}

// SummariseRankings tallies raw rankings (see RankTally.Add) and returns the
// per-item statistics. ws holds one weight per ranking, or is nil for
// equal weights.
func SummariseRankings(rankings [][]int, ws []float64, items, k int) ([]ItemRank, error) {
	if ws != nil && len(ws) != len(rankings) {
		return nil, fmt.Errorf("stats.SummariseRankings: %d rankings but %d weights: %w", len(rankings), len(ws), ErrInvalidInput)
	}
	t, err := NewRankTally(items, k)
	if err != nil {
		return nil, fmt.Errorf("stats.SummariseRankings: %w", err)
	}
	for i, r := range rankings {
		w := 1.0
		if ws != nil {
			w = ws[i]
		}
		if err := t.Add(r, w); err != nil {
			return nil, fmt.Errorf("stats.SummariseRankings: ranking %d: %w", i, err)
		}
	}
	return t.Summary(), nil
}
