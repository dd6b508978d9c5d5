package verbatim

import (
	"fmt"
	"testing"
	"time"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/observatory"
)

func texts(day time.Time, sector string, businesses int, firstID int64) []dbsqlc.VerbatimListRow {
	var out []dbsqlc.VerbatimListRow
	for i := range businesses {
		out = append(out, dbsqlc.VerbatimListRow{ID: firstID + int64(i), BusinessID: firstID + int64(i), Day: day,
			Sector: sector, SizeBand: "small", District: "Leicester", Text: fmt.Sprint("text ", firstID+int64(i))})
	}
	return out
}

// TestDecideProtectsSmallCells: a sector of fewer businesses than the
// threshold is withheld, and so is its only sibling, which the period's
// total would otherwise let a reader subtract; with a third sector large
// enough, the smallest sibling protects it and the rest stay shown.
func TestDecideProtectsSmallCells(t *testing.T) {
	day := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	r := Request{Period: observatory.Day, Dimension: observatory.Sector}
	rows := append(texts(day, "Logistics", 3, 1), texts(day, "Health", 10, 100)...)
	_, shown, withheld := decide(5, rows, r)
	if shown[cellKey{"2026-11-25", "Logistics"}] || shown[cellKey{"2026-11-25", "Health"}] || withheld != 2 {
		t.Fatalf("two sectors, one small: shown %v, %d withheld; want both sectors withheld", shown, withheld)
	}
	rows = append(rows, texts(day, "Sports", 7, 200)...)
	rows = append(rows, texts(day, "Retail", 8, 300)...)
	_, shown, withheld = decide(5, rows, r)
	// The smallest other sector protects the small one; the rest show.
	if shown[cellKey{"2026-11-25", "Logistics"}] || shown[cellKey{"2026-11-25", "Sports"}] ||
		!shown[cellKey{"2026-11-25", "Health"}] || !shown[cellKey{"2026-11-25", "Retail"}] || withheld != 2 {
		t.Fatalf("four sectors, one small: shown %v, %d withheld; want Logistics and Sports withheld", shown, withheld)
	}
	// All businesses: one cell, shown when it reaches the threshold.
	_, shown, withheld = decide(5, texts(day, "Logistics", 5, 1), Request{Period: observatory.Wave, Dimension: observatory.All})
	if !shown[cellKey{"wave", "all"}] || withheld != 0 {
		t.Fatalf("five businesses in one cell: shown %v, %d withheld", shown, withheld)
	}
	_, shown, _ = decide(5, texts(day, "Logistics", 4, 1), Request{Period: observatory.Wave, Dimension: observatory.All})
	if shown[cellKey{"wave", "all"}] {
		t.Fatal("four businesses in one cell are shown")
	}
}
