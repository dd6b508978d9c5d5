package calendar

import (
	"testing"
	"time"
	_ "time/tzdata" // the same zone rules on every machine
)

// TestDeliveryInstantLondonDST covers the last Sundays of March and October
// 2026, the days around them, and the gap and the overlap.
func TestDeliveryInstantLondonDST(t *testing.T) {
	t.Parallel()
	loc := london(t)
	tests := []struct {
		date   string
		minute int
		want   string // RFC 3339 in London
	}{
		{"2026-03-27", 9 * 60, "2026-03-27T09:00:00Z"},          // Friday before, GMT
		{"2026-03-29", 9 * 60, "2026-03-29T09:00:00+01:00"},     // spring-forward Sunday
		{"2026-03-30", 9 * 60, "2026-03-30T09:00:00+01:00"},     // Monday after, BST
		{"2026-03-29", 0, "2026-03-29T00:00:00Z"},               // before the gap
		{"2026-03-29", 59, "2026-03-29T00:59:00Z"},              // last minute before the gap
		{"2026-03-29", 60, "2026-03-29T02:00:00+01:00"},         // 01:00 does not exist
		{"2026-03-29", 90, "2026-03-29T02:00:00+01:00"},         // 01:30 does not exist
		{"2026-03-29", 120, "2026-03-29T02:00:00+01:00"},        // first minute after the gap
		{"2026-03-29", 121, "2026-03-29T02:01:00+01:00"},        //
		{"2026-10-23", 9 * 60, "2026-10-23T09:00:00+01:00"},     // Friday before, BST
		{"2026-10-25", 9 * 60, "2026-10-25T09:00:00Z"},          // fall-back Sunday
		{"2026-10-26", 9 * 60, "2026-10-26T09:00:00Z"},          // Monday after, GMT
		{"2026-10-25", 60, "2026-10-25T01:00:00+01:00"},         // 01:00 happens twice: first
		{"2026-10-25", 90, "2026-10-25T01:30:00+01:00"},         // 01:30 happens twice: first
		{"2026-10-25", 119, "2026-10-25T01:59:00+01:00"},        //
		{"2026-10-25", 120, "2026-10-25T02:00:00Z"},             // only once
		{"2026-10-25", 24 * 60, "2026-10-26T00:00:00Z"},         // minute 1440 is the next midnight
		{"2026-10-25", -60, "2026-10-24T23:00:00+01:00"},        // negative minutes go back
		{"2026-10-25", 23*60 + 59, "2026-10-25T23:59:00Z"},      // end of a 25-hour day
		{"2026-03-29", 23*60 + 59, "2026-03-29T23:59:00+01:00"}, // end of a 23-hour day
	}
	for _, tt := range tests {
		got := DeliveryInstant(MustParseDate(tt.date), loc, tt.minute)
		if s := got.In(loc).Format(time.RFC3339); s != tt.want {
			t.Errorf("DeliveryInstant(%s, London, %d) = %s, want %s", tt.date, tt.minute, s, tt.want)
		}
	}
	// The spring-forward and fall-back Sundays are 23 and 25 hours long.
	for date, hours := range map[string]float64{"2026-03-29": 23, "2026-10-25": 25, "2026-10-26": 24} {
		d := MustParseDate(date)
		if got := d.AddDays(1).Time(loc).Sub(d.Time(loc)).Hours(); got != hours {
			t.Errorf("%s lasts %v hours in London, want %v", date, got, hours)
		}
	}
}

func TestDeliveryInstantOtherZones(t *testing.T) {
	t.Parallel()
	tests := []struct {
		zone, date string
		minute     int
		want       string
	}{
		{"UTC", "2026-03-29", 90, "2026-03-29T01:30:00Z"},
		{"America/New_York", "2026-03-08", 150, "2026-03-08T03:00:00-04:00"},          // gap 02:00-03:00
		{"America/New_York", "2026-11-01", 90, "2026-11-01T01:30:00-04:00"},           // overlap, first
		{"America/Sao_Paulo", "2018-11-04", 0, "2018-11-04T01:00:00-02:00"},           // midnight skipped
		{"Pacific/Apia", "2011-12-30", 9 * 60, "2011-12-31T00:00:00+14:00"},           // whole day skipped
		{"Australia/Lord_Howe", "2026-10-04", 2*60 + 10, "2026-10-04T02:30:00+11:00"}, // 30-minute gap
		{"Europe/Dublin", "2026-10-25", 90, "2026-10-25T01:30:00+01:00"},              // negative DST in tzdata
	}
	for _, tt := range tests {
		loc, err := time.LoadLocation(tt.zone)
		if err != nil {
			t.Fatal(err)
		}
		got := DeliveryInstant(MustParseDate(tt.date), loc, tt.minute)
		if s := got.In(loc).Format(time.RFC3339); s != tt.want {
			t.Errorf("DeliveryInstant(%s, %s, %d) = %s, want %s", tt.date, tt.zone, tt.minute, s, tt.want)
		}
	}
}

