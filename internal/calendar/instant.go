package calendar

import "time"

// DeliveryInstant returns the instant at which the local clock in loc (nil
// means UTC) reaches minuteOfDay minutes after midnight on d. minuteOfDay
// outside 0..1439 carries into the next or previous days, as in time.Date.
//
// Unlike time.Date it is exact on the days clocks change. If the local time
// does not exist (a spring-forward gap, such as 01:30 on the last Sunday of
// March in Europe/London) it returns the first instant after the gap (02:00
// BST); if the local time happens twice (the autumn overlap) it returns the
// first occurrence.
func DeliveryInstant(d Date, loc *time.Location, minuteOfDay int) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	// wall is the wanted clock reading written as if it were UTC, in seconds.
	wall := time.Date(d.Year, d.Month, d.Day, 0, minuteOfDay, 0, 0, time.UTC).Unix()
	// The offsets in use around wall. Every real offset is within 15 hours
	// and clocks change at most once in a day or so, so probing a day either
	// side and at wall itself finds the offsets before and after any change
	// that matters, including Pacific/Apia skipping 2011-12-30. (Time.Zone is
	// used rather than Time.ZoneBounds, whose bounds are wrong in some years
	// past the end of the zone tables.)
	var offsets [3]int64
	for i, probe := range [3]int64{wall - secondsPerDay, wall, wall + secondsPerDay} {
		offsets[i] = offsetAt(probe, loc)
	}
	// The earliest instant that reads wall, if any: the first occurrence in
	// an overlap.
	best, found := int64(0), false
	lo, hi := wall, wall // the earliest and latest candidates
	for _, off := range offsets {
		c := wall - off
		lo, hi = min(lo, c), max(hi, c)
		if offsetAt(c, loc) == off && (!found || c < best) {
			best, found = c, true
		}
	}
	if found {
		return time.Unix(best, 0).In(loc)
	}
	// A gap: the clock reads before wall at lo and after it at hi. Find the
	// instant it jumps over wall; offsets change on whole seconds.
	if lo+offsetAt(lo, loc) < wall && hi+offsetAt(hi, loc) > wall {
		for hi-lo > 1 {
			mid := lo + (hi-lo)/2
			if mid+offsetAt(mid, loc) > wall {
				hi = mid
			} else {
				lo = mid
			}
		}
		return time.Unix(hi, 0).In(loc)
	}
	// Not reached for real time zones; fall back to the standard library.
	return time.Date(d.Year, d.Month, d.Day, 0, minuteOfDay, 0, 0, loc)
}

const secondsPerDay = 24 * 60 * 60

// offsetAt returns the offset from UTC in loc at the Unix time sec, in
// seconds.
func offsetAt(sec int64, loc *time.Location) int64 {
	_, off := time.Unix(sec, 0).In(loc).Zone()
	return int64(off)
}

// CloseRule says when a question delivered on a day closes. The zero value
// is the default: a question closes at the end of the next working day.
type CloseRule struct {
	// WorkingDays is how many working days after the delivery date the
	// question stays open; it closes at the midnight that ends the last of
	// them. Zero or negative means 1.
	WorkingDays int
}

// CloseInstant returns when a question delivered on deliveryDate closes
// under rule: the midnight in loc (nil means UTC) that ends the rule's last
// working day, so an answer given at 23:59:59.999 that day is in time. cal
// must not be nil.
func CloseInstant(cal *Calendar, deliveryDate Date, loc *time.Location, rule CloseRule) time.Time {
	n := max(rule.WorkingDays, 1)
	last := cal.AddWorkingDays(deliveryDate, n)
	return DeliveryInstant(last.AddDays(1), loc, 0)
}

// ReminderInstant returns when to remind a panellist who has not answered a
// question delivered at delivery: after later. It returns false, and no
// reminder is sent, if after is not positive, if that instant is at or
// after close, or if it falls on a day that is not a working day in loc
// (nil means UTC).
func ReminderInstant(cal *Calendar, delivery time.Time, loc *time.Location, after time.Duration, close time.Time) (time.Time, bool) {
	if after <= 0 {
		return time.Time{}, false
	}
	if loc == nil {
		loc = time.UTC
	}
	r := delivery.Add(after)
	if !r.Before(close) || !cal.IsWorkingDay(DateOf(r.In(loc))) {
		return time.Time{}, false
	}
	return r, true
}
