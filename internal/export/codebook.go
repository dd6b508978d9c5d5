package export

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/panelpulse/panelpulse/internal/answer"
)

// CodebookHeader is the CSV header of the codebook: one row per option (or
// matrix row, or scale end) of every question version.
var CodebookHeader = []string{"question_key", "question_version", "theme", "type", "title", "wording",
	"item", "code", "label", "direction"}

// codebookEntry is one question version in the JSON codebook.
type codebookEntry struct {
	Key     string      `json:"question_key"`
	Version int32       `json:"question_version"`
	Theme   string      `json:"theme"`
	Title   string      `json:"title"`
	Wording string      `json:"wording"`
	Spec    answer.Spec `json:"spec"`
}

func (h *Handler) codebookJSON(w http.ResponseWriter, r *http.Request, tenantID int64) {
	qs, err := h.bank.Codebook(r.Context(), tenantID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	out := make([]codebookEntry, len(qs))
	for i, q := range qs {
		out[i] = codebookEntry{Key: q.Key, Version: q.Version, Theme: q.Theme, Title: q.Title, Wording: q.Wording, Spec: q.Spec}
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"questions": out})
}

func (h *Handler) codebookCSV(w http.ResponseWriter, r *http.Request, tenantID int64) {
	qs, err := h.bank.Codebook(r.Context(), tenantID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	cw := newCSV(w, CodebookHeader, "question_version", "code", "direction")
	for _, q := range qs {
		base := []string{q.Key, strconv.Itoa(int(q.Version)), q.Theme, string(q.Spec.Type), q.Title, q.Wording}
		row := func(item string, code int32, label string, dir int32) {
			_ = cw.Write(append(append([]string{}, base...), item, strconv.Itoa(int(code)), label, strconv.Itoa(int(dir))))
		}
		switch q.Spec.Type {
		case answer.TypeScale:
			row("scale_min", q.Spec.ScaleMin, q.Spec.MinLabel, 0)
			row("scale_max", q.Spec.ScaleMax, q.Spec.MaxLabel, 0)
		case answer.TypeLikert:
			for i, l := range []string{"Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"} {
				row("point", int32(i+1), l, 0)
			}
		}
		for _, o := range q.Spec.Options {
			row("option", o.Code, o.Label, o.Direction)
		}
		for _, o := range q.Spec.Rows {
			row("matrix_row", o.Code, o.Label, 0)
		}
		if len(q.Spec.Options) == 0 && len(q.Spec.Rows) == 0 && q.Spec.Type != answer.TypeScale && q.Spec.Type != answer.TypeLikert {
			_ = cw.Write(append(append([]string{}, base...), "", "", "", ""))
		}
	}
	_ = cw.Flush()
}
