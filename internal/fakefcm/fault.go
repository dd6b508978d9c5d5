package fakefcm

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// FaultKind is an error class the fake can be told to answer with.
type FaultKind int

// The error classes FCM answers with, as HTTP status, status and FcmError code.
const (
	// QuotaExceeded answers 429 RESOURCE_EXHAUSTED / QUOTA_EXCEEDED.
	QuotaExceeded FaultKind = iota + 1
	// Unavailable answers 503 UNAVAILABLE / UNAVAILABLE.
	Unavailable
	// Internal answers 500 INTERNAL / INTERNAL.
	Internal
	// Unregistered answers 404 NOT_FOUND / UNREGISTERED.
	Unregistered
	// InvalidArgument answers 400 INVALID_ARGUMENT with FCM's
	// "not a valid FCM registration token" message.
	InvalidArgument
	// SenderIDMismatch answers 403 PERMISSION_DENIED / SENDER_ID_MISMATCH.
	SenderIDMismatch
	// ThirdPartyAuthError answers 401 UNAUTHENTICATED / THIRD_PARTY_AUTH_ERROR.
	ThirdPartyAuthError
)

// Always, as Fault.Times, makes a fault answer every request until cleared.
const Always = 0

// Fault tells the fake to fail requests instead of accepting them.
type Fault struct {
	// Kind is the error class to answer with.
	Kind FaultKind
	// Times is how many requests the fault answers; Always (0) means every
	// request until ClearFaults.
	Times int
	// RetryAfter, when positive, is sent as a Retry-After header in whole
	// seconds (rounded up). FCM sends it with 429 and sometimes with 503.
	RetryAfter time.Duration
}

// fcmError describes how one FaultKind looks on the wire.
type fcmError struct {
	httpCode  int
	status    string
	errorCode string
	message   string
}

// faultErrors maps each FaultKind to its FCM reply.
var faultErrors = map[FaultKind]fcmError{
	QuotaExceeded:       {http.StatusTooManyRequests, "RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED", "Quota exceeded for sending messages."},
	Unavailable:         {http.StatusServiceUnavailable, "UNAVAILABLE", "UNAVAILABLE", "The service is currently unavailable."},
	Internal:            {http.StatusInternalServerError, "INTERNAL", "INTERNAL", "Internal error encountered."},
	Unregistered:        {http.StatusNotFound, "NOT_FOUND", "UNREGISTERED", "Requested entity was not found."},
	InvalidArgument:     {http.StatusBadRequest, "INVALID_ARGUMENT", "INVALID_ARGUMENT", "The registration token is not a valid FCM registration token"},
	SenderIDMismatch:    {http.StatusForbidden, "PERMISSION_DENIED", "SENDER_ID_MISMATCH", "SenderId mismatch"},
	ThirdPartyAuthError: {http.StatusUnauthorized, "UNAUTHENTICATED", "THIRD_PARTY_AUTH_ERROR", "Auth error from APNS or Web Push Service"},
}

// FailToken makes requests for token answer with f (replacing any earlier
// fault for that token). Token faults take precedence over FailAll.
func (s *Server) FailToken(token string, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokenFaults[token] = &f
	s.faulty.Store(true)
}

// FailAll makes every request answer with f, after any token fault.
func (s *Server) FailAll(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.globalFault = &f
	s.faulty.Store(true)
}

// ClearFaults removes every fault; the fake accepts valid messages again.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.tokenFaults)
	s.globalFault = nil
	s.faulty.Store(false)
}

// takeFault returns the fault that answers a request for token, using up
// one of its Times, or nil.
func (s *Server) takeFault(token string) *Fault {
	if !s.faulty.Load() {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if f, ok := s.tokenFaults[token]; ok {
		got := *f
		if f.Times > 0 {
			if f.Times--; f.Times == 0 {
				delete(s.tokenFaults, token)
			}
		}
		return &got
	}
	if f := s.globalFault; f != nil {
		got := *f
		if f.Times > 0 {
			if f.Times--; f.Times == 0 {
				s.globalFault = nil
			}
		}
		return &got
	}
	return nil
}

// writeFault answers a request with the reply for f.
func writeFault(w http.ResponseWriter, f *Fault) {
	e, ok := faultErrors[f.Kind]
	if !ok {
		e = faultErrors[Internal]
	}
	if f.RetryAfter > 0 {
		secs := int64((f.RetryAfter + time.Second - 1) / time.Second)
		w.Header().Set("Retry-After", strconv.FormatInt(secs, 10))
	}
	writeError(w, e)
}

// invalidArgument builds the reply for a message that failed validation.
func invalidArgument(msg string) fcmError {
	return fcmError{http.StatusBadRequest, "INVALID_ARGUMENT", "INVALID_ARGUMENT", msg}
}

// errorBody is the Google API error envelope FCM uses.
type errorBody struct {
	Error struct {
		Code    int           `json:"code"`
		Message string        `json:"message"`
		Status  string        `json:"status"`
		Details []errorDetail `json:"details,omitempty"`
	} `json:"error"`
}

// errorDetail is the FcmError detail that carries the FCM error code.
type errorDetail struct {
	Type      string `json:"@type"`
	ErrorCode string `json:"errorCode"`
}

// writeError writes e as an FCM error response.
func writeError(w http.ResponseWriter, e fcmError) {
	var body errorBody
	body.Error.Code = e.httpCode
	body.Error.Message = e.message
	body.Error.Status = e.status
	if e.errorCode != "" {
		body.Error.Details = []errorDetail{{
			Type:      "type.googleapis.com/google.firebase.fcm.v1.FcmError",
			ErrorCode: e.errorCode,
		}}
	}
	b, _ := json.Marshal(&body) // cannot fail: plain strings and ints
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(e.httpCode)
	_, _ = w.Write(b)
}
