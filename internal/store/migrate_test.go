package store_test

import (
	"context"
	"io/fs"
	"os"
	"testing"

	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"

	"github.com/panelpulse/panelpulse/db"
	"github.com/panelpulse/panelpulse/internal/pgtest"
	"github.com/panelpulse/panelpulse/internal/store"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// TestMigrationsRoundTrip: every migration's Down undoes its Up, so the
// whole chain goes down to nothing and up again, and Migrate is then a
// no-op.
func TestMigrationsRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := pgtest.NewDB(t) // migrated to the latest version
	sub, err := fs.Sub(db.Migrations, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	sqlDB := stdlib.OpenDBFromPool(pool)
	defer sqlDB.Close()
	p, err := goose.NewProvider(goose.DialectPostgres, sqlDB, sub)
	if err != nil {
		t.Fatal(err)
	}
	latest, err := p.GetDBVersion(ctx)
	if err != nil || latest < 8 {
		t.Fatalf("version %d (%v), want the migrated chain", latest, err)
	}
	if _, err := p.DownTo(ctx, 0); err != nil {
		t.Fatalf("down to nothing: %v", err)
	}
	var tables int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'goose_db_version'`).Scan(&tables); err != nil || tables != 0 {
		t.Fatalf("%d tables left after every Down (%v), want none", tables, err)
	}
	if _, err := p.Up(ctx); err != nil {
		t.Fatalf("up again: %v", err)
	}
	if err := store.Migrate(ctx, pool); err != nil {
		t.Fatalf("Migrate after the round trip: %v", err)
	}
	if v, err := p.GetDBVersion(ctx); err != nil || v != latest {
		t.Fatalf("version %d after the round trip (%v), want %d", v, err, latest)
	}
}
