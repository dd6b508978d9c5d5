// Package audit records what staff do: one Connect interceptor on the
// staff services writes an event for every call that may change
// something, and Record writes the events no interceptor sees (sign-in,
// micro-data downloads over plain HTTP). An event names the staff key (its
// id, label and role, never the key), the time on the injected clock, the
// procedure, a summary of the request without its secret fields
// (Summary) and the outcome.
package audit

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/proto"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/auth"
	"github.com/panelpulse/panelpulse/internal/clock"
	"github.com/panelpulse/panelpulse/internal/store"
)

// readPrefixes name the methods that only read: a procedure whose method
// starts with one is not recorded (unless it is in Downloads).
var readPrefixes = []string{"Get", "List", "Watch", "Preview", "Export", "WhoAmI"}

// Downloads are read procedures recorded anyway: they hand out micro-data
// or a person's data.
var Downloads = map[string]bool{
	"/panelpulse.v1.ObservatoryService/ExportMicrodata":     true,
	"/panelpulse.v1.DataRequestService/ExportPanellistData": true,
}

// SignIn is the procedure recorded explicitly by the sign-in handler,
// which runs before anyone is authenticated.
const SignIn = "/panelpulse.v1.StaffService/SignIn"

// OK is the outcome of a call that succeeded.
const OK = "ok"

// Recorded reports whether calls of a procedure ("/pkg.Service/Method")
// are recorded: everything but reads, and the downloads.
func Recorded(procedure string) bool {
	if Downloads[procedure] {
		return true
	}
	method := procedure[strings.LastIndex(procedure, "/")+1:]
	for _, p := range readPrefixes {
		if strings.HasPrefix(method, p) {
			return false
		}
	}
	return true
}

// Outcome is OK for a nil error, else the Connect code of err.
func Outcome(err error) string {
	if err == nil {
		return OK
	}
	return connect.CodeOf(err).String()
}

// Recorder writes audit events.
type Recorder struct {
	st    *store.Store
	clock clock.Clock
	log   *slog.Logger
}

// New returns a Recorder.
func New(st *store.Store, clk clock.Clock, log *slog.Logger) (*Recorder, error) {
	if st == nil || clk == nil || log == nil {
		return nil, errors.New("audit.New: store, clock and logger are required")
	}
	return &Recorder{st: st, clock: clk, log: log}, nil
}

// Record writes one event for a staff caller: procedure, the request
// (summarised by Summary) and the outcome of err. A caller without a
// tenant or not staff is not recorded. The event is written even when
// ctx was cancelled; a failure to write is returned (and logged).
func (r *Recorder) Record(ctx context.Context, who auth.Principal, procedure string, req proto.Message, err error) error {
	if who.TenantID == 0 || who.IsPanellist() {
		return nil
	}
	return r.write(ctx, who, procedure, Summary(req), Outcome(err))
}

func (r *Recorder) write(ctx context.Context, who auth.Principal, procedure string, summary []byte, outcome string) error {
	if who.TenantID == 0 || who.IsPanellist() {
		return nil
	}
	var keyID *int64
	if who.StaffKeyID != 0 {
		id := who.StaffKeyID
		keyID = &id
	}
	ctx = context.WithoutCancel(ctx)
	werr := r.st.Q.AuditEventInsert(ctx, dbsqlc.AuditEventInsertParams{
		TenantID: who.TenantID, At: r.clock.Now(), StaffKeyID: keyID, StaffLabel: who.StaffLabel,
		StaffRole: string(who.Role), Procedure: procedure, Summary: summary, Outcome: outcome,
	})
	if werr != nil {
		r.log.ErrorContext(ctx, "audit event not stored", "procedure", procedure, "err", werr)
		return fmt.Errorf("audit.Record: %w", werr)
	}
	return nil
}

// RecordDownload records a micro-data file download over plain HTTP
// (export.Downloads): the path as procedure, the query as the summary, and
// "ok" or "refused" (err set).
func (r *Recorder) RecordDownload(ctx context.Context, who auth.Principal, path string, query url.Values, err error) error {
	q := make(map[string]string, len(query))
	for k, v := range query {
		q[k] = shorten(strings.Join(v, ","))
	}
	summary, merr := json.Marshal(map[string]any{"query": q})
	if merr != nil {
		return fmt.Errorf("audit.RecordDownload: %w", merr)
	}
	outcome := OK
	if err != nil {
		outcome = "refused"
	}
	return r.write(ctx, who, path, summary, outcome)
}

// Interceptor records every recorded procedure's call by a staff caller
// once the handler has answered, refused or not. It runs after the text
// check (a summary must be storable) and before request validation, so
// an invalid attempt is recorded too. Panellist calls and unauthenticated
// ones pass untouched.
func (r *Recorder) Interceptor() connect.Interceptor { return interceptor{r} }

type interceptor struct{ r *Recorder }

func (i interceptor) WrapUnary(next connect.UnaryFunc) connect.UnaryFunc {
	return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
		res, err := next(ctx, req)
		proc := req.Spec().Procedure
		if who, ok := auth.FromContext(ctx); ok && Recorded(proc) {
			m, _ := req.Any().(proto.Message)
			_ = i.r.Record(ctx, who, proc, m, err)
		}
		return res, err
	}
}

func (interceptor) WrapStreamingClient(next connect.StreamingClientFunc) connect.StreamingClientFunc {
	return next
}

func (i interceptor) WrapStreamingHandler(next connect.StreamingHandlerFunc) connect.StreamingHandlerFunc {
	return func(ctx context.Context, conn connect.StreamingHandlerConn) error {
		proc := conn.Spec().Procedure
		who, ok := auth.FromContext(ctx)
		if !ok || !Recorded(proc) {
			return next(ctx, conn)
		}
		c := &firstConn{StreamingHandlerConn: conn}
		err := next(ctx, c)
		_ = i.r.Record(ctx, who, proc, c.first, err)
		return err
	}
}

// firstConn keeps the first message a stream received: the request of a
// server stream.
type firstConn struct {
	connect.StreamingHandlerConn
	first proto.Message
}

func (c *firstConn) Receive(m any) error {
	err := c.StreamingHandlerConn.Receive(m)
	if err == nil && c.first == nil {
		c.first, _ = m.(proto.Message)
	}
	return err
}
