package observatory

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/fault"
)

// Problem is a CSV line that could not be imported.
type Problem struct {
	Line    int
	Message string
}

// MaxStratumBusinesses bounds a frame count: more businesses than any
// country has in one sector and size band is a typing error, and larger
// numbers would not fit the stored column.
const MaxStratumBusinesses = 10_000_000

var sizeBands = map[string]bool{"micro": true, "small": true, "medium": true, "large": true}

// ImportFrame replaces the tenant's population frame with the CSV in r:
// a header "sector,size_band,businesses" and one line per stratum, sector
// names as in the tenant's sector map. Nothing is replaced when any line
// has a problem.
func (s *Service) ImportFrame(ctx context.Context, tenantID int64, r io.Reader) (int, []Problem, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = 3
	cr.TrimLeadingSpace = true
	head, err := cr.Read()
	if err != nil {
		return 0, nil, fault.New(fault.Invalid, "csv: cannot read the header line: %v", err)
	}
	if strings.Join(head, ",") != "sector,size_band,businesses" {
		return 0, nil, fault.New(fault.Invalid, "csv: the header must be sector,size_band,businesses")
	}
	var rows []dbsqlc.PopulationStratumInsertParams
	var problems []Problem
	seen := map[[2]string]bool{}
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			problems = append(problems, Problem{line, err.Error()})
			continue
		}
		sector, band := strings.TrimSpace(rec[0]), strings.TrimSpace(rec[1])
		n, err := strconv.ParseInt(strings.TrimSpace(rec[2]), 10, 32)
		switch {
		case sector == "":
			problems = append(problems, Problem{line, "sector is empty"})
		case !sizeBands[band]:
			problems = append(problems, Problem{line, fmt.Sprintf("size_band %q is not micro, small, medium or large", band)})
		case err != nil || n < 0 || n > MaxStratumBusinesses:
			problems = append(problems, Problem{line, fmt.Sprintf("column 3 (businesses) %q is not a whole number from 0 to %d", fault.Short(rec[2]), MaxStratumBusinesses)})
		case seen[[2]string{sector, band}]:
			problems = append(problems, Problem{line, fmt.Sprintf("stratum %s / %s appears twice", sector, band)})
		default:
			seen[[2]string{sector, band}] = true
			rows = append(rows, dbsqlc.PopulationStratumInsertParams{TenantID: tenantID, Sector: sector, SizeBand: band, Businesses: int32(n)}) // n is within MaxStratumBusinesses
		}
	}
	if len(problems) > 0 {
		return 0, problems, nil
	}
	err = s.st.InTx(ctx, func(q *dbsqlc.Queries) error {
		if err := q.PopulationStratumDeleteAll(ctx, tenantID); err != nil {
			return err
		}
		for _, r := range rows {
			if err := q.PopulationStratumInsert(ctx, r); err != nil {
				return err
			}
		}
		// Weighted series computed with the old frame are stale now.
		return q.ObservatoryRollupBump(ctx, tenantID)
	})
	if err != nil {
		return 0, nil, fmt.Errorf("observatory.ImportFrame: %w", err)
	}
	return len(rows), nil, nil
}
