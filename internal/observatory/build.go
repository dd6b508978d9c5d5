package observatory

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/panelpulse/panelpulse/internal/answer"

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
	weights    map[WStratum]float64 // a business's weight per stratum; nil unweighted
	design     *periodDesign        // the period's design and businesses' values
}

// build turns rollup rows into a suppressed (and possibly weighted) series;
// which cells are shown is pat's decision, made once for every table of the
// question. units are the businesses of the district (and role) rows.
func build(q bank.Question, r Request, sup stats.Suppressor, rows []dbsqlc.ObservatoryCellListRow, units []dbsqlc.ObservatoryUnitListRow, frame stats.Frame, pat *pattern) Trend {
	out := Trend{Question: q, Request: r, Threshold: sup.Threshold()}
	periods, segments := groupRows(rows, r)
	l := layoutOf(&q.Spec)
	bdays := businessDaysOf(units, r)
	out.Weighted, out.WeightNote, out.CalibrationNote = designPeriods(periods, bdays, &q.Spec, &l, r.Weighted, frame)
	dayKeys := make([]string, len(periods))
	for i, p := range periods {
		dayKeys[i] = daysKey(p.days)
	}
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

// designPeriods makes every period's design: raked to frame when weighting
// is asked for and every period can be raked, unweighted otherwise (all
// periods are weighted or none is). It reports whether the series is
// weighted, why not in words, and how the raking went when it is (size
// bands collapsed, the largest margin gap left).
func designPeriods(periods []*periodData, bdays map[string][]businessDay, spec *answer.Spec, l *layout, weighted bool, frame stats.Frame) (bool, string, string) {
	unweighted := func() {
		for _, p := range periods {
			p.weights = nil
			p.design, _ = newPeriodDesign(bdays[p.key], spec, l, nil, stats.CalibrationOptions{})
		}
	}
	if !weighted {
		unweighted()
		return false, "", ""
	}
	if frame == nil {
		unweighted()
		return false, NoFrameNote, ""
	}
	opts := stats.CalibrationOptions{SizeBands: frameBandOrder(frame)}
	var notes []string
	var maxGap float64
	for _, p := range periods {
		pd, err := newPeriodDesign(bdays[p.key], spec, l, frame, opts)
		if err != nil {
			unweighted()
			return false, "the responding businesses of " + periodName(p) + " cannot be raked to the population frame (" + err.Error() + "); estimates are unweighted", ""
		}
		p.design, p.weights = pd, pd.stratumWeights(bdays[p.key])
		cal := pd.design.Calibration
		maxGap = math.Max(maxGap, cal.MaxGap)
		switch {
		case cal.SectorOnly:
			notes = append(notes, periodName(p)+": weighted by sector only")
		case len(cal.SizeGroups) < len(opts.SizeBands):
			var gs []string
			for _, g := range cal.SizeGroups {
				if len(g) > 1 {
					gs = append(gs, strings.Join(g, "+"))
				}
			}
			notes = append(notes, periodName(p)+": size bands "+strings.Join(gs, ", ")+" raked together")
		}
	}
	if maxGap > 1e-9 {
		notes = append(notes, fmt.Sprintf("largest gap left between a weighted margin and the frame: %.1f%%", 100*maxGap))
	}
	return true, "", strings.Join(notes, "; ")
}

// NoFrameNote is the weighting note of a tenant without a population frame.
const NoFrameNote = "no population frame imported; estimates are unweighted"

func periodName(p *periodData) string {
	if p.key == "wave" {
		return "the period"
	}
	return p.key
}

// frameBandOrder lists the frame's size bands in SizeBandOrder.
func frameBandOrder(frame stats.Frame) []string {
	have := map[string]bool{}
	for s, n := range frame {
		if n > 0 {
			have[s.SizeBand] = true
		}
	}
	var out []string
	for _, b := range SizeBandOrder {
		if have[b] {
			out = append(out, b)
		}
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
	var prev *periodDesign
	var window []windowPeriod
	for i, p := range periods {
		st := p.segs[seg]
		if st == nil {
			prev, window = nil, nil
			continue
		}
		assigned, businessDays, people := st.counts()
		businesses := businessDays
		if sv := p.design.segment(seg); sv != nil {
			businesses = len(sv.businesses)
		}
		c := Cell{Period: p.key, PeriodStart: p.start, Segment: seg, Assigned: assigned,
			Respondents: businesses, BusinessDays: businessDays, People: people}
		key := cellKey{dayKeys[i], b.r.Dimension, seg}
		state := b.pat.state(key)
		c.Suppression = state.Published()
		c.Suppressed = state.Withheld()
		if c.Suppressed {
			// A hidden cell shows no count either: only that it has
			// fewer than the threshold or protects one that has.
			c.Assigned, c.Respondents, c.BusinessDays, c.People = 0, 0, 0, 0
		}
		window = append(window, windowPeriod{pd: p.design, shown: !c.Suppressed, key: key})
		if len(window) > stats.RollingWindow {
			window = window[1:]
		}
		if c.Suppressed {
			prev = nil
		} else {
			e := estimateOf(st, p.weights, &b.q.Spec, b.layout)
			b.shown(&c, p, e, prev, window, key, seg, assigned, businessDays)
			prev = p.design
		}
		byPeriod[i] = append(byPeriod[i], c)
	}
}

// shown fills a shown cell: response rate, estimates, change and rolling
// means, the matrix rows' rolling means hidden where a row was.
func (b seriesBuilder) shown(c *Cell, p *periodData, e estimate, prev *periodDesign, window []windowPeriod, key cellKey, seg string, assigned, businessDays int) {
	if assigned > 0 {
		rate := float64(businessDays) / float64(assigned)
		c.ResponseRate = &rate
	}
	fill(c, e, cellInput{spec: &b.q.Spec, l: b.layout, pd: p.design, seg: seg,
		rowState: func(code int32) disclosure.State { return b.pat.rowState(key, code) }})
	if prev != nil {
		change(c, prev, p.design, seg)
	}
	c.Rolling = rolling(b.sup, window, seg, pickNum)
	for k := range c.Rows {
		if r := &c.Rows[k]; !r.Suppressed {
			// A period whose row was hidden hides the row's window.
			rows := make([]windowPeriod, len(window))
			for j, w := range window {
				rows[j] = windowPeriod{pd: w.pd, key: w.key,
					shown: w.shown && !b.pat.rowState(w.key, r.Code).Withheld()}
			}
			r.Rolling = rolling(b.sup, rows, seg, pickRow(r.Code))
		}
	}
}

// windowPeriod is one period of a rolling window: its design, whether it
// is shown and its cell.
type windowPeriod struct {
	pd    *periodDesign
	shown bool
	key   cellKey
}

// rolling is the mean of the window's period estimates of the series p
// picks, with the covariance of the businesses in several of them; it is
// hidden when any period in it is hidden, so windows cannot be differenced
// to reveal a hidden period, or when the window's distinct businesses with
// a value are fewer than the threshold.
func rolling(sup stats.Suppressor, window []windowPeriod, seg string, p pick) *Rolling {
	ro := &Rolling{Complete: len(window) == stats.RollingWindow}
	businesses := map[string]bool{}
	var pds []*periodDesign
	var segs []*segValues
	for _, w := range window {
		if !w.shown {
			ro.Suppressed = true
		}
		sv := w.pd.segment(seg)
		if sv == nil || len(p(sv)) == 0 {
			continue
		}
		for _, u := range p(sv) {
			businesses[u.Business] = true
		}
		pds, segs = append(pds, w.pd), append(segs, sv)
	}
	ro.Respondents = len(businesses)
	if !sup.Show(ro.Respondents) {
		ro.Suppressed = true
	}
	if ro.Suppressed {
		ro.Respondents = 0 // a hidden window shows no count
	}
	if ro.Suppressed || len(pds) == 0 {
		return ro
	}
	coef := make([]float64, len(pds))
	for i := range coef {
		coef[i] = 1 / float64(len(pds))
	}
	if c, ok := designContrast(pds, segs, p, coef); ok {
		ro.Mean, ro.CILow, ro.CIHigh = ptr(c.Estimate), ptr(c.Lower), ptr(c.Upper)
	}
	return ro
}
