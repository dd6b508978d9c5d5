package calendar

import (
	"encoding/json"
	"errors"
	"testing"
	"time"
)

func london(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatalf("load Europe/London: %v", err)
	}
	return loc
}

func TestParseDate(t *testing.T) {
	t.Parallel()
	d, err := ParseDate("2022-01-03")
	if err != nil {
		t.Fatal(err)
	}
	if want := (Date{2022, time.January, 3}); d != want {
		t.Errorf("ParseDate(2022-01-03) = %#v, want %#v", d, want)
	}
	if s := d.String(); s != "2022-01-03" {
		t.Errorf("String() = %q, want 2022-01-03", s)
	}
	for _, bad := range []string{"", "2022-1-3", "2022-02-30", "2022-13-01", "03/01/2022", "2022-01-03T00:00:00Z"} {
		if _, err := ParseDate(bad); !errors.Is(err, ErrInvalidDate) {
			t.Errorf("ParseDate(%q) error = %v, want ErrInvalidDate", bad, err)
		}
	}
}

func TestDateArithmetic(t *testing.T) {
	t.Parallel()
	d := MustParseDate("2024-02-28")
	if got := d.AddDays(1); got.String() != "2024-02-29" {
		t.Errorf("AddDays(1) = %v, want 2024-02-29", got)
	}
	if got := d.AddDays(2); got.String() != "2024-03-01" {
		t.Errorf("AddDays(2) = %v, want 2024-03-01", got)
	}
	if got := MustParseDate("2026-12-31").AddDays(1); got.String() != "2027-01-01" {
		t.Errorf("AddDays across the year = %v, want 2027-01-01", got)
	}
	if got := MustParseDate("2027-01-01").AddDays(-366); got.String() != "2025-12-31" {
		t.Errorf("AddDays(-366) = %v, want 2025-12-31", got)
	}
	if got := MustParseDate("2026-03-29").Weekday(); got != time.Sunday {
		t.Errorf("2026-03-29 is a %v, want Sunday", got)
	}
	if got := NewDate(2022, time.February, 30); got.String() != "2022-03-02" || !got.IsValid() {
		t.Errorf("NewDate(2022, 2, 30) = %v (valid %v), want 2022-03-02", got, got.IsValid())
	}
	if (Date{2022, time.February, 30}).IsValid() || (Date{}).IsValid() || !(Date{}).IsZero() {
		t.Error("2022-02-30 and the zero Date must be invalid, and the zero Date zero")
	}
	a, b := MustParseDate("2025-12-31"), MustParseDate("2026-01-01")
	if !a.Before(b) || a.After(b) || !b.After(a) || a.Equal(b) || !a.Equal(a) || a.Compare(a) != 0 {
		t.Errorf("ordering of %v and %v is wrong", a, b)
	}
	if n := a.DaysUntil(MustParseDate("2026-03-30")); n != 89 {
		t.Errorf("DaysUntil across the March clock change = %d, want 89", n)
	}
	seen := map[Date]int{a: 1}
	if seen[MustParseDate("2025-12-31")] != 1 || seen[b] != 0 {
		t.Error("Date does not work as a map key")
	}
}

func TestDateOfAndTime(t *testing.T) {
	t.Parallel()
	loc := london(t)
	// 23:30 UTC on 29 March 2026 is 00:30 BST on the 30th.
	instant := time.Date(2026, time.March, 29, 23, 30, 0, 0, time.UTC)
	if got := DateOf(instant); got.String() != "2026-03-29" {
		t.Errorf("DateOf(UTC) = %v, want 2026-03-29", got)
	}
	if got := DateOf(instant.In(loc)); got.String() != "2026-03-30" {
		t.Errorf("DateOf(London) = %v, want 2026-03-30", got)
	}
	mid := MustParseDate("2026-03-30").Time(loc)
	if got := mid.Format(time.RFC3339); got != "2026-03-30T00:00:00+01:00" {
		t.Errorf("Time(London) = %s, want 2026-03-30T00:00:00+01:00", got)
	}
	if got := MustParseDate("2026-03-30").Time(nil); !got.Equal(time.Date(2026, 3, 30, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("Time(nil) = %v, want midnight UTC", got)
	}
}

func TestDateText(t *testing.T) {
	t.Parallel()
	in := map[string]Date{"start": MustParseDate("2022-01-03")}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"start":"2022-01-03"}` {
		t.Errorf("json = %s, want {\"start\":\"2022-01-03\"}", b)
	}
	var out map[string]Date
	if err := json.Unmarshal(b, &out); err != nil || out["start"] != in["start"] {
		t.Errorf("round trip = %v, %v; want %v", out, err, in)
	}
	if err := json.Unmarshal([]byte(`{"start":"2022-02-30"}`), &out); !errors.Is(err, ErrInvalidDate) {
		t.Errorf("unmarshal 2022-02-30: error = %v, want ErrInvalidDate", err)
	}
}
