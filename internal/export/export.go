// Package export serves the observatory's plain-HTTP GET endpoints that R,
// pandas, Excel and Power BI read directly: trend series as tidy CSV and
// JSON, micro-data as CSV, JSON Lines and Parquet (streamed from
// PostgreSQL), and the codebook as CSV and JSON.
//
// Authentication is a staff API key of role analyst in the header
// "Authorization: Bearer KEY". Keys in the query string are refused on
// purpose: URLs end up in server and proxy logs, browser history and
// shared scripts, where a long-lived key would leak. R
// (url(u, headers = ...)), pandas (storage_options) and Power Query
// (Web.Contents Headers) all send headers.
package export

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/panelpulse/panelpulse/internal/auth"
	"github.com/panelpulse/panelpulse/internal/bank"
	"github.com/panelpulse/panelpulse/internal/observatory"
)

// KeyChecker returns the role of a staff key's hash (rpc.Verifier does).
type KeyChecker interface {
	StaffKey(ctx context.Context, tenantID int64, hash []byte) (auth.Role, error)
}

// Handler serves the export endpoints.
type Handler struct {
	obs  *observatory.Service
	bank *bank.Bank
	keys KeyChecker
	log  *slog.Logger
	mux  *http.ServeMux
}

// Prefix is where the endpoints live.
const Prefix = "/export/v1/"

// New returns the handler; mount it at Prefix.
func New(obs *observatory.Service, b *bank.Bank, keys KeyChecker, log *slog.Logger) (*Handler, error) {
	if obs == nil || b == nil || keys == nil || log == nil {
		return nil, errors.New("export.New: observatory, bank, key checker and logger are required")
	}
	h := &Handler{obs: obs, bank: b, keys: keys, log: log, mux: http.NewServeMux()}
	h.mux.HandleFunc("GET "+Prefix+"trend.csv", h.authed(h.trendCSV))
	h.mux.HandleFunc("GET "+Prefix+"trend.json", h.authed(h.trendJSON))
	h.mux.HandleFunc("GET "+Prefix+"microdata.csv", h.authed(h.microdata(h.microCSV)))
	h.mux.HandleFunc("GET "+Prefix+"microdata.jsonl", h.authed(h.microdata(h.microJSONL)))
	h.mux.HandleFunc("GET "+Prefix+"microdata.parquet", h.authed(h.microdata(h.microParquet)))
	h.mux.HandleFunc("GET "+Prefix+"codebook.csv", h.authed(h.codebookCSV))
	h.mux.HandleFunc("GET "+Prefix+"codebook.json", h.authed(h.codebookJSON))
	return h, nil
}

// Routes returns the patterns to mount (server.Handlers.Extra).
func (h *Handler) Routes() map[string]http.Handler {
	return map[string]http.Handler{Prefix: h}
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.mux.ServeHTTP(w, r) }

type authedFunc func(w http.ResponseWriter, r *http.Request, tenantID int64)

// authed checks the analyst key before calling fn.
// microdata refuses the micro-data routes, before anything is written,
// when the tenant has switched the export off.
func (h *Handler) microdata(fn authedFunc) authedFunc {
	return func(w http.ResponseWriter, r *http.Request, tenantID int64) {
		if err := h.obs.MicrodataAllowed(r.Context(), tenantID); err != nil {
			h.fail(w, r, err)
			return
		}
		fn(w, r, tenantID)
	}
}

func (h *Handler) authed(fn authedFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		if r.URL.Query().Has("key") {
			http.Error(w, "API keys are not accepted in the URL (they leak into logs); send the header Authorization: Bearer KEY", http.StatusBadRequest)
			return
		}
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok {
			w.Header().Set("WWW-Authenticate", `Bearer realm="panelpulse"`)
			http.Error(w, "missing credentials: send the header Authorization: Bearer KEY", http.StatusUnauthorized)
			return
		}
		kind, tenantID, hash, err := auth.Parse(strings.TrimSpace(token))
		if err != nil || kind != auth.KindStaff {
			http.Error(w, "the API key is not valid", http.StatusUnauthorized)
			return
		}
		role, err := h.keys.StaffKey(r.Context(), tenantID, hash)
		if err != nil {
			http.Error(w, "the API key is not valid", http.StatusUnauthorized)
			return
		}
		if role != auth.RoleAnalyst {
			http.Error(w, "exports need an API key of role analyst", http.StatusForbidden)
			return
		}
		fn(w, r, tenantID)
	}
}

// trendRequest reads a trend request from the query string.
func trendRequest(r *http.Request) (observatory.Request, error) {
	q := r.URL.Query()
	req := observatory.Request{
		QuestionKey: q.Get("question"),
		Period:      observatory.Period(q.Get("period")),
		Dimension:   observatory.Dimension(q.Get("dimension")),
	}
	if req.QuestionKey == "" {
		return req, errors.New("question: give the question key, as ?question=KEY")
	}
	switch req.Period {
	case "", observatory.Day, observatory.Week, observatory.Wave:
	default:
		return req, errors.New("period: use day, week or wave")
	}
	if w := q.Get("wave"); w != "" {
		id, err := strconv.ParseInt(w, 10, 64)
		if err != nil || id < 0 {
			return req, errors.New("wave: give a wave id, a whole number")
		}
		req.WaveID = id
	}
	switch q.Get("weighted") {
	case "", "0", "false", "no":
	case "1", "true", "yes":
		req.Weighted = true
	default:
		return req, errors.New("weighted: use true or false")
	}
	return req, nil
}

// fail writes an error: the caller-facing sentence of a fault, or a
// generic message with the cause logged.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	status, msg := classify(err)
	if status == http.StatusInternalServerError {
		h.log.ErrorContext(r.Context(), "export failed", "path", r.URL.Path, "err", err)
	}
	http.Error(w, msg, status)
}
