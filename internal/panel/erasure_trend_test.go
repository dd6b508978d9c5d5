package panel_test

import (
	"math"
	"net/http"
	"testing"

	"connectrpc.com/connect"

	"github.com/panelpulse/panelpulse/gen/dbsqlctest"
	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1/panelpulsev1connect"
	"github.com/panelpulse/panelpulse/internal/auth"
	"github.com/panelpulse/panelpulse/internal/tenant"
)

// TestTrendAfterErasureAndSectorMap: an analyst's trend, once built, does
// not move for one erasure (fewer changes than the threshold: the last
// release stands), nor for a sector re-mapping while that erasure is
// pending.
func TestTrendAfterErasureAndSectorMap(t *testing.T) {
	t.Parallel()
	e := newEnv(t, panelOf8, scaleQ)
	must(t, dbsqlctest.New(e.st.Pool).PanelTenantSetErasePolicy(e.ctx, dbsqlctest.PanelTenantSetErasePolicyParams{TenantID: e.tenantID, EraseAnswers: true}))
	trend := answerPanelOf8(t, e)
	check := func(when string, cells map[string]*pb.TrendCell, seg string, respondents, assigned int32, mean float64) {
		t.Helper()
		c := cells[seg]
		if c == nil {
			t.Fatalf("%s: no %q cell in %v", when, seg, cells)
		}
		if c.Respondents != respondents || c.Assigned != assigned {
			t.Fatalf("%s: %s has %d respondents of %d assigned, want %d of %d", when, seg, c.Respondents, c.Assigned, respondents, assigned)
		}
		if mean != 0 && (c.Mean == nil || math.Abs(*c.Mean-mean) > 1e-9) {
			t.Fatalf("%s: %s mean %v, want %v", when, seg, c.Mean, mean)
		}
	}
	check("before erasure", trend(pb.Dimension_DIMENSION_ALL), "all", 8, 8, 41.0/8)
	// Manufacturing (6) beside the total would give logistics (2) away:
	// both are hidden, with no count.
	check("before erasure", trend(pb.Dimension_DIMENSION_SECTOR), "Advanced Manufacturing", 0, 0, 0)

	w, err := e.people["M1"].Withdraw(e.ctx, connect.NewRequest(&pb.WithdrawRequest{Erase: true}))
	must(t, err)
	if w.Msg.AnswersKept {
		t.Fatal("the erase-answers policy kept the answers")
	}
	// One business changed, fewer than the threshold (5): the day's last
	// release stands with its n, so the erased firm's answer cannot be had
	// as the difference between two releases.
	check("after erasure", trend(pb.Dimension_DIMENSION_ALL), "all", 8, 8, 41.0/8)
	check("after erasure", trend(pb.Dimension_DIMENSION_SECTOR), "Advanced Manufacturing", 0, 0, 0)

	m, err := e.admin.SetSectorMap(e.ctx, connect.NewRequest(&pb.SetSectorMapRequest{Rules: []*pb.SectorRule{
		{SicPrefix: "28", Sector: "Advanced Manufacturing"}, {SicPrefix: "49", Sector: "Transport"},
	}}))
	must(t, err)
	if m.Msg.BusinessesUpdated != 2 {
		t.Fatalf("sector map moved %d businesses, want the 2 logistics firms", m.Msg.BusinessesUpdated)
	}
	// The erasure is still a pending change (1 business, below the
	// threshold), so the day's last release stands as it was, re-mapping
	// included: releasing the new segments would release the erasure too.
	cells := trend(pb.Dimension_DIMENSION_SECTOR)
	if cells["Logistics"] == nil || cells["Transport"] != nil {
		t.Fatalf("after re-mapping with an erasure pending: cells %v, want the last release (Logistics) to stand", cells)
	}
}

// answerPanelOf8 has every business of panelOf8 answer the scale question
// (the 8 scores sum to 41) and returns the day's trend cells by segment
// for a dimension, as an analyst reads them.
func answerPanelOf8(t *testing.T, e *env) func(d pb.Dimension) map[string]*pb.TrendCell {
	t.Helper()
	scores := map[string]int32{"M1": 4, "M2": 5, "M3": 6, "M4": 7, "M5": 8, "M6": 6, "L1": 2, "L2": 3}
	for ref, v := range scores {
		_, err := e.submit(ref, e.assignment(ref, "recruit_confidence").Id, "score-"+ref+"-0001", scale(v), monday9)
		must(t, err)
	}
	key, err := tenant.IssueKey(e.ctx, e.st, e.tenantID, auth.RoleAnalyst, "trend")
	must(t, err)
	obs := panelpulsev1connect.NewObservatoryServiceClient(http.DefaultClient, e.url, bearer(key))
	return func(d pb.Dimension) map[string]*pb.TrendCell {
		t.Helper()
		r, err := obs.GetTrend(e.ctx, connect.NewRequest(&pb.GetTrendRequest{QuestionKey: "recruit_confidence", Period: pb.Period_PERIOD_DAY, Dimension: d}))
		must(t, err)
		out := map[string]*pb.TrendCell{}
		for _, c := range r.Msg.Cells {
			out[c.Segment] = c
		}
		return out
	}
}
