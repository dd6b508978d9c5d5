package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"time"

	"github.com/panelpulse/panelpulse/internal/pgcluster"
)

// benchTable is a copy of the answer table with its indexes (primary key,
// both unique keys, the latest-answer and panellist indexes) but without
// foreign keys, so pgbench inserts an equivalent row without the fixture.
// This is benchmark set-up, not runtime code, hence the SQL here.
const benchTable = `
CREATE TABLE answer_pgbench (LIKE answer INCLUDING ALL);
CREATE SEQUENCE answer_pgbench_revision;`

// benchScript inserts one answer-like row per transaction: a scale answer
// of 7 with its numeric value, a fresh idempotency key and revision.
const benchScript = `\set aid random(1, 1000000)
INSERT INTO answer_pgbench (tenant_id, assignment_id, panellist_id, business_id, question_id, day,
    question_version, revision, idempotency_key, value, num_value, codes, answered_at, received_at)
VALUES (1, :aid, :aid, :aid, 1, DATE '2026-11-23', 1, nextval('answer_pgbench_revision'),
    'load-' || :client_id || '-' || nextval('answer_pgbench_revision'), '{"scale": 7}', 7, '{}', now(), now());
`

var tpsRE = regexp.MustCompile(`tps = ([0-9.]+) \(without initial connection time\)`)

// pgbench runs the script with the same client count against the same
// cluster: a warm-up, then the measured run. It returns transactions/s.
func (r *rig) pgbench(ctx context.Context) (float64, error) {
	if _, err := r.st.Pool.Exec(ctx, benchTable); err != nil {
		return 0, fmt.Errorf("pgbench: create table: %w", err)
	}
	bin, err := pgcluster.BinDir()
	if err != nil {
		return 0, err
	}
	script, err := os.CreateTemp("", "ingestload-*.sql")
	if err != nil {
		return 0, err
	}
	defer os.Remove(script.Name())
	if _, err := script.WriteString(benchScript); err != nil {
		return 0, err
	}
	if err := script.Close(); err != nil {
		return 0, err
	}
	if err := os.Chmod(script.Name(), 0o644); err != nil {
		return 0, err
	}
	run := func(d time.Duration) (float64, error) {
		args := []string{filepath.Join(bin, "pgbench"), "-n", "-h", "127.0.0.1", "-p", strconv.Itoa(r.env.Cluster.Port()), "-U", "postgres",
			"-c", strconv.Itoa(r.cfg.Clients), "-j", "2", "-T", strconv.Itoa(int(d.Seconds())), "-f", script.Name(), "postgres"}
		if os.Geteuid() == 0 {
			args = append([]string{"runuser", "-u", "postgres", "--"}, args...)
		}
		var out bytes.Buffer
		cmd := exec.CommandContext(ctx, args[0], args[1:]...)
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Run(); err != nil {
			return 0, fmt.Errorf("pgbench: %w: %s", err, out.String())
		}
		m := tpsRE.FindSubmatch(out.Bytes())
		if m == nil {
			return 0, fmt.Errorf("pgbench: no tps in output: %s", out.String())
		}
		return strconv.ParseFloat(string(m[1]), 64)
	}
	if r.cfg.Warmup >= time.Second {
		if _, err := run(r.cfg.Warmup); err != nil {
			return 0, err
		}
	}
	return run(r.cfg.Duration)
}
