package fakefcm

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// BareClient returns an HTTP client tuned for posting to the fake from many
// goroutines: keep-alive with an idle connection per worker.
func BareClient(workers int) *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = workers * 2
	t.MaxIdleConnsPerHost = workers * 2
	return &http.Client{Transport: t, Timeout: 30 * time.Second}
}

// PostOne sends one small valid message for token to the fake at baseURL
// with a bare HTTP client, bypassing the Firebase SDK, and drains the reply.
func PostOne(ctx context.Context, hc *http.Client, baseURL, token string) error {
	body := make([]byte, 0, 160)
	body = append(body, `{"message":{"token":`...)
	body = strconv.AppendQuote(body, token)
	body = append(body, `,"data":{"assignment":"1"},"android":{"priority":"high","ttl":"3600s"}}}`...)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, baseURL+"/v1/projects/bench/messages:send", bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("fakefcm.PostOne: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		return fmt.Errorf("fakefcm.PostOne: %w", err)
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return fmt.Errorf("fakefcm.PostOne: read reply: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("fakefcm.PostOne: status %d", resp.StatusCode)
	}
	return nil
}

// MeasureCapacity posts n messages to the fake at baseURL from workers
// goroutines with a bare HTTP client and returns the accepted messages per
// second: the fake's own capacity, the ceiling any sender can reach.
func MeasureCapacity(ctx context.Context, baseURL string, n, workers int) (float64, error) {
	if n <= 0 || workers <= 0 {
		return 0, errors.New("fakefcm.MeasureCapacity: n and workers must be positive")
	}
	hc := BareClient(workers)
	defer hc.CloseIdleConnections()
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	start := time.Now()
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := next.Add(1); i <= int64(n); i = next.Add(1) {
				if err := PostOne(ctx, hc, baseURL, "capacity-"+strconv.FormatInt(i%1024, 10)); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	close(errs)
	if err := <-errs; err != nil {
		return 0, fmt.Errorf("fakefcm.MeasureCapacity: %w", err)
	}
	return float64(n) / elapsed.Seconds(), nil
}
