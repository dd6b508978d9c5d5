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
	"github.com/panelpulse/panelpulse/internal/answer"
	"github.com/panelpulse/panelpulse/internal/fault"
	"github.com/panelpulse/panelpulse/internal/stats"
)

// MicroRow is one latest answer in the micro-data export. Respondent is a
// pseudonym: HMAC-SHA256 of the panellist id under a per-tenant secret, so
// it is stable within a tenant and cannot be linked across tenants (or back
// to a person without the secret). Erased panellists have an empty
// Respondent. Business is the business's pseudonym under the same secret
// (domain-separated from the respondent's), so business-level estimates
// can be rebuilt where a business has several respondents. Stratum and
// Weight are the business's calibration stratum and weight in the period
// (of the grain asked) the answer's day falls in, as the trend estimates
// use them; Weight is nil when the tenant has no population frame or the
// period cannot be raked. Free-text answers are not exported (they may
// identify).
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
	Business        string   `json:"business" parquet:"business"`
	Stratum         string   `json:"stratum" parquet:"stratum"`
	Weight          *float64 `json:"weight" parquet:"weight,optional"`
	// Date is Day as a date.
	Date time.Time `json:"-" parquet:"-"`
}

// MicroHeader is the CSV header of MicroRow, in field order.
var MicroHeader = []string{"answer_id", "respondent", "question_key", "question_version", "day", "sector",
	"size_band", "district", "revision", "value", "codes", "matrix", "dont_know", "business", "stratum", "weight"}

// MicroParquetRow is MicroRow typed for Parquet: the same columns and
// meaning as the CSV, day a DATE, counts integers and empty values null.
type MicroParquetRow struct {
	AnswerID        int64    `parquet:"answer_id"`
	Respondent      *string  `parquet:"respondent,optional"`
	QuestionKey     string   `parquet:"question_key"`
	QuestionVersion int32    `parquet:"question_version"`
	Day             int32    `parquet:"day,date"` // days since 1970-01-01
	Sector          *string  `parquet:"sector,optional"`
	SizeBand        *string  `parquet:"size_band,optional"`
	District        *string  `parquet:"district,optional"`
	Revision        int32    `parquet:"revision"`
	Value           *float64 `parquet:"value,optional"`
	Codes           *string  `parquet:"codes,optional"`
	Matrix          *string  `parquet:"matrix,optional"`
	DontKnow        bool     `parquet:"dont_know"`
	Business        *string  `parquet:"business,optional"`
	Stratum         *string  `parquet:"stratum,optional"`
	Weight          *float64 `parquet:"weight,optional"`
}

// Parquet returns the row typed for Parquet (copying what it points to).
func (r *MicroRow) Parquet() MicroParquetRow {
	str := func(s string) *string {
		if s == "" {
			return nil
		}
		return &s
	}
	num := func(p *float64) *float64 {
		if p == nil {
			return nil
		}
		v := *p
		return &v
	}
	return MicroParquetRow{AnswerID: r.AnswerID, Respondent: str(r.Respondent), QuestionKey: r.QuestionKey,
		QuestionVersion: r.QuestionVersion, Day: int32(r.Date.Unix() / 86400), Sector: str(r.Sector), SizeBand: str(r.SizeBand),
		District: str(r.District), Revision: r.Revision, Value: num(r.Value), Codes: str(r.Codes), Matrix: str(r.Matrix),
		DontKnow: r.DontKnow, Business: str(r.Business), Stratum: str(r.Stratum), Weight: num(r.Weight)}
}

