package observatory

import (
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
)

// seriesCacheSize is how many computed series a process keeps. A series is
// a few hundred cells, so the cache holds tens of megabytes at most.
const seriesCacheSize = 512

// seriesKey names one computed series: everything its cells depend on. The
// rollup version moves with every fold, rebuild and frame import of the
// tenant, so an entry is never served after the data under it changed.
type seriesKey struct {
	tenantID        int64
	questionID      int64
	questionVersion int32
	threshold       int32
	rollupVersion   int64
	request         Request
	from, to        time.Time
}

// seriesCache keeps computed series; nil disables it. Entries are shared,
// so a Trend taken from it must not be modified.
type seriesCache struct {
	c *lru.Cache[seriesKey, Trend]
}

func newSeriesCache(size int) (*seriesCache, error) {
	c, err := lru.New[seriesKey, Trend](size)
	if err != nil {
		return nil, err
	}
	return &seriesCache{c: c}, nil
}

func (s *seriesCache) get(k seriesKey) (Trend, bool) {
	if s == nil {
		return Trend{}, false
	}
	return s.c.Get(k)
}

func (s *seriesCache) put(k seriesKey, t Trend) {
	if s != nil {
		s.c.Add(k, t)
	}
}
