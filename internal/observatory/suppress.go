package observatory

import (
	"github.com/panelpulse/panelpulse/internal/stats"
)

// suppress decides, for one period, which segments of dim are shown. The
// counts are businesses. Primary suppression hides a segment below the
// threshold; secondary suppression (stats.Suppressor.Siblings) hides the
// next-smallest sibling when exactly one is hidden, so no hidden segment is
// the period total minus its shown siblings.
//
// Two-way segments (sector x size band, sector x role) are also protected
// within each sector against the sector's total.
func suppress(sup stats.Suppressor, p *periodData, dim Dimension, segments []string) map[string]stats.Suppression {
	out := map[string]stats.Suppression{}
	parent := 0
	for _, n := range p.fine {
		parent += n
	}
	if dim == All {
		// The total needs no secondary suppression: segments partition it,
		// so hiding the next-smallest segment always protects a hidden one.
		out["all"] = stats.Shown
		if !sup.Show(parent) {
			out["all"] = stats.Primary
		}
		return out
	}
	counts := segmentCounts(p, dim)
	present := make([]string, 0, len(counts))
	for _, s := range segments {
		if _, ok := counts[s]; ok {
			present = append(present, s)
		}
	}
	children := make([]int, len(present))
	for i, s := range present {
		children[i] = counts[s]
	}
	_, states, err := sup.Siblings(parent, children)
	if err != nil {
		for _, s := range present {
			out[s] = stats.Primary
		}
		return out
	}
	for i, s := range present {
		out[s] = states[i]
	}
	if dim == SectorSize || dim == SectorRole {
		protectWithinSectors(sup, p, dim, present, out)
	}
	return out
}

// protectWithinSectors applies sibling suppression to the size bands (or
// roles) of each sector against the sector's total, on top of the states
// already set.
func protectWithinSectors(sup stats.Suppressor, p *periodData, dim Dimension, present []string, out map[string]stats.Suppression) {
	type member struct {
		seg string
		n   int
	}
	bySector := map[string][]member{}
	total := map[string]int{}
	for s, n := range p.fine {
		total[s.Sector] += n
	}
	counts := segmentCounts(p, dim)
	for _, seg := range present {
		for s := range p.fine {
			if segmentOf(s, dim) == seg {
				bySector[s.Sector] = append(bySector[s.Sector], member{seg, counts[seg]})
				break
			}
		}
	}
	for sector, ms := range bySector {
		hidden, next := 0, -1
		for i, m := range ms {
			switch {
			case out[m.seg].Suppressed():
				hidden++
			case next < 0 || m.n < ms[next].n:
				next = i
			}
		}
		if hidden == 1 && sup.Show(total[sector]) && next >= 0 {
			out[ms[next].seg] = stats.Secondary
		}
	}
}

// segmentCounts counts businesses per segment of dim in a period.
func segmentCounts(p *periodData, dim Dimension) map[string]int {
	counts := map[string]int{}
	for s, n := range p.fine {
		counts[segmentOf(s, dim)] += n
	}
	return counts
}
