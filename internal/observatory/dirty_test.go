package observatory_test

import (
	"context"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/observatory"
	"github.com/panelpulse/panelpulse/internal/observatory/synth"
	"github.com/panelpulse/panelpulse/internal/pgtest"
	"github.com/panelpulse/panelpulse/internal/rollup"
	"github.com/panelpulse/panelpulse/internal/store"
)

// TestDirty checks that trend reads are exact, without Rebuild, after each
// change the triggers record besides new rows.
func TestDirty(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		fn   func(*testing.T)
	}{
		{"ErasureDeletingAnswers", dirtyErasureDeletingAnswers},
		{"DetachedAnswers", dirtyDetachedAnswers},
		{"SegmentChanges", dirtySegmentChanges},
		{"DeletedAssignments", dirtyDeletedAssignments},
		{"RevisionsRecordNothing", dirtyRevisionsRecordNothing},
		{"ChangeCommittedDuringRefresh", dirtyChangeCommittedDuringRefresh},
		{"RebuildClears", dirtyRebuildClears},
	} {
		t.Run(c.name, c.fn)
	}
}

// dirtyFixture is a small panel whose rollups have been built by a first
// trend read, so later changes must reach cells that already exist.
func dirtyFixture(t *testing.T, slug string) *fixture {
	t.Helper()
	st := store.New(pgtest.NewDB(t))
	f := newFixture(t, st, slug, 3, synth.Config{Seed: 7, Businesses: 40, MaxPeople: 3, Days: 4, AnswerRate: 0.8, ReviseRate: 0.25})
	checkExact(t, f)
	return f
}

// checkExact reads every question's trend (which refreshes the rollups
// first) and checks it against the raw rows: the statistics by every
// dimension and the assigned businesses by sector and by role. Then the
// dirty keys must have been taken.
func checkExact(t *testing.T, f *fixture) {
	t.Helper()
	for _, q := range f.panel.Questions {
		raw := readRaw(t, f, q.ID)
		scale := q.Spec.Type == "scale" || q.Spec.Type == "likert"
		for _, p := range []observatory.Period{observatory.Day, observatory.Wave} {
			for _, d := range observatory.Dimensions {
				tr, err := f.obs.Trend(f.ctx, f.panel.TenantID, observatory.Request{QuestionKey: q.Key, Period: p, Dimension: d})
				if err != nil {
					t.Fatalf("%s %s %s: %v", q.Key, p, d, err)
				}
				t.Run(fmt.Sprintf("%s/%s/%s", q.Key, p, d), func(t *testing.T) {
					compare(t, tr, independent(raw, p, d, scale))
				})
			}
		}
		tr, err := f.obs.Trend(f.ctx, f.panel.TenantID, observatory.Request{QuestionKey: q.Key, Period: observatory.Day, Dimension: observatory.Sector})
		if err != nil {
			t.Fatal(err)
		}
		compareAssigned(t, q.Key+" assigned by sector", tr, rawAssigned(t, f, q.ID, `
			SELECT a.day, b.sector, count(DISTINCT p.business_id)::int
			FROM assignment a
			JOIN panellist p ON p.tenant_id = a.tenant_id AND p.id = a.panellist_id
			JOIN business b ON b.tenant_id = p.tenant_id AND b.id = p.business_id
			WHERE a.tenant_id = $1 AND a.question_id = $2 GROUP BY 1, 2`))
		tr, err = f.obs.Trend(f.ctx, f.panel.TenantID, observatory.Request{QuestionKey: q.Key, Period: observatory.Day, Dimension: observatory.Role})
		if err != nil {
			t.Fatal(err)
		}
		compareAssigned(t, q.Key+" assigned by role", tr, rawAssigned(t, f, q.ID, `
			SELECT a.day, coalesce(nullif(p.role, ''), $3), count(DISTINCT p.business_id)::int
			FROM assignment a
			JOIN panellist p ON p.tenant_id = a.tenant_id AND p.id = a.panellist_id
			WHERE a.tenant_id = $1 AND a.question_id = $2 GROUP BY 1, 2`, observatory.UnspecifiedRole))
	}
	if n := dirtyRows(t, f); n != 0 {
		t.Fatalf("%d dirty rows left after the trend reads, want none", n)
	}
}

