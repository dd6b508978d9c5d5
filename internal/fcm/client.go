// Package fcm sends PanelPulse pushes through Firebase Cloud Messaging with
// the Firebase Admin SDK. It turns our Message into an FCM message with
// Android and APNs settings, sends in SendEach batches of at most 500 under a
// rate limit, and classifies every outcome as delivered, to be retried, a
// dead token, or a permanent failure, so the push outbox can act on it.
//
// Against real FCM the client authenticates with Application Default
// Credentials (GOOGLE_APPLICATION_CREDENTIALS, or workload identity) or a
// service account file; with Config.Endpoint set it talks, unauthenticated,
// to a fake such as internal/fakefcm.
package fcm

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	firebase "firebase.google.com/go/v4"
	"firebase.google.com/go/v4/messaging"
	"golang.org/x/time/rate"
	"google.golang.org/api/option"
	htransport "google.golang.org/api/transport/http"

	"github.com/panelpulse/panelpulse/internal/clock"
)

// DefaultRatePerMinute is FCM's default per-project quota: 600,000 messages a
// minute. Configuration layers should use it as the default RatePerMinute.
const DefaultRatePerMinute = 600_000

// MaxBatch is the most messages one SendEach call takes.
const MaxBatch = 500

// messagingScope is the OAuth scope FCM HTTP v1 needs.
const messagingScope = "https://www.googleapis.com/auth/firebase.messaging"

// Config says where and how fast to send.
type Config struct {
	// ProjectID is the Firebase project. Required.
	ProjectID string
	// Endpoint, when set, replaces https://fcm.googleapis.com/v1 and turns
	// authentication off; for the fake: its base URL + "/v1".
	Endpoint string
	// CredentialsFile is a service account JSON key. Empty means
	// Application Default Credentials. Ignored when Endpoint is set.
	CredentialsFile string
	// RatePerMinute caps messages sent per minute (retries included); 0
	// means unlimited. Use DefaultRatePerMinute unless the project's quota
	// differs.
	RatePerMinute int
	// MaxAttempts is how many times one Send call tries a retryable message
	// (429, 500, unauthenticated) before returning it as Retry; 0 means 1.
	// Errors the SDK already retried (503, network) are never tried again
	// inside Send.
	MaxAttempts int
	// MaxRetryWait is the longest Send waits in-call before another attempt;
	// a longer Backoff or Retry-After returns the message as Retry so the
	// caller reschedules it. 0 means 5s.
	MaxRetryWait time.Duration
	// HTTP tunes the connection pool.
	HTTP HTTPConfig
	// Clock is the process clock: expiry, Retry-After dates, the rate
	// limit and retry waits all run on it. Required.
	Clock clock.Clock
}

// HTTPConfig tunes the HTTP client. SendEach makes one HTTP request per
// message from 50 goroutines, so over HTTP/1.1 (the fake) the pool must keep
// at least that many idle connections to avoid reconnecting.
type HTTPConfig struct {
	// MaxIdleConnsPerHost defaults to 256.
	MaxIdleConnsPerHost int
	// MaxConnsPerHost limits connections; 0 means no limit.
	MaxConnsPerHost int
	// IdleConnTimeout defaults to 90s.
	IdleConnTimeout time.Duration
	// RequestTimeout bounds one HTTP attempt; defaults to 30s.
	RequestTimeout time.Duration
}

// Validate reports every problem with c at once.
func (c Config) Validate() error {
	var errs []error
	if c.ProjectID == "" {
		errs = append(errs, errors.New("ProjectID is required"))
	}
	if c.Clock == nil {
		errs = append(errs, errors.New("a clock is required (Config.Clock)"))
	}
	if c.RatePerMinute < 0 {
		errs = append(errs, fmt.Errorf("RatePerMinute %d must not be negative", c.RatePerMinute))
	}
	if c.MaxAttempts < 0 {
		errs = append(errs, fmt.Errorf("MaxAttempts %d must not be negative", c.MaxAttempts))
	}
	if c.MaxRetryWait < 0 || c.HTTP.IdleConnTimeout < 0 || c.HTTP.RequestTimeout < 0 {
		errs = append(errs, errors.New("durations must not be negative"))
	}
	if c.HTTP.MaxIdleConnsPerHost < 0 || c.HTTP.MaxConnsPerHost < 0 {
		errs = append(errs, errors.New("connection limits must not be negative"))
	}
	return errors.Join(errs...)
}

