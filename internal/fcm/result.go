package fcm

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"

	"firebase.google.com/go/v4/errorutils"
	"firebase.google.com/go/v4/messaging"
)

// Outcome is what became of one message.
type Outcome int

// The outcomes of a send.
const (
	// Delivered: FCM accepted the message (Result.MessageID is set).
	Delivered Outcome = iota + 1
	// Retry: a transient failure (429, 500, 503, network, timeout); send
	// again after Backoff(attempt, Result.RetryAfter).
	Retry
	// TokenInvalid: the token is dead or not ours; remove it, do not retry.
	TokenInvalid
	// Failed: a permanent failure unrelated to the token (Result.Reason).
	Failed
)

// String names the outcome for logs.
func (o Outcome) String() string {
	switch o {
	case Delivered:
		return "delivered"
	case Retry:
		return "retry"
	case TokenInvalid:
		return "token_invalid"
	case Failed:
		return "failed"
	}
	return "unknown"
}

// Result is the outcome for the message at the same index.
type Result struct {
	// Token is the message's token.
	Token string
	// Outcome says what to do next.
	Outcome Outcome
	// MessageID is FCM's name for a delivered message.
	MessageID string
	// Reason is a short cause: an FCM error code such as UNREGISTERED or
	// QUOTA_EXCEEDED, "network", "expired", "invalid_message".
	Reason string
	// RetryAfter is the server's Retry-After, when it sent one.
	RetryAfter time.Duration
	// SDKRetried is set when the Firebase SDK already retried the request
	// itself (503 and network errors: four more tries over about 7 s), so
	// the caller should not retry at once.
	SDKRetried bool
	// Attempts is how many times Send tried the message in this call.
	Attempts int
	// Err is the error FCM or the network returned, if any.
	Err error
}

// Classify turns the error of one SDK send into a Result (Token and
// Attempts unset).
//
// INVALID_ARGUMENT is ambiguous: it is FCM's answer both to a malformed
// token and to a malformed message. Send validates every message before
// sending (the same checks as FCM: target, data size, reserved keys, label,
// TTL), so an INVALID_ARGUMENT for a message we built points at the token;
// we still only call it TokenInvalid when FCM's message names the
// registration token ("The registration token is not a valid FCM
// registration token"). Otherwise it is Failed and the token is kept: a bug
// in our payload must not wipe every token.
func Classify(err error, now time.Time) Result {
	if err == nil {
		return Result{Outcome: Delivered}
	}
	r := Result{Err: err, RetryAfter: retryAfter(err, now)}
	resp := errorutils.HTTPResponse(err)
	switch {
	case messaging.IsUnregistered(err):
		r.Outcome, r.Reason = TokenInvalid, "UNREGISTERED"
	case messaging.IsSenderIDMismatch(err):
		r.Outcome, r.Reason = TokenInvalid, "SENDER_ID_MISMATCH"
	case messaging.IsInvalidArgument(err) || errorutils.IsInvalidArgument(err):
		r.Outcome, r.Reason = Failed, "INVALID_ARGUMENT"
		if strings.Contains(strings.ToLower(err.Error()), "registration token") {
			r.Outcome = TokenInvalid
		}
	case messaging.IsQuotaExceeded(err) || errorutils.IsResourceExhausted(err):
		r.Outcome, r.Reason = Retry, "QUOTA_EXCEEDED"
	case messaging.IsUnavailable(err) || resp != nil && resp.StatusCode == http.StatusServiceUnavailable:
		r.Outcome, r.Reason, r.SDKRetried = Retry, "UNAVAILABLE", true
	case messaging.IsInternal(err) || errorutils.IsInternal(err):
		r.Outcome, r.Reason = Retry, "INTERNAL"
	case messaging.IsThirdPartyAuthError(err):
		// APNs or web push credentials in the Firebase console are wrong:
		// no retry of this message will help until someone fixes them.
		r.Outcome, r.Reason = Failed, "THIRD_PARTY_AUTH_ERROR"
	case errorutils.IsUnauthenticated(err):
		// Our own credentials were refused; usually a token refresh.
		r.Outcome, r.Reason = Retry, "UNAUTHENTICATED"
	case resp != nil && (resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500):
		r.Outcome, r.Reason = Retry, "HTTP_"+strconv.Itoa(resp.StatusCode)
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		r.Outcome, r.Reason = Retry, "canceled"
	case resp == nil:
		// No HTTP response: a network error or timeout, which the SDK
		// retries itself (DeadlineExceeded and Unknown FirebaseErrors).
		r.Outcome, r.Reason, r.SDKRetried = Retry, "network", true
	default:
		r.Outcome, r.Reason = Failed, "HTTP_"+strconv.Itoa(resp.StatusCode)
	}
	return r
}

// retryAfter reads the Retry-After header (seconds or an HTTP date, taken
// relative to now) from the response behind err, or returns 0.
func retryAfter(err error, now time.Time) time.Duration {
	resp := errorutils.HTTPResponse(err)
	if resp == nil {
		return 0
	}
	v := resp.Header.Get("Retry-After")
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil && secs > 0 {
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0)
	}
	return 0
}

// Backoff bounds.
const (
	// BackoffBase is the ceiling of the first retry's delay.
	BackoffBase = time.Second
	// BackoffCap is the largest ceiling of the random delay.
	BackoffCap = 5 * time.Minute
)

// Backoff returns how long to wait before attempt+1, after attempt (1 for
// the first) failed: exponential with full jitter, a random delay in
// [0, min(BackoffCap, BackoffBase*2^(attempt-1))], but never less than the
// server's retryAfter, even above the cap.
func Backoff(attempt int, retryAfter time.Duration) time.Duration {
	ceiling := BackoffCap
	if attempt < 1 {
		attempt = 1
	}
	if attempt <= 20 { // beyond that the shift overflows the cap anyway
		ceiling = min(BackoffBase<<(attempt-1), BackoffCap)
	}
	d := rand.N(ceiling + 1)
	return max(d, retryAfter)
}
