package admin

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/fault"
	"github.com/panelpulse/panelpulse/internal/sector"
)

// Problem is a CSV row that was not imported: its line number, the
// column at fault ("" when it is the whole row) and the rule it broke.
type Problem struct {
	Line    int
	Column  string
	Message string
}

// BusinessRow is a business row that would be imported, with the sector
// its SIC code maps to and its size band.
type BusinessRow struct {
	Line     int
	Ref      string
	Name     string
	SIC      string
	Sector   string
	SizeBand string
}

// ImportResult reports a bulk import: rows written (or, in a dry run,
// that would be) and rows refused. Rows are imported only when the whole
// file is free of problems; a dry run writes nothing.
type ImportResult struct {
	Imported int64
	Problems []Problem
	// Businesses are the business rows that pass, in file order.
	Businesses []BusinessRow
}

// SizeBand returns the size band of a business by employees.
func SizeBand(employees int) string {
	switch {
	case employees < 10:
		return "micro"
	case employees < 50:
		return "small"
	case employees < 250:
		return "medium"
	default:
		return "large"
	}
}

// BusinessFields are a business's fields as written in an import row.
type BusinessFields struct {
	Ref, Name, SIC, Employees, District string
}

// checkBusiness applies the rules of an imported business row to in and
// returns the employees it names, or the column at fault and the rule
// broken. repeat, when not nil, says why a ref cannot be used again ("":
// it can).
func checkBusiness(in BusinessFields, repeat func(ref string) string) (employees int64, col, msg string) {
	emp, convErr := parseCount("employees", in.Employees, MaxEmployees)
	longCol, long := firstLong(tooLong("ref", in.Ref, MaxRefLen), tooLong("name", in.Name, MaxNameLen), tooLong("district", in.District, MaxDistrictLen))
	rep := ""
	if repeat != nil && in.Ref != "" && long == "" {
		rep = repeat(in.Ref)
	}
	switch {
	case in.Ref == "":
		return 0, "ref", "ref is empty"
	case long != "":
		return 0, longCol, long
	case rep != "":
		return 0, "ref", rep
	case in.Name == "":
		return 0, "name", "name is empty"
	case !sector.ValidSIC(in.SIC):
		return 0, "sic", fmt.Sprintf("sic %s is not a five-digit SIC 2007 code", quote(in.SIC))
	case convErr != nil:
		return 0, "employees", convErr.Error()
	case in.District == "":
		return 0, "district", "district is empty"
	}
	return emp, "", ""
}

// repeats says a ref repeats an earlier line of seen (ref: line).
func repeats(seen map[string]int) func(string) string {
	return func(ref string) string {
		if seen[ref] != 0 {
			return fmt.Sprintf("ref %s repeats line %d", quote(ref), seen[ref])
		}
		return ""
	}
}

// PanellistFields are a panellist's fields as written in an import row.
type PanellistFields struct {
	Ref, BusinessRef, Name, Email, Role, TimeZone, DeliveryTime string
}

// DefaultTimeZone and DefaultDeliveryMinute are a panellist's time zone
// and delivery time (09:00) when none is given.
const (
	DefaultTimeZone       = "Europe/London"
	DefaultDeliveryMinute = 540
)

// checkPanellist applies the rules of an imported panellist row to in
// (an empty time zone is DefaultTimeZone, an empty delivery time
// DefaultDeliveryMinute) and returns the time zone and delivery minute it
// names, or the column at fault and the rule broken. repeat is as for
// checkBusiness.
func checkPanellist(in PanellistFields, repeat func(ref string) string) (tz string, minute int32, col, msg string) {
	tz, minute = in.TimeZone, DefaultDeliveryMinute
	if tz == "" {
		tz = DefaultTimeZone
	}
	if in.DeliveryTime != "" {
		m, err := ParseClock(in.DeliveryTime)
		if err != nil {
			return "", 0, "delivery_time", fmt.Sprintf("delivery_time: %v", err)
		}
		minute = m
	}
	if err := ianaZone(tz); err != nil {
		return "", 0, "time_zone", err.Error()
	}
	if err := plainEmail(in.Email); err != nil {
		return "", 0, "email", err.Error()
	}
	longCol, long := firstLong(tooLong("ref", in.Ref, MaxRefLen), tooLong("business_ref", in.BusinessRef, MaxRefLen), tooLong("name", in.Name, MaxNameLen),
		tooLong("email", in.Email, MaxEmailLen), tooLong("role", in.Role, MaxRoleLen))
	rep := ""
	if repeat != nil && in.Ref != "" && long == "" {
		rep = repeat(in.Ref)
	}
	switch {
	case in.Ref == "":
		return "", 0, "ref", "ref is empty"
	case long != "":
		return "", 0, longCol, long
	case rep != "":
		return "", 0, "ref", rep
	case in.BusinessRef == "":
		return "", 0, "business_ref", "business_ref is empty"
	case in.Name == "":
		return "", 0, "name", "name is empty"
	}
	return tz, minute, "", ""
}

