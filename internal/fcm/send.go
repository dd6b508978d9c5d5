package fcm

import (
	"context"
	"fmt"
	"time"

	"firebase.google.com/go/v4/messaging"

	"github.com/panelpulse/panelpulse/internal/clock"
)

// Send sends msgs and returns one Result per message, in order.
//
// Messages that fail Validate or have expired are Failed without being
// sent. The rest go out in SendEach calls of at most MaxBatch messages, each
// call first taking its messages from the rate limiter. Retryable failures
// the SDK did not already retry (429, 500) are tried again in this call, up
// to Config.MaxAttempts, after Backoff when that wait is at most
// Config.MaxRetryWait; anything else retryable comes back as Retry for the
// caller to reschedule with Backoff(attempt, RetryAfter).
//
// How this relates to the SDK's own retries: the SDK retries 503 and
// network errors up to four times (after 0, 1, 2 and 4 s, or Retry-After
// when longer, and not at all when Retry-After exceeds two minutes) and
// never retries 429 or 500. Results it retried carry SDKRetried, and Send
// does not stack an immediate retry on top of its five requests.
//
// The error is non-nil only when ctx ends; the results then hold what was
// learned, with unsent messages as Retry.
func (c *Client) Send(ctx context.Context, msgs []Message) ([]Result, error) {
	results := make([]Result, len(msgs))
	pending := make([]int, 0, len(msgs))
	for i, m := range msgs {
		results[i].Token = m.Token
		if err := m.Validate(); err != nil {
			results[i].Outcome, results[i].Reason, results[i].Err = Failed, "invalid_message", err
			continue
		}
		pending = append(pending, i)
	}
	for attempt := 1; len(pending) > 0; attempt++ {
		if err := c.sendRound(ctx, msgs, pending, results, attempt); err != nil {
			return results, fmt.Errorf("fcm.Send: %w", err)
		}
		next, wait := c.retryable(pending, results, attempt)
		if len(next) == 0 {
			break
		}
		if err := clock.Sleep(ctx, c.clock, wait); err != nil {
			return results, fmt.Errorf("fcm.Send: waiting to retry: %w", err)
		}
		pending = next
	}
	return results, nil
}

// sendRound sends the pending messages once, in batches, recording results.
func (c *Client) sendRound(ctx context.Context, msgs []Message, pending []int, results []Result, attempt int) error {
	batch := make([]*messaging.Message, 0, min(len(pending), MaxBatch))
	idx := make([]int, 0, cap(batch))
	for start := 0; start < len(pending); start += MaxBatch {
		batch, idx = batch[:0], idx[:0]
		now := c.clock.Now()
		for _, i := range pending[start:min(start+MaxBatch, len(pending))] {
			results[i].Attempts = attempt
			fm, ok := msgs[i].toFCM(now)
			if !ok {
				results[i] = Result{Token: msgs[i].Token, Outcome: Failed, Reason: "expired", Attempts: attempt}
				continue
			}
			batch, idx = append(batch, fm), append(idx, i)
		}
		if len(batch) == 0 {
			continue
		}
		if err := c.wait(ctx, len(batch)); err != nil {
			markUnsent(pending[start:], results, err)
			return fmt.Errorf("rate limiter: %w", err)
		}
		br, err := c.sendEach(ctx, batch)
		if err != nil {
			// Only SDK-side validation fails a whole batch, and Validate
			// runs the same checks first; treat it as permanent.
			for _, i := range idx {
				results[i] = Result{Token: msgs[i].Token, Outcome: Failed, Reason: "batch_rejected", Attempts: attempt, Err: err}
			}
			continue
		}
		for j, resp := range br.Responses {
			r := Classify(resp.Error, now)
			r.Token, r.Attempts, r.MessageID = msgs[idx[j]].Token, attempt, resp.MessageID
			results[idx[j]] = r
		}
		if err := ctx.Err(); err != nil {
			markUnsent(pending[min(start+MaxBatch, len(pending)):], results, err)
			return err
		}
	}
	return nil
}

// retryable picks the messages to try again within this Send call and how
// long to wait first (the longest Backoff among them).
func (c *Client) retryable(pending []int, results []Result, attempt int) ([]int, time.Duration) {
	if attempt >= c.maxAttempts {
		return nil, 0
	}
	var next []int
	var wait time.Duration
	for _, i := range pending {
		r := results[i]
		if r.Outcome != Retry || r.SDKRetried {
			continue
		}
		d := Backoff(attempt, r.RetryAfter)
		if d > c.maxRetryWait {
			continue
		}
		next = append(next, i)
		wait = max(wait, d)
	}
	return next, wait
}

// markUnsent records messages not sent because ctx ended as Retry.
func markUnsent(idx []int, results []Result, err error) {
	for _, i := range idx {
		if results[i].Outcome == 0 {
			results[i].Outcome, results[i].Reason, results[i].Err = Retry, "canceled", err
		}
	}
}

// wait takes n messages from the rate limiter, in pieces no larger than its
// burst, waiting on the process clock: the limiter is asked with explicit
// instants (ReserveN), never the wall clock.
func (c *Client) wait(ctx context.Context, n int) error {
	if c.limiter == nil {
		return nil
	}
	for n > 0 {
		k := min(n, c.burst)
		now := c.clock.Now()
		r := c.limiter.ReserveN(now, k)
		if !r.OK() {
			return fmt.Errorf("%d messages exceed the limiter's burst of %d", k, c.burst)
		}
		if err := clock.Sleep(ctx, c.clock, r.DelayFrom(now)); err != nil {
			r.CancelAt(c.clock.Now())
			return err
		}
		n -= k
	}
	return nil
}
