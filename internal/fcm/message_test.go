package fcm

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/panelpulse/panelpulse/internal/clock"
)

func TestBackoff(t *testing.T) {
	t.Parallel()
	for attempt := 0; attempt <= 40; attempt++ {
		ceiling := BackoffCap
		if attempt <= 9 {
			ceiling = min(BackoffBase<<max(attempt-1, 0), BackoffCap)
		}
		for range 200 {
			if d := Backoff(attempt, 0); d < 0 || d > ceiling {
				t.Fatalf("Backoff(%d, 0) = %v, want within [0, %v]", attempt, d, ceiling)
			}
			if d := Backoff(attempt, 3*time.Second); d < 3*time.Second {
				t.Fatalf("Backoff(%d, 3s) = %v, want at least Retry-After", attempt, d)
			}
		}
	}
	if d := Backoff(1, time.Hour); d != time.Hour {
		t.Errorf("Backoff(1, 1h) = %v, want Retry-After above the cap honoured", d)
	}
	var sum time.Duration
	for range 1000 {
		sum += Backoff(5, 0)
	}
	if mean := sum / 1000; mean < 5*time.Second || mean > 11*time.Second {
		t.Errorf("mean Backoff(5, 0) = %v, want about 8s (full jitter over [0, 16s])", mean)
	}
}

func TestSanitizeAnalyticsLabel(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"":                       "",
		"wave-3_spring.v1~%20":   "wave-3_spring.v1~%20",
		"wave 3/spring":          "wave_3_spring",
		"é":                      "__",
		strings.Repeat("a", 60):  strings.Repeat("a", 50),
		strings.Repeat("a!", 30): strings.Repeat("a_", 25),
	}
	for in, want := range tests {
		got := SanitizeAnalyticsLabel(in)
		if got != want {
			t.Errorf("SanitizeAnalyticsLabel(%q) = %q, want %q", in, got, want)
		}
		if got != "" && !ValidAnalyticsLabel(got) {
			t.Errorf("SanitizeAnalyticsLabel(%q) = %q is not a valid label", in, got)
		}
	}
}

func TestOutcomeString(t *testing.T) {
	t.Parallel()
	for o, want := range map[Outcome]string{Delivered: "delivered", Retry: "retry", TokenInvalid: "token_invalid", Failed: "failed", 0: "unknown"} {
		if o.String() != want {
			t.Errorf("Outcome(%d).String() = %q, want %q", o, o.String(), want)
		}
	}
}

func TestConfigValidate(t *testing.T) {
	t.Parallel()
	err := Config{RatePerMinute: -1, MaxAttempts: -2, MaxRetryWait: -time.Second}.Validate()
	for _, want := range []string{"ProjectID", "clock", "RatePerMinute", "MaxAttempts", "durations"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate() = %v, want a problem mentioning %s", err, want)
		}
	}
	if _, err := NewClient(context.Background(), Config{}); err == nil {
		t.Error("NewClient without a project succeeded")
	}
}

func TestNewClientWithCredentials(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, err := NewClient(ctx, Config{ProjectID: "p", Clock: clock.NewFake(fixedNow), CredentialsFile: filepath.Join(t.TempDir(), "missing.json")})
	if err == nil {
		t.Error("NewClient with a missing credentials file succeeded")
	}

	// A syntactically valid service account: the client must build
	// without touching the network (tokens are fetched on first send).
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	pemKey := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: must(x509.MarshalPKCS8PrivateKey(key))})
	sa, err := json.Marshal(map[string]string{
		"type": "service_account", "project_id": "p", "private_key_id": "k1", "private_key": string(pemKey),
		"client_email": "sender@p.iam.gserviceaccount.com", "client_id": "1", "token_uri": "https://oauth2.googleapis.com/token",
	})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "sa.json")
	if err := os.WriteFile(path, sa, 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := NewClient(ctx, Config{ProjectID: "p", Clock: clock.NewFake(fixedNow), CredentialsFile: path, RatePerMinute: DefaultRatePerMinute})
	if err != nil {
		t.Fatalf("NewClient with a service account: %v", err)
	}
	c.Close()
}

// must returns v or panics; for test setup that cannot fail.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
