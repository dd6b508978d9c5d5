// Package observatory is the read side of the answers: what analysts and
// panellists see of them. It reads the rollup cells that internal/rollup
// maintains as trend series by period and segment with their statistics,
// weighting and small-cell suppression, and streams the micro-data export.
//
// Trend reads only read (they could run on a read replica). A read that
// must include answers already acknowledged asks the rollup side to be
// current first (Syncer.Sync): those with Request.Current set (a
// panellist's sector results right after the answer, a roundtable's live
// results) and an analyst's read of a period that includes today. Reads of
// closed periods take the cells as the rollup worker last left them.
package observatory

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/answer"
	"github.com/panelpulse/panelpulse/internal/bank"
	"github.com/panelpulse/panelpulse/internal/clock"
	"github.com/panelpulse/panelpulse/internal/fault"
	"github.com/panelpulse/panelpulse/internal/replica"
	"github.com/panelpulse/panelpulse/internal/rollup"
	"github.com/panelpulse/panelpulse/internal/stats"
	"github.com/panelpulse/panelpulse/internal/store"
)

// Period is the time grain of a trend.
type Period string

// Periods.
const (
	Day  Period = "day"
	Week Period = "week"
	Wave Period = "wave"
)

// Dimension is how businesses are split into segments.
type Dimension string

// Dimensions. SectorSize and SectorRole are two-way splits. A role segment
// holds the businesses that answered through a respondent of that role,
// each business once (its respondents of the role averaged); a business
// answering through two roles is in both, so role segments may sum to more
// than the total.
const (
	All        Dimension = "all"
	Sector     Dimension = "sector"
	SizeBand   Dimension = "size_band"
	District   Dimension = "district"
	Role       Dimension = "role"
	SectorSize Dimension = "sector_size"
	SectorRole Dimension = "sector_role"
)

// Dimensions lists every dimension a trend can be split by.
var Dimensions = []Dimension{All, Sector, SizeBand, District, Role, SectorSize, SectorRole}

// UnspecifiedRole names the role segment of respondents without a role
// (never given, or erased).
const UnspecifiedRole = "unspecified"

// byRole reports whether d splits by the respondents' role.
func (d Dimension) byRole() bool { return d == Role || d == SectorRole }

// Request says which series to read.
type Request struct {
	QuestionKey string
	Period      Period
	Dimension   Dimension
	// WaveID limits the series to the wave's dates; 0 means all days.
	WaveID int64
	// Weighted rakes the businesses to the tenant's population frame.
	Weighted bool
	// Current makes the read include every answer already acknowledged:
	// the rollups are synced first. Reads of a period that includes today
	// are synced whatever it says.
	Current bool
}

// Cell is the statistics of one period and segment. Statistics are nil
// when the cell is suppressed or has too few businesses for them.
// Respondents counts businesses (the unit); People counts the persons.
type Cell struct {
	Period       string   `json:"period"`
	PeriodStart  string   `json:"period_start"`
	Segment      string   `json:"segment"`
	Assigned     int      `json:"assigned"`
	Respondents  int      `json:"respondents"`
	People       int      `json:"people"`
	ResponseRate *float64 `json:"response_rate,omitempty"`
	Suppressed   bool     `json:"suppressed"`
	Suppression  string   `json:"suppression"`
	NEff         float64  `json:"n_eff"`
	ShareN       float64  `json:"share_n"`
	MeanStats
	Shares       []Share         `json:"shares,omitempty"`
	NetAgreement *stats.Interval `json:"net_agreement,omitempty"`
	NetBalance   *stats.Interval `json:"net_balance,omitempty"`
	Ranks        []Rank          `json:"ranks,omitempty"`
	Rows         []MatrixRow     `json:"rows,omitempty"`
	// Rolling is the mean over this period and the two before it (pooled).
	Rolling *Rolling `json:"rolling,omitempty"`
}

// MeanStats is the mean of a cell or of a matrix row: its spread, interval
// and median, and its change from the period before. Embedded, its fields
// stand in the JSON of the cell or row as their own.
type MeanStats struct {
	Mean       *float64 `json:"mean,omitempty"`
	SD         *float64 `json:"sd,omitempty"`
	CILow      *float64 `json:"ci_low,omitempty"`
	CIHigh     *float64 `json:"ci_high,omitempty"`
	Median     *float64 `json:"median,omitempty"`
	MeanChange *Change  `json:"mean_change,omitempty"`
}

// Rolling is a three-period rolling mean.
type Rolling struct {
	Respondents int      `json:"respondents"`
	Suppressed  bool     `json:"suppressed"`
	Complete    bool     `json:"complete"`
	Mean        *float64 `json:"mean,omitempty"`
	CILow       *float64 `json:"ci_low,omitempty"`
	CIHigh      *float64 `json:"ci_high,omitempty"`
}

