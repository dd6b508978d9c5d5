package admin

import (
	"fmt"
	"strings"

	"github.com/panelpulse/panelpulse/internal/calendar"
	"net/mail"
	"strconv"
	"time"
	"unicode/utf8"
)

// MinYear and MaxYear bound the dates of waves and closure days: a year 0
// or 9999 is a typing slip, and far dates overflow the calendar's work.
const (
	MinYear = 2000
	MaxYear = 2100
)

// saneDate parses a YYYY-MM-DD date of field col within MinYear..MaxYear.
func saneDate(col, v string) (calendar.Date, error) {
	d, err := calendar.ParseDate(v)
	if err != nil {
		return calendar.Date{}, fmt.Errorf("%s: %s is not a date (YYYY-MM-DD)", col, quote(v))
	}
	if d.Year < MinYear || d.Year > MaxYear {
		return calendar.Date{}, fmt.Errorf("%s: %s is outside the years %d to %d", col, quote(v), MinYear, MaxYear)
	}
	return d, nil
}

// Length limits of stored texts, in characters (documented in
// docs/limits.md). A value over its limit is refused, never cut.
const (
	MaxRefLen      = 64
	MaxNameLen     = 200
	MaxDistrictLen = 100
	MaxRoleLen     = 100
	MaxEmailLen    = 254 // RFC 5321's path limit
	// MaxEmployees bounds the employees column: above any real business,
	// far below int32.
	MaxEmployees = 10_000_000
	// quoteLen is how much of a bad value an error quotes.
	quoteLen = 40
)

// quote is %q of at most the first quoteLen characters of s, so an error
// never echoes a whole oversized value.
func quote(s string) string {
	if utf8.RuneCountInString(s) <= quoteLen {
		return strconv.Quote(s)
	}
	return strconv.Quote(string([]rune(s)[:quoteLen])) + "..."
}

// tooLong says which column is over its limit, or "".
func tooLong(col, v string, limit int) string {
	if n := utf8.RuneCountInString(v); n > limit {
		return fmt.Sprintf("%s is %d characters long; the limit is %d", col, n, limit)
	}
	return ""
}

// parseCount reads a whole number of column col between 0 and max.
func parseCount(col, v string, max int64) (int64, error) {
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 || n > max {
		return 0, fmt.Errorf("column %s: %s is not a whole number from 0 to %d", col, quote(v), max)
	}
	return n, nil
}

// plainEmail accepts a bare address (sam@x.example), refusing display
// names ("Sam <sam@x.example>"), angle brackets and comments.
func plainEmail(v string) error {
	a, err := mail.ParseAddress(v)
	if err != nil || a.Name != "" || a.Address != v {
		return fmt.Errorf("column email: %s is not a plain email address (write only name@domain, without a display name)", quote(v))
	}
	return nil
}

// ianaZone accepts an IANA time zone name such as Europe/London, refusing
// the empty name and "Local" (the server's own zone, whatever it is).
func ianaZone(v string) error {
	if v == "" || v == "Local" {
		return fmt.Errorf("column time_zone: %s is not an IANA time zone name (such as Europe/London)", quote(v))
	}
	if _, err := time.LoadLocation(v); err != nil {
		return fmt.Errorf("column time_zone: %s is not an IANA time zone name (such as Europe/London)", quote(v))
	}
	return nil
}

// firstOf returns the first non-empty message.
func firstOf(msgs ...string) string {
	for _, m := range msgs {
		if m != "" {
			return m
		}
	}
	return ""
}

// firstLong is firstOf for tooLong messages, with the column at fault (the
// message's first word).
func firstLong(msgs ...string) (col, msg string) {
	msg = firstOf(msgs...)
	col, _, _ = strings.Cut(msg, " ")
	return col, msg
}
