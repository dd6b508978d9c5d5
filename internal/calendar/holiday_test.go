package calendar

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// dates parses ISO dates for the tables below.
func dates(t *testing.T, ss ...string) []Date {
	t.Helper()
	out := make([]Date, len(ss))
	for i, s := range ss {
		d, err := ParseDate(s)
		if err != nil {
			t.Fatalf("bad date in test table: %v", err)
		}
		out[i] = d
	}
	return out
}

// TestEnglandAndWalesGovUK checks every year 2018-2027 against the dates
// published on https://www.gov.uk/bank-holidays, plus the earlier years
// with one-off changes.
func TestEnglandAndWalesGovUK(t *testing.T) {
	t.Parallel()
	want := map[int][]string{
		1995: {"1995-01-02", "1995-04-14", "1995-04-17", "1995-05-08", "1995-05-29", "1995-08-28", "1995-12-25", "1995-12-26"},
		1999: {"1999-01-01", "1999-04-02", "1999-04-05", "1999-05-03", "1999-05-31", "1999-08-30", "1999-12-27", "1999-12-28", "1999-12-31"},
		2002: {"2002-01-01", "2002-03-29", "2002-04-01", "2002-05-06", "2002-06-03", "2002-06-04", "2002-08-26", "2002-12-25", "2002-12-26"},
		2011: {"2011-01-03", "2011-04-22", "2011-04-25", "2011-04-29", "2011-05-02", "2011-05-30", "2011-08-29", "2011-12-26", "2011-12-27"},
		2012: {"2012-01-02", "2012-04-06", "2012-04-09", "2012-05-07", "2012-06-04", "2012-06-05", "2012-08-27", "2012-12-25", "2012-12-26"},
		2018: {"2018-01-01", "2018-03-30", "2018-04-02", "2018-05-07", "2018-05-28", "2018-08-27", "2018-12-25", "2018-12-26"},
		2019: {"2019-01-01", "2019-04-19", "2019-04-22", "2019-05-06", "2019-05-27", "2019-08-26", "2019-12-25", "2019-12-26"},
		2020: {"2020-01-01", "2020-04-10", "2020-04-13", "2020-05-08", "2020-05-25", "2020-08-31", "2020-12-25", "2020-12-28"},
		2021: {"2021-01-01", "2021-04-02", "2021-04-05", "2021-05-03", "2021-05-31", "2021-08-30", "2021-12-27", "2021-12-28"},
		2022: {"2022-01-03", "2022-04-15", "2022-04-18", "2022-05-02", "2022-06-02", "2022-06-03", "2022-08-29", "2022-09-19", "2022-12-26", "2022-12-27"},
		2023: {"2023-01-02", "2023-04-07", "2023-04-10", "2023-05-01", "2023-05-08", "2023-05-29", "2023-08-28", "2023-12-25", "2023-12-26"},
		2024: {"2024-01-01", "2024-03-29", "2024-04-01", "2024-05-06", "2024-05-27", "2024-08-26", "2024-12-25", "2024-12-26"},
		2025: {"2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26", "2025-08-25", "2025-12-25", "2025-12-26"},
		2026: {"2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31", "2026-12-25", "2026-12-28"},
		2027: {"2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30", "2027-12-27", "2027-12-28"},
	}
	for _, region := range []string{"", RegionEnglandAndWales} {
		cal, err := New(region, nil)
		if err != nil {
			t.Fatal(err)
		}
		for year, ss := range want {
			if diff := cmp.Diff(dates(t, ss...), cal.Holidays(year)); diff != "" {
				t.Errorf("region %q: Holidays(%d) differs from gov.uk (-want +got):\n%s", region, year, diff)
			}
		}
	}
}

