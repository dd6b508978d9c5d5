package calendar

import (
	"errors"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func mustNew(t *testing.T, region string, closures ...string) *Calendar {
	t.Helper()
	cal, err := New(region, dates(t, closures...))
	if err != nil {
		t.Fatalf("New(%q): %v", region, err)
	}
	return cal
}

// randomDate returns a date between 1995-01-01 and 2100-12-31.
func randomDate(r *rand.Rand) Date {
	first := MustParseDate("1995-01-01")
	return first.AddDays(r.IntN(first.DaysUntil(MustParseDate("2100-12-31")) + 1))
}

func TestNewErrors(t *testing.T) {
	t.Parallel()
	_, err := New("wales-only", nil)
	if !errors.Is(err, ErrUnknownRegion) {
		t.Errorf("New(wales-only) error = %v, want ErrUnknownRegion", err)
	}
	_, err = New("", []Date{{2022, time.February, 30}})
	if !errors.Is(err, ErrInvalidDate) {
		t.Errorf("New with closure 2022-02-30: error = %v, want ErrInvalidDate", err)
	}
	cal := mustNew(t, "")
	if cal.Region() != RegionEnglandAndWales {
		t.Errorf("default region = %q, want %q", cal.Region(), RegionEnglandAndWales)
	}
}

func TestClosureDays(t *testing.T) {
	t.Parallel()
	plain := mustNew(t, "")
	cal := mustNew(t, "", "2026-12-29", "2026-12-30", "2026-12-31")
	for _, s := range []string{"2026-12-29", "2026-12-30", "2026-12-31"} {
		d := MustParseDate(s)
		if !plain.IsWorkingDay(d) {
			t.Fatalf("%s should be a working day without closures", s)
		}
		if cal.IsWorkingDay(d) || !cal.IsClosure(d) {
			t.Errorf("%s is a closure day but IsWorkingDay = true or IsClosure = false", s)
		}
		if _, ok := cal.HolidayName(d); ok {
			t.Errorf("closure day %s reported as a bank holiday", s)
		}
	}
	// 24 Dec 2026 is a Thursday; 25 and 28 are bank holidays, 29-31 closed.
	if got, want := cal.NextWorkingDay(MustParseDate("2026-12-24")), MustParseDate("2027-01-04"); got != want {
		t.Errorf("NextWorkingDay(2026-12-24) with closures = %v, want %v", got, want)
	}
	if got, want := plain.NextWorkingDay(MustParseDate("2026-12-24")), MustParseDate("2026-12-29"); got != want {
		t.Errorf("NextWorkingDay(2026-12-24) = %v, want %v", got, want)
	}
}

// TestPilot2022 checks the working days of the 2022 pilot, which started
// on a substitute bank holiday.
func TestPilot2022(t *testing.T) {
	t.Parallel()
	cal := mustNew(t, "")
	start, end := MustParseDate("2022-01-03"), MustParseDate("2022-02-04")
	days := cal.WorkingDaysBetween(start, end)
	if len(days) != 24 || days[0] != MustParseDate("2022-01-04") || days[23] != end {
		t.Errorf("WorkingDaysBetween(%v, %v) = %d days from %v to %v; want 24 from 2022-01-04 to %v",
			start, end, len(days), days[0], days[len(days)-1], end)
	}
	if got := cal.WorkingDayOnOrAfter(start); got != days[0] {
		t.Errorf("WorkingDayOnOrAfter(%v) = %v, want %v", start, got, days[0])
	}
	for i, d := range days {
		if got, ok := cal.WorkingDayIndex(start, d); !ok || got != i {
			t.Errorf("WorkingDayIndex(%v, %v) = %d, %v; want %d, true", start, d, got, ok, i)
		}
	}
	for _, d := range dates(t, "2022-01-03", "2022-01-08", "2022-01-02") {
		if i, ok := cal.WorkingDayIndex(start, d); ok {
			t.Errorf("WorkingDayIndex(%v, %v) = %d, true; want false", start, d, i)
		}
	}
	if got := cal.WorkingDaysBetween(end, start); got != nil {
		t.Errorf("WorkingDaysBetween(to before from) = %v, want nil", got)
	}
	if diff := cmp.Diff(dates(t, "2022-05-27", "2022-05-30", "2022-05-31", "2022-06-01", "2022-06-06"),
		cal.WorkingDaysBetween(MustParseDate("2022-05-27"), MustParseDate("2022-06-06"))); diff != "" {
		t.Errorf("working days around the 2022 jubilee (-want +got):\n%s", diff)
	}
}

func TestAddWorkingDays(t *testing.T) {
	t.Parallel()
	cal := mustNew(t, "")
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2021-12-24", 1, "2021-12-29"},
		{"2021-12-24", 0, "2021-12-24"},
		{"2021-12-25", 0, "2021-12-25"},
		{"2021-12-29", -1, "2021-12-24"},
		{"2022-04-14", 1, "2022-04-19"},
		{"2022-04-19", -2, "2022-04-13"},
		{"2022-05-27", 5, "2022-06-07"},
	}
	for _, tt := range tests {
		if got := cal.AddWorkingDays(MustParseDate(tt.from), tt.n); got != MustParseDate(tt.want) {
			t.Errorf("AddWorkingDays(%s, %d) = %v, want %s", tt.from, tt.n, got, tt.want)
		}
	}
}

