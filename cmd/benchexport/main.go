// Command benchexport measures the micro-data CSV export: it starts a
// private durable PostgreSQL, loads answers with COPY, streams them as CSV
// through the HTTP endpoint of an in-process server (analyst key, real
// HTTP) and, in the same run, times COPY (SELECT ...) TO STDOUT of the
// export's own query as the baseline. The
// last line is "export_rows_per_s=N copy_rows_per_s=M ratio=R".
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/panelpulse/panelpulse/internal/answer"
	"github.com/panelpulse/panelpulse/internal/auth"
	"github.com/panelpulse/panelpulse/internal/bank"
	"github.com/panelpulse/panelpulse/internal/command"
	"github.com/panelpulse/panelpulse/internal/export"
	"github.com/panelpulse/panelpulse/internal/loopback"
	"github.com/panelpulse/panelpulse/internal/observatory"
	"github.com/panelpulse/panelpulse/internal/observatory/synth"
	"github.com/panelpulse/panelpulse/internal/pgcluster"
	"github.com/panelpulse/panelpulse/internal/tenant"
)

func main() {
	command.Main("benchexport", realMain)
}

// lineCounter counts newlines written to it.
type lineCounter struct{ n int64 }

func (c *lineCounter) Write(p []byte) (int, error) {
	c.n += int64(bytes.Count(p, []byte{'\n'}))
	return len(p), nil
}

func realMain(ctx context.Context) error {
	rows := flag.Int("rows", 1_000_000, "answers to load and export")
	dir := flag.String("dir", "", "folder for the private PostgreSQL (default: a temporary one)")
	flag.Parse()
	if *rows < 1000 {
		return errors.New("benchexport: -rows must be at least 1000")
	}
	env, err := pgcluster.Open(ctx, pgcluster.EnvOptions{Dir: *dir, Database: "bench", MaxConns: 8})
	if err != nil {
		return err
	}
	defer func() { _ = env.Close() }()
	st := env.Store
	tn, err := tenant.Create(ctx, st, tenant.Settings{Slug: "bench", Name: "Bench"})
	if err != nil {
		return err
	}
	key, err := tenant.IssueKey(ctx, st, tn.ID, auth.RoleAnalyst, "bench")
	if err != nil {
		return err
	}
	const days, questions = 20, 2
	start := time.Now()
	panel, err := synth.Load(ctx, st, tn.ID, synth.Config{
		Seed: 2, Businesses: *rows / (days * questions), MaxPeople: 1, Days: days,
		Sectors: []string{"Manufacturing", "Logistics", "Health"}, Districts: []string{"Leicester", "Rutland"},
		Start: time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC), AnswerRate: 1,
		Questions: []bank.Input{
			{Key: "confidence", Theme: "skills", Title: "Confidence", Wording: "How confident?",
				Spec: answer.Spec{Type: answer.TypeScale, ScaleMin: 1, ScaleMax: 10, MinLabel: "Low", MaxLabel: "High"}},
			{Key: "skills", Theme: "skills", Title: "Skills", Wording: "Which skills do you lack?",
				Spec: answer.Spec{Type: answer.TypeMultipleChoice, Options: []answer.Option{{Code: 1, Label: "Digital"}, {Code: 2, Label: "Technical"}, {Code: 3, Label: "Sales"}}}},
		},
	})
	if err != nil {
		return err
	}
	fmt.Printf("load_seconds=%.1f answers=%d\n", time.Since(start).Seconds(), panel.Answers)
	if _, err := st.Pool.Exec(ctx, "ANALYZE"); err != nil {
		return err
	}
	// The export is served by the whole process, as in production.
	proc, err := loopback.Start(ctx, st, time.Now())
	if err != nil {
		return err
	}
	defer proc.Close()

	// Baseline first, so both runs meet the same warm cache.
	conn, err := st.Pool.Acquire(ctx)
	if err != nil {
		return err
	}
	var lc lineCounter
	start = time.Now()
	if _, err := conn.Conn().PgConn().CopyTo(ctx, &lc, observatory.MicrodataCopySQL(tn.ID)); err != nil {
		conn.Release()
		return err
	}
	copySecs := time.Since(start).Seconds()
	conn.Release()
	copyRows := lc.n - 1

	req, err := http.NewRequestWithContext(ctx, http.MethodGet, proc.URL+export.Prefix+"microdata.csv", nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+key)
	start = time.Now()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	var ec lineCounter
	_, err = io.Copy(&ec, res.Body)
	res.Body.Close()
	if err != nil {
		return err
	}
	expSecs := time.Since(start).Seconds()
	expRows := ec.n - 1
	if res.StatusCode != http.StatusOK || expRows != copyRows {
		return fmt.Errorf("benchexport: export gave status %d and %d rows, COPY %d", res.StatusCode, expRows, copyRows)
	}
	e, c := float64(expRows)/expSecs, float64(copyRows)/copySecs
	fmt.Printf("export_rows=%d export_seconds=%.2f copy_seconds=%.2f\n", expRows, expSecs, copySecs)
	fmt.Printf("export_rows_per_s=%.0f copy_rows_per_s=%.0f ratio=%.2f\n", e, c, e/c)
	return nil
}
