package config

import (
	"strings"
	"testing"
	"time"
)

func TestLoadDefaultsToDemo(t *testing.T) {
	t.Parallel()
	c, err := Load(nil, func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	if !c.Demo() || c.Addr != "127.0.0.1:8080" || !c.API || !c.Planner || !c.Dispatcher {
		t.Fatalf("defaults = %+v, want demo on 127.0.0.1:8080 with every part on", c)
	}
}

func TestValidateReportsEveryProblem(t *testing.T) {
	t.Parallel()
	env := map[string]string{"DATABASE_URL": "postgres://u:secret@db/x"}
	_, err := Load([]string{"-api=false", "-planner=false", "-dispatcher=false", "-simulate", "-log-level=loud"}, func(k string) string { return env[k] })
	if err == nil {
		t.Fatal("want an error")
	}
	for _, want := range []string{"nothing to run", "-simulate needs the demo", "FCM_PROJECT_ID", "log level"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

// TestAppURL: the web app's address comes from PANELPULSE_APP_URL or
// -app-url and must be an absolute http or https URL.
func TestAppURL(t *testing.T) {
	t.Parallel()
	env := map[string]string{"PANELPULSE_APP_URL": "https://panel.example.org/app/"}
	c, err := Load(nil, func(k string) string { return env[k] })
	if err != nil || c.AppURL != "https://panel.example.org/app/" {
		t.Fatalf("from the environment: %q, %v", c.AppURL, err)
	}
	if c, err = Load([]string{"-app-url=http://localhost:8080/app/"}, func(k string) string { return env[k] }); err != nil || c.AppURL != "http://localhost:8080/app/" {
		t.Fatalf("the flag over the environment: %q, %v", c.AppURL, err)
	}
	for _, bad := range []string{"/app/", "panel.example.org/app/", "ftp://panel.example.org/app/", "https:///app/"} {
		if _, err := Load([]string{"-app-url=" + bad}, func(string) string { return "" }); err == nil || !strings.Contains(err.Error(), "app-url") {
			t.Errorf("app-url %q: %v, want refused", bad, err)
		}
	}
}

func TestLogAttrsRedactPassword(t *testing.T) {
	t.Parallel()
	c := Server{DatabaseURL: "postgres://u:secret@db/x", DatabaseReadURL: "postgres://u:secret@standby/x", FCMCredentials: "/keys/sa.json"}
	for _, a := range c.LogAttrs() {
		if s, ok := a.(string); ok && (strings.Contains(s, "secret") || strings.Contains(s, "sa.json")) {
			t.Fatalf("log attrs leak a secret: %v", c.LogAttrs())
		}
	}
}

func TestTuningFromEnvironmentAndFlags(t *testing.T) {
	t.Parallel()
	c, err := Load(nil, func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	if c.Tuning != DefaultTuning() {
		t.Fatalf("default tuning = %+v, want %+v", c.Tuning, DefaultTuning())
	}
	env := map[string]string{"PANELPULSE_DB_MAX_CONNS": "12", "PANELPULSE_PUSH_WORKERS": "2"}
	c, err = Load([]string{"-push-workers=6", "-refresh-every=1m", "-simulate-every=5s"}, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	want := DefaultTuning()
	want.MaxConns, want.PushWorkers, want.RefreshEvery, want.SimulateEvery = 12, 6, time.Minute, 5*time.Second
	if c.Tuning != want {
		t.Fatalf("tuning = %+v, want %+v (flags win over the environment)", c.Tuning, want)
	}
}

func TestTuningValidationAndDefaults(t *testing.T) {
	t.Parallel()
	_, err := Load([]string{"-db-max-conns=1", "-push-workers=0", "-refresh-every=0s"}, func(string) string { return "" })
	for _, want := range []string{"db-max-conns 1", "push-workers 0", "intervals must be positive"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not mention %q", err, want)
		}
	}
	if _, err := Load(nil, func(k string) string { return map[string]string{"PANELPULSE_PUSH_WORKERS": "many"}[k] }); err == nil {
		t.Error("PANELPULSE_PUSH_WORKERS=many was accepted")
	}
	if got := (Tuning{PushWorkers: 9}).WithDefaults(); got.PushWorkers != 9 || got.MaxConns != DefaultTuning().MaxConns || got.RefreshEvery != 30*time.Second {
		t.Fatalf("WithDefaults = %+v, want 9 workers and the default pool and intervals", got)
	}
}

// TestReadReplica: DATABASE_READ_URL is taken beside DATABASE_URL and
// refused for the demo, which has no standby.
func TestReadReplica(t *testing.T) {
	t.Parallel()
	env := map[string]string{"DATABASE_URL": "postgres://db/x", "DATABASE_READ_URL": "postgres://standby/x", "FCM_PROJECT_ID": "p"}
	c, err := Load(nil, func(k string) string { return env[k] })
	if err != nil || c.DatabaseReadURL != "postgres://standby/x" {
		t.Fatalf("read replica: %q, %v", c.DatabaseReadURL, err)
	}
	_, err = Load(nil, func(k string) string { return map[string]string{"DATABASE_READ_URL": "postgres://standby/x"}[k] })
	if err == nil || !strings.Contains(err.Error(), "DATABASE_READ_URL needs DATABASE_URL") {
		t.Fatalf("read replica for the demo: %v", err)
	}
}
