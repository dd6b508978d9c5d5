// Package pgtest hands tests databases cloned from a migrated template, on
// one private cluster per test binary (internal/pgcluster) or on the server
// named by PANELPULSE_TEST_PG.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/panelpulse/panelpulse/internal/pgcluster"
	"github.com/panelpulse/panelpulse/internal/store"
)

// EnvURL names the variable holding an admin URL of a running server
// (database "postgres") that tests may use instead of starting their own.
const EnvURL = "PANELPULSE_TEST_PG"

// harness is the per-test-binary state: one cluster (or an external
// server) and one migrated template database.
type harness struct {
	once     sync.Once
	err      error
	cluster  *pgcluster.Cluster
	tmpDir   string
	adminURL string
	template string
}

var shared harness

// Main runs the tests of a package that uses NewDB and stops the private
// cluster afterwards. Call it from TestMain: os.Exit(pgtest.Main(m)).
func Main(m *testing.M) int {
	code := m.Run()
	if shared.cluster != nil {
		_ = shared.cluster.Stop()
	}
	if shared.tmpDir != "" {
		_ = os.RemoveAll(shared.tmpDir)
	}
	return code
}

func (h *harness) setup(ctx context.Context) error {
	h.once.Do(func() {
		h.adminURL = os.Getenv(EnvURL)
		if h.adminURL == "" {
			dir, err := os.MkdirTemp("", "pgtest")
			if err != nil {
				h.err = err
				return
			}
			h.tmpDir = dir
			h.cluster, h.err = pgcluster.Start(ctx, pgcluster.Options{Dir: dir, Fast: true})
			if h.err != nil {
				return
			}
			h.adminURL = h.cluster.URL("postgres")
		}
		h.template = "tmpl_" + randomName()
		h.err = createMigrated(ctx, h.adminURL, h.template)
	})
	return h.err
}

func createMigrated(ctx context.Context, adminURL, name string) error {
	if err := execSQL(ctx, adminURL, "CREATE DATABASE "+name); err != nil {
		return err
	}
	st, err := store.OpenMigrated(ctx, replaceDB(adminURL, name), 0)
	if err != nil {
		return fmt.Errorf("pgtest: template: %w", err)
	}
	st.Close()
	return nil
}

// NewDB returns a pool on a fresh database cloned from the migrated
// template; the database is dropped when the test ends.
func NewDB(tb testing.TB) *pgxpool.Pool {
	tb.Helper()
	ctx := context.Background()
	if err := shared.setup(ctx); err != nil {
		tb.Fatalf("pgtest: %v", err)
	}
	name := "t_" + randomName()
	if err := execSQL(ctx, shared.adminURL, fmt.Sprintf("CREATE DATABASE %s TEMPLATE %s", name, shared.template)); err != nil {
		tb.Fatalf("pgtest: %v", err)
	}
	pool, err := pgxpool.New(ctx, replaceDB(shared.adminURL, name))
	if err != nil {
		tb.Fatalf("pgtest: connect: %v", err)
	}
	tb.Cleanup(func() {
		pool.Close()
		_ = execSQL(context.Background(), shared.adminURL, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	})
	return pool
}

// URLFor returns the connection URL of the database behind a NewDB pool, for
// tests that start a second process on the same database.
func URLFor(pool *pgxpool.Pool) string {
	return replaceDB(shared.adminURL, pool.Config().ConnConfig.Database)
}

func execSQL(ctx context.Context, url, sql string) error {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return fmt.Errorf("pgtest: connect: %w", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql); err != nil {
		return fmt.Errorf("pgtest: %s: %w", sql, err)
	}
	return nil
}

func replaceDB(url, name string) string {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return url
	}
	return fmt.Sprintf("postgres://%s@%s:%d/%s?sslmode=disable", cfg.User, cfg.Host, cfg.Port, name)
}

func randomName() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
