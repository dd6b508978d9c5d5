package observatory

import (
	"cmp"
	"math"
	"slices"
)

// valueWeight is a business mean and the weight of the businesses that
// have it.
type valueWeight struct {
	v, w float64
}

// addValue adds weight w at value v to vw, which is sorted by value with
// each value once. Rows of a cell share most values, so after the first
// row this is a binary search and an addition.
func addValue(vw []valueWeight, v, w float64) []valueWeight {
	i, found := slices.BinarySearchFunc(vw, v, func(x valueWeight, v float64) int { return cmp.Compare(x.v, v) })
	if found {
		vw[i].w += w
		return vw
	}
	return slices.Insert(vw, i, valueWeight{v: v, w: w})
}

// weightedMedian returns the weighted median of vw (sorted by value, each
// value once, as addValue keeps it): the smallest value at which the
// cumulative weight reaches half the total, averaged with the next value
// when it reaches exactly half. With equal weights this is the ordinary
// median (the mean of the middle pair when the count is even). It reports
// false when there is no positive weight.
func weightedMedian(vw []valueWeight) (float64, bool) {
	var total float64
	for _, x := range vw {
		if x.w > 0 {
			total += x.w
		}
	}
	if total <= 0 {
		return 0, false
	}
	half := total / 2
	tol := 1e-12 * total
	var cum float64
	for i, x := range vw {
		if x.w <= 0 {
			continue
		}
		cum += x.w
		next := i + 1
		for next < len(vw) && vw[next].w <= 0 {
			next++
		}
		if math.Abs(cum-half) <= tol && next < len(vw) {
			return (x.v + vw[next].v) / 2, true
		}
		if cum > half {
			return x.v, true
		}
	}
	return vw[len(vw)-1].v, true
}
