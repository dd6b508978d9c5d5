package content

// Size bands by number of employees, the UK's usual business size bands.
const (
	SizeMicro  = "micro"  // 0-9 employees
	SizeSmall  = "small"  // 10-49 employees
	SizeMedium = "medium" // 50-249 employees
	SizeLarge  = "large"  // 250 or more employees
)

// SizeBands returns the size bands from smallest to largest.
func SizeBands() []string {
	return []string{SizeMicro, SizeSmall, SizeMedium, SizeLarge}
}

// SizeBandFor returns the size band of a business with the given number of
// employees: micro 0-9, small 10-49, medium 50-249, large 250+. Negative
// counts are treated as zero.
func SizeBandFor(employees int) string {
	switch {
	case employees < 10:
		return SizeMicro
	case employees < 50:
		return SizeSmall
	case employees < 250:
		return SizeMedium
	default:
		return SizeLarge
	}
}

// Districts returns the local authority districts of Leicester,
// Leicestershire and Rutland: the unitary authorities of Leicester and
// Rutland and the seven districts of Leicestershire county.
func Districts() []string {
	return []string{
		"Leicester",
		"Blaby",
		"Charnwood",
		"Harborough",
		"Hinckley and Bosworth",
		"Melton",
		"North West Leicestershire",
		"Oadby and Wigston",
		"Rutland",
	}
}

// districtWeights returns how likely a demo business of the pilot sector is
// to sit in each district of Districts (same order). The city and Charnwood
// hold the most businesses; logistics leans to North West Leicestershire
// (East Midlands Airport and Gateway), Harborough (Magna Park) and Blaby.
func districtWeights(pilotSector string) []float64 {
	if pilotSector == PilotLogistics {
		//               Lei   Bla   Cha   Har   H&B   Mel   NWL   O&W   Rut
		return []float64{0.16, 0.13, 0.09, 0.16, 0.12, 0.04, 0.24, 0.03, 0.03}
	}
	return []float64{0.30, 0.09, 0.15, 0.10, 0.10, 0.06, 0.10, 0.05, 0.05}
}

// Stratum is one cell of the population frame: the number of businesses of
// a sector and size band in the region, used as weighting targets.
type Stratum struct {
	// Sector is a sector name of SectorMap.
	Sector string
	// SizeBand is one of SizeBands.
	SizeBand string
	// Businesses is the number of businesses in the region in this cell.
	Businesses int
}

// PopulationFrame returns business counts per sector and size band for
// Leicester, Leicestershire and Rutland, covering the sectors the demo
// panel is drawn from (the pilot's manufacturing, sport and health, and
// logistics businesses under the 2026 sector names).
//
// The counts are illustrative: they are of the order of magnitude of ONS
// UK Business Counts (local units by SIC and employment size band) for the
// LLR authorities, rounded and invented where needed, not official figures.
// Construction and Life Sciences are left out on purpose: the demo panel has
// no business in them, and raking to a margin with no respondents has no
// solution. Every cell is positive so that post-stratification has a
// target for every cell the panel can fall in.
func PopulationFrame() []Stratum {
	counts := []struct {
		sector string
		bands  [4]int // micro, small, medium, large
	}{
		{SectorAdvancedManufacturing, [4]int{560, 270, 105, 25}},
		{SectorLogistics, [4]int{2150, 340, 110, 35}},
		{SectorHealthSocialCare, [4]int{1180, 640, 195, 30}},
		{SectorSportsLeisure, [4]int{385, 105, 30, 5}},
	}
	bands := SizeBands()
	frame := make([]Stratum, 0, len(counts)*len(bands))
	for _, c := range counts {
		for i, band := range bands {
			frame = append(frame, Stratum{Sector: c.sector, SizeBand: band, Businesses: c.bands[i]})
		}
	}
	return frame
}
