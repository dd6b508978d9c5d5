package rpc_test

import (
	"context"
	"strings"
	"testing"

	"connectrpc.com/connect"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
)

// TestImportRefusesBadCells: integers out of range (4294967297 used to be
// stored as 1, 2147483648 gave Internal), display-name emails, "Local"
// time zones and oversized names are refused with the line and the column,
// quoting at most 40 characters, and nothing is stored.
func TestImportRefusesBadCells(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	adm := adminClient(t, "imports", "Imports")
	long := strings.Repeat("n", 5000)
	res, err := adm.ImportBusinesses(ctx, connect.NewRequest(&pb.ImportBusinessesRequest{Csv: "ref,name,sic,employees,district\n" +
		"B1,One,28110,4294967297,Leicester\n" +
		"B2,Two,28110,2147483648,Leicester\n" +
		"B3,Three,28110,-1,Leicester\n" +
		"B4," + long + ",28110,12,Leicester\n" +
		"B5,Five,28110,12,Leicester\n"}))
	if err != nil {
		t.Fatalf("ImportBusinesses: %v", err)
	}
	want := map[int32]string{
		2: `column employees: "4294967297" is not a whole number from 0 to 10000000`,
		3: `column employees: "2147483648" is not a whole number from 0 to 10000000`,
		4: `column employees: "-1" is not a whole number from 0 to 10000000`,
		5: "name is 5000 characters long; the limit is 200",
	}
	check := func(what string, ps []*pb.ImportProblem, imported int32, want map[int32]string) {
		t.Helper()
		if imported != 0 || len(ps) != len(want) {
			t.Fatalf("%s: imported %d with problems %v, want none imported and %d problems", what, imported, ps, len(want))
		}
		for _, p := range ps {
			if p.Message != want[p.Line] {
				t.Errorf("%s line %d: %q, want %q", what, p.Line, p.Message, want[p.Line])
			}
			if len(p.Message) > 200 {
				t.Errorf("%s line %d: the message echoes the input (%d bytes)", what, p.Line, len(p.Message))
			}
		}
	}
	check("businesses", res.Msg.Problems, res.Msg.Imported, want)

	ok, err := adm.ImportBusinesses(ctx, connect.NewRequest(&pb.ImportBusinessesRequest{Csv: "ref,name,sic,employees,district\nB5,Five,28110,12,Leicester\n"}))
	if err != nil || ok.Msg.Imported != 1 {
		t.Fatalf("a clean import: %v %v", ok, err)
	}
	pres, err := adm.ImportPanellists(ctx, connect.NewRequest(&pb.ImportPanellistsRequest{Csv: "ref,business_ref,name,email,time_zone\n" +
		"P1,B5,Sam,Sam <sam@x.example>,Europe/London\n" +
		"P2,B5,Kim,kim@x.example,Local\n" +
		"P3,B5,Lee,lee@x.example,Mars/Olympus\n" +
		strings.Repeat("r", 100) + ",B5,Ann,ann@x.example,Europe/London\n"}))
	if err != nil {
		t.Fatalf("ImportPanellists: %v", err)
	}
	check("panellists", pres.Msg.Problems, pres.Msg.Imported, map[int32]string{
		2: `column email: "Sam <sam@x.example>" is not a plain email address (write only name@domain, without a display name)`,
		3: `column time_zone: "Local" is not an IANA time zone name (such as Europe/London)`,
		4: `column time_zone: "Mars/Olympus" is not an IANA time zone name (such as Europe/London)`,
		5: "ref is 100 characters long; the limit is 64",
	})
}

// TestDatesInASaneWindow: wave starts and closure days in year 0 or 9999
// are InvalidArgument naming the field and the window.
func TestDatesInASaneWindow(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	adm := adminClient(t, "dates", "Dates")
	for _, d := range []string{"0000-01-03", "9999-12-06", "1999-12-31", "2101-01-03"} {
		_, err := adm.CreateWave(ctx, connect.NewRequest(&pb.CreateWaveRequest{Name: "W", StartDate: d, WorkingDays: 5,
			Plan: []*pb.PlanItem{{Day: 0, QuestionKey: "q"}}}))
		if connect.CodeOf(err) != connect.CodeInvalidArgument || !strings.Contains(err.Error(), "start_date: \""+d+"\" is outside the years 2000 to 2100") {
			t.Errorf("wave starting %s: %v, want InvalidArgument naming the window", d, err)
		}
		_, err = adm.SetClosureDays(ctx, connect.NewRequest(&pb.SetClosureDaysRequest{Days: []*pb.ClosureDay{{Day: "2026-12-25", Reason: "Christmas"}, {Day: d, Reason: "x"}}}))
		if connect.CodeOf(err) != connect.CodeInvalidArgument || !strings.Contains(err.Error(), "days[1].day: \""+d+"\" is outside the years 2000 to 2100") {
			t.Errorf("closure day %s: %v, want InvalidArgument naming the window", d, err)
		}
	}
}

// TestErrorsQuoteAShortPrefix: an unknown 63-character question key (the
// longest the API takes) is quoted by its first 40 characters, not echoed;
// a 30,000-character one is refused by its length and not quoted at all.
func TestErrorsQuoteAShortPrefix(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	adm := adminClient(t, "echo", "Echo")
	wave := func(key string) error {
		_, err := adm.CreateWave(ctx, connect.NewRequest(&pb.CreateWaveRequest{Name: "W", StartDate: "2026-11-23", WorkingDays: 5,
			Plan: []*pb.PlanItem{{Day: 0, QuestionKey: key}}}))
		return err
	}
	err := wave(strings.Repeat("q", 63))
	if connect.CodeOf(err) != connect.CodeInvalidArgument || len(err.Error()) > 200 || !strings.Contains(err.Error(), strings.Repeat("q", 40)+"...") {
		t.Fatalf("unknown long key: %.200v (%d bytes), want InvalidArgument quoting 40 characters", err, len(err.Error()))
	}
	err = wave(strings.Repeat("q", 30000))
	if connect.CodeOf(err) != connect.CodeInvalidArgument || len(err.Error()) > 200 || strings.Contains(err.Error(), strings.Repeat("q", 20)) {
		t.Fatalf("a 30,000-character key: %.200v (%d bytes), want InvalidArgument without the key", err, len(err.Error()))
	}
}
