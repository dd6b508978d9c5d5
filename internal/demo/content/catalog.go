package content

// The sector groups of the 2022 pilot panel (LSIP 2022, section 1.5.1).
// The 2026 sector of a business comes from its SIC code instead; the pilot
// group is kept because the pilot's counts are stated in these groups.
const (
	PilotManufacturing = "Manufacturing"
	PilotSportHealth   = "Sport and Health"
	PilotLogistics     = "Logistics"
)

// activity is a SIC 2007 subclass the demo draws businesses from, with the
// words that make a plausible business name for it.
type activity struct {
	sic    string   // five-digit SIC 2007 subclass
	weight float64  // relative frequency within its group
	trades []string // endings of business names, e.g. "Hydraulics"
}

// pilotGroup describes one group of demo businesses: how many, which SIC
// subclasses they are drawn from, the 2026 sector those codes must map to,
// and how their sizes are spread (micro, small, medium, large).
type pilotGroup struct {
	pilot      string
	sector     string
	count      int
	activities []activity
	sizes      [4]float64
	suffixes   []string // last words of names; "" for none
}

// pilotGroups returns the groups of demo businesses in Ref order.
//
// Section 1.5.1 of the 2022 LSIP says the panel had 121 businesses: 42
// manufacturers, 52 sport and health and 28 logistics. Those counts add up
// to 122, not 121; the demo follows the sector counts (42/52/28, as the
// foundation issue asks) and so has 122 businesses. The pilot's "sport and
// health" group falls under two 2026 sectors, so it is split here into 28
// health and social care businesses (SIC 86-88) and 24 sports and leisure
// businesses (8551, 9311-9313, 9319).
func pilotGroups() []pilotGroup {
	return []pilotGroup{
		{
			pilot: PilotManufacturing, sector: SectorAdvancedManufacturing, count: 42,
			sizes:    [4]float64{0.20, 0.38, 0.30, 0.12},
			suffixes: []string{"Ltd", "Ltd", "Ltd", "Limited", "UK Ltd", "Group", "& Co"},
			activities: []activity{
				{"20160", 1, []string{"Polymers", "Plastics"}},
				{"20301", 1, []string{"Coatings", "Paints"}},
				{"20590", 1, []string{"Chemicals", "Specialty Chemicals"}},
				{"26110", 1, []string{"Electronics", "Components"}},
				{"26120", 1.5, []string{"Circuits", "Electronics"}},
				{"26511", 1, []string{"Instruments", "Test Systems"}},
				{"27110", 1, []string{"Motors", "Drives"}},
				{"27120", 1, []string{"Controls", "Switchgear"}},
				{"27400", 1, []string{"Lighting"}},
				{"27900", 1, []string{"Electrical", "Power Systems"}},
				{"28131", 1, []string{"Pumps"}},
				{"28150", 1, []string{"Gears", "Transmissions"}},
				{"28220", 1, []string{"Lifting Equipment", "Handling Systems"}},
				{"28250", 1, []string{"Air Systems", "Ventilation"}},
				{"28290", 2, []string{"Engineering", "Precision Engineering", "Hydraulics"}},
				{"28410", 1, []string{"Press Tools", "Machine Tools"}},
				{"28990", 2, []string{"Automation", "Machinery", "Special Machines"}},
				{"29201", 1, []string{"Vehicle Bodies", "Coachworks"}},
				{"29320", 1.5, []string{"Automotive", "Auto Components"}},
				{"30200", 0.5, []string{"Rail Engineering"}},
				{"30300", 1, []string{"Aerospace", "Aero Components"}},
				{"30920", 0.5, []string{"Cycles", "Mobility"}},
			},
		},
		{
			pilot: PilotSportHealth, sector: SectorHealthSocialCare, count: 28,
			sizes:    [4]float64{0.18, 0.45, 0.28, 0.09},
			suffixes: []string{"", "", "Ltd"},
			activities: []activity{
				{"86210", 1.5, []string{"Medical Centre", "Surgery"}},
				{"86220", 0.5, []string{"Eye Clinic", "Clinic"}},
				{"86230", 1, []string{"Dental Practice", "Dental Care"}},
				{"86900", 1.5, []string{"Physiotherapy", "Health Clinic", "Therapies"}},
				{"87100", 1, []string{"Nursing Home"}},
				{"87300", 2, []string{"Care Home", "Lodge Care Home"}},
				{"88100", 2, []string{"Home Care", "Care at Home"}},
				{"88910", 1, []string{"Day Nursery", "Nursery"}},
			},
		},
		{
			pilot: PilotSportHealth, sector: SectorSportsLeisure, count: 24,
			sizes:    [4]float64{0.40, 0.38, 0.17, 0.05},
			suffixes: []string{"", "", "", "Ltd"},
			activities: []activity{
				{"85510", 1.5, []string{"Swim School", "Sports Coaching", "Tennis Academy"}},
				{"93110", 1.5, []string{"Leisure Centre", "Sports Centre"}},
				{"93120", 2, []string{"Rugby Club", "Cricket Club", "Football Club", "Athletic Club"}},
				{"93130", 2, []string{"Fitness", "Gym", "Health and Fitness"}},
				{"93199", 1, []string{"Sports Events", "Climbing Centre", "Golf"}},
			},
		},
		{
			pilot: PilotLogistics, sector: SectorLogistics, count: 28,
			sizes:    [4]float64{0.25, 0.35, 0.25, 0.15},
			suffixes: []string{"Ltd", "Ltd", "Limited", "UK Ltd", "Group"},
			activities: []activity{
				{"49410", 3, []string{"Haulage", "Transport", "Freight"}},
				{"49420", 0.5, []string{"Removals"}},
				{"51210", 0.5, []string{"Air Cargo"}},
				{"52103", 2, []string{"Warehousing", "Distribution"}},
				{"52219", 0.5, []string{"Fleet Services"}},
				{"52243", 0.5, []string{"Cargo Handling"}},
				{"52290", 1.5, []string{"Logistics", "Freight Forwarding", "Supply Chain"}},
				{"53202", 1, []string{"Couriers", "Express"}},
			},
		},
	}
}

