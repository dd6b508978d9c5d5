// Package calendar knows which days are working days for a tenant and when
// local clock times happen in a panellist's time zone.
//
// It is pure logic with no database: a civil Date type, the bank holidays of
// England and Wales, Scotland and Northern Ireland computed for any year
// (with substitute days and the one-off changes of 1995-2100), a Calendar
// that adds a tenant's own closure days, and the instants of delivery, close
// and reminder of a panellist's question, correct across daylight saving.
package calendar

import (
	"cmp"
	"errors"
	"fmt"
	"time"
)

// ErrInvalidDate is returned (wrapped) for text that is not a valid
// YYYY-MM-DD date and for Date values that name no real day.
var ErrInvalidDate = errors.New("calendar: invalid date")

// Date is a civil date: a year, month and day with no time zone. The zero
// value is not a valid date. Date is comparable and can be a map key; build
// it with NewDate, ParseDate or DateOf so that it is always normalised.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// NewDate returns the date year-month-day, normalising out-of-range values
// the way time.Date does (so NewDate(2022, 2, 30) is 2022-03-02).
func NewDate(year int, month time.Month, day int) Date {
	return DateOf(time.Date(year, month, day, 0, 0, 0, 0, time.UTC))
}

// DateOf returns the date of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// ParseDate parses an ISO 8601 calendar date such as "2022-01-03". It
// rejects other layouts and days that do not exist, such as "2022-02-30".
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("calendar.ParseDate(%q): %w: %w", s, ErrInvalidDate, err)
	}
	return DateOf(t), nil
}

// MustParseDate is like ParseDate but panics on error. It is meant for
// literals in tests and tables, never for input.
func MustParseDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// String returns the date in ISO 8601 form, e.g. "2022-01-03".
func (d Date) String() string {
	if d.Year >= 0 && d.Year <= 9999 {
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
	}
	return fmt.Sprintf("%d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// IsValid reports whether d names a real day (the zero Date does not).
func (d Date) IsValid() bool {
	return d.Month >= time.January && d.Month <= time.December && d.Day >= 1 &&
		NewDate(d.Year, d.Month, d.Day) == d
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool {
	return d == Date{}
}

// Time returns midnight at the start of d in loc (nil means UTC). If
// midnight does not exist in loc that day, it returns the first instant of
// the day, as DeliveryInstant does.
func (d Date) Time(loc *time.Location) time.Time {
	return DeliveryInstant(d, loc, 0)
}

// AddDays returns the date n days after d (before d if n is negative).
func (d Date) AddDays(n int) Date {
	return NewDate(d.Year, d.Month, d.Day+n)
}

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday {
	return d.utc().Weekday()
}

// Compare returns -1 if d is before o, 0 if they are the same day and +1 if
// d is after o.
func (d Date) Compare(o Date) int {
	switch {
	case d.Year != o.Year:
		return cmp.Compare(d.Year, o.Year)
	case d.Month != o.Month:
		return cmp.Compare(d.Month, o.Month)
	default:
		return cmp.Compare(d.Day, o.Day)
	}
}

// Before reports whether d is before o.
func (d Date) Before(o Date) bool { return d.Compare(o) < 0 }

// After reports whether d is after o.
func (d Date) After(o Date) bool { return d.Compare(o) > 0 }

// Equal reports whether d and o are the same day.
func (d Date) Equal(o Date) bool { return d == o }

// DaysUntil returns the number of days from d to o (negative if o is
// before d).
func (d Date) DaysUntil(o Date) int {
	return int(o.utc().Sub(d.utc()).Hours() / 24)
}

// MarshalText encodes d as "YYYY-MM-DD", for JSON and configuration.
func (d Date) MarshalText() ([]byte, error) {
	return []byte(d.String()), nil
}

// UnmarshalText decodes a "YYYY-MM-DD" date.
func (d *Date) UnmarshalText(b []byte) error {
	p, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = p
	return nil
}

// utc returns midnight UTC at the start of d, where every day is 24 hours.
func (d Date) utc() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
}