func TestCloseInstant(t *testing.T) {
	t.Parallel()
	loc := london(t)
	cal := mustNew(t, "", "2026-12-29")
	tests := []struct {
		delivery string
		rule     CloseRule
		want     string
	}{
		{"2026-03-26", CloseRule{}, "2026-03-28T00:00:00Z"},                // end of Friday, GMT
		{"2026-03-27", CloseRule{}, "2026-03-31T00:00:00+01:00"},           // over the clock change
		{"2026-10-23", CloseRule{}, "2026-10-27T00:00:00Z"},                // back to GMT
		{"2026-10-23", CloseRule{WorkingDays: 3}, "2026-10-29T00:00:00Z"},  //
		{"2026-10-24", CloseRule{WorkingDays: -1}, "2026-10-27T00:00:00Z"}, // a Saturday
		{"2026-04-02", CloseRule{}, "2026-04-08T00:00:00+01:00"},           // over Easter
		{"2026-12-24", CloseRule{}, "2026-12-31T00:00:00Z"},                // Christmas and a closure day
	}
	for _, tt := range tests {
		got := CloseInstant(cal, MustParseDate(tt.delivery), loc, tt.rule)
		if s := got.In(loc).Format(time.RFC3339); s != tt.want {
			t.Errorf("CloseInstant(%s, %+v) = %s, want %s", tt.delivery, tt.rule, s, tt.want)
		}
	}
}

func TestReminderInstant(t *testing.T) {
	t.Parallel()
	loc := london(t)
	cal := mustNew(t, "")
	at := func(s string) time.Time {
		tm, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	far := at("2030-01-01 00:00")
	tests := []struct {
		name            string
		delivery, close time.Time
		after           time.Duration
		want            time.Time // zero for no reminder
	}{
		{"same afternoon", at("2026-03-27 09:00"), far, 6 * time.Hour, at("2026-03-27 15:00")},
		{"into Saturday", at("2026-03-27 20:00"), far, 6 * time.Hour, time.Time{}},
		{"into Good Friday", at("2026-04-02 20:00"), far, 6 * time.Hour, time.Time{}},
		{"overnight to a working day", at("2026-03-26 20:00"), far, 6 * time.Hour, at("2026-03-27 02:00")},
		{"after close", at("2026-03-27 09:00"), at("2026-03-27 14:00"), 6 * time.Hour, time.Time{}},
		{"exactly at close", at("2026-03-27 09:00"), at("2026-03-27 15:00"), 6 * time.Hour, time.Time{}},
		{"not positive", at("2026-03-27 09:00"), far, 0, time.Time{}},
		{"over the fall-back night", at("2026-10-25 22:00"), far, 6 * time.Hour, at("2026-10-26 04:00")},
		{"Sunday delivery, Sunday reminder", at("2026-10-25 09:00"), far, 6 * time.Hour, time.Time{}},
	}
	for _, tt := range tests {
		got, ok := ReminderInstant(cal, tt.delivery, loc, tt.after, tt.close)
		if ok != !tt.want.IsZero() || !got.Equal(tt.want) {
			t.Errorf("%s: ReminderInstant = %v, %v; want %v, %v", tt.name, got, ok, tt.want, !tt.want.IsZero())
		}
	}
	// The day is judged in loc: 23:30 UTC on a Friday is Saturday in Tokyo.
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Fatal(err)
	}
	delivery := time.Date(2026, time.March, 27, 17, 30, 0, 0, time.UTC)
	if _, ok := ReminderInstant(cal, delivery, time.UTC, 6*time.Hour, far); !ok {
		t.Error("reminder at 23:30 UTC on a Friday refused in UTC")
	}
	if _, ok := ReminderInstant(cal, delivery, tokyo, 6*time.Hour, far); ok {
		t.Error("reminder on Saturday morning in Tokyo allowed")
	}
}
