package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"

	"connectrpc.com/connect"
	"golang.org/x/time/rate"

	"github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1/panelpulsev1connect"
	"github.com/panelpulse/panelpulse/internal/clock"
)

// Rate limits, per process (a deployment with several processes allows
// their sum; documented in docs/limits.md). Token buckets from
// golang.org/x/time/rate, read at the injected clock's instants.
const (
	// EnrolFailRate and EnrolFailBurst bound the refused enrolments (and
	// recoveries and roundtable joins) per
	// client address: a burst of 10 wrong codes, then one every 6 s.
	// Successful enrolments cost nothing, so a room of people enrolling
	// behind one NAT is not held up.
	EnrolFailRate  = rate.Limit(1.0 / 6)
	EnrolFailBurst = 10
	// StaffRate and StaffBurst bound the calls per staff credential (API
	// key or session) to the staff services.
	StaffRate  = rate.Limit(100)
	StaffBurst = 1000
	// MaxStreamsPerCredential caps the live WatchResults streams of one
	// credential (a facilitator's screen or two per room, with room to
	// spare).
	MaxStreamsPerCredential = 20
	// maxBuckets bounds the table; full (idle) buckets are dropped first.
	maxBuckets = 100_000
)

// buckets is a table of token buckets by key.
type buckets struct {
	clk   clock.Clock
	limit rate.Limit
	burst int
	mu    sync.Mutex
	m     map[string]*rate.Limiter
}

func newBuckets(clk clock.Clock, limit rate.Limit, burst int) *buckets {
	return &buckets{clk: clk, limit: limit, burst: burst, m: map[string]*rate.Limiter{}}
}

func (b *buckets) get(key string, now time.Time) *rate.Limiter {
	b.mu.Lock()
	defer b.mu.Unlock()
	l, ok := b.m[key]
	if !ok {
		if len(b.m) >= maxBuckets {
			for k, v := range b.m {
				if v.TokensAt(now) >= float64(b.burst) {
					delete(b.m, k)
				}
			}
		}
		l = rate.NewLimiter(b.limit, b.burst)
		b.m[key] = l
	}
	return l
}

// wait says how long until one token is free at now (0 if one is).
func (b *buckets) wait(key string, now time.Time) time.Duration {
	t := b.get(key, now).TokensAt(now)
	if t >= 1 {
		return 0
	}
	return time.Duration(math.Ceil((1-t)/float64(b.limit)*1000)) * time.Millisecond
}

// take spends a token at now, returning the wait when none is free.
func (b *buckets) take(key string, now time.Time) time.Duration {
	l := b.get(key, now)
	if l.AllowN(now, 1) {
		return 0
	}
	return b.wait(key, now)
}

// exhausted is the ResourceExhausted answer with a retry hint, in the
// message and in a Retry-After header (whole seconds).
func exhausted(what string, d time.Duration) error {
	secs := int(math.Ceil(d.Seconds()))
	if secs < 1 {
		secs = 1
	}
	err := connect.NewError(connect.CodeResourceExhausted, fmt.Errorf("too many %s: try again in %d s", what, secs))
	err.Meta().Set("Retry-After", strconv.Itoa(secs))
	return err
}

// rateLimiter is the interceptor applying the limits: refused enrolments
// per address, staff calls per credential.
type rateLimiter struct {
	clk   clock.Clock
	enrol *buckets
	staff *buckets
	// live counts the open WatchResults streams by credential.
	mu   sync.Mutex
	live map[string]int
}

var _ connect.Interceptor = (*rateLimiter)(nil)

func newRateLimiter(clk clock.Clock) *rateLimiter {
	return &rateLimiter{clk: clk, enrol: newBuckets(clk, EnrolFailRate, EnrolFailBurst), staff: newBuckets(clk, StaffRate, StaffBurst),
		live: map[string]int{}}
}

var staffServices = []string{
	"/" + panelpulsev1connect.AdminServiceName + "/", "/" + panelpulsev1connect.ObservatoryServiceName + "/",
	"/" + panelpulsev1connect.RoundtableServiceName + "/", "/" + panelpulsev1connect.StaffServiceName + "/",
}

func isStaff(procedure string) bool {
	for _, s := range staffServices {
		if strings.HasPrefix(procedure, s) {
			return true
		}
	}
	return false
}

// credential names the caller's credential without keeping it: a hash of
// the Authorization header or, for the console, of the Cookie header; a
// call with neither (SignIn) is counted by its address.
func credential(h interface{ Get(string) string }, peer string) string {
	v := h.Get("Authorization")
	if v == "" {
		v = h.Get("Cookie")
	}
	if v == "" {
		return "addr:" + host(peer)
	}
	sum := sha256.Sum256([]byte(v))
	return "cred:" + hex.EncodeToString(sum[:12])
}

func host(addr string) string {
	if h, _, err := net.SplitHostPort(addr); err == nil {
		return h
	}
	return addr
}

func (l *rateLimiter) WrapUnary(next connect.UnaryFunc) connect.UnaryFunc {
	return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
		proc := req.Spec().Procedure
		now := l.clk.Now()
		switch {
		case proc == panelpulsev1connect.PanellistServiceEnrolProcedure, proc == panelpulsev1connect.PanellistServiceRecoverProcedure,
			proc == panelpulsev1connect.PanellistServiceJoinRoundtableProcedure:
			addr := host(req.Peer().Addr)
			if d := l.enrol.wait(addr, now); d > 0 {
				return nil, exhausted("refused enrolments from this address", d)
			}
			res, err := next(ctx, req)
			var ce *connect.Error
			if errors.As(err, &ce) && (ce.Code() == connect.CodeNotFound || ce.Code() == connect.CodeInvalidArgument) {
				l.enrol.take(addr, now)
			}
			return res, err
		case isStaff(proc):
			if d := l.staff.take(credential(req.Header(), req.Peer().Addr), now); d > 0 {
				return nil, exhausted("calls with this credential", d)
			}
		}
		return next(ctx, req)
	}
}

func (l *rateLimiter) WrapStreamingClient(next connect.StreamingClientFunc) connect.StreamingClientFunc {
	return next
}

func (l *rateLimiter) WrapStreamingHandler(next connect.StreamingHandlerFunc) connect.StreamingHandlerFunc {
	return func(ctx context.Context, conn connect.StreamingHandlerConn) error {
		cred := credential(conn.RequestHeader(), conn.Peer().Addr)
		if isStaff(conn.Spec().Procedure) {
			if d := l.staff.take(cred, l.clk.Now()); d > 0 {
				return exhausted("calls with this credential", d)
			}
		}
		if conn.Spec().Procedure == panelpulsev1connect.RoundtableServiceWatchResultsProcedure {
			if !l.open(cred) {
				return connect.NewError(connect.CodeResourceExhausted,
					fmt.Errorf("too many live result streams with this credential: at most %d at once; close one and try again", MaxStreamsPerCredential))
			}
			defer l.close(cred)
		}
		return next(ctx, conn)
	}
}

// open counts a new live stream of cred, refusing it over the cap.
func (l *rateLimiter) open(cred string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.live[cred] >= MaxStreamsPerCredential {
		return false
	}
	l.live[cred]++
	return true
}

func (l *rateLimiter) close(cred string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.live[cred]--; l.live[cred] <= 0 {
		delete(l.live, cred)
	}
}
