package content

import "testing"

func TestSectorFor(t *testing.T) {
	t.Parallel()
	rules := SectorMap()
	tests := []struct {
		sic        string
		wantSector string
		wantOK     bool
	}{
		{"26600", SectorLifeSciences, true},          // group 266 beats division 26
		{"26110", SectorAdvancedManufacturing, true}, // rest of division 26
		{"28110", SectorAdvancedManufacturing, true},
		{"20160", SectorAdvancedManufacturing, true},
		{"30300", SectorAdvancedManufacturing, true},
		{"21100", SectorLifeSciences, true},
		{"32500", SectorLifeSciences, true},
		{"72110", SectorLifeSciences, true},
		{"72190", "", false}, // other R&D is not class 7211
		{"49410", SectorLogistics, true},
		{"50200", SectorLogistics, true},
		{"51210", SectorLogistics, true},
		{"52103", SectorLogistics, true},
		{"53202", SectorLogistics, true},
		{"41202", SectorConstruction, true},
		{"43220", SectorConstruction, true},
		{"86210", SectorHealthSocialCare, true},
		{"87300", SectorHealthSocialCare, true},
		{"88910", SectorHealthSocialCare, true},
		{"85510", SectorSportsLeisure, true},
		{"85520", "", false}, // cultural education
		{"93110", SectorSportsLeisure, true},
		{"93130", SectorSportsLeisure, true},
		{"93199", SectorSportsLeisure, true},
		{"93210", "", false}, // amusement parks
		{"62010", "", false},
		{"28.11", SectorAdvancedManufacturing, true},
		{" 49410", SectorLogistics, true},
		{"", "", false},
		{"2", "", false},
		{"ABCDE", "", false},
		{"26-60", "", false},
	}
	for _, tt := range tests {
		got, ok := SectorFor(rules, tt.sic)
		if got != tt.wantSector || ok != tt.wantOK {
			t.Errorf("SectorFor(%q) = %q, %v; want %q, %v", tt.sic, got, ok, tt.wantSector, tt.wantOK)
		}
	}
}

func TestSectorMapShape(t *testing.T) {
	t.Parallel()
	rules := SectorMap()
	seen := make(map[string]string)
	sectors := make(map[string]int)
	for _, r := range rules {
		if len(r.Prefix) < 2 || len(r.Prefix) > 4 {
			t.Errorf("prefix %q: want 2 to 4 digits", r.Prefix)
		}
		if _, dup := seen[r.Prefix]; dup {
			t.Errorf("prefix %q appears twice", r.Prefix)
		}
		seen[r.Prefix] = r.Sector
		sectors[r.Sector]++
	}
	for _, div := range []string{"49", "50", "51", "52", "53"} {
		if seen[div] != SectorLogistics {
			t.Errorf("section H division %s: got sector %q, want %q", div, seen[div], SectorLogistics)
		}
	}
	if len(sectors) != 6 {
		t.Errorf("got %d sectors, want the 6 priority sectors: %v", len(sectors), sectors)
	}
	// A fresh slice each call: changing one must not change the next.
	rules[0].Sector = "changed"
	if SectorMap()[0].Sector == "changed" {
		t.Error("SectorMap returned shared state")
	}
}

func TestSizeBandFor(t *testing.T) {
	t.Parallel()
	tests := map[int]string{
		-1: SizeMicro, 0: SizeMicro, 9: SizeMicro, 10: SizeSmall, 49: SizeSmall,
		50: SizeMedium, 249: SizeMedium, 250: SizeLarge, 5000: SizeLarge,
	}
	for n, want := range tests {
		if got := SizeBandFor(n); got != want {
			t.Errorf("SizeBandFor(%d) = %q, want %q", n, got, want)
		}
	}
}
