// Package sessioncache keeps panellists' live sessions in memory for a
// short time, so that answering does not look the session up in
// PostgreSQL on every request. A session revoked or a panellist withdrawn
// by this process stops working here at once (the revoking code calls
// Forget); on other processes it stops within TTL, when their cached entry
// expires and the next request asks the database again.
package sessioncache

import (
	"sync"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/panelpulse/panelpulse/internal/clock"
)

// Defaults.
const (
	// DefaultTTL bounds how long another process may still accept a
	// session this one revoked.
	DefaultTTL = 5 * time.Second
	// DefaultSize is how many sessions are kept (about 100 bytes each).
	DefaultSize = 200_000
)

type key struct {
	tenantID int64
	hash     string
}

type entry struct {
	panellistID int64
	until       time.Time
}

// Cache maps a session token's hash to its panellist until TTL after the
// database last confirmed it. The zero Cache is not usable; a nil *Cache
// caches nothing.
type Cache struct {
	clock clock.Clock
	ttl   time.Duration

	mu      sync.Mutex
	entries *lru.Cache[key, entry]
	// forgets counts Forget calls: a Put whose database read began before
	// one is not kept, since the read may predate the revocation.
	forgets uint64
	// byPanellist lets Forget find every cached session of a panellist
	// (a withdrawal ends all of them).
	byPanellist map[[2]int64]map[string]struct{}
}

// New returns a Cache of size entries, each trusted for ttl on clk.
func New(clk clock.Clock, ttl time.Duration, size int) (*Cache, error) {
	c := &Cache{clock: clk, ttl: ttl, byPanellist: map[[2]int64]map[string]struct{}{}}
	var err error
	c.entries, err = lru.NewWithEvict(size, func(k key, e entry) { c.unindex(k, e.panellistID) })
	if err != nil {
		return nil, err
	}
	return c, nil
}

// Get returns the panellist of a session confirmed less than TTL ago.
func (c *Cache) Get(tenantID int64, hash []byte) (int64, bool) {
	if c == nil {
		return 0, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	k := key{tenantID, string(hash)}
	e, ok := c.entries.Get(k)
	if !ok {
		return 0, false
	}
	if !c.clock.Now().Before(e.until) {
		c.entries.Remove(k)
		return 0, false
	}
	return e.panellistID, true
}

// Stamp is taken before the database is asked about a session and passed
// to Put with its answer.
func (c *Cache) Stamp() uint64 {
	if c == nil {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.forgets
}

// Put records that the database confirmed a live session in a read begun
// at stamp; it keeps nothing when a session was forgotten since, as the
// read may have come before that revocation.
func (c *Cache) Put(tenantID int64, hash []byte, panellistID int64, stamp uint64) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if stamp != c.forgets {
		return
	}
	k := key{tenantID, string(hash)}
	c.entries.Add(k, entry{panellistID: panellistID, until: c.clock.Now().Add(c.ttl)})
	p := [2]int64{tenantID, panellistID}
	if c.byPanellist[p] == nil {
		c.byPanellist[p] = map[string]struct{}{}
	}
	c.byPanellist[p][k.hash] = struct{}{}
}

// Forget drops one session (hash) of a panellist, or every session of the
// panellist when hash is nil.
func (c *Cache) Forget(tenantID, panellistID int64, hash []byte) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.forgets++
	if hash != nil {
		c.entries.Remove(key{tenantID, string(hash)})
		return
	}
	for h := range c.byPanellist[[2]int64{tenantID, panellistID}] {
		c.entries.Remove(key{tenantID, h})
	}
}

// unindex runs under mu, from the cache's eviction callback.
func (c *Cache) unindex(k key, panellistID int64) {
	p := [2]int64{k.tenantID, panellistID}
	delete(c.byPanellist[p], k.hash)
	if len(c.byPanellist[p]) == 0 {
		delete(c.byPanellist, p)
	}
}