// TestWorkingDayProperties checks invariants on random dates 1995-2100 in
// every region, with random closure days.
func TestWorkingDayProperties(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(20260323, 1))
	for _, region := range Regions() {
		var closures []Date
		for range 50 {
			closures = append(closures, randomDate(r))
		}
		cal, err := New(region, closures)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range closures {
			if cal.IsWorkingDay(c) {
				t.Errorf("%s: closure day %v is a working day", region, c)
			}
		}
		for y := 1995; y <= 2100; y++ {
			for _, h := range cal.Holidays(y) {
				if cal.IsWorkingDay(h) {
					t.Errorf("%s: bank holiday %v is a working day", region, h)
				}
			}
		}
		for range 500 {
			d := randomDate(r)
			if wd := d.Weekday(); (wd == time.Saturday || wd == time.Sunday) && cal.IsWorkingDay(d) {
				t.Errorf("%s: %v is a %v but IsWorkingDay = true", region, d, wd)
			}
			next := cal.NextWorkingDay(d)
			if !next.After(d) || !cal.IsWorkingDay(next) {
				t.Errorf("%s: NextWorkingDay(%v) = %v, not a later working day", region, d, next)
			}
			for x := d.AddDays(1); x.Before(next); x = x.AddDays(1) {
				if cal.IsWorkingDay(x) {
					t.Errorf("%s: working day %v lies between %v and NextWorkingDay %v", region, x, d, next)
				}
			}
			on := cal.WorkingDayOnOrAfter(d)
			if cal.IsWorkingDay(d) != (on == d) || on.After(next) {
				t.Errorf("%s: WorkingDayOnOrAfter(%v) = %v (NextWorkingDay %v)", region, d, on, next)
			}
			n := r.IntN(60)
			later := cal.AddWorkingDays(on, n)
			if i, ok := cal.WorkingDayIndex(d, later); !ok || i != n {
				t.Errorf("%s: WorkingDayIndex(%v, AddWorkingDays(%v, %d) = %v) = %d, %v; want %d, true",
					region, d, on, n, later, i, ok, n)
			}
			if back := cal.AddWorkingDays(later, -n); back != on {
				t.Errorf("%s: AddWorkingDays(AddWorkingDays(%v, %d), -%d) = %v", region, on, n, n, back)
			}
			if got := len(cal.WorkingDaysBetween(d, later)); got != n+1 {
				t.Errorf("%s: %d working days from %v to %v, want %d", region, got, d, later, n+1)
			}
		}
	}
}
