package content

import (
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"testing"
)

func TestBusinessesShape(t *testing.T) {
	t.Parallel()
	bs := Businesses(1)
	if len(bs) != 122 {
		t.Fatalf("got %d businesses, want 122 (42 + 52 + 28)", len(bs))
	}
	pilot := make(map[string]int)
	sector := make(map[string]int)
	rules := SectorMap()
	districts := Districts()
	names := make(map[string]bool)
	people := make(map[string]bool)
	emailRE := regexp.MustCompile(`^[a-z]+\.[a-z]+@[a-z0-9]+\.example$`)
	timeRE := regexp.MustCompile(`^(08:[03]0|09:[03]0|1[01]:[03]0|12:[03]0)$`)
	for i, b := range bs {
		pilot[b.PilotSector]++
		sector[b.Sector]++
		if want := fmt.Sprintf("BUS-%03d", i+1); b.Ref != want {
			t.Errorf("business %d: Ref %q, want %q", i, b.Ref, want)
		}
		if len(b.SIC) != 5 {
			t.Errorf("%s: SIC %q is not 5 digits", b.Ref, b.SIC)
		}
		got, ok := SectorFor(rules, b.SIC)
		if !ok || got != b.Sector {
			t.Errorf("%s: SIC %s maps to %q (%v), want %q", b.Ref, b.SIC, got, ok, b.Sector)
		}
		if !intended(b.PilotSector, got) {
			t.Errorf("%s: SIC %s maps to %q, which is not a sector of pilot group %q", b.Ref, b.SIC, got, b.PilotSector)
		}
		if SizeBandFor(b.Employees) != b.SizeBand || b.Employees < 1 {
			t.Errorf("%s: %d employees is not in band %q", b.Ref, b.Employees, b.SizeBand)
		}
		if !slices.Contains(districts, b.District) {
			t.Errorf("%s: unknown district %q", b.Ref, b.District)
		}
		if names[b.Name] || b.Name == "" {
			t.Errorf("%s: name %q empty or used twice", b.Ref, b.Name)
		}
		names[b.Name] = true
		p := b.Panellist
		if want := fmt.Sprintf("PAN-%03d", i+1); p.Ref != want {
			t.Errorf("%s: panellist Ref %q, want %q", b.Ref, p.Ref, want)
		}
		if people[p.Name] || p.Name == "" || p.Role == "" {
			t.Errorf("%s: panellist name %q (role %q) empty or used twice", b.Ref, p.Name, p.Role)
		}
		people[p.Name] = true
		if !emailRE.MatchString(p.Email) {
			t.Errorf("%s: email %q is not first.last@domain.example", b.Ref, p.Email)
		}
		if p.TimeZone != "Europe/London" || !timeRE.MatchString(p.DeliveryTime) {
			t.Errorf("%s: time zone %q, delivery %q; want Europe/London between 08:00 and 12:30", b.Ref, p.TimeZone, p.DeliveryTime)
		}
	}
	wantPilot := map[string]int{PilotManufacturing: 42, PilotSportHealth: 52, PilotLogistics: 28}
	if !reflect.DeepEqual(pilot, wantPilot) {
		t.Errorf("pilot groups: got %v, want %v", pilot, wantPilot)
	}
	wantSector := map[string]int{
		SectorAdvancedManufacturing: 42, SectorHealthSocialCare: 28, SectorSportsLeisure: 24, SectorLogistics: 28,
	}
	if !reflect.DeepEqual(sector, wantSector) {
		t.Errorf("sectors: got %v, want %v", sector, wantSector)
	}
}

// intended reports whether a 2026 sector is one the pilot group may map to.
func intended(pilot, sector string) bool {
	switch pilot {
	case PilotManufacturing:
		return sector == SectorAdvancedManufacturing
	case PilotSportHealth:
		return sector == SectorHealthSocialCare || sector == SectorSportsLeisure
	case PilotLogistics:
		return sector == SectorLogistics
	}
	return false
}

func TestBusinessesDeterministic(t *testing.T) {
	t.Parallel()
	a, b := Businesses(42), Businesses(42)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("Businesses(42) differs between calls")
	}
	c := Businesses(43)
	if reflect.DeepEqual(a, c) {
		t.Error("Businesses(42) and Businesses(43) are identical; the seed is not used")
	}
	for i := range a {
		if a[i].Ref != c[i].Ref || a[i].PilotSector != c[i].PilotSector {
			t.Fatalf("business %d: Ref or group depends on the seed", i)
		}
	}
}

func TestBusinessesSpread(t *testing.T) {
	t.Parallel()
	bands := make(map[string]int)
	districts := make(map[string]bool)
	for _, b := range Businesses(7) {
		bands[b.SizeBand]++
		districts[b.District] = true
	}
	for _, band := range SizeBands() {
		if bands[band] == 0 {
			t.Errorf("no business in size band %q: %v", band, bands)
		}
	}
	if len(districts) < 7 {
		t.Errorf("businesses sit in only %d districts, want most of the 9", len(districts))
	}
}

func TestPopulationFrame(t *testing.T) {
	t.Parallel()
	frame := PopulationFrame()
	cells := make(map[[2]string]int)
	for _, s := range frame {
		if s.Businesses <= 0 {
			t.Errorf("%s/%s: %d businesses, want > 0", s.Sector, s.SizeBand, s.Businesses)
		}
		if _, dup := cells[[2]string{s.Sector, s.SizeBand}]; dup {
			t.Errorf("%s/%s appears twice", s.Sector, s.SizeBand)
		}
		cells[[2]string{s.Sector, s.SizeBand}] = s.Businesses
	}
	for _, b := range Businesses(1) {
		if _, ok := cells[[2]string{b.Sector, b.SizeBand}]; !ok {
			t.Errorf("%s: stratum %s/%s missing from the frame", b.Ref, b.Sector, b.SizeBand)
		}
	}
}
