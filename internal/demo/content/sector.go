// Package content holds the demo tenant of PanelPulse as Go values: the
// sector map, districts, businesses and panellists shaped like the 2022
// Leicester and Leicestershire pilot panel, a population frame, a question
// bank written from the LSIP seed documents, a four-week wave plan, and a
// simulator that answers questions plausibly so trends fill in.
//
// Everything here is deterministic for a given seed and uses the standard
// library only (plus the answer package for question specs and values).
package content

import "strings"

// The priority sectors of the 2026-2029 LSIP for Leicester, Leicestershire
// and Rutland (Annex A). Businesses whose SIC code matches none of them are
// put in SectorOther by the caller.
const (
	SectorAdvancedManufacturing = "Advanced Manufacturing"
	SectorLogistics             = "Logistics"
	SectorConstruction          = "Construction"
	SectorLifeSciences          = "Life Sciences"
	SectorHealthSocialCare      = "Health and Social Care"
	SectorSportsLeisure         = "Sports and Leisure"
	// SectorOther is the sector of a business that no rule matches.
	SectorOther = "Other"
)

// SectorRule maps a SIC 2007 code prefix to a sector. The prefix holds the
// digits of a division (2 digits, e.g. "28"), group (3, e.g. "266") or
// class (4, e.g. "7211"), without dots.
type SectorRule struct {
	// Prefix is the leading digits of the SIC code that the rule matches.
	Prefix string
	// Sector is the sector name given to matching businesses.
	Sector string
}

// SectorMap returns the 2026 LLR LSIP Annex A sector map ("Priority Sectors
// and SIC Code Mapping"). Section H (Transportation and Storage) is expanded
// to its divisions 49 to 53. Rules overlap (group 266 and class 3250 sit
// inside divisions claimed by other sectors, or by none), so SectorFor takes
// the longest matching prefix. A new slice is returned on every call.
func SectorMap() []SectorRule {
	return []SectorRule{
		// Advanced Manufacturing: Industrial Strategy.
		{Prefix: "20", Sector: SectorAdvancedManufacturing},
		{Prefix: "26", Sector: SectorAdvancedManufacturing},
		{Prefix: "27", Sector: SectorAdvancedManufacturing},
		{Prefix: "28", Sector: SectorAdvancedManufacturing},
		{Prefix: "29", Sector: SectorAdvancedManufacturing},
		{Prefix: "30", Sector: SectorAdvancedManufacturing},
		// Logistics: ONS section H, Transportation and Storage.
		{Prefix: "49", Sector: SectorLogistics},
		{Prefix: "50", Sector: SectorLogistics},
		{Prefix: "51", Sector: SectorLogistics},
		{Prefix: "52", Sector: SectorLogistics},
		{Prefix: "53", Sector: SectorLogistics},
		// Construction: Industrial Strategy.
		{Prefix: "41", Sector: SectorConstruction},
		{Prefix: "42", Sector: SectorConstruction},
		{Prefix: "43", Sector: SectorConstruction},
		// Life Sciences: Industrial Strategy. 266 (irradiation,
		// electromedical and electrotherapeutic equipment) lies inside
		// division 26 and wins over it by being longer.
		{Prefix: "21", Sector: SectorLifeSciences},
		{Prefix: "266", Sector: SectorLifeSciences},
		{Prefix: "325", Sector: SectorLifeSciences},
		{Prefix: "7211", Sector: SectorLifeSciences},
		// Health and Social Care: ONS.
		{Prefix: "86", Sector: SectorHealthSocialCare},
		{Prefix: "87", Sector: SectorHealthSocialCare},
		{Prefix: "88", Sector: SectorHealthSocialCare},
		// Sports and Leisure: CIMSPA.
		{Prefix: "8551", Sector: SectorSportsLeisure},
		{Prefix: "9311", Sector: SectorSportsLeisure},
		{Prefix: "9312", Sector: SectorSportsLeisure},
		{Prefix: "9313", Sector: SectorSportsLeisure},
		{Prefix: "9319", Sector: SectorSportsLeisure},
	}
}

// SectorFor returns the sector of the rule with the longest prefix that
// matches the SIC code, and false when no rule matches (the caller then
// uses SectorOther). The code is normally five digits ("28110"); dots and
// spaces are ignored so "28.11" or "28 110" work too. A code holding
// anything but digits matches nothing.
func SectorFor(rules []SectorRule, sic string) (string, bool) {
	code := normaliseSIC(sic)
	if code == "" {
		return "", false
	}
	best, bestLen := "", 0
	for _, rule := range rules {
		if len(rule.Prefix) > bestLen && rule.Prefix != "" && strings.HasPrefix(code, rule.Prefix) {
			best, bestLen = rule.Sector, len(rule.Prefix)
		}
	}
	return best, bestLen > 0
}

// normaliseSIC drops dots and spaces and returns "" unless what is left is
// made of digits only.
func normaliseSIC(sic string) string {
	var b strings.Builder
	for _, c := range sic {
		switch {
		case c == '.' || c == ' ':
			continue
		case c >= '0' && c <= '9':
			b.WriteRune(c)
		default:
			return ""
		}
	}
	return b.String()
}