// Client sends messages to FCM. It is safe for concurrent use.
type Client struct {
	msg          *messaging.Client
	sendEach     func(context.Context, []*messaging.Message) (*messaging.BatchResponse, error)
	transport    *http.Transport // the tuned pool under any auth wrapper
	limiter      *rate.Limiter   // nil: unlimited
	burst        int
	maxAttempts  int
	maxRetryWait time.Duration
	clock        clock.Clock
}

// NewClient builds a Client over the Firebase Admin SDK. Credentials keep
// refreshing after ctx ends: the credential helpers may hold on to the
// context they are given, so they get one without ctx's cancellation.
func NewClient(ctx context.Context, cfg Config) (*Client, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("fcm.NewClient: %w", err)
	}
	ctx = context.WithoutCancel(ctx)
	transport, opts, err := httpClient(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("fcm.NewClient: %w", err)
	}
	app, err := firebase.NewApp(ctx, &firebase.Config{ProjectID: cfg.ProjectID}, opts...)
	if err != nil {
		return nil, fmt.Errorf("fcm.NewClient: firebase app: %w", err)
	}
	msg, err := app.Messaging(ctx)
	if err != nil {
		return nil, fmt.Errorf("fcm.NewClient: messaging client: %w", err)
	}
	c := &Client{
		msg:          msg,
		sendEach:     msg.SendEach,
		transport:    transport,
		maxAttempts:  max(cfg.MaxAttempts, 1),
		maxRetryWait: cfg.MaxRetryWait,
		clock:        cfg.Clock,
	}
	if c.maxRetryWait == 0 {
		c.maxRetryWait = 5 * time.Second
	}
	if cfg.RatePerMinute > 0 {
		// A burst of up to a second's worth (at most one batch) lets full
		// batches go out at once without exceeding the per-minute quota.
		c.burst = min(max(cfg.RatePerMinute/60, 1), MaxBatch)
		c.limiter = rate.NewLimiter(rate.Limit(float64(cfg.RatePerMinute)/60), c.burst)
	}
	return c, nil
}

// Close releases idle connections.
func (c *Client) Close() { c.transport.CloseIdleConnections() }

// httpClient builds the tuned HTTP client and the SDK options that make
// the SDK use it; it returns the underlying transport for Close.
//
// option.WithHTTPClient makes the SDK use the client as is, skipping its own
// authentication, so for real FCM the tuned transport is wrapped with
// credentials by transport/http.NewTransport first. With an Endpoint the
// client goes unauthenticated; option.WithEndpoint still applies alongside
// WithHTTPClient (the SDK takes the endpoint from the dial settings).
func httpClient(ctx context.Context, cfg Config) (*http.Transport, []option.ClientOption, error) {
	h := cfg.HTTP
	base := http.DefaultTransport.(*http.Transport).Clone()
	base.MaxIdleConnsPerHost = cmp.Or(h.MaxIdleConnsPerHost, 256)
	base.MaxIdleConns = base.MaxIdleConnsPerHost
	base.MaxConnsPerHost = h.MaxConnsPerHost
	base.IdleConnTimeout = cmp.Or(h.IdleConnTimeout, 90*time.Second)
	base.ForceAttemptHTTP2 = true
	timeout := cmp.Or(h.RequestTimeout, 30*time.Second)

	if cfg.Endpoint != "" {
		hc := &http.Client{Transport: base, Timeout: timeout}
		return base, []option.ClientOption{
			option.WithEndpoint(cfg.Endpoint),
			option.WithoutAuthentication(),
			option.WithHTTPClient(hc),
		}, nil
	}
	authOpts := []option.ClientOption{option.WithScopes(messagingScope, "https://www.googleapis.com/auth/cloud-platform")}
	if cfg.CredentialsFile != "" {
		authOpts = append(authOpts, option.WithAuthCredentialsFile(option.ServiceAccount, cfg.CredentialsFile))
	}
	rt, err := htransport.NewTransport(ctx, base, authOpts...)
	if err != nil {
		return nil, nil, fmt.Errorf("credentials: %w", err)
	}
	hc := &http.Client{Transport: rt, Timeout: timeout}
	return base, []option.ClientOption{option.WithHTTPClient(hc)}, nil
}
