package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"connectrpc.com/connect"
	"github.com/jackc/pgx/v5"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1/panelpulsev1connect"
	"github.com/panelpulse/panelpulse/internal/app"
	"github.com/panelpulse/panelpulse/internal/server"
)

// running is a server started by startServer.
type running struct {
	addr, url string
	stop      func()
}

// startServer serves a's handler through server.Serve (the production
// http.Server and its timeouts) on a loopback port.
func startServer(ctx context.Context, a *app.App, log *slog.Logger) (running, error) {
	ctx, cancel := context.WithCancel(ctx)
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- server.Serve(ctx, "127.0.0.1:0", a.Handler, log, ready) }()
	select {
	case addr := <-ready:
		return running{addr: addr, url: "http://" + addr, stop: func() { cancel(); <-done }}, nil
	case err := <-done:
		cancel()
		return running{}, err
	}
}

// xactMeter reads the database's committed transactions.
type xactMeter struct {
	conn   *pgx.Conn
	window time.Duration
}

func (m *xactMeter) commits(ctx context.Context) (int64, error) {
	var n int64
	err := m.conn.QueryRow(ctx, "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()").Scan(&n)
	return n, err
}

// rate is the committed transactions per second over the window, less the
// meter's own two reads.
func (m *xactMeter) rate(ctx context.Context) (float64, error) {
	a, err := m.commits(ctx)
	if err != nil {
		return 0, err
	}
	start := time.Now()
	select {
	case <-time.After(m.window):
	case <-ctx.Done():
		return 0, ctx.Err()
	}
	b, err := m.commits(ctx)
	if err != nil {
		return 0, err
	}
	return max(0, float64(b-a-1)) / time.Since(start).Seconds(), nil
}

// watchCase opens n WatchResults streams on the finding (each on its own
// HTTP/1.1 connection, as many browsers would), waits for every first
// message and a settling second, and measures the database's rate.
func watchCase(ctx context.Context, url string, fx fixture, n int, m *xactMeter) (float64, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: n + 1}}
	defer hc.CloseIdleConnections()
	first := make(chan error, n)
	var wg sync.WaitGroup
	for i := range n {
		cl := panelpulsev1connect.NewRoundtableServiceClient(hc, url)
		req := connect.NewRequest(&pb.WatchResultsRequest{FindingId: fx.findingID})
		req.Header().Set("Authorization", "Bearer "+fx.facKeys[i/server.MaxStreamsPerCredential])
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := cl.WatchResults(ctx, req)
			if err != nil {
				first <- err
				return
			}
			defer s.Close()
			if !s.Receive() {
				first <- fmt.Errorf("no first result: %w", s.Err())
				return
			}
			first <- nil
			for s.Receive() {
			}
		}()
	}
	for range n {
		if err := <-first; err != nil {
			return 0, fmt.Errorf("benchlimits: stream: %w", err)
		}
	}
	// Let the stream openings' own transactions (credential checks) reach
	// the statistics: a backend that goes idle may hold its counts for up
	// to 10 s (PGSTAT_IDLE_INTERVAL), so a shorter wait counts the 500
	// openings in the first window.
	time.Sleep(11 * time.Second)
	r, err := m.rate(ctx)
	cancel()
	wg.Wait()
	return r, err
}

// slowConn is one client connection trickling a request; it reports how
// long the server kept it open and the status line it answered, if any.
type slowConn struct {
	kind   string
	open   time.Duration
	closed bool
	status string
}

// trickle writes head (all at once unless headSlow) and then body bytes
// at 1 byte/s until the server closes the connection or wait passes.
func trickle(ctx context.Context, addr, kind, head string, headSlow bool, bodyBytes int, wait time.Duration) slowConn {
	res := slowConn{kind: kind}
	start := time.Now()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		res.status = "dial: " + err.Error()
		return res
	}
	defer c.Close()
	closed := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(c).ReadString('\n')
		// Read until the server closes.
		buf := make([]byte, 4096)
		for {
			if _, err := c.Read(buf); err != nil {
				closed <- strings.TrimSpace(line)
				return
			}
		}
	}()
	var pending []byte
	if headSlow {
		pending = []byte(head)
	} else if _, err := c.Write([]byte(head)); err != nil {
		res.status = "write: " + err.Error()
		return res
	}
	for range bodyBytes {
		pending = append(pending, 'x')
	}
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	deadline := time.After(wait)
	for {
		select {
		case line := <-closed:
			res.open, res.closed, res.status = time.Since(start), true, line
			return res
		case <-deadline:
			res.open = time.Since(start)
			return res
		case <-ctx.Done():
			res.open = time.Since(start)
			return res
		case <-tick.C:
			if len(pending) > 0 {
				_, _ = c.Write(pending[:1])
				pending = pending[1:]
			}
		}
	}
}

// slowCase runs cfg.Slow bodies at 1 byte/s, one connection that sends
// its headers and no body, and one that sends its headers at 1 byte/s,
// all at once against a unary admin call with a valid key (so that the
// server does read the body), and prints how long each kind stayed open.
func slowCase(ctx context.Context, addr, key string, cfg config) error {
	const bodyLen = 100_000
	head := fmt.Sprintf("POST /%s/ListQuestions HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n",
		panelpulsev1connect.AdminServiceName, addr, key, bodyLen)
	out := make(chan slowConn, cfg.Slow+2)
	var wg sync.WaitGroup
	start := func(kind string, headSlow bool, body int) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out <- trickle(ctx, addr, kind, head, headSlow, body, cfg.SlowWait)
		}()
	}
	for range cfg.Slow {
		start("slow_body", false, bodyLen)
	}
	start("headers_no_body", false, 0)
	start("slow_headers", true, 0)
	wg.Wait()
	close(out)
	byKind := map[string][]slowConn{}
	for r := range out {
		byKind[r.kind] = append(byKind[r.kind], r)
	}
	kinds := []string{"slow_body", "headers_no_body", "slow_headers"}
	for _, k := range kinds {
		rs := byKind[k]
		if len(rs) == 0 {
			return errors.New("benchlimits: a slow connection kind reported nothing")
		}
		var open []float64
		stillOpen := 0
		statuses := map[string]int{}
		for _, r := range rs {
			open = append(open, r.open.Seconds())
			if !r.closed {
				stillOpen++
			}
			statuses[r.status]++
		}
		slices.Sort(open)
		fmt.Printf("slow=%s conns=%d closed_by_server=%d still_open_at_wait=%d open_s_min=%.1f open_s_median=%.1f open_s_max=%.1f answers=%v\n",
			k, len(rs), len(rs)-stillOpen, stillOpen, open[0], open[len(open)/2], open[len(open)-1], statuses)
	}
	return nil
}
