package fakefcm

import (
	"encoding/json"
	"fmt"
	"time"
)

// sendRequest is the body of POST /v1/projects/{project}/messages:send.
type sendRequest struct {
	ValidateOnly bool     `json:"validate_only"`
	Message      *Message `json:"message"`
}

// Message is one FCM HTTP v1 message as the fake decoded it. Only the fields
// PanelPulse sends (and those the validation needs) are modelled; the fake,
// unlike FCM, ignores unknown fields.
type Message struct {
	// Name is the resource name the fake assigned: projects/P/messages/ID.
	Name string `json:"-"`
	// Project is the project id taken from the request path.
	Project string `json:"-"`
	// ValidateOnly is true when the request asked for a dry run; such
	// messages are validated and counted but not recorded.
	ValidateOnly bool `json:"-"`
	// Received is when the fake accepted the message.
	Received time.Time `json:"-"`

	// The rest are the FCM v1 message fields under their JSON names;
	// exactly one of Token, Topic and Condition is set in an accepted one.
	Token        string            `json:"token"`
	Topic        string            `json:"topic"`
	Condition    string            `json:"condition"`
	Data         map[string]string `json:"data"`
	Notification *Notification     `json:"notification"`
	Android      *AndroidConfig    `json:"android"`
	APNS         *APNSConfig       `json:"apns"`
	Webpush      json.RawMessage   `json:"webpush"`
	FCMOptions   *FCMOptions       `json:"fcm_options"`
}

// Notification is the cross-platform notification block.
type Notification struct {
	Title string `json:"title"`
	Body  string `json:"body"`
	Image string `json:"image"`
}

// AndroidConfig is the android block of a message.
type AndroidConfig struct {
	CollapseKey           string               `json:"collapse_key"`
	Priority              string               `json:"priority"`
	TTL                   string               `json:"ttl"`
	RestrictedPackageName string               `json:"restricted_package_name"`
	Data                  map[string]string    `json:"data"`
	Notification          *AndroidNotification `json:"notification"`
	FCMOptions            *FCMOptions          `json:"fcm_options"`
	DirectBootOK          bool                 `json:"direct_boot_ok"`
}

// AndroidNotification is the part of android.notification the fake keeps.
type AndroidNotification struct {
	Title       string `json:"title"`
	Body        string `json:"body"`
	Tag         string `json:"tag"`
	ChannelID   string `json:"channel_id"`
	ClickAction string `json:"click_action"`
}

// APNSConfig is the apns block of a message. Header values must be strings,
// which decoding into map[string]string enforces.
type APNSConfig struct {
	Headers    map[string]string `json:"headers"`
	Payload    *APNSPayload      `json:"payload"`
	FCMOptions *FCMOptions       `json:"fcm_options"`
}

// APNSPayload is the APNs payload; custom keys beside aps are not kept.
type APNSPayload struct {
	Aps *Aps `json:"aps"`
}

// Aps is the aps dictionary of an APNs payload.
type Aps struct {
	Alert            *Alert `json:"alert"`
	Sound            Sound  `json:"sound"`
	Badge            *int   `json:"badge"`
	ContentAvailable int    `json:"content-available"`
	MutableContent   int    `json:"mutable-content"`
	Category         string `json:"category"`
	ThreadID         string `json:"thread-id"`
}

// Alert is aps.alert, which APNs accepts as a string (the body) or an object.
type Alert struct {
	Title string `json:"title"`
	Body  string `json:"body"`
}

// UnmarshalJSON accepts both the string and the object form of aps.alert.
func (a *Alert) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		return json.Unmarshal(b, &a.Body)
	}
	type plain Alert
	if err := json.Unmarshal(b, (*plain)(a)); err != nil {
		return fmt.Errorf("aps.alert: %w", err)
	}
	return nil
}

// Sound is aps.sound: a sound name, or for critical alerts an object whose
// name is kept.
type Sound string

// UnmarshalJSON accepts both the string and the object form of aps.sound.
func (s *Sound) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		return json.Unmarshal(b, (*string)(s))
	}
	var critical struct {
		Name string `json:"name"`
	}
	if err := json.Unmarshal(b, &critical); err != nil {
		return fmt.Errorf("aps.sound: %w", err)
	}
	*s = Sound(critical.Name)
	return nil
}

// FCMOptions holds the analytics label of a message or platform block.
type FCMOptions struct {
	AnalyticsLabel string `json:"analytics_label"`
}
