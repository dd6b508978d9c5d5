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
	"time"

	"connectrpc.com/connect"
	"connectrpc.com/grpchealth"
	"connectrpc.com/grpcreflect"
	"connectrpc.com/validate"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1/panelpulsev1connect"
	"github.com/panelpulse/panelpulse/internal/auth"
)

// Handlers are the service implementations to mount.
type Handlers struct {
	Panellist   panelpulsev1connect.PanellistServiceHandler
	Admin       panelpulsev1connect.AdminServiceHandler
	Observatory panelpulsev1connect.ObservatoryServiceHandler
	Roundtable  panelpulsev1connect.RoundtableServiceHandler
	Staff       panelpulsev1connect.StaffServiceHandler
	// Extra plain-HTTP routes (exports, web pages), keyed by pattern; they
	// bring their own authentication (auth.Middleware.Route) or are public.
	Extra map[string]http.Handler
}

// New returns the root handler. Every Connect service sits behind the
// authentication middleware, which refuses unauthenticated calls from
// their headers before the body is read; its interceptors then run in this
// order: metrics and logging, text hygiene (no NUL byte or invalid UTF-8 in
// any string, textInterceptor), request validation (protovalidate rules in
// the proto). Panics are recovered into Internal errors.
func New(h Handlers, authn *auth.Middleware, log *slog.Logger, reg *prometheus.Registry) (http.Handler, error) {
	if authn == nil || log == nil || reg == nil {
		return nil, errors.New("server.New: auth middleware, logger and registry are required")
	}
	if h.Panellist == nil || h.Admin == nil || h.Observatory == nil || h.Roundtable == nil || h.Staff == nil {
		return nil, errors.New("server.New: a service handler is missing")
	}
	obs, err := newObserver(log, reg)
	if err != nil {
		return nil, err
	}
	opts := connect.WithHandlerOptions(
		connect.WithInterceptors(obs, textInterceptor{}, validate.NewInterceptor()),
		// Compressing the many tiny replies (a receipt, a device ack) costs
		// more CPU than it saves bytes.
		connect.WithCompressMinBytes(1024),
		connect.WithRecover(func(ctx context.Context, spec connect.Spec, _ http.Header, p any) error {
			log.ErrorContext(ctx, "panic", "procedure", spec.Procedure, "panic", fmt.Sprint(p))
			return connect.NewError(connect.CodeInternal, errors.New("internal error"))
		}),
	)
	mux := http.NewServeMux()
	mount := func(name string, path string, hh http.Handler) {
		mux.Handle(path, authn.Service(name, hh))
	}
	p, hh := panelpulsev1connect.NewPanellistServiceHandler(h.Panellist, opts)
	mount(panelpulsev1connect.PanellistServiceName, p, hh)
	p, hh = panelpulsev1connect.NewAdminServiceHandler(h.Admin, opts)
	mount(panelpulsev1connect.AdminServiceName, p, hh)
	p, hh = panelpulsev1connect.NewObservatoryServiceHandler(h.Observatory, opts)
	mount(panelpulsev1connect.ObservatoryServiceName, p, hh)
	p, hh = panelpulsev1connect.NewRoundtableServiceHandler(h.Roundtable, opts)
	mount(panelpulsev1connect.RoundtableServiceName, p, hh)
	p, hh = panelpulsev1connect.NewStaffServiceHandler(h.Staff, opts)
	mount(panelpulsev1connect.StaffServiceName, p, hh)
	services := []string{
		panelpulsev1connect.PanellistServiceName, panelpulsev1connect.AdminServiceName,
		panelpulsev1connect.ObservatoryServiceName, panelpulsev1connect.RoundtableServiceName,
		panelpulsev1connect.StaffServiceName,
	}
	mux.Handle(grpchealth.NewHandler(grpchealth.NewStaticChecker(services...)))
	reflector := grpcreflect.NewStaticReflector(services...)
	mux.Handle(grpcreflect.NewHandlerV1(reflector))
	mux.Handle(grpcreflect.NewHandlerV1Alpha(reflector))
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	for pattern, hh := range h.Extra {
		mux.Handle(pattern, hh)
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
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
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
