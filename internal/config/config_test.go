package config

import (
	"strings"
	"testing"
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

func TestLogAttrsRedactPassword(t *testing.T) {
	t.Parallel()
	c := Server{DatabaseURL: "postgres://u:secret@db/x", FCMCredentials: "/keys/sa.json"}
	for _, a := range c.LogAttrs() {
		if s, ok := a.(string); ok && (strings.Contains(s, "secret") || strings.Contains(s, "sa.json")) {
			t.Fatalf("log attrs leak a secret: %v", c.LogAttrs())
		}
	}
}
