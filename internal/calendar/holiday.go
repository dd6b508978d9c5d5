package calendar

import (
	"slices"
	"time"
)

// The calendars a tenant can choose by name. The strings are stored in the
// database, so they never change.
const (
	RegionEnglandAndWales = "england-and-wales"
	RegionScotland        = "scotland"
	RegionNorthernIreland = "northern-ireland"
)

// Regions returns the names New accepts, default first.
func Regions() []string {
	return []string{RegionEnglandAndWales, RegionScotland, RegionNorthernIreland}
}

// Holiday is one bank holiday: the day it is observed and its name.
type Holiday struct {
	Date Date
	Name string
}

// Holiday names, as gov.uk words them.
const (
	nameNewYear    = "New Year's Day"
	name2ndJanuary = "2nd January"
	nameStPatrick  = "St Patrick's Day"
	nameGoodFriday = "Good Friday"
	nameEasterMon  = "Easter Monday"
	nameEarlyMay   = "Early May bank holiday"
	nameSpring     = "Spring bank holiday"
	nameBoyne      = "Battle of the Boyne (Orangemen's Day)"
	nameSummer     = "Summer bank holiday"
	nameStAndrew   = "St Andrew's Day"
	nameChristmas  = "Christmas Day"
	nameBoxingDay  = "Boxing Day"
	substituteNote = " (substitute day)"
)

// oneOff is a change made by royal proclamation for one year: a movable
// holiday moved to another day, or an extra holiday (when from is zero).
// They apply in all three regions.
type oneOff struct {
	from Date
	to   Holiday
}

// oneOffs lists every change to the usual rules from 1995 to 2100 that had
// been announced when this was written. Add new proclamations here; it is
// read-only at run time.
var oneOffs = []oneOff{
	{MustParseDate("1995-05-01"), Holiday{MustParseDate("1995-05-08"), nameEarlyMay + " (VE Day)"}},
	{Date{}, Holiday{MustParseDate("1999-12-31"), "Millennium Celebrations"}},
	{MustParseDate("2002-05-27"), Holiday{MustParseDate("2002-06-03"), nameSpring}},
	{Date{}, Holiday{MustParseDate("2002-06-04"), "Golden Jubilee of Queen Elizabeth II"}},
	{Date{}, Holiday{MustParseDate("2011-04-29"), "Wedding of Prince William and Catherine Middleton"}},
	{MustParseDate("2012-05-28"), Holiday{MustParseDate("2012-06-04"), nameSpring}},
	{Date{}, Holiday{MustParseDate("2012-06-05"), "Diamond Jubilee of Queen Elizabeth II"}},
	{MustParseDate("2020-05-04"), Holiday{MustParseDate("2020-05-08"), nameEarlyMay + " (VE Day)"}},
	{MustParseDate("2022-05-30"), Holiday{MustParseDate("2022-06-02"), nameSpring}},
	{Date{}, Holiday{MustParseDate("2022-06-03"), "Platinum Jubilee bank holiday"}},
	{Date{}, Holiday{MustParseDate("2022-09-19"), "Bank Holiday for the State Funeral of Queen Elizabeth II"}},
	{Date{}, Holiday{MustParseDate("2023-05-08"), "Bank holiday for the coronation of King Charles III"}},
}

// EasterSunday returns the date of Easter Sunday in the Gregorian calendar,
// by the anonymous algorithm (Meeus/Jones/Butcher).
func EasterSunday(year int) Date {
	a := year % 19
	b, c := year/100, year%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	n := h + l - 7*m + 114
	return NewDate(year, time.Month(n/31), n%31+1)
}

// RegionHolidays returns the bank holidays of region in year in date order,
// or nil if the region is unknown. When a fixed holiday falls on a weekend
// the next weekday that is not already a holiday is the substitute day, so
// gov.uk may name two adjacent substitute days the other way round (Scotland
// 2023); the dates are what count.
func RegionHolidays(region string, year int) []Holiday {
	if region == "" {
		region = RegionEnglandAndWales
	}
	var fixed, movable []Holiday
	add := func(list *[]Holiday, m time.Month, day int, name string) {
		*list = append(*list, Holiday{NewDate(year, m, day), name})
	}
	easter := EasterSunday(year)
	movable = append(movable, Holiday{easter.AddDays(-2), nameGoodFriday})
	movable = append(movable, Holiday{firstMonday(year, time.May), nameEarlyMay})
	movable = append(movable, Holiday{lastMonday(year, time.May), nameSpring})
	add(&fixed, time.January, 1, nameNewYear)
	switch region {
	case RegionEnglandAndWales:
		movable = append(movable, Holiday{easter.AddDays(1), nameEasterMon})
		movable = append(movable, Holiday{lastMonday(year, time.August), nameSummer})
	case RegionScotland:
		add(&fixed, time.January, 2, name2ndJanuary)
		movable = append(movable, Holiday{firstMonday(year, time.August), nameSummer})
		add(&fixed, time.November, 30, nameStAndrew)
	case RegionNorthernIreland:
		add(&fixed, time.March, 17, nameStPatrick)
		movable = append(movable, Holiday{easter.AddDays(1), nameEasterMon})
		add(&fixed, time.July, 12, nameBoyne)
		movable = append(movable, Holiday{lastMonday(year, time.August), nameSummer})
	default:
		return nil
	}
	add(&fixed, time.December, 25, nameChristmas)
	add(&fixed, time.December, 26, nameBoxingDay)

	for _, o := range oneOffs {
		if o.to.Date.Year != year {
			continue
		}
		i := slices.IndexFunc(movable, func(h Holiday) bool { return h.Date == o.from })
		if i >= 0 {
			movable[i] = o.to
		} else if o.from.IsZero() {
			movable = append(movable, o.to)
		}
	}
	return observe(fixed, movable)
}

// observe places the fixed-date holidays: each on its own day if that is a
// weekday, otherwise on the first later weekday not already a holiday.
func observe(fixed, movable []Holiday) []Holiday {
	out := slices.Clone(movable)
	taken := make(map[Date]bool, len(fixed)+len(movable))
	for _, h := range movable {
		taken[h.Date] = true
	}
	var weekend []Holiday
	for _, h := range fixed {
		if isWeekend(h.Date) {
			weekend = append(weekend, h)
			continue
		}
		out = append(out, h)
		taken[h.Date] = true
	}
	for _, h := range weekend {
		d := h.Date
		for isWeekend(d) || taken[d] {
			d = d.AddDays(1)
		}
		taken[d] = true
		out = append(out, Holiday{d, h.Name + substituteNote})
	}
	slices.SortFunc(out, func(a, b Holiday) int { return a.Date.Compare(b.Date) })
	return out
}

func isWeekend(d Date) bool {
	wd := d.Weekday()
	return wd == time.Saturday || wd == time.Sunday
}

// firstMonday returns the first Monday of month m.
func firstMonday(year int, m time.Month) Date {
	d := NewDate(year, m, 1)
	return d.AddDays((int(time.Monday) - int(d.Weekday()) + 7) % 7)
}

// lastMonday returns the last Monday of month m.
func lastMonday(year int, m time.Month) Date {
	d := NewDate(year, m+1, 0) // last day of m
	return d.AddDays(-((int(d.Weekday()) - int(time.Monday) + 7) % 7))
}
