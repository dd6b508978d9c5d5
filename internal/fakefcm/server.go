// Package fakefcm is a fake Firebase Cloud Messaging server for tests and the
// local demo. It speaks the FCM HTTP v1 messages:send API, validates messages
// as FCM does (one target, data limits, Android and APNs fields), records what
// it accepts, and can be told to fail chosen tokens or every request with the
// error replies FCM sends (429 with Retry-After, 503, 500, UNREGISTERED,
// INVALID_ARGUMENT, SENDER_ID_MISMATCH) or to answer slowly.
package fakefcm

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/panelpulse/panelpulse/internal/clock"
)

// maxBodyBytes bounds a request body; FCM messages are far smaller.
const maxBodyBytes = 1 << 20

// Server is the fake FCM endpoint, an http.Handler safe for concurrent use.
type Server struct {
	clock     clock.Clock
	record    bool
	onMessage func(Message)
	latency   atomic.Int64 // time.Duration
	nextID    atomic.Uint64
	accepted  atomic.Int64
	requests  atomic.Int64
	faulty    atomic.Bool // any fault set: lets the hot path skip mu

	mu          sync.Mutex
	messages    []Message
	byToken     map[string]int
	tokenFaults map[string]*Fault
	globalFault *Fault
}

var _ http.Handler = (*Server)(nil)

// Option configures a Server.
type Option func(*Server)

// WithClock runs the fake on clk: its latency waits on it and Received
// reads it. The default is the system clock.
func WithClock(clk clock.Clock) Option {
	return func(s *Server) { s.clock = clk }
}

// WithLatency delays every answer by d of the fake's clock (see also
// SetLatency).
func WithLatency(d time.Duration) Option {
	return func(s *Server) { s.latency.Store(int64(d)) }
}

// WithOnMessage calls fn with every accepted message, after it is recorded,
// on the request goroutine; fn must be safe for concurrent use and quick.
func WithOnMessage(fn func(Message)) Option {
	return func(s *Server) { s.onMessage = fn }
}

// WithoutRecording keeps counts but not the messages themselves, for long
// benchmark runs.
func WithoutRecording() Option {
	return func(s *Server) { s.record = false }
}

// New returns a fake FCM server that accepts every valid message.
func New(opts ...Option) *Server {
	s := &Server{
		clock:       clock.Real{},
		record:      true,
		byToken:     make(map[string]int),
		tokenFaults: make(map[string]*Fault),
	}
	for _, o := range opts {
		o(s)
	}
	return s
}

// SetLatency changes the artificial delay before every answer.
func (s *Server) SetLatency(d time.Duration) { s.latency.Store(int64(d)) }

// Start serves s on addr (such as "127.0.0.1:0") in a goroutine. It returns
// the running server, to be stopped with Shutdown, and the base URL; the
// FCM endpoint for the Admin SDK is baseURL + "/v1".
func (s *Server) Start(addr string) (*http.Server, string, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, "", fmt.Errorf("fakefcm.Start: %w", err)
	}
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }() // returns ErrServerClosed on Shutdown
	return srv, "http://" + ln.Addr().String(), nil
}

// ServeHTTP answers POST /v1/projects/{project}/messages:send. A request
// that decodes is first matched against the faults (token, then global),
// then validated; so a fault answers even for a malformed message, as a
// throttled or failing FCM would.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	project, ok := parsePath(r.URL.Path)
	if !ok {
		writeError(w, fcmError{http.StatusNotFound, "NOT_FOUND", "", "Unknown path " + r.URL.Path})
		return
	}
	if r.Method != http.MethodPost {
		writeError(w, fcmError{http.StatusMethodNotAllowed, "INVALID_ARGUMENT", "", "Use POST"})
		return
	}
	s.requests.Add(1)

	var req sendRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBodyBytes)).Decode(&req); err != nil {
		writeError(w, invalidArgument("Invalid JSON payload received. "+err.Error()))
		return
	}
	// The latency runs after the body is read, so that the server notices
	// (through the request's context) a client that gives up meanwhile.
	if d := time.Duration(s.latency.Load()); d > 0 {
		if clock.Sleep(r.Context(), s.clock, d) != nil {
			return
		}
	}
	if req.Message == nil {
		writeError(w, invalidArgument("Invalid value at 'message': message is required"))
		return
	}
	m := req.Message
	if f := s.takeFault(m.Token); f != nil {
		writeFault(w, f)
		return
	}
	if msg := validate(m); msg != "" {
		writeError(w, invalidArgument(msg))
		return
	}

	id := s.nextID.Add(1)
	buf := make([]byte, 0, 64+len(project))
	buf = append(buf, `{"name":"projects/`...)
	buf = append(buf, project...)
	buf = append(buf, "/messages/0:"...)
	buf = strconv.AppendUint(buf, id, 10)
	m.Name = string(buf[9:])
	buf = append(buf, `"}`...)
	m.Project = project
	m.ValidateOnly = req.ValidateOnly
	m.Received = s.clock.Now()
	if !req.ValidateOnly {
		s.keep(m)
	}

	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	_, _ = w.Write(buf)
}

// keep counts and records an accepted message and calls the hook.
func (s *Server) keep(m *Message) {
	s.accepted.Add(1)
	s.mu.Lock()
	s.byToken[m.Token]++
	if s.record {
		s.messages = append(s.messages, *m)
	}
	s.mu.Unlock()
	if s.onMessage != nil {
		s.onMessage(*m)
	}
}

// parsePath extracts the project from /v1/projects/{project}/messages:send.
// Project ids are checked to be plain so they can be echoed into JSON.
func parsePath(p string) (string, bool) {
	rest, ok := strings.CutPrefix(p, "/v1/projects/")
	if !ok {
		return "", false
	}
	project, ok := strings.CutSuffix(rest, "/messages:send")
	if !ok || project == "" {
		return "", false
	}
	for i := 0; i < len(project); i++ {
		c := project[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == ':') {
			return "", false
		}
	}
	return project, true
}

// Messages returns a copy of the accepted messages in arrival order.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.messages...)
}

// Count returns how many messages were accepted (dry runs excluded).
func (s *Server) Count() int { return int(s.accepted.Load()) }

// Requests returns how many send requests arrived, failed ones included.
func (s *Server) Requests() int { return int(s.requests.Load()) }

// CountByToken returns how many messages were accepted for token.
func (s *Server) CountByToken(token string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.byToken[token]
}

// Reset forgets the accepted messages and all counts; faults stay.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.messages = nil
	clear(s.byToken)
	s.accepted.Store(0)
	s.requests.Store(0)
}
