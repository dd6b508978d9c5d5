package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"connectrpc.com/connect"
	"github.com/prometheus/client_golang/prometheus"
)

// observer logs every call and counts it in Prometheus metrics.
type observer struct {
	log      *slog.Logger
	calls    *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

var _ connect.Interceptor = (*observer)(nil)

func newObserver(log *slog.Logger, reg *prometheus.Registry) (*observer, error) {
	o := &observer{
		log: log,
		calls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "panelpulse_rpc_calls_total", Help: "RPC calls by procedure and Connect code.",
		}, []string{"procedure", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "panelpulse_rpc_duration_seconds", Help: "RPC handling time by procedure.",
			Buckets: prometheus.ExponentialBuckets(0.0005, 2, 16),
		}, []string{"procedure"}),
	}
	for _, c := range []prometheus.Collector{o.calls, o.duration} {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("server: register metrics: %w", err)
		}
	}
	return o, nil
}

func (o *observer) done(ctx context.Context, procedure string, start time.Time, err error) {
	code := "ok"
	if err != nil {
		code = connect.CodeOf(err).String()
	}
	o.calls.WithLabelValues(procedure, code).Inc()
	o.duration.WithLabelValues(procedure).Observe(time.Since(start).Seconds())
	level := slog.LevelDebug
	if err != nil {
		level = slog.LevelInfo
		var ce *connect.Error
		if errors.As(err, &ce) && ce.Code() == connect.CodeInternal {
			level = slog.LevelError
		}
	}
	o.log.Log(ctx, level, "rpc", "procedure", procedure, "code", code, "ms", time.Since(start).Milliseconds())
}

func (o *observer) WrapUnary(next connect.UnaryFunc) connect.UnaryFunc {
	return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
		start := time.Now()
		res, err := next(ctx, req)
		o.done(ctx, req.Spec().Procedure, start, err)
		return res, err
	}
}

func (o *observer) WrapStreamingClient(next connect.StreamingClientFunc) connect.StreamingClientFunc {
	return next
}

func (o *observer) WrapStreamingHandler(next connect.StreamingHandlerFunc) connect.StreamingHandlerFunc {
	return func(ctx context.Context, conn connect.StreamingHandlerConn) error {
		start := time.Now()
		err := next(ctx, conn)
		o.done(ctx, conn.Spec().Procedure, start, err)
		return err
	}
}