// readCSV reads a CSV with a header naming at least the required columns,
// and calls row for each record with a column lookup.
func readCSV(r io.Reader, required []string, row func(line int, get func(string) string)) error {
	cr := csv.NewReader(r)
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err != nil {
		return fault.New(fault.Invalid, "csv: cannot read the header row: %v", err)
	}
	idx := map[string]int{}
	for i, h := range header {
		idx[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	for _, c := range required {
		if _, ok := idx[c]; !ok {
			return fault.New(fault.Invalid, "csv: the header has no %q column (need %s)", c, strings.Join(required, ","))
		}
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			return fault.New(fault.Invalid, "csv line %d: %v", line, err)
		}
		row(line, func(col string) string {
			i, ok := idx[col]
			if !ok || i >= len(rec) {
				return ""
			}
			return strings.TrimSpace(rec[i])
		})
	}
}

// ImportBusinesses upserts businesses from CSV with columns
// ref,name,sic,employees,district; the sector comes from the tenant's map.
// With dryRun nothing is written.
func (s *Service) ImportBusinesses(ctx context.Context, tenantID int64, r io.Reader, dryRun bool) (ImportResult, error) {
	m, err := sectorMap(ctx, s.st.Q, tenantID)
	if err != nil {
		return ImportResult{}, fmt.Errorf("admin.ImportBusinesses: %w", err)
	}
	var res ImportResult
	p := dbsqlc.BusinessUpsertManyParams{TenantID: tenantID}
	seen := map[string]int{}
	err = readCSV(r, []string{"ref", "name", "sic", "employees", "district"}, func(line int, get func(string) string) {
		bad := func(col, format string, a ...any) {
			res.Problems = append(res.Problems, Problem{line, col, fmt.Sprintf(format, a...)})
		}
		in := BusinessFields{Ref: get("ref"), Name: get("name"), SIC: get("sic"), Employees: get("employees"), District: get("district")}
		emp, col, msg := checkBusiness(in, repeats(seen))
		ref, sic := in.Ref, in.SIC
		if msg != "" {
			bad(col, "%s", msg)
			return
		}
		res.Businesses = append(res.Businesses, BusinessRow{Line: line, Ref: ref, Name: get("name"), SIC: sic, Sector: m.Lookup(sic), SizeBand: SizeBand(int(emp))})
		seen[ref] = line
		p.Refs = append(p.Refs, ref)
		p.Names = append(p.Names, get("name"))
		p.Sics = append(p.Sics, sic)
		p.Sectors = append(p.Sectors, m.Lookup(sic))
		p.SizeBands = append(p.SizeBands, SizeBand(int(emp)))
		p.Employees = append(p.Employees, int32(emp))
		p.Districts = append(p.Districts, get("district"))
	})
	if err != nil || len(res.Problems) > 0 {
		return res, err
	}
	if dryRun {
		res.Imported = int64(len(p.Refs))
		return res, nil
	}
	res.Imported, err = s.st.Q.BusinessUpsertMany(ctx, p)
	if err != nil {
		return ImportResult{}, fmt.Errorf("admin.ImportBusinesses: %w", err)
	}
	return res, nil
}

// ParseClock parses "HH:MM" into minutes after midnight.
func ParseClock(s string) (int32, error) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, fmt.Errorf("time %q is not HH:MM", s)
	}
	return int32(t.Hour()*60 + t.Minute()), nil
}

// ImportPanellists upserts panellists from CSV with columns
// ref,business_ref,name,email,role,time_zone,delivery_time (the last three optional).
// With dryRun nothing is written.
func (s *Service) ImportPanellists(ctx context.Context, tenantID int64, r io.Reader, dryRun bool) (ImportResult, error) {
	type row struct {
		line                             int
		ref, bref, name, email, role, tz string
		minute                           int32
	}
	var res ImportResult
	var rows []row
	seen := map[string]int{}
	err := readCSV(r, []string{"ref", "business_ref", "name", "email"}, func(line int, get func(string) string) {
		bad := func(col, format string, a ...any) {
			res.Problems = append(res.Problems, Problem{line, col, fmt.Sprintf(format, a...)})
		}
		x := row{line: line, ref: get("ref"), bref: get("business_ref"), name: get("name"), email: get("email"), role: get("role")}
		in := PanellistFields{Ref: x.ref, BusinessRef: x.bref, Name: x.name, Email: x.email, Role: x.role, TimeZone: get("time_zone"), DeliveryTime: get("delivery_time")}
		tz, minute, col, msg := checkPanellist(in, repeats(seen))
		if msg != "" {
			bad(col, "%s", msg)
			return
		}
		x.tz, x.minute = tz, minute
		seen[x.ref] = line
		rows = append(rows, x)
	})
	if err != nil || len(res.Problems) > 0 {
		return res, err
	}
	var brefs []string
	for _, x := range rows {
		brefs = append(brefs, x.bref)
	}
	bs, err := s.st.Q.BusinessIDsByRef(ctx, dbsqlc.BusinessIDsByRefParams{TenantID: tenantID, Refs: brefs})
	if err != nil {
		return ImportResult{}, fmt.Errorf("admin.ImportPanellists: %w", err)
	}
	ids := map[string]int64{}
	for _, b := range bs {
		ids[b.Ref] = b.ID
	}
	p := dbsqlc.PanellistUpsertManyParams{TenantID: tenantID}
	for _, x := range rows {
		id, ok := ids[x.bref]
		if !ok {
			res.Problems = append(res.Problems, Problem{x.line, "business_ref", fmt.Sprintf("business_ref %s is not an imported business", quote(x.bref))})
			continue
		}
		p.BusinessIds = append(p.BusinessIds, id)
		p.Refs = append(p.Refs, x.ref)
		p.Names = append(p.Names, x.name)
		p.Emails = append(p.Emails, x.email)
		p.Roles = append(p.Roles, x.role)
		p.TimeZones = append(p.TimeZones, x.tz)
		p.DeliveryMinutes = append(p.DeliveryMinutes, x.minute)
	}
	if len(res.Problems) > 0 {
		return res, nil
	}
	if dryRun {
		res.Imported = int64(len(p.Refs))
		return res, nil
	}
	res.Imported, err = s.st.Q.PanellistUpsertMany(ctx, p)
	if err != nil {
		return ImportResult{}, fmt.Errorf("admin.ImportPanellists: %w", err)
	}
	return res, nil
}
