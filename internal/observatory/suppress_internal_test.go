package observatory

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/panelpulse/panelpulse/internal/stats"
)

// period builds a period from business counts per finest stratum.
func period(counts map[Stratum]int) *periodData {
	return &periodData{fine: counts}
}

// TestSuppressSubtractionAttack: with the total shown, one small sector
// hidden alone could be recovered as total minus the shown sectors; the
// next-smallest sector must be hidden with it, and only that one.
func TestSuppressSubtractionAttack(t *testing.T) {
	t.Parallel()
	sup, err := stats.NewSuppressor(5)
	if err != nil {
		t.Fatal(err)
	}
	p := period(map[Stratum]int{
		{"A", "small", "X", "*"}: 10, {"B", "small", "X", "*"}: 3, {"C", "small", "X", "*"}: 6, {"C", "large", "Y", "*"}: 1,
	})
	got := suppress(sup, p, Sector, []string{"A", "B", "C"})
	want := map[string]stats.Suppression{"A": stats.Shown, "B": stats.Primary, "C": stats.Secondary}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("sector suppression (-want +got):\n%s", diff)
	}
	// Attack: total 20 minus the shown A (10) leaves 10 for B and C together,
	// which does not reveal B.
	if all := suppress(sup, p, All, nil); all["all"] != stats.Shown {
		t.Fatalf("the total of 20 should be shown, got %v", all["all"])
	}
	// Districts X 19, Y 1: Y is hidden, so X must be hidden too.
	got = suppress(sup, p, District, []string{"X", "Y"})
	want = map[string]stats.Suppression{"X": stats.Secondary, "Y": stats.Primary}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("district suppression (-want +got):\n%s", diff)
	}
	// Two-way: within sector C, "C / large" (1) is hidden, so "C / small"
	// (6) must be too, or the sector C total would give it away.
	got = suppress(sup, p, SectorSize, []string{"A / small", "B / small", "C / large", "C / small"})
	if !got["C / small"].Suppressed() || !got["C / large"].Suppressed() || got["A / small"].Suppressed() {
		t.Fatalf("two-way suppression = %v, want both C cells hidden and A shown", got)
	}
}

// TestSuppressRoles: role segments follow the same rules; within a sector,
// one hidden role hides the sector's next-smallest role.
func TestSuppressRoles(t *testing.T) {
	t.Parallel()
	sup, err := stats.NewSuppressor(5)
	if err != nil {
		t.Fatal(err)
	}
	p := period(map[Stratum]int{
		{"A", "small", AllDistricts, "Owner"}: 9, {"A", "small", AllDistricts, "HR manager"}: 2,
		{"A", "large", AllDistricts, "Team leader"}: 7, {"B", "small", AllDistricts, "Owner"}: 12,
	})
	got := suppress(sup, p, Role, []string{"HR manager", "Owner", "Team leader"})
	want := map[string]stats.Suppression{"HR manager": stats.Primary, "Owner": stats.Shown, "Team leader": stats.Secondary}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("role suppression (-want +got):\n%s", diff)
	}
	got = suppress(sup, p, SectorRole, []string{"A / HR manager", "A / Owner", "A / Team leader", "B / Owner"})
	want = map[string]stats.Suppression{"A / HR manager": stats.Primary, "A / Owner": stats.Shown, "A / Team leader": stats.Secondary, "B / Owner": stats.Shown}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("sector x role suppression (-want +got):\n%s", diff)
	}
}

// TestSuppressNeverOneHidden checks the rule on many random periods: when
// the total is shown, never exactly one segment is hidden.
func TestSuppressNeverOneHidden(t *testing.T) {
	t.Parallel()
	sup, _ := stats.NewSuppressor(5)
	sectors := []string{"A", "B", "C", "D"}
	for seed := range 2000 {
		counts := map[Stratum]int{}
		x := uint32(seed*2654435761 + 1)
		for _, s := range sectors {
			x = x*1664525 + 1013904223
			if n := int(x>>27) % 12; n > 0 {
				counts[Stratum{s, "small", "X", AllRoles}] = n
			}
		}
		p := period(counts)
		var present []string
		total := 0
		for _, s := range sectors {
			if counts[Stratum{s, "small", "X", AllRoles}] > 0 {
				present = append(present, s)
				total += counts[Stratum{s, "small", "X", AllRoles}]
			}
		}
		got := suppress(sup, p, Sector, present)
		hidden := 0
		for _, st := range got {
			if st.Suppressed() {
				hidden++
			}
		}
		if sup.Show(total) && hidden == 1 {
			t.Fatalf("counts %v: exactly one sector hidden under a shown total: %v", counts, got)
		}
	}
}
