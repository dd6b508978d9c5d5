package export

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/panelpulse/panelpulse/internal/fault"
	"github.com/panelpulse/panelpulse/internal/observatory"
	"github.com/panelpulse/panelpulse/internal/store"
)

// classify maps an error to an HTTP status and a sentence for the caller.
func classify(err error) (int, string) {
	f, ok := fault.As(err)
	if !ok {
		f, ok = store.Fault(err)
	}
	if ok {
		switch f.Kind {
		case fault.Invalid:
			return http.StatusBadRequest, f.Message
		case fault.NotFound:
			return http.StatusNotFound, f.Message
		case fault.PermissionDenied:
			return http.StatusForbidden, f.Message
		}
		return http.StatusConflict, f.Message
	}
	return http.StatusInternalServerError, "internal error"
}

func (h *Handler) trend(w http.ResponseWriter, r *http.Request, tenantID int64) (observatory.Trend, bool) {
	req, err := trendRequest(r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return observatory.Trend{}, false
	}
	tr, err := h.obs.Trend(r.Context(), tenantID, req)
	if err != nil {
		h.fail(w, r, err)
		return observatory.Trend{}, false
	}
	return tr, true
}

func (h *Handler) trendCSV(w http.ResponseWriter, r *http.Request, tenantID int64) {
	tr, ok := h.trend(w, r, tenantID)
	if !ok {
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	cw := newCSV(w, observatory.TidyHeader, "question_version", "period_start", "value", "ci_low", "ci_high", "n", "n_eff",
		"weighted", "suppressed", "business_days")
	rec := make([]string, len(observatory.TidyHeader))
	for _, t := range observatory.Tidy(tr) {
		rec = rec[:0]
		rec = append(rec, t.QuestionKey, strconv.Itoa(int(t.QuestionVersion)), t.PeriodType, t.Period, t.PeriodStart,
			t.Dimension, t.Segment, t.Statistic, num(t.Value), num(t.CILow), num(t.CIHigh), t.NField(),
			strconv.FormatFloat(t.NEff, 'g', -1, 64), strconv.FormatBool(t.Weighted), strconv.FormatBool(t.Suppressed),
			t.BusinessDaysField(), t.WeightNote)
		_ = cw.Write(rec)
	}
	_ = cw.Flush()
}

// trendDoc is the JSON form of a trend series.
type trendDoc struct {
	QuestionKey     string                `json:"question_key"`
	QuestionVersion int32                 `json:"question_version"`
	Period          string                `json:"period"`
	Dimension       string                `json:"dimension"`
	Threshold       int                   `json:"suppression_threshold"`
	Weighted        bool                  `json:"weighted"`
	WeightNote      string                `json:"weight_note,omitempty"`
	Rows            []observatory.TidyRow `json:"rows"`
	Cells           []observatory.Cell    `json:"cells"`
}

func (h *Handler) trendJSON(w http.ResponseWriter, r *http.Request, tenantID int64) {
	tr, ok := h.trend(w, r, tenantID)
	if !ok {
		return
	}
	doc := trendDoc{QuestionKey: tr.Question.Key, QuestionVersion: tr.Question.Version, Period: string(tr.Request.Period),
		Dimension: string(tr.Request.Dimension), Threshold: tr.Threshold, Weighted: tr.Weighted, WeightNote: tr.WeightNote,
		Rows: observatory.Tidy(tr), Cells: tr.Cells}
	if doc.Rows == nil {
		doc.Rows = []observatory.TidyRow{}
	}
	if doc.Cells == nil {
		doc.Cells = []observatory.Cell{}
	}
	body, err := json.Marshal(doc)
	if err != nil {
		h.fail(w, r, fmt.Errorf("export.trendJSON: %w", err))
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(body)
}

func (h *Handler) microCSV(w http.ResponseWriter, r *http.Request, tenantID int64) {
	longStream(w)
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="microdata.csv"`)
	bw := bufio.NewWriterSize(w, 64<<10)
	cw := newCSV(bw, observatory.MicroHeader, "answer_id", "question_version", "day", "revision", "value", "dont_know", "weight")
	rec := make([]string, 0, len(observatory.MicroHeader))
	err := h.obs.MicrodataFor(r.Context(), tenantID, r.URL.Query().Get("question"), microPeriod(r), func(m *observatory.MicroRow) error {
		rec = append(rec[:0], strconv.FormatInt(m.AnswerID, 10), m.Respondent, m.QuestionKey,
			strconv.Itoa(int(m.QuestionVersion)), m.Day, m.Sector, m.SizeBand, m.District,
			strconv.Itoa(int(m.Revision)), num(m.Value), m.Codes, m.Matrix, strconv.FormatBool(m.DontKnow),
			m.Business, m.Stratum, num(m.Weight))
		return cw.Write(rec)
	})
	if ferr := cw.Flush(); err == nil {
		err = ferr
	}
	h.streamEnd(w, r, bw, err)
}

func (h *Handler) microJSONL(w http.ResponseWriter, r *http.Request, tenantID int64) {
	longStream(w)
	w.Header().Set("Content-Type", "application/jsonl")
	w.Header().Set("Content-Disposition", `attachment; filename="microdata.jsonl"`)
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := json.NewEncoder(bw)
	err := h.obs.MicrodataFor(r.Context(), tenantID, r.URL.Query().Get("question"), microPeriod(r), func(m *observatory.MicroRow) error {
		return enc.Encode(m)
	})
	h.streamEnd(w, r, bw, err)
}

// parquetRowGroup bounds the rows the Parquet writer buffers.
const parquetRowGroup = 64 << 10

func (h *Handler) microParquet(w http.ResponseWriter, r *http.Request, tenantID int64) {
	longStream(w)
	w.Header().Set("Content-Type", "application/vnd.apache.parquet")
	w.Header().Set("Content-Disposition", `attachment; filename="microdata.parquet"`)
	bw := bufio.NewWriterSize(w, 256<<10)
	pw := parquet.NewGenericWriter[observatory.MicroParquetRow](bw)
	batch := make([]observatory.MicroParquetRow, 0, 1024)
	inGroup := 0
	flush := func() error {
		if _, err := pw.Write(batch); err != nil {
			return err
		}
		inGroup += len(batch)
		batch = batch[:0]
		if inGroup >= parquetRowGroup {
			inGroup = 0
			return pw.Flush()
		}
		return nil
	}
	err := h.obs.MicrodataFor(r.Context(), tenantID, r.URL.Query().Get("question"), microPeriod(r), func(m *observatory.MicroRow) error {
		batch = append(batch, m.Parquet())
		if len(batch) == cap(batch) {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err == nil {
		err = pw.Close()
	}
	h.streamEnd(w, r, bw, err)
}

// streamEnd finishes a streamed body. The status line has usually gone
// by the time an error happens, so the response is aborted: the client sees
// a truncated download rather than a file that looks complete. The error
// is logged.
func (h *Handler) streamEnd(_ http.ResponseWriter, r *http.Request, bw *bufio.Writer, err error) {
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		if r.Context().Err() == nil {
			h.log.ErrorContext(r.Context(), "export stream failed", "path", r.URL.Path, "err", err)
		}
		panic(http.ErrAbortHandler)
	}
}

// longStream lifts the connection's write deadline (the server's
// WriteTimeout) for a micro-data download, which streams for as long as
// the data takes; it still ends when the client goes away.
func longStream(w http.ResponseWriter) {
	_ = http.NewResponseController(w).SetWriteDeadline(time.Time{})
}

func num(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'g', -1, 64)
}

// microPeriod is the period grain whose weights and strata the micro-data
// rows carry: ?period=day (the default), week or wave.
func microPeriod(r *http.Request) observatory.Period {
	switch p := observatory.Period(r.URL.Query().Get("period")); p {
	case observatory.Week, observatory.Wave:
		return p
	}
	return observatory.Day
}