func TestScotlandAndNorthernIreland(t *testing.T) {
	t.Parallel()
	tests := []struct {
		region string
		year   int
		want   []string
	}{
		{RegionScotland, 2022, []string{"2022-01-03", "2022-01-04", "2022-04-15", "2022-05-02", "2022-06-02", "2022-06-03", "2022-08-01", "2022-09-19", "2022-11-30", "2022-12-26", "2022-12-27"}},
		{RegionScotland, 2023, []string{"2023-01-02", "2023-01-03", "2023-04-07", "2023-05-01", "2023-05-08", "2023-05-29", "2023-08-07", "2023-11-30", "2023-12-25", "2023-12-26"}},
		{RegionScotland, 2025, []string{"2025-01-01", "2025-01-02", "2025-04-18", "2025-05-05", "2025-05-26", "2025-08-04", "2025-12-01", "2025-12-25", "2025-12-26"}},
		{RegionNorthernIreland, 2022, []string{"2022-01-03", "2022-03-17", "2022-04-15", "2022-04-18", "2022-05-02", "2022-06-02", "2022-06-03", "2022-07-12", "2022-08-29", "2022-09-19", "2022-12-26", "2022-12-27"}},
		{RegionNorthernIreland, 2023, []string{"2023-01-02", "2023-03-17", "2023-04-07", "2023-04-10", "2023-05-01", "2023-05-08", "2023-05-29", "2023-07-12", "2023-08-28", "2023-12-25", "2023-12-26"}},
		{RegionNorthernIreland, 2026, []string{"2026-01-01", "2026-03-17", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-07-13", "2026-08-31", "2026-12-25", "2026-12-28"}},
	}
	for _, tt := range tests {
		cal, err := New(tt.region, nil)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(dates(t, tt.want...), cal.Holidays(tt.year)); diff != "" {
			t.Errorf("%s Holidays(%d) (-want +got):\n%s", tt.region, tt.year, diff)
		}
	}
}

func TestEasterSunday(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		"1995-04-16", "2000-04-23", "2008-03-23", "2011-04-24", "2019-04-21",
		"2038-04-25", "2049-04-18", "2057-04-22", "2100-03-28", "2285-03-22",
	} {
		want := MustParseDate(s)
		if got := EasterSunday(want.Year); got != want {
			t.Errorf("EasterSunday(%d) = %v, want %v", want.Year, got, want)
		}
	}
}

func TestHolidayName(t *testing.T) {
	t.Parallel()
	cal, err := New("", nil)
	if err != nil {
		t.Fatal(err)
	}
	for d, want := range map[string]string{
		"2021-12-27": "Christmas Day (substitute day)",
		"2021-12-28": "Boxing Day (substitute day)",
		"2022-12-26": "Boxing Day",
		"2022-12-27": "Christmas Day (substitute day)",
		"2022-01-03": "New Year's Day (substitute day)",
		"2022-06-02": "Spring bank holiday",
		"2022-09-19": "Bank Holiday for the State Funeral of Queen Elizabeth II",
		"2023-05-08": "Bank holiday for the coronation of King Charles III",
		"2026-04-03": "Good Friday",
		"2120-12-25": "Christmas Day", // beyond the tabulated years
	} {
		got, ok := cal.HolidayName(MustParseDate(d))
		if !ok || got != want {
			t.Errorf("HolidayName(%s) = %q, %v; want %q, true", d, got, ok, want)
		}
	}
	for _, d := range []string{"2022-05-30", "2020-05-04", "2012-05-28", "2022-01-01", "2026-11-23", "2120-12-24"} {
		if name, ok := cal.HolidayName(MustParseDate(d)); ok {
			t.Errorf("HolidayName(%s) = %q, true; want not a holiday", d, name)
		}
	}
}

// TestHolidayInvariants checks every year 1995-2100 in every region: each
// holiday is a distinct weekday of its year, and the year has the expected
// number of holidays once one-off extras are discounted.
func TestHolidayInvariants(t *testing.T) {
	t.Parallel()
	usual := map[string]int{RegionEnglandAndWales: 8, RegionScotland: 9, RegionNorthernIreland: 10}
	extras := map[int]int{1999: 1, 2002: 1, 2011: 1, 2012: 1, 2022: 2, 2023: 1}
	for _, region := range Regions() {
		for year := 1995; year <= 2100; year++ {
			hs := RegionHolidays(region, year)
			if len(hs) != usual[region]+extras[year] {
				t.Errorf("%s %d: %d holidays, want %d: %v", region, year, len(hs), usual[region]+extras[year], hs)
			}
			seen := map[Date]bool{}
			for _, h := range hs {
				if h.Date.Year != year || isWeekend(h.Date) || seen[h.Date] || h.Name == "" {
					t.Errorf("%s %d: bad holiday %v (weekday %v, duplicate %v)", region, year, h, h.Date.Weekday(), seen[h.Date])
				}
				if strings.HasSuffix(h.Name, substituteNote) && h.Date.Weekday() == time.Friday {
					t.Errorf("%s %d: substitute day %v on a Friday", region, year, h)
				}
				seen[h.Date] = true
			}
		}
	}
	if got := RegionHolidays("atlantis", 2022); got != nil {
		t.Errorf("RegionHolidays(atlantis) = %v, want nil", got)
	}
}