// rawAssigned runs a query of (day, segment, businesses assigned) rows
// for the tenant and question.
func rawAssigned(t *testing.T, f *fixture, questionID int64, sql string, args ...any) map[[2]string]int {
	t.Helper()
	rows, err := f.st.Pool.Query(f.ctx, sql, append([]any{f.panel.TenantID, questionID}, args...)...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[[2]string]int{}
	for rows.Next() {
		var day time.Time
		var seg string
		var n int
		if err := rows.Scan(&day, &seg, &n); err != nil {
			t.Fatal(err)
		}
		out[[2]string{day.Format(time.DateOnly), seg}] = n
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// compareAssigned checks a day trend's assigned businesses against the
// raw ones: every cell agrees and every raw segment is there.
func compareAssigned(t *testing.T, what string, tr observatory.Trend, want map[[2]string]int) {
	t.Helper()
	seen := 0
	for _, c := range tr.Cells {
		w, ok := want[[2]string{c.Period, c.Segment}]
		if ok {
			seen++
		}
		if c.Suppressed {
			w = 0 // a hidden cell shows no count
		}
		if c.Assigned != w {
			t.Errorf("%s: %s %s: rollup has %d businesses assigned, raw %d", what, c.Period, c.Segment, c.Assigned, w)
		}
	}
	if seen != len(want) {
		t.Errorf("%s: the rollup has %d of the %d raw cells", what, seen, len(want))
	}
}

func dirtyRows(t *testing.T, f *fixture) int {
	t.Helper()
	var n int
	if err := f.st.Pool.QueryRow(f.ctx, `SELECT count(*) FROM observatory_dirty WHERE tenant_id = $1`, f.panel.TenantID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// wantDirty fails unless the change just made recorded keys: the
// exactness check that follows is then about the rollup worker taking them.
func wantDirty(t *testing.T, f *fixture, change string) {
	t.Helper()
	if dirtyRows(t, f) == 0 {
		t.Fatalf("%s recorded no dirty keys", change)
	}
}

// checkChange checks that the change just made recorded dirty keys and
// that the reads are exact once the rollup worker has taken them.
func checkChange(t *testing.T, f *fixture, change string) {
	t.Helper()
	wantDirty(t, f, change)
	checkExact(t, f)
}

// panellists returns up to n panellist ids with latest answers, each of a
// different business.
func panellists(t *testing.T, f *fixture, n int) []int64 {
	t.Helper()
	rows, err := f.st.Pool.Query(f.ctx, `
		SELECT DISTINCT ON (business_id) panellist_id FROM answer
		WHERE tenant_id = $1 AND is_latest AND panellist_id IS NOT NULL
		ORDER BY business_id, panellist_id LIMIT $2`, f.panel.TenantID, n)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(ids) < n {
		t.Fatalf("found %d panellists with answers, want %d", len(ids), n)
	}
	return ids
}

// dirtyErasureDeletingAnswers: panellists are erased with the tenant's
// erase_answers policy (their answers deleted, then the person, which
// cascades to the assignments), as panel.Withdraw does.
func dirtyErasureDeletingAnswers(t *testing.T) {
	t.Parallel()
	f := dirtyFixture(t, "dirty-erase")
	tid := f.panel.TenantID
	err := f.st.InTx(f.ctx, func(q *dbsqlc.Queries) error {
		for _, pid := range panellists(t, f, 4) {
			if n, err := q.PanelDeleteAnswers(f.ctx, dbsqlc.PanelDeleteAnswersParams{TenantID: tid, PanellistID: pid}); err != nil || n == 0 {
				return fmt.Errorf("panellist %d: %d answers deleted: %v", pid, n, err)
			}
			if err := q.PanelDelete(f.ctx, dbsqlc.PanelDeleteParams{TenantID: tid, ID: pid}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	checkChange(t, f, "erasure")
}

// dirtyDetachedAnswers: erasure keeping the answers detaches them from
// the person (role rows lose them) and blanks the person's role (role rows
// of assignments lose it).
func dirtyDetachedAnswers(t *testing.T) {
	t.Parallel()
	f := dirtyFixture(t, "dirty-detach")
	tid := f.panel.TenantID
	now := time.Now()
	for i, pid := range panellists(t, f, 4) {
		if n, err := f.st.Q.PanelDetachAnswers(f.ctx, dbsqlc.PanelDetachAnswersParams{TenantID: tid, PanellistID: pid}); err != nil || n == 0 {
			t.Fatalf("panellist %d: %d answers detached: %v", pid, n, err)
		}
		if i%2 == 0 {
			if err := f.st.Q.PanelTombstone(f.ctx, dbsqlc.PanelTombstoneParams{TenantID: tid, ID: pid, TombstoneRef: fmt.Sprintf("erased-%d", pid), Now: &now}); err != nil {
				t.Fatal(err)
			}
		}
	}
	checkChange(t, f, "detaching answers")
}

// dirtySegmentChanges: businesses move sector (the sector re-mapping),
// size band and district (a business import's upsert), and panellists
// change role or business.
func dirtySegmentChanges(t *testing.T) {
	t.Parallel()
	f := dirtyFixture(t, "dirty-segment")
	tid := f.panel.TenantID
	biz, err := f.st.Q.BusinessListSIC(f.ctx, tid)
	if err != nil {
		t.Fatal(err)
	}
	ids, sectors := []int64{}, []string{}
	for _, b := range biz[:6] {
		to := "Logistics"
		if b.Sector == to {
			to = "Manufacturing"
		}
		ids, sectors = append(ids, b.ID), append(sectors, to)
	}
	if n, err := f.st.Q.BusinessSetSectors(f.ctx, dbsqlc.BusinessSetSectorsParams{TenantID: tid, Ids: ids, Sectors: sectors}); err != nil || n != 6 {
		t.Fatalf("sector re-mapping changed %d businesses: %v", n, err)
	}
	checkChange(t, f, "a sector re-mapping")

	// The import upserts by reference; ON CONFLICT DO UPDATE is an update.
	var ref, name, sic, sector string
	var employees int32
	if err := f.st.Pool.QueryRow(f.ctx, `SELECT ref, name, sic, sector, employees FROM business WHERE tenant_id = $1 AND id = $2`,
		tid, biz[7].ID).Scan(&ref, &name, &sic, &sector, &employees); err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.Q.BusinessUpsertMany(f.ctx, dbsqlc.BusinessUpsertManyParams{TenantID: tid, Refs: []string{ref}, Names: []string{name},
		Sics: []string{sic}, Sectors: []string{sector}, SizeBands: []string{"large"}, Employees: []int32{employees}, Districts: []string{"Melton"}}); err != nil {
		t.Fatal(err)
	}
	checkChange(t, f, "a business import")

	// A panellist changes role; another moves to a business of another
	// sector (its assignments follow it, its answers keep their business).
	pids := panellists(t, f, 2)
	if _, err := f.st.Pool.Exec(f.ctx, `UPDATE panellist SET role = 'director' WHERE tenant_id = $1 AND id = $2`, tid, pids[0]); err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.Pool.Exec(f.ctx, `
		UPDATE panellist p SET business_id = (
			SELECT b.id FROM business b, business mine
			WHERE mine.tenant_id = p.tenant_id AND mine.id = p.business_id
			  AND b.tenant_id = p.tenant_id AND b.sector <> mine.sector ORDER BY b.id LIMIT 1)
		WHERE p.tenant_id = $1 AND p.id = $2`, tid, pids[1]); err != nil {
		t.Fatal(err)
	}
	checkChange(t, f, "panellist changes")
}

// dirtyDeletedAssignments: assignments go (a pause deletes the days
// not yet opened), so fewer businesses were assigned.
func dirtyDeletedAssignments(t *testing.T) {
	t.Parallel()
	f := dirtyFixture(t, "dirty-assign")
	// Synthetic assignments are all answered; make some of the last day's
	// unanswered ones scheduled and in the future, as a pause finds them.
	tid := f.panel.TenantID
	var pid int64
	var day time.Time
	err := f.st.Pool.QueryRow(f.ctx, `
		SELECT a.panellist_id, a.day FROM assignment a
		WHERE a.tenant_id = $1 AND NOT EXISTS (SELECT 1 FROM answer an WHERE an.tenant_id = a.tenant_id AND an.assignment_id = a.id)
		ORDER BY a.day DESC, a.panellist_id LIMIT 1`, tid).Scan(&pid, &day)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	if _, err := f.st.Pool.Exec(f.ctx, `UPDATE assignment SET status = 'scheduled', opens_at = $3 WHERE tenant_id = $1 AND panellist_id = $2`,
		tid, pid, now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if dirtyRows(t, f) != 0 {
		t.Fatal("a status change recorded dirty keys")
	}
	n, err := f.st.Q.PanelDeletePausedAssignments(f.ctx, dbsqlc.PanelDeletePausedAssignmentsParams{TenantID: tid, PanellistID: pid, Now: now, UntilDay: day})
	if err != nil || n == 0 {
		t.Fatalf("pause deleted %d assignments: %v", n, err)
	}
	checkChange(t, f, "deleting assignments")
}

// dirtyRevisionsRecordNothing: a revision flips is_latest on the old
// answer and adds a new one; the new answer's key is recorded once per
// statement, and the flip must record nothing more (ingestion stays cheap).
func dirtyRevisionsRecordNothing(t *testing.T) {
	t.Parallel()
	f := dirtyFixture(t, "dirty-revise")
	_, err := f.st.Pool.Exec(f.ctx, `
		WITH old AS (
			UPDATE answer SET is_latest = false
			WHERE tenant_id = $1 AND is_latest AND id % 4 = 0
			RETURNING *)
		INSERT INTO answer (tenant_id, assignment_id, panellist_id, business_id, question_id, day, question_version,
			revision, idempotency_key, value, num_value, codes, answered_at, received_at, is_latest)
		SELECT tenant_id, assignment_id, panellist_id, business_id, question_id, day, question_version,
			revision + 1, 'again', value, num_value, codes, answered_at, received_at, true
		FROM old`, f.panel.TenantID)
	if err != nil {
		t.Fatal(err)
	}
	// The new answers record their (question, day) once per statement; the
	// is_latest flip of the answers they replace records nothing.
	var keys int
	if err := f.st.Pool.QueryRow(f.ctx, `SELECT count(DISTINCT (question_id, day)) FROM answer
		WHERE tenant_id = $1 AND idempotency_key = 'again'`, f.panel.TenantID).Scan(&keys); err != nil {
		t.Fatal(err)
	}
	if n := dirtyRows(t, f); n != keys {
		t.Fatalf("revisions recorded %d dirty keys, want %d (one per question and day of the new answers)", n, keys)
	}
	checkExact(t, f)
}

// dirtyChangeCommittedDuringRefresh: a day's key is already recorded
// (committed) when another transaction changes that day; a refresh runs
// while that transaction is open and takes the recorded key without seeing
// the change. The change's own key must survive for the next pass, so the
// read after its commit is exact. (A table keyed by (question, day) with
// ON CONFLICT DO NOTHING would lose it.)
func dirtyChangeCommittedDuringRefresh(t *testing.T) {
	t.Parallel()
	f := dirtyFixture(t, "dirty-race")
	tid := f.panel.TenantID
	pids := panellists(t, f, 2)
	if _, err := f.st.Q.PanelDetachAnswers(f.ctx, dbsqlc.PanelDetachAnswersParams{TenantID: tid, PanellistID: pids[0]}); err != nil {
		t.Fatal(err)
	}
	tx, err := f.st.Pool.Begin(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(f.ctx)) }()
	// Same days and questions as the detached answers: every panellist is
	// asked every question every day.
	if n, err := f.st.Q.WithTx(tx).PanelDeleteAnswers(f.ctx, dbsqlc.PanelDeleteAnswersParams{TenantID: tid, PanellistID: pids[1]}); err != nil || n == 0 {
		t.Fatalf("%d answers deleted: %v", n, err)
	}
	ref, err := rollup.New(f.st, testClock, slog.New(slog.DiscardHandler), rollup.Config{})
	if err != nil {
		t.Fatal(err)
	}
	ref.ExactFolds()
	if _, err := ref.Sync(f.ctx, tid); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(f.ctx); err != nil {
		t.Fatal(err)
	}
	checkChange(t, f, "the change committed after the refresh")
}

// dirtyRebuildClears: Rebuild covers every key, so it clears the
// recorded ones.
func dirtyRebuildClears(t *testing.T) {
	t.Parallel()
	f := dirtyFixture(t, "dirty-rebuild")
	if _, err := f.st.Q.PanelDetachAnswers(f.ctx, dbsqlc.PanelDetachAnswersParams{TenantID: f.panel.TenantID, PanellistID: panellists(t, f, 1)[0]}); err != nil {
		t.Fatal(err)
	}
	wantDirty(t, f, "detaching answers")
	ref, err := rollup.New(f.st, testClock, slog.New(slog.DiscardHandler), rollup.Config{})
	if err != nil {
		t.Fatal(err)
	}
	ref.ExactFolds()
	if err := ref.Rebuild(f.ctx, f.panel.TenantID); err != nil {
		t.Fatal(err)
	}
	if n := dirtyRows(t, f); n != 0 {
		t.Fatalf("%d dirty rows after Rebuild, want none", n)
	}
	checkExact(t, f)
}
