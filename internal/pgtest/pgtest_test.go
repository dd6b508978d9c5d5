package pgtest_test

import (
	"context"
	"os"
	"testing"

	"github.com/panelpulse/panelpulse/internal/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

func TestNewDBIsMigratedAndIsolated(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, b := pgtest.NewDB(t), pgtest.NewDB(t)
	if _, err := a.Exec(ctx, "INSERT INTO tenant (slug, name) VALUES ('alpha', 'Alpha')"); err != nil {
		t.Fatalf("insert into migrated schema: %v", err)
	}
	var n int
	if err := b.QueryRow(ctx, "SELECT count(*) FROM tenant").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatalf("second database sees %d tenants of the first, want 0", n)
	}
}