// namePrefixes are the first words of fictional business names: places,
// rivers and landmarks of the region and family names.
func namePrefixes() []string {
	return []string{
		"Soar Valley", "Charnwood", "Wreake", "Sence", "Welland", "Beaumont",
		"Abbey", "Glenfield", "Braunstone", "Castle", "Foxton", "Bosworth",
		"Quorn", "Anstey", "Riverside", "Midshires", "Granite", "Swithland",
		"Bradgate", "Belvoir", "Rutland Water", "Watermead", "Swannington",
		"Ashby", "Burbage", "Kibworth", "Wymeswold", "Fosse", "Watling",
		"Lutterworth", "Market Bosworth", "Enderby", "Narborough", "Syston",
		"Whetstone", "Countesthorpe", "Hallaton", "Oakham", "Uppingham",
		"Patel", "Mistry", "Hextall", "Ward", "Bennion", "Shepshed",
		"Kegworth", "Measham", "Sileby", "Thurmaston", "Groby", "Ratby",
	}
}

// firstNames and lastNames make fictional panellists' names, mixed as the
// population of Leicester and Leicestershire is.
func firstNames() []string {
	return []string{
		"Aisha", "Amit", "Anna", "Ben", "Charlotte", "Chris", "Claire", "Daniel",
		"Deepa", "Emma", "Gareth", "Hannah", "Harpreet", "Imran", "James", "Jas",
		"Joanne", "Karen", "Kiran", "Laura", "Lee", "Mark", "Michelle", "Mohammed",
		"Neil", "Nisha", "Paul", "Priya", "Rachel", "Rajesh", "Rebecca", "Richard",
		"Sam", "Sarah", "Simon", "Sunita", "Tom", "Vikram", "Yasmin", "Zoe",
	}
}

// lastNames are the family names of fictional panellists.
func lastNames() []string {
	return []string{
		"Ahmed", "Allen", "Bailey", "Bhatt", "Clarke", "Dhillon", "Evans", "Gill",
		"Green", "Hall", "Hussain", "Jackson", "Johnson", "Kaur", "Khan", "Lewis",
		"Mistry", "Morris", "Parmar", "Patel", "Roberts", "Shah", "Singh", "Smith",
		"Taylor", "Thompson", "Turner", "Walker", "Williams", "Wilson", "Wood", "Wright",
	}
}
