package export

import (
	"encoding/csv"
	"io"
	"strings"
)

// Formula neutralisation, after the OWASP guidance on CSV injection: a
// spreadsheet reads a cell that starts with =, +, -, @, a tab or a carriage
// return as a formula (=HYPERLINK(...), -2+3+cmd|' /C calc'!A0, @SUM(...)),
// so a district, sector name, question title or label typed by one user
// could run in another user's Excel. Every text cell of every CSV export
// goes through Neutralise, which prefixes such a cell with a single quote:
// spreadsheets then show the text as typed, and R and pandas read it with
// the quote (documented in docs/observatory.md). Numeric columns are written as
// numbers and are left alone, so a mean of -1.5 stays -1.5.

// Neutralise returns s prefixed with a single quote when a spreadsheet would
// read it as a formula, and s unchanged otherwise.
func Neutralise(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// csvWriter writes CSV rows whose text columns are neutralised; the
// columns named numeric (numbers, booleans and dates the server formats
// itself) are written as given.
type csvWriter struct {
	w       *csv.Writer
	numeric []bool
	row     []string
}

// newCSV starts a CSV document with header; numeric names the columns that
// hold numbers the server formats (never user text).
func newCSV(w io.Writer, header []string, numeric ...string) *csvWriter {
	c := &csvWriter{w: csv.NewWriter(w), numeric: make([]bool, len(header)), row: make([]string, 0, len(header))}
	for i, h := range header {
		for _, n := range numeric {
			if strings.EqualFold(h, n) {
				c.numeric[i] = true
			}
		}
	}
	_ = c.w.Write(header)
	return c
}

// Write writes one record, neutralising its text cells.
func (c *csvWriter) Write(rec []string) error {
	c.row = c.row[:0]
	for i, v := range rec {
		if i >= len(c.numeric) || !c.numeric[i] {
			v = Neutralise(v)
		}
		c.row = append(c.row, v)
	}
	return c.w.Write(c.row)
}

// Flush writes any buffered data and reports a write error.
func (c *csvWriter) Flush() error {
	c.w.Flush()
	return c.w.Error()
}
