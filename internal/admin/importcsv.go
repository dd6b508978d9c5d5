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
	rules, err := s.SectorMap(ctx, tenantID)
	if err != nil {
		return ImportResult{}, err
	}
	m, err := sector.NewMap(rules)
	if err != nil {
		return ImportResult{}, fmt.Errorf("admin.ImportBusinesses: stored sector map: %w", err)
	}
	var res ImportResult
	p := dbsqlc.BusinessUpsertManyParams{TenantID: tenantID}
	seen := map[string]int{}
	err = readCSV(r, []string{"ref", "name", "sic", "employees", "district"}, func(line int, get func(string) string) {
		bad := func(col, format string, a ...any) {
			res.Problems = append(res.Problems, Problem{line, col, fmt.Sprintf(format, a...)})
		}
		ref, sic := get("ref"), get("sic")
		emp, convErr := parseCount("employees", get("employees"), MaxEmployees)
		longCol, long := firstLong(tooLong("ref", ref, MaxRefLen), tooLong("name", get("name"), MaxNameLen), tooLong("district", get("district"), MaxDistrictLen))
		switch {
		case ref == "":
			bad("ref", "ref is empty")
		case long != "":
			bad(longCol, "%s", long)
		case seen[ref] != 0:
			bad("ref", "ref %s repeats line %d", quote(ref), seen[ref])
		case get("name") == "":
			bad("name", "name is empty")
		case !sector.ValidSIC(sic):
			bad("sic", "sic %s is not a five-digit SIC 2007 code", quote(sic))
		case convErr != nil:
			bad("employees", "%v", convErr)
		case get("district") == "":
			bad("district", "district is empty")
		default:
			res.Businesses = append(res.Businesses, BusinessRow{Line: line, Ref: ref, Name: get("name"), SIC: sic, Sector: m.Lookup(sic), SizeBand: SizeBand(int(emp))})
			seen[ref] = line
			p.Refs = append(p.Refs, ref)
			p.Names = append(p.Names, get("name"))
			p.Sics = append(p.Sics, sic)
			p.Sectors = append(p.Sectors, m.Lookup(sic))
			p.SizeBands = append(p.SizeBands, SizeBand(int(emp)))
			p.Employees = append(p.Employees, int32(emp))
			p.Districts = append(p.Districts, get("district"))
		}
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
		x := row{line: line, ref: get("ref"), bref: get("business_ref"), name: get("name"), email: get("email"), role: get("role"), tz: get("time_zone"), minute: 540}
		if x.tz == "" {
			x.tz = "Europe/London"
		}
		if d := get("delivery_time"); d != "" {
			m, err := ParseClock(d)
			if err != nil {
				bad("delivery_time", "delivery_time: %v", err)
				return
			}
			x.minute = m
		}
		if err := ianaZone(x.tz); err != nil {
			bad("time_zone", "%v", err)
			return
		}
		if err := plainEmail(x.email); err != nil {
			bad("email", "%v", err)
			return
		}
		longCol, long := firstLong(tooLong("ref", x.ref, MaxRefLen), tooLong("business_ref", x.bref, MaxRefLen), tooLong("name", x.name, MaxNameLen),
			tooLong("email", x.email, MaxEmailLen), tooLong("role", x.role, MaxRoleLen))
		switch {
		case x.ref == "":
			bad("ref", "ref is empty")
		case long != "":
			bad(longCol, "%s", long)
		case seen[x.ref] != 0:
			bad("ref", "ref %s repeats line %d", quote(x.ref), seen[x.ref])
		case x.bref == "":
			bad("business_ref", "business_ref is empty")
		case x.name == "":
			bad("name", "name is empty")
		default:
			seen[x.ref] = line
			rows = append(rows, x)
		}
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
