package observatory_test

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/panelpulse/panelpulse/internal/observatory"
	"github.com/panelpulse/panelpulse/internal/observatory/synth"
	"github.com/panelpulse/panelpulse/internal/pgtest"
	"github.com/panelpulse/panelpulse/internal/store"
)

// rawAnswer is one latest answer read straight from the answer table.
type rawAnswer struct {
	day                    time.Time
	business               int64
	sector, size, district string
	role                   string
	num                    *float64
	codes                  []int32
	matrix                 map[int32]int32
}

// readRaw reads the latest answers of a question without the rollups.
func readRaw(t *testing.T, f *fixture, questionID int64) []rawAnswer {
	t.Helper()
	rows, err := f.st.Pool.Query(f.ctx, `
		SELECT an.day, an.business_id, b.sector, b.size_band, b.district, coalesce(p.role, ''), an.num_value, an.codes,
			an.value -> 'matrix'
		FROM answer an JOIN business b ON b.tenant_id = an.tenant_id AND b.id = an.business_id
		LEFT JOIN panellist p ON p.tenant_id = an.tenant_id AND p.id = an.panellist_id
		WHERE an.tenant_id = $1 AND an.question_id = $2 AND an.is_latest`, f.panel.TenantID, questionID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []rawAnswer
	for rows.Next() {
		var r rawAnswer
		if err := rows.Scan(&r.day, &r.business, &r.sector, &r.size, &r.district, &r.role, &r.num, &r.codes, &r.matrix); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

// expected is the independent computation of one cell.
type expected struct {
	businesses, days, people int
	means                    []float64 // one per business with a value
	shares                   map[int32]float64
	shareBase                int
	borda                    map[int32]float64   // summed truncated Borda points (top 3), over business-days
	bordaBase                int                 // business-days with a ranking
	rows                     map[int32][]float64 // matrix: per row, one mean rating per business
	biz                      map[int64]*bizAcc
}

// bizAcc sums one business's day values in a cell: the unit is the
// business, its value the mean of its business-days.
type bizAcc struct {
	num                float64
	numDays, shareDays int
	share              map[int32]float64
	rowSum             map[int32]float64
	rowDays            map[int32]int
}

// independent groups raw answers by period and segment the simple way:
// per business and day, average the respondents' values and split one vote
// among them, then pool the business-days of the cell.
func independent(raw []rawAnswer, period observatory.Period, dim observatory.Dimension, scalePoints bool) map[[2]string]*expected {
	// The unit is a business on a day; in role segments, a business's
	// respondents of one role.
	type bizDay struct {
		day      time.Time
		business int64
		role     string
	}
	groups := map[bizDay][]rawAnswer{}
	for _, r := range raw {
		k := bizDay{r.day, r.business, ""}
		if dim == observatory.Role || dim == observatory.SectorRole {
			k.role = r.role
		}
		groups[k] = append(groups[k], r)
	}
	roleName := func(r string) string {
		if r == "" {
			return "unspecified"
		}
		return r
	}
	out := map[[2]string]*expected{}
	for k, rs := range groups {
		var pk string
		switch period {
		case observatory.Week:
			y, w := k.day.ISOWeek()
			pk = fmt.Sprintf("%d-W%02d", y, w)
		case observatory.Wave:
			pk = "wave"
		default:
			pk = k.day.Format(time.DateOnly)
		}
		var seg string
		switch dim {
		case observatory.Sector:
			seg = rs[0].sector
		case observatory.SizeBand:
			seg = rs[0].size
		case observatory.District:
			seg = rs[0].district
		case observatory.SectorSize:
			seg = rs[0].sector + " / " + rs[0].size
		case observatory.Role:
			seg = roleName(k.role)
		case observatory.SectorRole:
			seg = rs[0].sector + " / " + roleName(k.role)
		default:
			seg = "all"
		}
		e := out[[2]string{pk, seg}]
		if e == nil {
			e = &expected{shares: map[int32]float64{}, borda: map[int32]float64{}, rows: map[int32][]float64{}, biz: map[int64]*bizAcc{}}
			out[[2]string{pk, seg}] = e
		}
		b := e.biz[k.business]
		if b == nil {
			b = &bizAcc{share: map[int32]float64{}, rowSum: map[int32]float64{}, rowDays: map[int32]int{}}
			e.biz[k.business] = b
		}
		e.days++
		e.people += len(rs)
		var sum float64
		n := 0
		var votes [][]int32
		for _, r := range rs {
			if r.num != nil {
				sum += *r.num
				n++
			}
			if len(r.codes) > 0 {
				votes = append(votes, r.codes)
			} else if scalePoints && r.num != nil {
				votes = append(votes, []int32{int32(*r.num)})
			}
		}
		if n > 0 {
			b.num += sum / float64(n)
			b.numDays++
		}
		rowSum, rowN := map[int32]float64{}, map[int32]int{}
		for _, r := range rs {
			for c, v := range r.matrix {
				if v != 0 {
					rowSum[c] += float64(v)
					rowN[c]++
				}
			}
		}
		for c, v := range rowSum {
			b.rowSum[c] += v / float64(rowN[c])
			b.rowDays[c]++
		}
		if len(votes) > 0 {
			e.bordaBase++
			b.shareDays++
			for _, v := range votes {
				for _, c := range v {
					b.share[c] += 1 / float64(len(votes))
				}
				for pos, c := range v {
					e.borda[c] += float64(3-pos) / float64(len(votes))
				}
			}
		}
	}
	for _, e := range out {
		e.businesses = len(e.biz)
		for _, id := range slices.Sorted(maps.Keys(e.biz)) {
			b := e.biz[id]
			if b.numDays > 0 {
				e.means = append(e.means, b.num/float64(b.numDays))
			}
			if b.shareDays > 0 {
				e.shareBase++
				for c, v := range b.share {
					e.shares[c] += v / float64(b.shareDays)
				}
			}
			for c, v := range b.rowSum {
				e.rows[c] = append(e.rows[c], v/float64(b.rowDays[c]))
			}
		}
	}
	return out
}

func meanSD(ys []float64) (mean, sd float64) {
	for _, y := range ys {
		mean += y
	}
	mean /= float64(len(ys))
	for _, y := range ys {
		sd += (y - mean) * (y - mean)
	}
	return mean, math.Sqrt(sd / float64(len(ys)-1))
}

func median(ys []float64) float64 {
	s := slices.Clone(ys)
	slices.Sort(s)
	return (s[(len(s)-1)/2] + s[len(s)/2]) / 2
}

// checkedRanks counts ranked items compared, so the test can tell that
// rankings were checked at all.
var checkedRanks atomic.Int64

// checkedCells counts shown cells compared (a two-way table at a coarse
// grain may be wholly hidden by the disclosure pattern, so the check is
// that cells were compared over all the reads).
var checkedCells atomic.Int64

// checkedRows counts matrix rows compared.
var checkedRows atomic.Int64

// compare checks a trend against the independent computation.
func compare(t *testing.T, tr observatory.Trend, want map[[2]string]*expected) {
	t.Helper()
	seen, shown := 0, 0
	for _, c := range tr.Cells {
		e := want[[2]string{c.Period, c.Segment}]
		if e == nil {
			if c.Respondents != 0 {
				t.Fatalf("%s %s: %d respondents in the rollup, none in the raw answers", c.Period, c.Segment, c.Respondents)
			}
			continue
		}
		seen++
		if c.Suppressed {
			// A hidden cell shows no count and no value.
			if c.Respondents != 0 || c.BusinessDays != 0 || c.People != 0 || c.Assigned != 0 || c.Mean != nil || c.Shares != nil || c.Rows != nil {
				t.Fatalf("%s %s: suppressed cell shows counts or values: %+v", c.Period, c.Segment, c)
			}
			continue
		}
		if c.Respondents != e.businesses || c.BusinessDays != e.days || c.People != e.people {
			t.Fatalf("%s %s: rollup counts %d businesses over %d business-days, %d people; raw %d, %d, %d",
				c.Period, c.Segment, c.Respondents, c.BusinessDays, c.People, e.businesses, e.days, e.people)
		}
		if c.Suppressed {
			if c.Mean != nil || c.Shares != nil {
				t.Fatalf("%s %s: suppressed cell carries values", c.Period, c.Segment)
			}
			continue
		}
		if len(e.means) > 0 {
			m, sd := meanSD(e.means)
			if !ptrEq(c.Mean, &m, 1e-9) {
				t.Fatalf("%s %s: mean %v, raw %v", c.Period, c.Segment, *c.Mean, m)
			}
			if len(e.means) > 1 && !ptrEq(c.SD, &sd, 1e-9) {
				t.Fatalf("%s %s: sd %v, raw %v", c.Period, c.Segment, c.SD, sd)
			}
			med := median(e.means)
			if !ptrEq(c.Median, &med, 1e-9) {
				t.Fatalf("%s %s: median %v, raw %v", c.Period, c.Segment, c.Median, med)
			}
		}
		shown++
		for _, r := range c.Rows {
			ys := e.rows[r.Code]
			if r.Suppressed {
				if r.Mean != nil || r.Respondents != 0 {
					t.Fatalf("%s %s: suppressed row %d shows a count or a mean", c.Period, c.Segment, r.Code)
				}
				continue
			}
			if r.Respondents != len(ys) {
				t.Fatalf("%s %s: row %d rated by %d businesses, raw %d", c.Period, c.Segment, r.Code, r.Respondents, len(ys))
			}
			if r.Suppressed {
				if r.Mean != nil {
					t.Fatalf("%s %s: suppressed row %d carries a mean", c.Period, c.Segment, r.Code)
				}
				continue
			}
			m, sd := meanSD(ys)
			med := median(ys)
			if len(ys) < 2 {
				sd = math.NaN() // one business has no sd
			}
			if !ptrEq(r.Mean, &m, 1e-9) || (len(ys) > 1 && !ptrEq(r.SD, &sd, 1e-9)) || (len(ys) < 2 && r.SD != nil) || !ptrEq(r.Median, &med, 1e-9) {
				t.Fatalf("%s %s: row %d mean %v sd %v median %v; raw %v %v %v", c.Period, c.Segment, r.Code, r.Mean, r.SD, r.Median, m, sd, med)
			}
			checkedRows.Add(1)
		}
		for _, r := range c.Ranks {
			want := e.borda[r.Code] / float64(e.bordaBase)
			if math.Abs(r.Borda-want) > 1e-9 {
				t.Fatalf("%s %s: Borda of %d is %v, raw %v", c.Period, c.Segment, r.Code, r.Borda, want)
			}
			checkedRanks.Add(1)
		}
		for _, s := range c.Shares {
			want := e.shares[s.Code] / float64(e.shareBase)
			if math.Abs(s.Share.Estimate-want) > 1e-9 {
				t.Fatalf("%s %s: share of %d is %v, raw %v", c.Period, c.Segment, s.Code, s.Share.Estimate, want)
			}
		}
	}
	checkedCells.Add(int64(shown))
	if shown == 0 && seen == 0 {
		t.Fatalf("no cell was shown, nothing compared")
	}
	if seen != len(want) {
		t.Fatalf("rollup has %d of the %d raw cells", seen, len(want))
	}
}

// TestRollupsEqualRawAnswers checks every question type, period and
// dimension against the independent computation, before and after a second
// load of revisions folded incrementally.
func TestRollupsEqualRawAnswers(t *testing.T) {
	t.Parallel()
	st := store.New(pgtest.NewDB(t))
	f := newFixture(t, st, "exact", 3, synth.Config{Seed: 42, Businesses: 70, MaxPeople: 3, Days: 9, AnswerRate: 0.8, ReviseRate: 0.25})
	check := func() {
		for _, q := range f.panel.Questions {
			raw := readRaw(t, f, q.ID)
			scale := q.Spec.Type == "scale" || q.Spec.Type == "likert"
			for _, p := range []observatory.Period{observatory.Day, observatory.Week, observatory.Wave} {
				for _, d := range observatory.Dimensions {
					tr, err := f.obs.Trend(f.ctx, f.panel.TenantID, observatory.Request{QuestionKey: q.Key, Period: p, Dimension: d})
					if err != nil {
						t.Fatalf("%s %s %s: %v", q.Key, p, d, err)
					}
					t.Run(fmt.Sprintf("%s/%s/%s", q.Key, p, d), func(t *testing.T) { compare(t, tr, independent(raw, p, d, scale)) })
				}
			}
		}
	}
	check()
	// New revisions after the rollups were built: flip is_latest and add
	// answers with fresh ids, as the panel's submit does.
	for _, q := range f.panel.Questions[:2] {
		_, err := st.Pool.Exec(f.ctx, `
			WITH old AS (
				UPDATE answer SET is_latest = false
				WHERE tenant_id = $1 AND question_id = $2 AND is_latest AND id % 3 = 0
				RETURNING *)
			INSERT INTO answer (tenant_id, assignment_id, panellist_id, business_id, question_id, day, question_version,
				revision, idempotency_key, value, num_value, codes, answered_at, received_at, is_latest)
			SELECT tenant_id, assignment_id, panellist_id, business_id, question_id, day, question_version,
				revision + 1, 'again', value, CASE WHEN num_value IS NULL THEN NULL ELSE 11 - num_value END,
				(SELECT coalesce(array_agg(6 - c ORDER BY 6 - c), '{}') FROM unnest(codes) c), answered_at, received_at, true
			FROM old`, f.panel.TenantID, q.ID)
		if err != nil {
			t.Fatal(err)
		}
	}
	check()
	if checkedRanks.Load() == 0 {
		t.Fatal("no ranking item was compared")
	}
	if checkedRows.Load() == 0 {
		t.Fatal("no matrix row was compared")
	}
	if checkedCells.Load() == 0 {
		t.Fatal("no shown cell was compared")
	}
}
