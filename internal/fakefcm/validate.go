package fakefcm

import (
	"fmt"
	"strings"
)

// MaxDataBytes is FCM's limit on the data payload: the summed length of the
// keys and values of message.data (and of android.data, checked apart).
const MaxDataBytes = 4096

// maxAnalyticsLabel is the longest analytics label FCM accepts.
const maxAnalyticsLabel = 50

// validate checks m the way FCM does for the fields the fake models. It
// returns a message for an INVALID_ARGUMENT reply, or "" when m is valid.
func validate(m *Message) string {
	targets := 0
	for _, t := range [...]string{m.Token, m.Topic, m.Condition} {
		if t != "" {
			targets++
		}
	}
	if targets != 1 {
		return "Invalid value at 'message': exactly one of token, topic or condition must be set"
	}
	if m.Token != "" && strings.TrimSpace(m.Token) == "" {
		return "The registration token is not a valid FCM registration token"
	}
	if m.Topic != "" && !labelChars(strings.TrimPrefix(m.Topic, "/topics/")) {
		return "Invalid value at 'message.topic'"
	}
	if msg := validateData("message.data", m.Data); msg != "" {
		return msg
	}
	if msg := validateLabel("message.fcm_options", m.FCMOptions); msg != "" {
		return msg
	}
	if a := m.Android; a != nil {
		if msg := validateAndroid(a); msg != "" {
			return msg
		}
	}
	if a := m.APNS; a != nil {
		if msg := validateAPNS(a); msg != "" {
			return msg
		}
	}
	return ""
}

// validateData enforces the reserved keys and the 4 KB payload limit.
func validateData(field string, data map[string]string) string {
	size := 0
	for k, v := range data {
		size += len(k) + len(v)
		if reservedDataKey(k) {
			return fmt.Sprintf("Invalid value at '%s': key %q is reserved", field, k)
		}
	}
	if size > MaxDataBytes {
		return fmt.Sprintf("Invalid value at '%s': data payload of %d bytes exceeds %d", field, size, MaxDataBytes)
	}
	return ""
}

// reservedDataKey reports keys FCM refuses in data: "from", "message_type",
// "notification" and anything starting with "google" or "gcm".
func reservedDataKey(k string) bool {
	switch k {
	case "", "from", "notification", "message_type":
		return true
	}
	return strings.HasPrefix(k, "google") || strings.HasPrefix(k, "gcm")
}

// validateAndroid checks priority, ttl, android data and its label.
func validateAndroid(a *AndroidConfig) string {
	switch strings.ToLower(a.Priority) {
	case "", "normal", "high":
	default:
		return fmt.Sprintf("Invalid value at 'message.android.priority' (%q)", a.Priority)
	}
	if a.TTL != "" && !validDuration(a.TTL) {
		return fmt.Sprintf("Invalid value at 'message.android.ttl' (%q): want seconds like \"3600s\"", a.TTL)
	}
	if msg := validateData("message.android.data", a.Data); msg != "" {
		return msg
	}
	return validateLabel("message.android.fcm_options", a.FCMOptions)
}

// validateAPNS checks the APNs headers FCM inspects and the label.
func validateAPNS(a *APNSConfig) string {
	if p, ok := a.Headers["apns-priority"]; ok && p != "1" && p != "5" && p != "10" {
		return fmt.Sprintf("Invalid value at 'message.apns.headers' apns-priority %q", p)
	}
	if e, ok := a.Headers["apns-expiration"]; ok && !digits(e) {
		return fmt.Sprintf("Invalid value at 'message.apns.headers' apns-expiration %q", e)
	}
	if c, ok := a.Headers["apns-collapse-id"]; ok && len(c) > 64 {
		return "Invalid value at 'message.apns.headers' apns-collapse-id longer than 64 bytes"
	}
	return validateLabel("message.apns.fcm_options", a.FCMOptions)
}

// validateLabel checks an analytics label: [a-zA-Z0-9-_.~%]{1,50}.
func validateLabel(field string, o *FCMOptions) string {
	if o == nil || o.AnalyticsLabel == "" {
		return ""
	}
	if len(o.AnalyticsLabel) > maxAnalyticsLabel || !labelChars(o.AnalyticsLabel) {
		return fmt.Sprintf("Invalid value at '%s.analytics_label' (%q)", field, o.AnalyticsLabel)
	}
	return ""
}

// validDuration reports whether s is a protobuf JSON duration: "3600s" or
// "3600.5s" with at most nine fractional digits.
func validDuration(s string) bool {
	if len(s) < 2 || s[len(s)-1] != 's' {
		return false
	}
	whole, frac, hasFrac := strings.Cut(s[:len(s)-1], ".")
	if !digits(whole) {
		return false
	}
	return !hasFrac || (len(frac) <= 9 && digits(frac))
}

// digits reports whether s is a non-empty run of ASCII digits.
func digits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// labelChars reports whether s is non-empty and only holds [a-zA-Z0-9-_.~%].
func labelChars(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case c == '-', c == '_', c == '.', c == '~', c == '%':
		default:
			return false
		}
	}
	return true
}
