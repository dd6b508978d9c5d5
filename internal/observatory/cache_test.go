package observatory_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/panelpulse/panelpulse/internal/observatory"
	"github.com/panelpulse/panelpulse/internal/observatory/synth"
	"github.com/panelpulse/panelpulse/internal/pgtest"
	"github.com/panelpulse/panelpulse/internal/store"
)

// TestSeriesCacheFollowsChanges: a kept series is served again only while
// nothing under it changed; a frame import and a new answer both make the
// next read compute afresh, and the result equals an uncached read.
func TestSeriesCacheFollowsChanges(t *testing.T) {
	t.Parallel()
	st := store.New(pgtest.NewDB(t))
	f := newFixture(t, st, "cache", 3, synth.Config{Seed: 11, Businesses: 40, MaxPeople: 2, Days: 2, AnswerRate: 0.9,
		Questions: questions()[:1], Sectors: []string{"Manufacturing", "Logistics"}})
	req := observatory.Request{QuestionKey: "confidence", Period: observatory.Day, Dimension: observatory.Sector, Weighted: true}
	var before observatory.Trend
	for range 3 { // the first read syncs the rollups, the others are served as kept
		var err error
		if before, err = f.obs.Trend(f.ctx, f.panel.TenantID, req); err != nil {
			t.Fatal(err)
		}
	}
	if before.Weighted {
		t.Fatal("weighted without a frame")
	}
	var csv strings.Builder
	csv.WriteString("sector,size_band,businesses\n")
	for _, s := range []string{"Manufacturing", "Logistics"} {
		for _, b := range []string{"micro", "small", "medium", "large"} {
			csv.WriteString(s + "," + b + ",100\n")
		}
	}
	if _, problems, err := f.obs.ImportFrame(f.ctx, f.panel.TenantID, strings.NewReader(csv.String())); err != nil || len(problems) > 0 {
		t.Fatalf("ImportFrame: %v %v", problems, err)
	}
	after, err := f.obs.Trend(f.ctx, f.panel.TenantID, req)
	if err != nil {
		t.Fatal(err)
	}
	if !after.Weighted {
		t.Fatalf("the read after a frame import served the old series: weighted=false, note %q", after.WeightNote)
	}
	// A revision changes the answers: the next read must see it.
	if _, err := st.Pool.Exec(f.ctx, `UPDATE answer SET is_latest = false WHERE tenant_id = $1 AND id IN (
		SELECT id FROM answer WHERE tenant_id = $1 AND is_latest AND num_value IS NOT NULL ORDER BY id LIMIT 10)`, f.panel.TenantID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Pool.Exec(f.ctx, `INSERT INTO answer (tenant_id, assignment_id, panellist_id, business_id, question_id, day,
			question_version, revision, idempotency_key, value, num_value, codes, answered_at, received_at, is_latest)
		SELECT tenant_id, assignment_id, panellist_id, business_id, question_id, day, question_version, revision + 1, 'again',
			'{"scale":10}', 10, '{}', answered_at, received_at, true
		FROM answer WHERE tenant_id = $1 AND id IN (SELECT id FROM answer WHERE tenant_id = $1 AND NOT is_latest ORDER BY id LIMIT 10)`,
		f.panel.TenantID); err != nil {
		t.Fatal(err)
	}
	cached, err := f.obs.Trend(f.ctx, f.panel.TenantID, req)
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := observatory.New(st, f.bank, testClock, f.roll)
	if err != nil {
		t.Fatal(err)
	}
	fresh.DisableCache()
	want, err := fresh.Trend(f.ctx, f.panel.TenantID, req)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want.Cells, cached.Cells, cmpopts.EquateApprox(0, 1e-9)); diff != "" {
		t.Fatalf("read after a revision differs from an uncached read (-uncached +served):\n%s", diff)
	}
	if cmp.Equal(after.Cells, cached.Cells, cmpopts.EquateApprox(0, 1e-9)) {
		t.Fatal("the revision changed nothing the test can see")
	}
}