// Trend is a series of cells for one question.
type Trend struct {
	Question  bank.Question `json:"-"`
	Request   Request       `json:"-"`
	Threshold int           `json:"suppression_threshold"`
	// Weighted says whether the estimates are weighted; WeightNote says
	// why not when weighting was asked for and could not be done.
	Weighted   bool   `json:"weighted"`
	WeightNote string `json:"weight_note,omitempty"`
	Cells      []Cell `json:"cells"`
}

// Syncer is the rollup side as reads see it (rollup.Rollup): Sync folds
// the tenant's changes committed so far and returns the version of the
// cells that include them, or fails after its timeout.
type Syncer interface {
	Sync(ctx context.Context, tenantID int64) (int64, error)
}

// Service reads aggregates.
type Service struct {
	st       *store.Store
	bank     *bank.Bank
	clock    clock.Clock
	rollup   Syncer
	reads    replica.Reads
	cache    *seriesCache
	patterns *lru.Cache[patternCacheKey, *pattern]
}

// Option changes how New builds the Service.
type Option func(*Service)

// WithReads reads the cells from the store reads picks (a caught-up hot
// standby, else the primary); by default they are read from st.
func WithReads(reads replica.Reads) Option { return func(s *Service) { s.reads = reads } }

// New returns a Service reading st, asking roll to be current when a read
// must be, and telling today by clk.
func New(st *store.Store, b *bank.Bank, clk clock.Clock, roll Syncer, opts ...Option) (*Service, error) {
	if st == nil || b == nil || clk == nil || roll == nil {
		return nil, errors.New("observatory.New: store, bank, clock and rollup are required")
	}
	cache, err := newSeriesCache(seriesCacheSize)
	if err != nil {
		return nil, fmt.Errorf("observatory.New: %w", err)
	}
	patterns, err := lru.New[patternCacheKey, *pattern](seriesCacheSize)
	if err != nil {
		return nil, fmt.Errorf("observatory.New: %w", err)
	}
	s := &Service{st: st, bank: b, clock: clk, rollup: roll, reads: replica.Primary{Store: st}, cache: cache, patterns: patterns}
	for _, o := range opts {
		o(s)
	}
	return s, nil
}

// DisableCache makes every Trend compute its series from the rollups, for
// measuring that cost; by default computed series are kept per rollup
// version.
func (s *Service) DisableCache() { s.cache = nil }

// ErrNoStatistics is returned for questions without statistics (free text).
var ErrNoStatistics = fault.New(fault.Invalid, "question_key: free-text questions have no trend statistics; use the micro-data export")

// ErrDimension is returned for a dimension trends do not split by.
var ErrDimension = fault.New(fault.Invalid, "dimension: use all, sector, size_band, district, role, sector_size or sector_role")

