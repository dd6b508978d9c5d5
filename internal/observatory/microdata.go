package observatory

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/fault"
)

// MicroRow is one latest answer in the micro-data export. Respondent is a
// pseudonym: HMAC-SHA256 of the panellist id under a per-tenant secret, so
// it is stable within a tenant and cannot be linked across tenants (or back
// to a person without the secret). Erased panellists have an empty
// Respondent. Free-text answers are not exported (they may identify).
type MicroRow struct {
	AnswerID        int64    `json:"answer_id" parquet:"answer_id"`
	Respondent      string   `json:"respondent" parquet:"respondent"`
	QuestionKey     string   `json:"question_key" parquet:"question_key"`
	QuestionVersion int32    `json:"question_version" parquet:"question_version"`
	Day             string   `json:"day" parquet:"day"`
	Sector          string   `json:"sector" parquet:"sector"`
	SizeBand        string   `json:"size_band" parquet:"size_band"`
	District        string   `json:"district" parquet:"district"`
	Revision        int32    `json:"revision" parquet:"revision"`
	Value           *float64 `json:"value" parquet:"value,optional"`
	Codes           string   `json:"codes" parquet:"codes"`
	Matrix          string   `json:"matrix" parquet:"matrix"`
	DontKnow        bool     `json:"dont_know" parquet:"dont_know"`
}

// MicroHeader is the CSV header of MicroRow, in field order.
var MicroHeader = []string{"answer_id", "respondent", "question_key", "question_version", "day", "sector",
	"size_band", "district", "revision", "value", "codes", "matrix", "dont_know"}

// microdataSQL is written here rather than in db/queries because sqlc's
// :many collects the whole result in a slice; the export must stream row by
// row from the server (pgx rows iteration) to stay in constant memory.
const microdataSQL = `
SELECT an.id, an.panellist_id, q.key, an.question_version, an.day, b.sector, b.size_band, b.district,
    an.revision, an.num_value, an.codes,
    coalesce(an.value->'matrix', 'null'::jsonb)::text,
    coalesce((an.value->>'dont_know')::boolean, false)
FROM answer an
JOIN business b ON b.tenant_id = an.tenant_id AND b.id = an.business_id
JOIN question q ON q.tenant_id = an.tenant_id AND q.id = an.question_id
WHERE an.tenant_id = $1 AND an.is_latest AND ($2 = '' OR q.key = $2)
ORDER BY an.id`

// MicrodataCopySQL is the micro-data query of one tenant's every question
// as a COPY ... TO STDOUT in CSV: the same rows and columns straight out of
// PostgreSQL (no pseudonyms computed), the baseline the export benchmark
// measures Microdata against.
func MicrodataCopySQL(tenantID int64) string {
	q := strings.NewReplacer("$1", strconv.FormatInt(tenantID, 10), "$2", "''").Replace(microdataSQL)
	return "COPY (" + q + ") TO STDOUT WITH (FORMAT csv, HEADER)"
}

// Microdata calls fn with each latest answer of the tenant (of one question
// when key is not empty), streaming from PostgreSQL. fn must not keep row.
func (s *Service) Microdata(ctx context.Context, tenantID int64, key string, fn func(row *MicroRow) error) error {
	if err := s.MicrodataAllowed(ctx, tenantID); err != nil {
		return err
	}
	secret, err := s.secret(ctx, tenantID)
	if err != nil {
		return err
	}
	// The long read goes to a caught-up standby when there is one; the
	// secret above may have been written just now, on the primary.
	st, err := s.reads.For(ctx)
	if err != nil {
		return fmt.Errorf("observatory.Microdata: %w", err)
	}
	rows, err := st.Pool.Query(ctx, microdataSQL, tenantID, key)
	if err != nil {
		return fmt.Errorf("observatory.Microdata: %w", err)
	}
	defer rows.Close()
	mac := hmac.New(sha256.New, secret)
	var (
		r        MicroRow
		pid      *int64
		day      time.Time
		codes    []int32
		matrix   string
		buf      []byte
		num      *float64
		idBuf    [20]byte
		sumBuf   []byte
		codesBuf []byte
	)
	for rows.Next() {
		if err := rows.Scan(&r.AnswerID, &pid, &r.QuestionKey, &r.QuestionVersion, &day, &r.Sector, &r.SizeBand,
			&r.District, &r.Revision, &num, &codes, &matrix, &r.DontKnow); err != nil {
			return fmt.Errorf("observatory.Microdata: scan: %w", err)
		}
		r.Respondent = ""
		if pid != nil {
			mac.Reset()
			mac.Write(strconv.AppendInt(idBuf[:0], *pid, 10))
			sumBuf = mac.Sum(sumBuf[:0])
			buf = hex.AppendEncode(buf[:0], sumBuf[:8])
			r.Respondent = string(buf)
		}
		r.Day = day.Format(time.DateOnly)
		r.Value = num
		codesBuf = codesBuf[:0]
		for i, c := range codes {
			if i > 0 {
				codesBuf = append(codesBuf, ';')
			}
			codesBuf = strconv.AppendInt(codesBuf, int64(c), 10)
		}
		r.Codes = string(codesBuf)
		r.Matrix = ""
		if matrix != "null" {
			r.Matrix = matrix
		}
		if err := fn(&r); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("observatory.Microdata: %w", err)
	}
	return nil
}

// secret returns the tenant's pseudonym key, creating it on first use.
func (s *Service) secret(ctx context.Context, tenantID int64) ([]byte, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, fmt.Errorf("observatory.secret: %w", err)
	}
	if err := s.st.Q.ObservatorySecretEnsure(ctx, dbsqlc.ObservatorySecretEnsureParams{TenantID: tenantID, Secret: b}); err != nil {
		return nil, fmt.Errorf("observatory.secret: %w", err)
	}
	sec, err := s.st.Q.ObservatorySecretGet(ctx, tenantID)
	if err != nil {
		return nil, fmt.Errorf("observatory.secret: %w", err)
	}
	return sec, nil
}

// ErrMicrodataOff is returned when the tenant has switched the micro-data
// export off.
var ErrMicrodataOff = fault.New(fault.PermissionDenied, "micro-data export is switched off for this programme; trend series and exports of aggregates stay available")

// MicrodataAllowed reports ErrMicrodataOff when the tenant has switched the
// row-level export off.
func (s *Service) MicrodataAllowed(ctx context.Context, tenantID int64) error {
	t, err := s.st.Q.TenantGet(ctx, tenantID)
	if err != nil {
		return fmt.Errorf("observatory.MicrodataAllowed: %w", err)
	}
	if !t.MicrodataExport {
		return ErrMicrodataOff
	}
	return nil
}

// SetMicrodataExport switches the tenant's micro-data export on or off.
func (s *Service) SetMicrodataExport(ctx context.Context, tenantID int64, enabled bool) error {
	if err := s.st.Q.TenantSetMicrodataExport(ctx, dbsqlc.TenantSetMicrodataExportParams{ID: tenantID, Enabled: enabled}); err != nil {
		return fmt.Errorf("observatory.SetMicrodataExport: %w", err)
	}
	return nil
}
