package tenant

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/fault"
	"github.com/panelpulse/panelpulse/internal/store"
)

// FirebaseWebConfigPath serves a programme's Firebase web configuration
// to the web app (?tenant=SLUG).
const FirebaseWebConfigPath = "/app/firebase-config.json"

// firebaseWebKeys are the fields the Firebase JS SDK needs for messaging.
var firebaseWebKeys = []string{"apiKey", "projectId", "appId", "messagingSenderId"}

// SetFirebaseWebConfig stores the programme's Firebase web configuration
// (the JSON object the Firebase console shows for a web app); nil clears
// it, and the app then checks for questions when opened instead.
func SetFirebaseWebConfig(ctx context.Context, st *store.Store, tenantID int64, cfg []byte) error {
	if cfg != nil {
		var m map[string]any
		if err := json.Unmarshal(cfg, &m); err != nil {
			return fault.New(fault.Invalid, "firebase web config: not a JSON object: %v", err)
		}
		for _, k := range firebaseWebKeys {
			if s, ok := m[k].(string); !ok || s == "" {
				return fault.New(fault.Invalid, "firebase web config: %q is missing", k)
			}
		}
	}
	n, err := st.Q.TenantSetFirebaseWebConfig(ctx, dbsqlc.TenantSetFirebaseWebConfigParams{TenantID: tenantID, Config: cfg})
	if err != nil {
		return fmt.Errorf("tenant.SetFirebaseWebConfig: %w", err)
	}
	if n == 0 {
		return fault.New(fault.NotFound, "tenant %d does not exist", tenantID)
	}
	return nil
}

// FirebaseWebConfigHandler answers GET FirebaseWebConfigPath?tenant=SLUG
// with the programme's Firebase web configuration, or 404 when the
// programme has none (or does not exist). The configuration is public by
// design: a web app ships it to every browser.
func FirebaseWebConfigHandler(st *store.Store) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cfg, err := st.Q.TenantFirebaseWebConfigBySlug(r.Context(), r.URL.Query().Get("tenant"))
		if errors.Is(err, store.ErrNotFound) || (err == nil && cfg == nil) {
			http.Error(w, "this programme has no Firebase web configuration", http.StatusNotFound)
			return
		}
		if err != nil {
			http.Error(w, "the configuration could not be read", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-cache")
		_, _ = w.Write(cfg)
	})
}
