package fcm

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"firebase.google.com/go/v4/messaging"
)

// Limits FCM and APNs enforce on the fields we send.
const (
	// MaxDataBytes is FCM's limit on the data payload (keys plus values).
	MaxDataBytes = 4096
	// MaxCollapseKey is the APNs limit on apns-collapse-id, which carries
	// the collapse key to iOS.
	MaxCollapseKey = 64
	// MaxAnalyticsLabel is the longest analytics label FCM accepts.
	MaxAnalyticsLabel = 50
	// maxTTL is FCM's longest time to live, four weeks.
	maxTTL = 28 * 24 * time.Hour
)

// ErrInvalidMessage marks a Message that would be rejected by FCM whatever
// the token; it is never sent.
var ErrInvalidMessage = errors.New("invalid message")

// Message is one push to one device token.
type Message struct {
	// Token is the device's FCM registration token.
	Token string
	// Title and Body form the visible notification; both empty makes a
	// data-only (background) message.
	Title, Body string
	// Data is delivered to the app (assignment ids, deep link).
	Data map[string]string
	// CollapseKey makes a later push with the same key replace an earlier
	// one on the device (Android collapse_key and tag, apns-collapse-id).
	CollapseKey string
	// Expiry is when the push stops being useful (the assignment closes):
	// FCM drops it if undelivered by then. Zero means FCM's default of four
	// weeks; a past Expiry fails the message without sending.
	Expiry time.Time
	// AnalyticsLabel tags the message in FCM delivery reports (one per
	// wave); it is sanitised with SanitizeAnalyticsLabel.
	AnalyticsLabel string
	// WebLink, when set, makes this a web push for the installed web app:
	// the webpush block carries the notification (title, body, the
	// collapse key as its tag, the link in its data), a TTL header until
	// Expiry with high urgency, and the link FCM opens on a click (FCM
	// takes only an https link there; the app's service worker opens
	// any).
	WebLink string
}

// Validate reports why FCM would reject m whatever its token, wrapping
// ErrInvalidMessage.
func (m Message) Validate() error {
	var errs []error
	if m.Token == "" || strings.ContainsAny(m.Token, " \t\r\n") {
		errs = append(errs, errors.New("token is empty or has spaces"))
	}
	size := 0
	for k, v := range m.Data {
		size += len(k) + len(v)
		if reservedDataKey(k) {
			errs = append(errs, fmt.Errorf("data key %q is reserved by FCM", k))
		}
	}
	if size > MaxDataBytes {
		errs = append(errs, fmt.Errorf("data payload %d bytes exceeds %d", size, MaxDataBytes))
	}
	if len(m.CollapseKey) > MaxCollapseKey {
		errs = append(errs, fmt.Errorf("collapse key %d bytes exceeds %d", len(m.CollapseKey), MaxCollapseKey))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidMessage, err)
	}
	return nil
}

// reservedDataKey reports keys FCM refuses in data.
func reservedDataKey(k string) bool {
	switch k {
	case "", "from", "notification", "message_type":
		return true
	}
	return strings.HasPrefix(k, "google") || strings.HasPrefix(k, "gcm")
}

// ValidAnalyticsLabel reports whether s matches [a-zA-Z0-9-_.~%]{1,50}.
func ValidAnalyticsLabel(s string) bool {
	if s == "" || len(s) > MaxAnalyticsLabel {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !labelChar(s[i]) {
			return false
		}
	}
	return true
}

// SanitizeAnalyticsLabel turns s into a valid label: characters outside
// [a-zA-Z0-9-_.~%] become '_' and the result is cut to 50 bytes. An empty s
// stays empty (no label).
func SanitizeAnalyticsLabel(s string) string {
	if ValidAnalyticsLabel(s) {
		return s
	}
	b := []byte(s)
	for i, c := range b {
		if !labelChar(c) {
			b[i] = '_'
		}
	}
	return string(b[:min(len(b), MaxAnalyticsLabel)])
}

// labelChar reports whether c may appear in an analytics label.
func labelChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '-' || c == '_' || c == '.' || c == '~' || c == '%'
}

// toFCM builds the SDK message for m at time now. It returns false when m
// has expired.
//
// Android gets high priority, a TTL until Expiry and the collapse key (also
// as the notification tag, so a duplicate replaces the shown notification).
// APNs gets apns-priority 10 and an alert with sound for a visible push, or
// priority 5 and content-available for a data-only one (APNs refuses
// priority 10 without an alert), apns-expiration in unix seconds and
// apns-collapse-id.
func (m Message) toFCM(now time.Time) (*messaging.Message, bool) {
	visible := m.Title != "" || m.Body != ""
	android := &messaging.AndroidConfig{Priority: "high", CollapseKey: m.CollapseKey}
	headers := map[string]string{}
	aps := &messaging.Aps{}
	if visible {
		headers["apns-priority"] = "10"
		headers["apns-push-type"] = "alert"
		aps.Alert = &messaging.ApsAlert{Title: m.Title, Body: m.Body}
		aps.Sound = "default"
		if m.CollapseKey != "" {
			android.Notification = &messaging.AndroidNotification{Tag: m.CollapseKey}
		}
	} else {
		headers["apns-priority"] = "5"
		headers["apns-push-type"] = "background"
		aps.ContentAvailable = true
	}
	if !m.Expiry.IsZero() {
		ttl := m.Expiry.Sub(now).Truncate(time.Second)
		if ttl <= 0 {
			return nil, false
		}
		ttl = min(ttl, maxTTL)
		android.TTL = &ttl
		headers["apns-expiration"] = strconv.FormatInt(m.Expiry.Unix(), 10)
	}
	if m.CollapseKey != "" {
		headers["apns-collapse-id"] = m.CollapseKey
	}
	out := &messaging.Message{
		Token:   m.Token,
		Data:    m.Data,
		Android: android,
		APNS:    &messaging.APNSConfig{Headers: headers, Payload: &messaging.APNSPayload{Aps: aps}},
	}
	if visible {
		out.Notification = &messaging.Notification{Title: m.Title, Body: m.Body}
	}
	if m.WebLink != "" {
		out.Webpush = m.webpush(android.TTL)
	}
	if label := SanitizeAnalyticsLabel(m.AnalyticsLabel); label != "" {
		out.FCMOptions = &messaging.FCMOptions{AnalyticsLabel: label}
	}
	return out, true
}

// webpush builds the webpush block of a web push with the TTL of the
// android block (nil: FCM's default).
func (m Message) webpush(ttl *time.Duration) *messaging.WebpushConfig {
	w := &messaging.WebpushConfig{Headers: map[string]string{"Urgency": "high"}}
	if ttl != nil {
		w.Headers["TTL"] = strconv.FormatInt(int64(*ttl/time.Second), 10)
	}
	if m.Title != "" || m.Body != "" {
		w.Notification = &messaging.WebpushNotification{
			Title: m.Title, Body: m.Body, Tag: m.CollapseKey,
			Data: map[string]string{"link": m.WebLink},
		}
	}
	if strings.HasPrefix(m.WebLink, "https://") {
		w.FCMOptions = &messaging.WebpushFCMOptions{Link: m.WebLink}
	}
	return w
}
