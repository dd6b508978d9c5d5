// Package server mounts the Connect services, health, reflection and
// metrics on one HTTP handler (HTTP/1.1 and h2c on one port), and serves
// it until the context ends, shutting down gracefully.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"time"

	"connectrpc.com/connect"
	"connectrpc.com/grpchealth"
	"connectrpc.com/grpcreflect"
	"connectrpc.com/validate"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1/panelpulsev1connect"
	"github.com/panelpulse/panelpulse/internal/auth"
	"github.com/panelpulse/panelpulse/internal/clock"
)

// Handlers are the service implementations to mount.
type Handlers struct {
	Panellist   panelpulsev1connect.PanellistServiceHandler
	Admin       panelpulsev1connect.AdminServiceHandler
	Observatory panelpulsev1connect.ObservatoryServiceHandler
	Roundtable  panelpulsev1connect.RoundtableServiceHandler
	Staff       panelpulsev1connect.StaffServiceHandler
	Audit       panelpulsev1connect.AuditServiceHandler
	StaffKey    panelpulsev1connect.StaffKeyServiceHandler
	DataRequest panelpulsev1connect.DataRequestServiceHandler
	// Recorder writes the audit log of staff calls (audit.Recorder's
	// interceptor).
	Recorder connect.Interceptor
	// Clock gives the rate limiters their instants.
	Clock clock.Clock
	// Extra plain-HTTP routes (exports, web pages), keyed by pattern; they
	// bring their own authentication (auth.Middleware.Route) or are public.
	Extra map[string]http.Handler
}