// Trend returns the series of a question by period and segment. When
// r.Current is set or the period includes today it first asks the rollup
// side to be current, so the read sees every acknowledged answer;
// otherwise it reads the cells as they are.
func (s *Service) Trend(ctx context.Context, tenantID int64, r Request) (Trend, error) {
	if r.Period == "" {
		r.Period = Day
	}
	if r.Dimension == "" {
		r.Dimension = All
	}
	if !slices.Contains(Dimensions, r.Dimension) {
		return Trend{}, ErrDimension
	}
	// The lookups are independent: run them at once (a read is a handful of
	// round trips, and latency, not work, dominates it).
	var (
		q          bank.Question
		t          dbsqlc.Tenant
		wave       dbsqlc.Wave
		frame      stats.Frame
		errQ, errT error
		errR, errW error
		errF       error
		version    int64
		cells      *store.Store
		wg         sync.WaitGroup
	)
	wg.Go(func() { q, errQ = s.bank.Latest(ctx, tenantID, r.QuestionKey) })
	wg.Go(func() { t, errT = s.st.Q.TenantGet(ctx, tenantID) })
	wg.Go(func() {
		// The version is read (after the sync) before the cells, so the
		// cells read are at least as new as the version they are kept under.
		if r.WaveID != 0 {
			if wave, errW = s.st.Q.WaveGet(ctx, dbsqlc.WaveGetParams{TenantID: tenantID, ID: r.WaveID}); errW != nil {
				return
			}
		}
		version, cells, errR = s.version(ctx, tenantID, r.Current || r.WaveID == 0 || s.includesToday(wave.EndDate))
	})
	if r.Weighted {
		wg.Go(func() { frame, errF = s.frame(ctx, tenantID) })
	}
	wg.Wait()
	switch {
	case errQ != nil:
		return Trend{}, errQ
	case errT != nil:
		return Trend{}, fmt.Errorf("observatory.Trend: %w", errT)
	case errW != nil:
		return Trend{}, fmt.Errorf("observatory.Trend: wave: %w", errW)
	case errR != nil:
		return Trend{}, fmt.Errorf("observatory.Trend: %w", errR)
	case errF != nil:
		return Trend{}, errF
	}
	if q.Spec.Type == answer.TypeText {
		return Trend{}, ErrNoStatistics
	}
	sup, err := stats.NewSuppressor(int(t.SuppressionThreshold))
	if err != nil {
		return Trend{}, fmt.Errorf("observatory.Trend: %w", err)
	}
	from, to := time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
	if r.WaveID != 0 {
		from, to = wave.StartDate, wave.EndDate
	}
	key := seriesKey{tenantID: tenantID, questionID: q.ID, questionVersion: q.Version, threshold: t.SuppressionThreshold,
		rollupVersion: version, request: r, from: from, to: to}
	if tr, ok := s.cache.get(key); ok {
		return tr, nil
	}
	// Weighting needs the (sector, size band) strata; unweighted reads by
	// sector, by size band or of the total take rows summed further.
	level, withStrata := r.level()
	rows, err := cells.Q.ObservatoryCellList(ctx, dbsqlc.ObservatoryCellListParams{TenantID: tenantID, QuestionID: q.ID,
		FromDay: from, ToDay: to, Level: string(level), WithStrata: withStrata,
		Ranking: q.Spec.Type == answer.TypeRanking, Matrix: q.Spec.Type == answer.TypeMatrix})
	if err != nil {
		return Trend{}, fmt.Errorf("observatory.Trend: cells: %w", err)
	}
	pat, err := s.pattern(ctx, cells, tenantID, q, sup, version)
	if err != nil {
		return Trend{}, err
	}
	out := build(q, r, sup, rows, frame, pat)
	s.cache.put(key, out)
	return out, nil
}

// version returns the version of the tenant's cells, after syncing the
// rollups when sync, and the store to read those cells from: picked after
// the sync, so it holds every cell the sync wrote.
func (s *Service) version(ctx context.Context, tenantID int64, sync bool) (int64, *store.Store, error) {
	var v int64
	if sync {
		var err error
		if v, err = s.rollup.Sync(ctx, tenantID); err != nil {
			return 0, nil, err
		}
	}
	st, err := s.reads.For(ctx)
	if err != nil || sync {
		return v, st, err
	}
	v, err = st.Q.ObservatoryRollupVersion(ctx, tenantID)
	return v, st, err
}

// includesToday reports whether a period ending on end may include today
// in the tenant's time zone: it ends no earlier than yesterday in UTC, which
// covers every zone.
func (s *Service) includesToday(end time.Time) bool {
	y, m, d := s.clock.Now().UTC().AddDate(0, 0, -1).Date()
	return !end.Before(time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
}

// level picks the rollup rows a request reads: weighting needs the (sector,
// size band) strata, and so do the two-way splits; unweighted reads by
// sector, by size band or of the total take rows summed further; role
// series read the role rows and the strata (their weights' base).
func (r Request) level() (rollup.Level, bool) {
	switch {
	case r.Dimension == District:
		return rollup.LevelDistrict, false
	case r.Dimension.byRole():
		return rollup.LevelRole, true
	case r.Weighted || r.Dimension == SectorSize:
		return rollup.LevelStratum, false
	case r.Dimension == Sector:
		return rollup.LevelSector, false
	case r.Dimension == SizeBand:
		return rollup.LevelSizeBand, false
	}
	return rollup.LevelTotal, false
}

// periodOf names the period a day falls in and its first day.
func periodOf(day time.Time, p Period) (string, string) {
	switch p {
	case Week:
		y, w := day.ISOWeek()
		start := day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
		return fmt.Sprintf("%d-W%02d", y, w), start.Format(time.DateOnly)
	case Wave:
		return "wave", ""
	default:
		d := day.Format(time.DateOnly)
		return d, d
	}
}

// segmentOf names the segment of a stratum in a dimension.
func segmentOf(s Stratum, d Dimension) string {
	switch d {
	case Sector:
		return s.Sector
	case SizeBand:
		return s.SizeBand
	case District:
		return s.District
	case Role:
		return roleName(s.Role)
	case SectorSize:
		return s.Sector + " / " + s.SizeBand
	case SectorRole:
		return s.Sector + " / " + roleName(s.Role)
	}
	return "all"
}

func roleName(r string) string {
	if r == "" {
		return UnspecifiedRole
	}
	return r
}