// microdataSQL is written here rather than in db/queries because sqlc's
// :many collects the whole result in a slice; the export must stream row by
// row from the server (pgx rows iteration) to stay in constant memory.
const microdataSQL = `
SELECT an.id, an.panellist_id, an.business_id, q.key, an.question_version, an.day, b.sector, b.size_band, b.district,
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
// when key is not empty), streaming from PostgreSQL, with the weights and
// strata of the day periods. fn must not keep row.
func (s *Service) Microdata(ctx context.Context, tenantID int64, key string, fn func(row *MicroRow) error) error {
	return s.MicrodataFor(ctx, tenantID, key, Day, fn)
}

// MicrodataFor is Microdata with each row's weight and stratum those of
// the period of grain period its day falls in.
func (s *Service) MicrodataFor(ctx context.Context, tenantID int64, key string, period Period, fn func(row *MicroRow) error) error {
	if err := s.MicrodataAllowed(ctx, tenantID); err != nil {
		return err
	}
	secret, err := s.secret(ctx, tenantID)
	if err != nil {
		return err
	}
	weights, err := s.microWeights(ctx, tenantID, key, period)
	if err != nil {
		return err
	}
	// The long read goes to a caught-up standby when there is one; the
	// secret and the weights above may have needed the primary.
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
		bid      int64
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
		if err := rows.Scan(&r.AnswerID, &pid, &bid, &r.QuestionKey, &r.QuestionVersion, &day, &r.Sector, &r.SizeBand,
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
		mac.Reset()
		mac.Write([]byte("business:"))
		mac.Write(strconv.AppendInt(idBuf[:0], bid, 10))
		sumBuf = mac.Sum(sumBuf[:0])
		buf = hex.AppendEncode(buf[:0], sumBuf[:8])
		r.Business = string(buf)
		r.Day = day.Format(time.DateOnly)
		r.Date = day
		pk, _ := periodOf(day, period)
		bw := weights[microKey{question: r.QuestionKey, period: pk, business: bid}]
		r.Stratum, r.Weight = bw.stratum, nil
		if bw.weighted {
			r.Weight = &bw.weight
		}
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

// microKey names a business in one question's period.
type microKey struct {
	question, period string
	business         int64
}

// microWeight is a business's stratum and weight in a period.
type microWeight struct {
	stratum  string
	weight   float64
	weighted bool
}

// microWeights computes, for every question (or the one of key) and
// period of grain period, each responding business's calibration stratum
// and, when the tenant has a population frame and the period can be
// raked, its weight: the designs the trend estimates use.
func (s *Service) microWeights(ctx context.Context, tenantID int64, key string, period Period) (map[microKey]microWeight, error) {
	// The businesses' strata come from the rollups: bring them current.
	_, st, err := s.version(ctx, tenantID, true)
	if err != nil {
		return nil, fmt.Errorf("observatory.Microdata: %w", err)
	}
	frame, err := s.frame(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	qs, err := s.st.Q.QuestionListLatest(ctx, tenantID)
	if err != nil {
		return nil, fmt.Errorf("observatory.Microdata: questions: %w", err)
	}
	out := map[microKey]microWeight{}
	spec := answer.Spec{Type: answer.TypeNumber}
	var l layout
	for _, q := range qs {
		if (key != "" && q.Key != key) || answer.Type(q.Type) == answer.TypeText {
			continue
		}
		rows, err := st.Q.ObservatoryUnitList(ctx, dbsqlc.ObservatoryUnitListParams{TenantID: tenantID, QuestionID: q.ID,
			FromDay: time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), ToDay: time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			return nil, fmt.Errorf("observatory.Microdata: businesses: %w", err)
		}
		for pk, days := range businessDaysOf(rows, Request{Period: period, Dimension: All}) {
			var pd *periodDesign
			if frame != nil {
				pd, _ = newPeriodDesign(days, &spec, &l, frame, stats.CalibrationOptions{SizeBands: frameBandOrder(frame)})
			}
			for _, d := range days {
				if !d.respondent {
					continue
				}
				id, err := strconv.ParseInt(d.business, 10, 64)
				if err != nil {
					continue
				}
				w := microWeight{stratum: d.stratum.Sector + " / " + d.stratum.SizeBand}
				if pd != nil {
					w.weight, w.weighted = pd.design.Weight(d.business)
				}
				out[microKey{question: q.Key, period: pk, business: id}] = w
			}
		}
	}
	return out, nil
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