// New returns the root handler. Every Connect service sits behind the
// authentication middleware, which refuses unauthenticated calls from
// their headers before the body is read; its interceptors then run in this
// order: metrics and logging, rate limits (ratelimit.go), text hygiene (no NUL byte or invalid UTF-8 in
// any string, textInterceptor), the audit log of staff calls, request validation (protovalidate rules in
// the proto). Panics are recovered into Internal errors.
func New(h Handlers, authn *auth.Middleware, log *slog.Logger, reg *prometheus.Registry) (http.Handler, error) {
	if authn == nil || log == nil || reg == nil {
		return nil, errors.New("server.New: auth middleware, logger and registry are required")
	}
	if h.Panellist == nil || h.Admin == nil || h.Observatory == nil || h.Roundtable == nil || h.Staff == nil || h.Audit == nil || h.StaffKey == nil || h.DataRequest == nil {
		return nil, errors.New("server.New: a service handler is missing")
	}
	if h.Recorder == nil {
		return nil, errors.New("server.New: an audit recorder is required")
	}
	if h.Clock == nil {
		return nil, errors.New("server.New: a clock is required (rate limits)")
	}
	obs, err := newObserver(log, reg)
	if err != nil {
		return nil, err
	}
	common := []connect.HandlerOption{
		connect.WithInterceptors(obs, newRateLimiter(h.Clock), textInterceptor{}, h.Recorder, validate.NewInterceptor()),
		// Compressing the many tiny replies (a receipt, a device ack) costs
		// more CPU than it saves bytes.
		connect.WithCompressMinBytes(1024),
		connect.WithRecover(func(ctx context.Context, spec connect.Spec, _ http.Header, p any) error {
			log.ErrorContext(ctx, "panic", "procedure", spec.Procedure, "panic", fmt.Sprint(p))
			return connect.NewError(connect.CodeInternal, errors.New("internal error"))
		}),
	}
	opts := connect.WithHandlerOptions(append(common, connect.WithReadMaxBytes(MaxMessageBytes))...)
	importOpts := connect.WithHandlerOptions(append(common, connect.WithReadMaxBytes(MaxImportBytes))...)
	mux := http.NewServeMux()
	mount := func(name string, path string, hh http.Handler, limit int64) {
		mux.Handle(path, authn.Service(name, limitBody(limit, hh)))
	}
	p, hh := panelpulsev1connect.NewPanellistServiceHandler(h.Panellist, opts)
	mount(panelpulsev1connect.PanellistServiceName, p, hh, MaxMessageBytes)
	p, hh = panelpulsev1connect.NewAdminServiceHandler(h.Admin, opts)
	mount(panelpulsev1connect.AdminServiceName, p, hh, MaxMessageBytes)
	// The CSV imports alone take large messages: the same service built
	// with the larger limit, mounted at their exact paths (a ServeMux
	// prefers the longer pattern).
	_, big := panelpulsev1connect.NewAdminServiceHandler(h.Admin, importOpts)
	for _, proc := range ImportProcedures {
		mount(panelpulsev1connect.AdminServiceName, proc, big, MaxImportBytes)
	}
	p, hh = panelpulsev1connect.NewObservatoryServiceHandler(h.Observatory, opts)
	mount(panelpulsev1connect.ObservatoryServiceName, p, hh, MaxMessageBytes)
	p, hh = panelpulsev1connect.NewRoundtableServiceHandler(h.Roundtable, opts)
	mount(panelpulsev1connect.RoundtableServiceName, p, hh, MaxMessageBytes)
	p, hh = panelpulsev1connect.NewStaffServiceHandler(h.Staff, opts)
	mount(panelpulsev1connect.StaffServiceName, p, hh, MaxMessageBytes)
	p, hh = panelpulsev1connect.NewAuditServiceHandler(h.Audit, opts)
	mount(panelpulsev1connect.AuditServiceName, p, hh, MaxMessageBytes)
	p, hh = panelpulsev1connect.NewStaffKeyServiceHandler(h.StaffKey, opts)
	mount(panelpulsev1connect.StaffKeyServiceName, p, hh, MaxMessageBytes)
	p, hh = panelpulsev1connect.NewDataRequestServiceHandler(h.DataRequest, opts)
	mount(panelpulsev1connect.DataRequestServiceName, p, hh, MaxMessageBytes)
	for _, proc := range StreamingProcedures {
		// Long-lived streams are exempt from the connection's read and
		// write timeouts; they end when the client or the server context
		// goes.
		pattern := proc
		inner, _ := mux.Handler(&http.Request{Method: http.MethodPost, URL: &url.URL{Path: pattern}})
		mux.Handle(pattern, noDeadlines(inner))
	}
	services := []string{
		panelpulsev1connect.PanellistServiceName, panelpulsev1connect.AdminServiceName,
		panelpulsev1connect.ObservatoryServiceName, panelpulsev1connect.RoundtableServiceName,
		panelpulsev1connect.StaffServiceName, panelpulsev1connect.AuditServiceName,
		panelpulsev1connect.StaffKeyServiceName, panelpulsev1connect.DataRequestServiceName,
	}
	mux.Handle(grpchealth.NewHandler(grpchealth.NewStaticChecker(services...)))
	reflector := grpcreflect.NewStaticReflector(services...)
	mux.Handle(grpcreflect.NewHandlerV1(reflector))
	mux.Handle(grpcreflect.NewHandlerV1Alpha(reflector))
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	for pattern, hh := range h.Extra {
		mux.Handle(pattern, limitBody(MaxFormBytes, hh))
	}
	return mux, nil
}

// Serve listens on addr and serves handler until ctx ends, then drains
// in-flight requests for up to 15 s. ready, if not nil, receives the bound
// address once listening.
func Serve(ctx context.Context, addr string, handler http.Handler, log *slog.Logger, ready chan<- string) error {
	p := new(http.Protocols)
	p.SetHTTP1(true)
	p.SetUnencryptedHTTP2(true)
	srv := &http.Server{
		Handler:           handler,
		Protocols:         p,
		ReadHeaderTimeout: ReadHeaderTimeout,
		ReadTimeout:       ReadTimeout,
		WriteTimeout:      WriteTimeout,
		IdleTimeout:       IdleTimeout,
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("server.Serve: %w", err)
	}
	log.InfoContext(ctx, "listening", "addr", ln.Addr().String())
	if ready != nil {
		ready <- ln.Addr().String()
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("server.Serve: %w", err)
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("server.Serve: shutdown: %w", err)
	}
	return nil
}
