package sessioncache_test

import (
	"testing"
	"time"

	"github.com/panelpulse/panelpulse/internal/clock"
	"github.com/panelpulse/panelpulse/internal/sessioncache"
)

func TestEntriesExpireAfterTTL(t *testing.T) {
	clk := clock.NewFake(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	c, err := sessioncache.New(clk, 5*time.Second, 10)
	if err != nil {
		t.Fatal(err)
	}
	c.Put(1, []byte("s1"), 7, c.Stamp())
	if pid, ok := c.Get(1, []byte("s1")); !ok || pid != 7 {
		t.Fatalf("fresh entry: %d %v", pid, ok)
	}
	if _, ok := c.Get(2, []byte("s1")); ok {
		t.Fatal("another tenant's session with the same hash was found")
	}
	clk.Advance(5 * time.Second)
	if _, ok := c.Get(1, []byte("s1")); ok {
		t.Fatal("an entry is trusted at its TTL")
	}
}

// TestForgetEndsOneOrAll: forgetting one hash leaves the panellist's other
// phones; forgetting the panellist ends every session of theirs and no
// other panellist's.
func TestForgetEndsOneOrAll(t *testing.T) {
	clk := clock.NewFake(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	c, err := sessioncache.New(clk, time.Minute, 10)
	if err != nil {
		t.Fatal(err)
	}
	c.Put(1, []byte("a1"), 7, c.Stamp())
	c.Put(1, []byte("a2"), 7, c.Stamp())
	c.Put(1, []byte("b1"), 8, c.Stamp())
	c.Forget(1, 7, []byte("a1"))
	if _, ok := c.Get(1, []byte("a1")); ok {
		t.Fatal("forgotten session still cached")
	}
	if _, ok := c.Get(1, []byte("a2")); !ok {
		t.Fatal("the panellist's other phone was dropped")
	}
	c.Forget(1, 7, nil)
	if _, ok := c.Get(1, []byte("a2")); ok {
		t.Fatal("withdrawn panellist's session still cached")
	}
	if _, ok := c.Get(1, []byte("b1")); !ok {
		t.Fatal("another panellist's session was dropped")
	}
}

func TestEvictionKeepsTheIndexSmall(t *testing.T) {
	clk := clock.NewFake(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	c, err := sessioncache.New(clk, time.Minute, 2)
	if err != nil {
		t.Fatal(err)
	}
	for i := range int64(100) {
		c.Put(1, []byte{byte(i)}, i, c.Stamp())
	}
	c.Forget(1, 0, nil) // evicted long ago: nothing to do, no panic
	if _, ok := c.Get(1, []byte{99}); !ok {
		t.Fatal("newest entry evicted")
	}
}

func TestNilCacheCachesNothing(t *testing.T) {
	var c *sessioncache.Cache
	c.Put(1, []byte("x"), 1, c.Stamp())
	c.Forget(1, 1, nil)
	if _, ok := c.Get(1, []byte("x")); ok {
		t.Fatal("nil cache returned an entry")
	}
}

// TestAReadBeforeARevocationIsNotKept: a session read from the database
// before a revocation that lands while the read is in flight is not
// cached, so it cannot outlive the revocation here.
func TestAReadBeforeARevocationIsNotKept(t *testing.T) {
	clk := clock.NewFake(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	c, err := sessioncache.New(clk, time.Minute, 10)
	if err != nil {
		t.Fatal(err)
	}
	stamp := c.Stamp()  // the read begins: the session is live
	c.Forget(1, 7, nil) // the panellist withdraws meanwhile
	c.Put(1, []byte("a1"), 7, stamp)
	if _, ok := c.Get(1, []byte("a1")); ok {
		t.Fatal("a read from before the withdrawal was cached")
	}
}
