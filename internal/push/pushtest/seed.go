// Package pushtest is a fixture factory for the push outbox: it fills a
// migrated database with a tenant whose panellists each have an open
// assignment, registered devices and a due delivery push, fast enough for
// the 100,000-push benchmark (set-based INSERT ... SELECT, no round trip
// per row). Tests and cmd/pushbench use it; the server never does.
package pushtest

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
)

// Options says what to seed.
type Options struct {
	// Slug names the tenant (default "bench").
	Slug string
	// Panellists is how many panellists, each with one due push. Required.
	Panellists int
	// Devices is how many device tokens each panellist has (default 1).
	Devices int
	// Now is the moment the pushes are due by (due a minute earlier, the
	// assignments open an hour earlier and close six hours later).
	Now time.Time
}

// Seeded describes what Seed made.
type Seeded struct {
	// TenantID is the new tenant.
	TenantID int64
	// WaveID is its one wave.
	WaveID int64
}

// Token returns the device token Seed gives device k (from 0) of panellist
// i (from 1).
func Token(i, k int) string {
	if k == 0 {
		return "tok-P" + strconv.Itoa(i)
	}
	return "tok-P" + strconv.Itoa(i) + "-" + strconv.Itoa(k)
}

// Seed creates the tenant, its panellists with devices and assignments, and
// one queued delivery push per panellist, in one transaction.
func Seed(ctx context.Context, pool *pgxpool.Pool, o Options) (Seeded, error) {
	if o.Panellists <= 0 || o.Now.IsZero() {
		return Seeded{}, errors.New("pushtest.Seed: Panellists and Now are required")
	}
	if o.Slug == "" {
		o.Slug = "bench"
	}
	o.Devices = max(o.Devices, 1)
	var s Seeded
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO tenant (slug, name) VALUES ($1, $1) RETURNING id`, o.Slug).Scan(&s.TenantID); err != nil {
			return fmt.Errorf("tenant: %w", err)
		}
		day := o.Now.UTC().Format(time.DateOnly)
		if err := tx.QueryRow(ctx, `INSERT INTO wave (tenant_id, name, start_date, end_date, working_days, seed)
			VALUES ($1, 'Bench wave', $2::date, $2::date, 1, 1) RETURNING id`, s.TenantID, day).Scan(&s.WaveID); err != nil {
			return fmt.Errorf("wave: %w", err)
		}
		t, n, now, dev, w := s.TenantID, o.Panellists, o.Now, o.Devices, s.WaveID
		steps := []struct {
			what, sql string
			args      []any
		}{
			{"question", `INSERT INTO question (tenant_id, key, theme) VALUES ($1, 'bench_q', 'bench')`, []any{t}},
			{"question version", `INSERT INTO question_version (tenant_id, question_id, version, type, title, wording, spec)
				SELECT $1, id, 1, 'scale', 'Bench', 'How is it going?', '{}' FROM question WHERE tenant_id = $1`, []any{t}},
			{"businesses", `INSERT INTO business (tenant_id, ref, name, sic, sector, size_band, employees, district)
				SELECT $1, 'B' || i, 'Business ' || i, '28110', 'Advanced Manufacturing', 'small', 10, 'Leicester'
				FROM generate_series(1, $2::int) i`, []any{t, n}},
			{"panellists", `INSERT INTO panellist (tenant_id, business_id, ref, name, email, status, joined_on)
				SELECT $1, b.id, 'P' || substr(b.ref, 2), 'Person ' || b.ref, 'p' || b.ref || '@example.org', 'active', ($2::timestamptz AT TIME ZONE 'UTC')::date
				FROM business b WHERE b.tenant_id = $1`, []any{t, now}},
			{"devices", `INSERT INTO device (tenant_id, fcm_token, panellist_id, platform)
				SELECT $1, CASE WHEN k = 0 THEN 'tok-' || p.ref ELSE 'tok-' || p.ref || '-' || k END, p.id, 'android'
				FROM panellist p, generate_series(0, $2::int - 1) k WHERE p.tenant_id = $1`, []any{t, dev}},
			{"assignments", `INSERT INTO assignment (tenant_id, wave_id, panellist_id, question_id, question_version, day, position, opens_at, closes_at)
				SELECT $1, $2::bigint, p.id, q.id, 1, ($3::timestamptz AT TIME ZONE 'UTC')::date, 0, $3::timestamptz - interval '1 hour', $3::timestamptz + interval '6 hours'
				FROM panellist p, question q WHERE p.tenant_id = $1 AND q.tenant_id = $1`, []any{t, w, now}},
			{"pushes", `INSERT INTO push (tenant_id, panellist_id, day, kind, assignment_ids, due_at, expires_at)
				SELECT $1, a.panellist_id, a.day, 'delivery', ARRAY[a.id], $2::timestamptz - interval '1 minute', a.closes_at
				FROM assignment a WHERE a.tenant_id = $1`, []any{t, now}},
		}
		for _, st := range steps {
			if _, err := tx.Exec(ctx, st.sql, st.args...); err != nil {
				return fmt.Errorf("%s: %w", st.what, err)
			}
		}
		return nil
	})
	if err != nil {
		return Seeded{}, fmt.Errorf("pushtest.Seed: %w", err)
	}
	// Fresh statistics, as autovacuum would soon gather after a bulk load.
	if _, err := pool.Exec(ctx, "ANALYZE business, panellist, device, assignment, push"); err != nil {
		return Seeded{}, fmt.Errorf("pushtest.Seed: analyze: %w", err)
	}
	return s, nil
}

// PushOf returns the delivery push of panellist i (from 1) of the tenant.
func PushOf(ctx context.Context, pool *pgxpool.Pool, tenantID int64, i int) (dbsqlc.Push, error) {
	var id int64
	err := pool.QueryRow(ctx, `SELECT p.id FROM push p JOIN panellist pl ON pl.tenant_id = p.tenant_id AND pl.id = p.panellist_id
		WHERE p.tenant_id = $1 AND pl.ref = $2 AND p.kind = 'delivery'`, tenantID, "P"+strconv.Itoa(i)).Scan(&id)
	if err != nil {
		return dbsqlc.Push{}, fmt.Errorf("pushtest.PushOf: %w", err)
	}
	p, err := dbsqlc.New(pool).PushGet(ctx, dbsqlc.PushGetParams{TenantID: tenantID, ID: id})
	if err != nil {
		return dbsqlc.Push{}, fmt.Errorf("pushtest.PushOf: %w", err)
	}
	return p, nil
}
