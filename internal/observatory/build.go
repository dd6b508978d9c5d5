package observatory

import (
	"maps"
	"slices"
	"time"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/bank"
	"github.com/panelpulse/panelpulse/internal/disclosure"
	"github.com/panelpulse/panelpulse/internal/rollup"
	"github.com/panelpulse/panelpulse/internal/stats"
)

// Stratum is the segment of a rollup row as reads see it: the weighting
// stratum (sector x size band), the district and the respondents' role;
// the columns the row's level is summed over are ”.
type Stratum struct {
	Sector   string
	SizeBand string
	District string
	Role     string
}

// periodData gathers one period's rollup cells.
type periodData struct {
	key, start string
	days       []time.Time          // the days with rollup rows
	all        map[WStratum]int     // responding businesses by weighting stratum
	fine       map[Stratum]int      // responding businesses by finest cell
	segs       map[string]strata    // by segment of the requested dimension
	weights    map[WStratum]float64 // nil when unweighted
}

// build turns rollup rows into a suppressed (and possibly weighted) series;
// which cells are shown is pat's decision, made once for every table of the
// question.
func build(q bank.Question, r Request, sup stats.Suppressor, rows []dbsqlc.ObservatoryCellListRow, frame stats.Frame, pat *pattern) Trend {
	out := Trend{Question: q, Request: r, Threshold: sup.Threshold()}
	periods, segments := groupRows(rows, r)
	if r.Weighted {
		out.Weighted, out.WeightNote = weigh(periods, frame)
	}
	dayKeys := make([]string, len(periods))
	for i, p := range periods {
		dayKeys[i] = daysKey(p.days)
	}
	l := layoutOf(&q.Spec)
	b := seriesBuilder{q: &q, r: r, sup: sup, pat: pat, layout: &l, weighted: out.Weighted}
	// Cells by period, each in segment order: read out period by period,
	// they come sorted by period start and segment.
	byPeriod := make([][]Cell, len(periods))
	for _, seg := range segments {
		b.segment(seg, periods, dayKeys, byPeriod)
	}
	for _, cs := range byPeriod {
		out.Cells = append(out.Cells, cs...)
	}
	return out
}

// groupRows sorts the rollup rows into periods of r's grain, by segment of
// r's dimension, and returns the periods in order and the segments sorted.
func groupRows(rows []dbsqlc.ObservatoryCellListRow, r Request) ([]*periodData, []string) {
	var periods []*periodData
	byKey := map[string]*periodData{}
	segSet := map[string]bool{}
	for i := range rows {
		row := &rows[i]
		key, start := periodOf(row.Day, r.Period)
		p := byKey[key]
		if p == nil {
			p = &periodData{key: key, start: start, all: map[WStratum]int{}, fine: map[Stratum]int{}, segs: map[string]strata{}}
			byKey[key] = p
			periods = append(periods, p)
		}
		if n := len(p.days); n == 0 || !p.days[n-1].Equal(row.Day) {
			p.days = append(p.days, row.Day)
		}
		s := Stratum{Sector: row.Sector, SizeBand: row.SizeBand, District: row.District, Role: row.Role}
		w := WStratum{Sector: row.Sector, SizeBand: row.SizeBand}
		if rollup.Level(row.Level) != rollup.LevelRole {
			p.all[w] += int(row.Businesses)
			if r.Dimension.byRole() {
				continue // the weights' base only: role rows make the segments
			}
		}
		p.fine[s] += int(row.Businesses)
		seg := segmentOf(s, r.Dimension)
		segSet[seg] = true
		p.segs[seg] = append(p.segs[seg], stratumRow{k: w, r: &rows[i]})
	}
	slices.SortStableFunc(periods, func(a, b *periodData) int { return cmpString(a.start, b.start) })
	return periods, slices.Sorted(maps.Keys(segSet))
}

// weigh gives every period its weights from frame and reports whether the
// series is weighted, with the reason in words when it is not: all periods
// are weighted or none is.
func weigh(periods []*periodData, frame stats.Frame) (bool, string) {
	if frame == nil {
		return false, "no population frame imported; estimates are unweighted"
	}
	for _, p := range periods {
		w, err := periodWeights(p.all, frame)
		if err != nil {
			for _, p := range periods {
				p.weights = nil
			}
			return false, err.Error() + "; estimates are unweighted"
		}
		p.weights = w
	}
	return true, ""
}

// seriesBuilder makes the cells of one trend, segment by segment.
type seriesBuilder struct {
	q        *bank.Question
	r        Request
	sup      stats.Suppressor
	pat      *pattern
	layout   *layout
	weighted bool
}

