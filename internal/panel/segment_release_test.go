package panel_test

import (
	"testing"

	"connectrpc.com/connect"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
)

// TestSegmentMovesReleaseInSteps: businesses that move between segments
// with their answers unchanged count toward the release steps as answers
// do. One firm moving from Leicester to Rutland leaves the day's last
// release standing (releasing it would give the district tables' difference,
// the firm's answer); once the threshold of firms (5) has moved, the day is
// released with the new districts.
func TestSegmentMovesReleaseInSteps(t *testing.T) {
	t.Parallel()
	e := newEnv(t, panelOf8, scaleQ)
	trend := answerPanelOf8(t, e)
	districts := func() map[string]*pb.TrendCell { return trend(pb.Dimension_DIMENSION_DISTRICT) }
	move := func(refs ...string) {
		t.Helper()
		csv := "ref,name,sic,employees,district"
		for _, b := range panelOf8 {
			for _, ref := range refs {
				if b[:2] == ref {
					csv += "\n" + ref + ",Business " + ref + "," + b[3:] + ",Rutland"
				}
			}
		}
		res, err := e.admin.ImportBusinesses(e.ctx, connect.NewRequest(&pb.ImportBusinessesRequest{Csv: csv}))
		must(t, err)
		if len(res.Msg.Problems) != 0 {
			t.Fatalf("moving %v: %v", refs, res.Msg.Problems)
		}
	}
	leicesterShows8 := func(when string) bool {
		t.Helper()
		cells := districts()
		c := cells["Leicester"]
		if c == nil {
			t.Fatalf("%s: no Leicester cell in %v", when, cells)
		}
		return !c.Suppressed && c.Respondents == 8
	}
	if !leicesterShows8("before any move") {
		t.Fatalf("before any move: %v, want Leicester shown with all 8", districts())
	}
	move("M1")
	if !leicesterShows8("after one firm moved") {
		t.Fatalf("after one firm moved: %v, want the last release (Leicester, 8) to stand", districts())
	}
	if c := districts()["Rutland"]; c != nil {
		t.Fatalf("after one firm moved: a Rutland cell %v, want none until the next step", c)
	}
	move("M1", "M2", "M3", "M4", "M5")
	if leicesterShows8("after five firms moved") {
		t.Fatalf("after five firms (the threshold) moved: %v, want the day released with Rutland", districts())
	}
	if c := districts()["Rutland"]; c == nil {
		t.Fatalf("after five firms moved: no Rutland cell in %v", districts())
	}
}
