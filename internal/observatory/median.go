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

// weightedMedian returns the weighted median of vw (sorted in place): the
// smallest value at which the cumulative weight reaches half the total,
// averaged with the next value when it reaches exactly half. With equal
// weights this is the ordinary median (the mean of the middle pair when the
// count is even). It reports false when there is no positive weight.
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
	slices.SortFunc(vw, func(a, b valueWeight) int { return cmp.Compare(a.v, b.v) })
	half := total / 2
	tol := 1e-12 * total
	var cum float64
	for i := 0; i < len(vw); {
		v := vw[i].v
		for ; i < len(vw) && vw[i].v == v; i++ {
			if vw[i].w > 0 {
				cum += vw[i].w
			}
		}
		next := i
		for next < len(vw) && vw[next].w <= 0 {
			next++
		}
		if math.Abs(cum-half) <= tol && next < len(vw) {
			return (v + vw[next].v) / 2, true
		}
		if cum > half {
			return v, true
		}
	}
	return vw[len(vw)-1].v, true
}
