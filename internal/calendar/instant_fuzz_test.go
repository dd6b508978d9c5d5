package calendar

import (
	"math/rand/v2"
	"testing"
	"time"
)

// fuzzZones are zones with awkward rules: DST at midnight, a skipped day,
// 30-minute and negative DST, changes tied to Ramadan, odd offsets.
var fuzzZones = []string{
	"UTC", "Europe/London", "America/New_York", "America/Sao_Paulo", "Pacific/Apia",
	"Australia/Lord_Howe", "Europe/Dublin", "Africa/Casablanca", "Pacific/Chatham",
	"America/St_Johns", "Asia/Kolkata", "America/Havana", "Antarctica/Troll",
}

func loadZones(t testing.TB) []*time.Location {
	t.Helper()
	locs := make([]*time.Location, len(fuzzZones))
	for i, z := range fuzzZones {
		loc, err := time.LoadLocation(z)
		if err != nil {
			t.Fatalf("load %s: %v", z, err)
		}
		locs[i] = loc
	}
	return locs
}

// wallClock returns the local clock reading of t written as a UTC time.
func wallClock(t time.Time) time.Time {
	y, m, d := t.Date()
	hh, mm, ss := t.Clock()
	return time.Date(y, m, d, hh, mm, ss, t.Nanosecond(), time.UTC)
}

// checkDeliveryInstant checks the invariants of DeliveryInstant for a
// minute of the day in 0..1439: the result reads that local time and no
// earlier instant does, or the time falls in a gap and the result is the
// instant the clock jumps over it.
func checkDeliveryInstant(t *testing.T, d Date, loc *time.Location, minute int) {
	t.Helper()
	want := time.Date(d.Year, d.Month, d.Day, 0, minute, 0, 0, time.UTC)
	got := DeliveryInstant(d, loc, minute)
	if got.Location() != loc {
		t.Fatalf("DeliveryInstant(%v, %v, %d) = %v in %v, want a time in %v", d, loc, minute, got, got.Location(), loc)
	}
	clock := wallClock(got)
	switch {
	case clock.Equal(want):
		for _, back := range []time.Duration{15 * time.Minute, 30 * time.Minute, time.Hour, 2 * time.Hour} {
			if earlier := got.Add(-back); wallClock(earlier).Equal(want) {
				t.Fatalf("DeliveryInstant(%v, %v, %d) = %v, but %v reads the same and is earlier", d, loc, minute, got, earlier)
			}
		}
		std := time.Date(d.Year, d.Month, d.Day, 0, minute, 0, 0, loc)
		if wallClock(std).Equal(want) && got.After(std) {
			t.Fatalf("DeliveryInstant(%v, %v, %d) = %v, after time.Date's %v", d, loc, minute, got, std)
		}
	case clock.After(want):
		// A gap: just before got the clock read earlier than want.
		if before := wallClock(got.Add(-time.Nanosecond)); !before.Before(want) {
			t.Fatalf("DeliveryInstant(%v, %v, %d) = %v reads %v, but the clock read %v just before: not a gap",
				d, loc, minute, got, clock, before)
		}
		if got.Nanosecond() != 0 {
			t.Fatalf("DeliveryInstant(%v, %v, %d) = %v in a gap, not on a whole second", d, loc, minute, got)
		}
	default:
		t.Fatalf("DeliveryInstant(%v, %v, %d) = %v reads %v, before the wanted %v", d, loc, minute, got, clock, want)
	}
}

// TestDeliveryInstantInvariants sweeps random days and minutes, and every
// minute of the 2026 transition days, in every awkward zone.
func TestDeliveryInstantInvariants(t *testing.T) {
	t.Parallel()
	locs := loadZones(t)
	r := rand.New(rand.NewPCG(2026, 10))
	for range 3000 {
		d := NewDate(1970+r.IntN(131), time.January, 1+r.IntN(365))
		checkDeliveryInstant(t, d, locs[r.IntN(len(locs))], r.IntN(1440))
	}
	for _, loc := range locs {
		for _, s := range []string{"2026-03-29", "2026-10-25", "2026-03-08", "2026-11-01", "2026-04-05", "2026-10-04", "2011-12-30", "2018-11-04"} {
			for m := range 1440 {
				checkDeliveryInstant(t, MustParseDate(s), loc, m)
			}
		}
	}
}

func FuzzDeliveryInstant(f *testing.F) {
	f.Add(2026, 3, 29, 90, uint8(1))
	f.Add(2026, 10, 25, 90, uint8(1))
	f.Add(2026, 3, 30, 540, uint8(1))
	f.Add(2011, 12, 30, 540, uint8(4))
	f.Add(2018, 11, 4, 0, uint8(3))
	f.Add(2026, 10, 4, 130, uint8(5))
	f.Add(-5, 99, -7, -100000, uint8(200))
	locs := loadZones(f)
	f.Fuzz(func(t *testing.T, year, month, day, minute int, zone uint8) {
		d := NewDate(1900+mod(year, 300), time.Month(1+mod(month, 12)), 1+mod(day, 31))
		loc := locs[int(zone)%len(locs)]
		// Any minute must not panic and must land within a few days.
		if minute > -1e7 && minute < 1e7 {
			got := DeliveryInstant(d, loc, minute)
			wall := time.Date(d.Year, d.Month, d.Day, 0, minute, 0, 0, time.UTC)
			if diff := wallClock(got).Sub(wall); diff < 0 || diff > 48*time.Hour {
				t.Fatalf("DeliveryInstant(%v, %v, %d) = %v, %v away from the wanted clock", d, loc, minute, got, diff)
			}
		}
		checkDeliveryInstant(t, d, loc, mod(minute, 1440))
	})
}

func mod(a, n int) int {
	return (a%n + n) % n
}
