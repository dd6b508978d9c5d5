package push_test

import (
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/push"
	"github.com/panelpulse/panelpulse/internal/push/pushtest"
)

// TestWebDeviceGetsWebpush: a panellist's web app device gets the webpush
// part of the message (title, body, tag, the link to today's questions in
// the app, a TTL until the assignment closes, high urgency), through the
// real SDK into the fake FCM; a phone's message has none.
func TestWebDeviceGetsWebpush(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 1, 2, push.Config{AppURL: "https://panel.example.org/app/"})
	p := e.push(1)
	web := pushtest.Token(1, 1)
	if err := e.st.Q.DeviceUpsert(e.ctx, dbsqlc.DeviceUpsertParams{TenantID: p.TenantID, FcmToken: web, PanellistID: p.PanellistID, Platform: "web", Now: e.clock.Now()}); err != nil {
		t.Fatal(err)
	}
	if n := e.tick(e.disp); n != 1 || e.fake.Count() != 2 {
		t.Fatalf("claimed %d pushes and sent %d messages, want 1 push to 2 devices", n, e.fake.Count())
	}
	type webpush struct {
		Headers      map[string]string `json:"headers"`
		Notification struct {
			Title, Body, Tag string
			Data             map[string]string `json:"data"`
		} `json:"notification"`
		FCMOptions struct {
			Link string `json:"link"`
		} `json:"fcm_options"`
	}
	link := "https://panel.example.org/app/?push=" + strconv.FormatInt(p.ID, 10)
	for _, m := range e.fake.Messages() {
		if m.Token != web {
			if len(m.Webpush) != 0 {
				t.Errorf("the phone's message carries a webpush part: %s", m.Webpush)
			}
			continue
		}
		var w webpush
		if err := json.Unmarshal(m.Webpush, &w); err != nil {
			t.Fatalf("webpush part %s: %v", m.Webpush, err)
		}
		if w.Notification.Title != "Today's PanelPulse" || w.Notification.Body != "1 quick question for you today" || w.Notification.Tag != m.Android.CollapseKey {
			t.Errorf("webpush notification %+v, want today's title and body, tagged %q", w.Notification, m.Android.CollapseKey)
		}
		if w.FCMOptions.Link != link || w.Notification.Data["link"] != link {
			t.Errorf("webpush links %q and %q, want %s", w.FCMOptions.Link, w.Notification.Data["link"], link)
		}
		ttl, err := strconv.Atoi(w.Headers["TTL"])
		if want := p.ExpiresAt.Sub(e.clock.Now()); err != nil || time.Duration(ttl)*time.Second != want.Truncate(time.Second) {
			t.Errorf("webpush TTL header %q, want %d seconds (until the assignment closes)", w.Headers["TTL"], int(want.Seconds()))
		}
		if w.Headers["Urgency"] != "high" {
			t.Errorf("webpush Urgency %q, want high", w.Headers["Urgency"])
		}
		return
	}
	t.Fatal("the web device got no message")
}
