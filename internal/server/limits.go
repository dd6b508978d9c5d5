package server

import (
	"net/http"
	"time"

	"github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1/panelpulsev1connect"
)

// Limits applied before any work. A request larger than its limit is
// refused (Connect: ResourceExhausted; plain HTTP: the handler's read
// fails) without decoding it. The Connect limit counts the decompressed
// message, so a small gzip of a huge body is stopped at the limit.
const (
	// MaxMessageBytes is the largest decompressed message of every
	// procedure but the CSV imports.
	MaxMessageBytes = 64 << 10
	// MaxImportBytes is the largest decompressed message of the CSV
	// imports (ImportProcedures): about 50,000 businesses.
	MaxImportBytes = 8 << 20
	// MaxFormBytes bounds the body of the plain-HTTP routes (exports are
	// GETs; the console's forms are small).
	MaxFormBytes = 64 << 10
)

// Connection timeouts (http.Server). ReadTimeout covers the whole request
// including an 8 MiB import on a slow link; WriteTimeout bounds a unary
// reply. The streaming procedures (StreamingProcedures) clear both for
// their own connection or stream.
const (
	ReadHeaderTimeout = 10 * time.Second
	ReadTimeout       = 60 * time.Second
	WriteTimeout      = 60 * time.Second
	IdleTimeout       = 2 * time.Minute
)

// ImportProcedures take MaxImportBytes.
var ImportProcedures = []string{
	panelpulsev1connect.AdminServiceImportBusinessesProcedure,
	panelpulsev1connect.AdminServiceImportPanellistsProcedure,
	panelpulsev1connect.AdminServiceImportPopulationFrameProcedure,
}

// StreamingProcedures are the server streams, which may last longer than
// WriteTimeout.
var StreamingProcedures = []string{
	panelpulsev1connect.RoundtableServiceWatchResultsProcedure,
	panelpulsev1connect.ObservatoryServiceExportMicrodataProcedure,
	panelpulsev1connect.ObservatoryServiceExportTrendProcedure,
}

// limitBody caps the raw (possibly compressed) body at n bytes.
func limitBody(n int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, n)
		}
		next.ServeHTTP(w, r)
	})
}

// noDeadlines lifts the connection's read and write deadlines for a
// streaming call (a zero time means none), through the
// http.ResponseController: the stream's own end is its context.
func noDeadlines(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc := http.NewResponseController(w)
		_ = rc.SetReadDeadline(time.Time{})
		_ = rc.SetWriteDeadline(time.Time{})
		next.ServeHTTP(w, r)
	})
}
