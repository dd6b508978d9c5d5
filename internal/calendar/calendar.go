package calendar

import (
	"errors"
	"fmt"
	"slices"
)

// ErrUnknownRegion is returned (wrapped) by New for a region name it does
// not know.
var ErrUnknownRegion = errors.New("calendar: unknown region")

// The years whose holidays New computes up front. Dates outside them still
// work: their holidays are computed from the rules on each look-up.
const (
	firstTabulatedYear = 1995
	lastTabulatedYear  = 2100
)

// Calendar says which days are working days for one tenant: Monday to
// Friday, except the bank holidays of its region and its own closure days.
// A Calendar is immutable and safe for concurrent use.
type Calendar struct {
	region   string
	holidays map[Date]string // bank holidays of the tabulated years
	closures map[Date]bool
}

// New returns the calendar of region ("england-and-wales" when empty,
// "scotland" or "northern-ireland") with the tenant's own closure days.
func New(region string, closures []Date) (*Calendar, error) {
	if region == "" {
		region = RegionEnglandAndWales
	}
	if !slices.Contains(Regions(), region) {
		return nil, fmt.Errorf("calendar.New: %w %q (want one of %q)", ErrUnknownRegion, region, Regions())
	}
	c := &Calendar{
		region:   region,
		holidays: make(map[Date]string, 12*(lastTabulatedYear-firstTabulatedYear+1)),
		closures: make(map[Date]bool, len(closures)),
	}
	for _, d := range closures {
		if !d.IsValid() {
			return nil, fmt.Errorf("calendar.New: closure day %v: %w", d, ErrInvalidDate)
		}
		c.closures[d] = true
	}
	for y := firstTabulatedYear; y <= lastTabulatedYear; y++ {
		for _, h := range RegionHolidays(region, y) {
			c.holidays[h.Date] = h.Name
		}
	}
	return c, nil
}

// Region returns the name of the calendar's region.
func (c *Calendar) Region() string { return c.region }

// HolidayName returns the name of the bank holiday observed on d, and false
// if d is not a bank holiday. Closure days are not bank holidays.
func (c *Calendar) HolidayName(d Date) (string, bool) {
	if d.Year >= firstTabulatedYear && d.Year <= lastTabulatedYear {
		name, ok := c.holidays[d]
		return name, ok
	}
	for _, h := range RegionHolidays(c.region, d.Year) {
		if h.Date == d {
			return h.Name, true
		}
	}
	return "", false
}

// Holidays returns the bank holidays of the region in year, in date order.
// The tenant's closure days are not included.
func (c *Calendar) Holidays(year int) []Date {
	hs := RegionHolidays(c.region, year)
	out := make([]Date, len(hs))
	for i, h := range hs {
		out[i] = h.Date
	}
	return out
}

// IsClosure reports whether d is one of the tenant's own closure days.
func (c *Calendar) IsClosure(d Date) bool { return c.closures[d] }

// IsWorkingDay reports whether d is Monday to Friday, not a bank holiday
// and not a closure day.
func (c *Calendar) IsWorkingDay(d Date) bool {
	if isWeekend(d) || c.closures[d] {
		return false
	}
	_, holiday := c.HolidayName(d)
	return !holiday
}

// NextWorkingDay returns the first working day strictly after d.
func (c *Calendar) NextWorkingDay(d Date) Date {
	return c.WorkingDayOnOrAfter(d.AddDays(1))
}

// WorkingDayOnOrAfter returns d if it is a working day, otherwise the first
// working day after it.
func (c *Calendar) WorkingDayOnOrAfter(d Date) Date {
	for !c.IsWorkingDay(d) {
		d = d.AddDays(1)
	}
	return d
}

// AddWorkingDays returns the date n working days after d: the nth working
// day strictly after d, or for negative n the |n|th working day strictly
// before it. AddWorkingDays(d, 0) is d itself, working day or not. It takes
// time proportional to n.
func (c *Calendar) AddWorkingDays(d Date, n int) Date {
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for ; n > 0; n-- {
		d = d.AddDays(step)
		for !c.IsWorkingDay(d) {
			d = d.AddDays(step)
		}
	}
	return d
}

// WorkingDaysBetween returns the working days from from to to, both
// included, in order; nil if to is before from.
func (c *Calendar) WorkingDaysBetween(from, to Date) []Date {
	var out []Date
	for d := from; !d.After(to); d = d.AddDays(1) {
		if c.IsWorkingDay(d) {
			out = append(out, d)
		}
	}
	return out
}

// WorkingDayIndex returns the 0-based index of d among the working days on
// or after start (the first working day on or after start has index 0), and
// false if d is before start or not a working day. It is the inverse of
// AddWorkingDays: WorkingDayIndex(s, AddWorkingDays(s, n)) is n for a working
// day s and n >= 0.
func (c *Calendar) WorkingDayIndex(start, d Date) (int, bool) {
	if d.Before(start) || !c.IsWorkingDay(d) {
		return 0, false
	}
	n := 0
	for x := start; x.Before(d); x = x.AddDays(1) {
		if c.IsWorkingDay(x) {
			n++
		}
	}
	return n, true
}