// segment appends the cells of seg to byPeriod, period by period: each
// with its estimate, change against the previous shown period and rolling
// window, or hidden under the pattern.
func (b seriesBuilder) segment(seg string, periods []*periodData, dayKeys []string, byPeriod [][]Cell) {
	var prev *estimate
	var window []windowPeriod
	for i, p := range periods {
		st := p.segs[seg]
		if st == nil {
			prev, window = nil, nil
			continue
		}
		assigned, businesses, people := st.counts()
		c := Cell{Period: p.key, PeriodStart: p.start, Segment: seg, Assigned: assigned,
			Respondents: businesses, People: people}
		key := cellKey{dayKeys[i], b.r.Dimension, seg}
		state := b.pat.state(key)
		c.Suppression = state.Published()
		c.Suppressed = state.Withheld()
		if c.Suppressed {
			// A hidden cell shows no count either: only that it has
			// fewer than the threshold or protects one that has.
			c.Assigned, c.Respondents, c.People = 0, 0, 0
		}
		e := estimateOf(st, p.weights, &b.q.Spec, b.layout)
		window = append(window, windowPeriod{e: e, shown: !c.Suppressed, n: businesses, key: key})
		if len(window) > stats.RollingWindow {
			window = window[1:]
		}
		if c.Suppressed {
			prev = nil
		} else {
			b.shown(&c, st, p, e, prev, window, key, assigned, businesses)
			prev = &e
		}
		byPeriod[i] = append(byPeriod[i], c)
	}
}

// shown fills a shown cell: response rate, estimates, change and rolling
// means, the matrix rows' rolling means hidden where a row was.
func (b seriesBuilder) shown(c *Cell, st strata, p *periodData, e estimate, prev *estimate, window []windowPeriod, key cellKey, assigned, businesses int) {
	if assigned > 0 {
		rate := float64(businesses) / float64(assigned)
		c.ResponseRate = &rate
	}
	fill(c, e, cellInput{st: st, w: p.weights, spec: &b.q.Spec, weighted: b.weighted,
		rowState: func(code int32) disclosure.State { return b.pat.rowState(key, code) }})
	if prev != nil {
		change(c, *prev, e, b.weighted)
	}
	c.Rolling = rolling(b.sup, window, b.weighted, totalMoments)
	for k := range c.Rows {
		if r := &c.Rows[k]; !r.Suppressed {
			// A period whose row was hidden hides the row's window.
			pick := rowMoments(r.Code)
			rows := make([]windowPeriod, len(window))
			for j, w := range window {
				rows[j] = windowPeriod{e: w.e, n: int(pick(w.e).N), key: w.key,
					shown: w.shown && !b.pat.rowState(w.key, r.Code).Withheld()}
			}
			r.Rolling = rolling(b.sup, rows, b.weighted, pick)
		}
	}
}

// totalMoments picks the moments of the question's numeric answers.
func totalMoments(e estimate) stats.Moments { return e.moments }

// windowPeriod is one period of a rolling window: its estimate, whether it
// is shown, its businesses and its cell.
type windowPeriod struct {
	e     estimate
	shown bool
	n     int
	key   cellKey
}

// rolling pools the moments pick takes from the window's periods; it is
// hidden when any period in it is hidden, so windows cannot be differenced
// to reveal a hidden period.
func rolling(sup stats.Suppressor, window []windowPeriod, weighted bool, pick func(estimate) stats.Moments) *Rolling {
	ro := &Rolling{Complete: len(window) == stats.RollingWindow}
	var m stats.Moments
	for _, w := range window {
		ro.Respondents += w.n
		if !w.shown {
			ro.Suppressed = true
		}
		m.Merge(pick(w.e))
	}
	if !sup.Show(ro.Respondents) {
		ro.Suppressed = true
	}
	if ro.Suppressed {
		ro.Respondents = 0 // a hidden window shows no count
	}
	if ro.Suppressed || m.N == 0 {
		return ro
	}
	if weighted {
		ro.Mean = ptr(m.WeightedMean())
		if iv, err := m.WeightedMeanCI(stats.DefaultLevel); err == nil {
			ro.CILow, ro.CIHigh = ptr(iv.Lower), ptr(iv.Upper)
		}
	} else {
		ro.Mean = ptr(m.Mean())
		if iv, err := m.MeanCI(stats.DefaultLevel); err == nil {
			ro.CILow, ro.CIHigh = ptr(iv.Lower), ptr(iv.Upper)
		}
	}
	return ro
}
