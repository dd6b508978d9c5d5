package content

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
)

// Business is one demo business of the panel.
type Business struct {
	// Ref is a stable reference, "BUS-001" to "BUS-122", the same for every
	// seed: businesses come in the order manufacturing, health and social
	// care, sports and leisure, logistics.
	Ref string
	// Name is a fictional business name.
	Name string
	// SIC is a five-digit SIC 2007 subclass, e.g. "28290".
	SIC string
	// Sector is the 2026 sector of SIC under SectorMap. An importer should
	// derive it again from the tenant's own map; it is here for the
	// simulator and for tests.
	Sector string
	// PilotSector is the 2022 pilot group: PilotManufacturing,
	// PilotSportHealth or PilotLogistics.
	PilotSector string
	// SizeBand is the size band of Employees (see SizeBandFor).
	SizeBand string
	// Employees is the number of employees.
	Employees int
	// District is one of Districts.
	District string
	// Panellist is the one person who answers for the business.
	Panellist Panellist
}

// Panellist is the person at a demo business who answers the questions.
type Panellist struct {
	// Ref is a stable reference, "PAN-001" for the panellist of "BUS-001".
	Ref string
	// Name is a fictional full name.
	Name string
	// Email is a fictional address under the reserved ".example" top-level
	// domain (RFC 2606), so nothing is ever sent to a real mailbox.
	Email string
	// Role is the person's job, e.g. "HR manager".
	Role string
	// TimeZone is an IANA zone name; always "Europe/London" in the demo.
	TimeZone string
	// DeliveryTime is the preferred local delivery time, "HH:MM".
	DeliveryTime string
}

// Businesses returns the demo panel shaped like the 2022 pilot: 42
// manufacturers, 52 sport and health businesses (28 health and social
// care, 24 sports and leisure) and 28 logistics businesses, one panellist
// each. The same seed always gives the same panel; Ref values do not depend
// on the seed.
func Businesses(seed int64) []Business {
	r := rand.New(rand.NewPCG(uint64(seed), 0x70616e656c)) // "panel"
	districts := Districts()
	prefixes := namePrefixes()
	usedNames := make(map[string]bool)
	usedPeople := make(map[string]bool)

	var out []Business
	for _, g := range pilotGroups() {
		weights := make([]float64, len(g.activities))
		for i, a := range g.activities {
			weights[i] = a.weight
		}
		for range g.count {
			n := len(out) + 1
			act := g.activities[pickWeighted(r, weights)]
			band := SizeBands()[pickWeighted(r, g.sizes[:])]
			name := uniqueName(r, usedNames, func() string {
				parts := []string{pick(r, prefixes), pick(r, act.trades), pick(r, g.suffixes)}
				return strings.TrimSpace(strings.Join(parts, " "))
			})
			out = append(out, Business{
				Ref:         fmt.Sprintf("BUS-%03d", n),
				Name:        name,
				SIC:         act.sic,
				Sector:      g.sector,
				PilotSector: g.pilot,
				SizeBand:    band,
				Employees:   employeesIn(r, band),
				District:    districts[pickWeighted(r, districtWeights(g.pilot))],
				Panellist:   newPanellist(r, n, name, band, usedPeople),
			})
		}
	}
	return out
}

// newPanellist makes the panellist of the n-th business.
func newPanellist(r *rand.Rand, n int, business, band string, used map[string]bool) Panellist {
	first, last := "", ""
	full := uniqueName(r, used, func() string {
		first, last = pick(r, firstNames()), pick(r, lastNames())
		return first + " " + last
	})
	return Panellist{
		Ref:          fmt.Sprintf("PAN-%03d", n),
		Name:         full,
		Email:        strings.ToLower(first+"."+last) + "@" + emailDomain(business),
		Role:         roleFor(r, band),
		TimeZone:     "Europe/London",
		DeliveryTime: deliveryTime(r),
	}
}

// uniqueName calls gen until it returns a name not yet used (or, after many
// tries, numbers the last one), and records it.
func uniqueName(r *rand.Rand, used map[string]bool, gen func() string) string {
	name := gen()
	for try := 0; used[name]; try++ {
		if try > 50 {
			name = fmt.Sprintf("%s %d", name, r.IntN(90)+10)
			continue
		}
		name = gen()
	}
	used[name] = true
	return name
}

// emailDomain turns a business name into a fictional mail domain, e.g.
// "Soar Valley Pumps Ltd" -> "soarvalleypumps.example".
func emailDomain(business string) string {
	var b strings.Builder
	for _, word := range strings.Fields(business) {
		switch word {
		case "Ltd", "Limited", "UK", "Group", "&", "Co":
			continue
		}
		for _, c := range strings.ToLower(word) {
			if (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') {
				b.WriteRune(c)
			}
		}
	}
	return b.String() + ".example"
}

// employeesIn draws a head count inside the band; large businesses follow a
// long tail from 250 up to about 2,500.
func employeesIn(r *rand.Rand, band string) int {
	switch band {
	case SizeMicro:
		return 1 + r.IntN(9)
	case SizeSmall:
		return 10 + r.IntN(40)
	case SizeMedium:
		return 50 + r.IntN(200)
	default:
		return int(250 * math.Exp(r.Float64()*math.Log(10)))
	}
}

// roleFor draws the panellist's role: in micro businesses mostly the owner
// or managing director, in larger ones HR, L&D and operations staff.
func roleFor(r *rand.Rand, band string) string {
	roles := []string{"Managing director", "HR manager", "L&D lead", "Operations manager", "Team leader"}
	weights := map[string][]float64{
		SizeMicro:  {0.75, 0.02, 0.03, 0.15, 0.05},
		SizeSmall:  {0.40, 0.20, 0.10, 0.20, 0.10},
		SizeMedium: {0.12, 0.35, 0.25, 0.18, 0.10},
		SizeLarge:  {0.03, 0.37, 0.35, 0.17, 0.08},
	}[band]
	return roles[pickWeighted(r, weights)]
}

// deliveryTime draws a preferred delivery time between 08:00 and 12:30,
// most often the default 09:00.
func deliveryTime(r *rand.Rand) string {
	times := []string{"08:00", "08:30", "09:00", "09:30", "10:00", "11:00", "12:00", "12:30"}
	return times[pickWeighted(r, []float64{0.08, 0.12, 0.45, 0.08, 0.10, 0.05, 0.05, 0.07})]
}

// pick returns a uniformly drawn element of xs.
func pick(r *rand.Rand, xs []string) string {
	return xs[r.IntN(len(xs))]
}

// pickWeighted returns an index drawn with probability proportional to its
// weight. Negative weights count as zero; if all are zero it draws
// uniformly.
func pickWeighted(r *rand.Rand, weights []float64) int {
	total := 0.0
	for _, w := range weights {
		total += max(w, 0)
	}
	if total <= 0 {
		return r.IntN(len(weights))
	}
	x := r.Float64() * total
	last := 0
	for i, w := range weights {
		if w <= 0 {
			continue
		}
		if x -= w; x < 0 {
			return i
		}
		last = i
	}
	return last // rounding left x at or just above 0
}
