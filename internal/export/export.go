// Package export serves the observatory's plain-HTTP GET endpoints that R,
// pandas, Excel and Power BI read directly: trend series as tidy CSV and
// JSON, micro-data as CSV, JSON Lines and Parquet (streamed from
// PostgreSQL), and the codebook as CSV and JSON.
//
// Authentication is the server's one layer (auth.Middleware, mounted with
// Rule): a staff API key of role analyst in the header
// "Authorization: Bearer KEY", or the console's session cookie with the
// header X-PanelPulse-Request. Keys in the query string are refused on
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
	"net/url"
	"strconv"

	"github.com/panelpulse/panelpulse/internal/auth"
	"github.com/panelpulse/panelpulse/internal/bank"
	"github.com/panelpulse/panelpulse/internal/observatory"
)

// Rule is who may read the exports: analysts.
var Rule = auth.Rule{Roles: []auth.Role{auth.RoleAnalyst}}

// Handler serves the export endpoints.
type Handler struct {
	obs  *observatory.Service
	bank *bank.Bank
	log  *slog.Logger
	mux  *http.ServeMux
	// downloads, when set, records each micro-data download.
	downloads Downloads
}

// Downloads records a micro-data download (the audit log): who, the path
// and query asked for, and err when it was refused.
type Downloads interface {
	RecordDownload(ctx context.Context, who auth.Principal, path string, query url.Values, err error) error
}

// Option configures the handler.
type Option func(*Handler)

// WithDownloads records every micro-data download with d.
func WithDownloads(d Downloads) Option { return func(h *Handler) { h.downloads = d } }

// Prefix is where the endpoints live.
const Prefix = "/export/v1/"

// New returns the handler; mount it at Prefix behind the authentication
// middleware with Rule.
func New(obs *observatory.Service, b *bank.Bank, log *slog.Logger, opts ...Option) (*Handler, error) {
	if obs == nil || b == nil || log == nil {
		return nil, errors.New("export.New: observatory, bank and logger are required")
	}
	h := &Handler{obs: obs, bank: b, log: log, mux: http.NewServeMux()}
	for _, o := range opts {
		o(h)
	}
	h.mux.HandleFunc("GET "+Prefix+"trend.csv", h.authed(h.trendCSV))
	h.mux.HandleFunc("GET "+Prefix+"trend.json", h.authed(h.trendJSON))
	h.mux.HandleFunc("GET "+Prefix+"microdata.csv", h.authed(h.microdata(h.microCSV)))
	h.mux.HandleFunc("GET "+Prefix+"microdata.jsonl", h.authed(h.microdata(h.microJSONL)))
	h.mux.HandleFunc("GET "+Prefix+"microdata.parquet", h.authed(h.microdata(h.microParquet)))
	h.mux.HandleFunc("GET "+Prefix+"codebook.csv", h.authed(h.codebookCSV))
	h.mux.HandleFunc("GET "+Prefix+"codebook.json", h.authed(h.codebookJSON))
	return h, nil
}

// Routes returns the patterns to mount (server.Handlers.Extra): the
// endpoints behind the authentication middleware m with Rule. A key in the
// URL is refused first, with a sentence saying why, whoever sends it.
func (h *Handler) Routes(m *auth.Middleware) map[string]http.Handler {
	guarded := m.Route(Rule, h)
	return map[string]http.Handler{Prefix: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Has("key") {
			w.Header().Set("Cache-Control", "no-store")
			http.Error(w, "API keys are not accepted in the URL (they leak into logs); send the header Authorization: Bearer KEY", http.StatusBadRequest)
			return
		}
		guarded.ServeHTTP(w, r)
	})}
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.mux.ServeHTTP(w, r) }

type authedFunc func(w http.ResponseWriter, r *http.Request, tenantID int64)

// microdata refuses the micro-data routes, before anything is written,
// when the tenant has switched the export off, and records the download,
// allowed or refused.
func (h *Handler) microdata(fn authedFunc) authedFunc {
	return func(w http.ResponseWriter, r *http.Request, tenantID int64) {
		err := h.obs.MicrodataAllowed(r.Context(), tenantID)
		if h.downloads != nil {
			who, _ := auth.FromContext(r.Context())
			if rerr := h.downloads.RecordDownload(r.Context(), who, r.URL.Path, r.URL.Query(), err); rerr != nil && err == nil {
				// No download goes unrecorded.
				h.fail(w, r, rerr)
				return
			}
		}
		if err != nil {
			h.fail(w, r, err)
			return
		}
		fn(w, r, tenantID)
	}
}

// authed takes the caller the middleware authenticated (an analyst, by
// Rule) and calls fn.
func (h *Handler) authed(fn authedFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		who, ok := auth.FromContext(r.Context())
		if !ok || who.Role != auth.RoleAnalyst {
			// Only reachable if the handler was mounted without the
			// middleware: refuse rather than serve.
			http.Error(w, "exports need an analyst signed in or an API key of role analyst", http.StatusForbidden)
			return
		}
		fn(w, r, who.TenantID)
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
