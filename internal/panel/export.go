package panel

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/auth"
)

// Export is everything held about a panellist, as the JSON document that
// ExportMyData returns. Every revision of every answer is included.
type Export struct {
	ExportedAt  time.Time                          `json:"exported_at"`
	Profile     dbsqlc.PanelExportProfileRow       `json:"profile"`
	Devices     []dbsqlc.PanelExportDevicesRow     `json:"devices"`
	Consents    []dbsqlc.PanelExportConsentsRow    `json:"consents"`
	Assignments []dbsqlc.PanelExportAssignmentsRow `json:"assignments"`
	Answers     []exportAnswer                     `json:"answers"`
	Pushes      []dbsqlc.PanelExportPushesRow      `json:"notifications"`
	// Sessions and invites are listed without their secrets (no token or
	// code, nor their hashes).
	Sessions []dbsqlc.PanelExportSessionsRow `json:"sessions"`
	Invites  []dbsqlc.PanelExportInvitesRow  `json:"invites"`
}

// exportAnswer shows the stored value as JSON rather than base64 bytes.
type exportAnswer struct {
	dbsqlc.PanelExportAnswersRow
	Value json.RawMessage `json:"Value"`
}

// ExportMyData gathers the caller's data in one read-only transaction and
// renders it as indented JSON.
func (s *Service) ExportMyData(ctx context.Context, who auth.Principal) ([]byte, error) {
	e := Export{ExportedAt: s.clock.Now().UTC()}
	tid, pid := who.TenantID, who.PanellistID
	err := s.st.InTx(ctx, func(q *dbsqlc.Queries) error {
		var err error
		if e.Profile, err = q.PanelExportProfile(ctx, dbsqlc.PanelExportProfileParams{TenantID: tid, ID: pid}); err != nil {
			return err
		}
		if e.Devices, err = q.PanelExportDevices(ctx, dbsqlc.PanelExportDevicesParams{TenantID: tid, PanellistID: pid}); err != nil {
			return err
		}
		if e.Consents, err = q.PanelExportConsents(ctx, dbsqlc.PanelExportConsentsParams{TenantID: tid, PanellistID: pid}); err != nil {
			return err
		}
		if e.Assignments, err = q.PanelExportAssignments(ctx, dbsqlc.PanelExportAssignmentsParams{TenantID: tid, PanellistID: pid}); err != nil {
			return err
		}
		answers, err := q.PanelExportAnswers(ctx, dbsqlc.PanelExportAnswersParams{TenantID: tid, PanellistID: &pid})
		if err != nil {
			return err
		}
		e.Answers = make([]exportAnswer, 0, len(answers))
		for _, a := range answers {
			e.Answers = append(e.Answers, exportAnswer{PanelExportAnswersRow: a, Value: a.Value})
		}
		if e.Pushes, err = q.PanelExportPushes(ctx, dbsqlc.PanelExportPushesParams{TenantID: tid, PanellistID: pid}); err != nil {
			return err
		}
		if e.Sessions, err = q.PanelExportSessions(ctx, dbsqlc.PanelExportSessionsParams{TenantID: tid, PanellistID: pid}); err != nil {
			return err
		}
		e.Invites, err = q.PanelExportInvites(ctx, dbsqlc.PanelExportInvitesParams{TenantID: tid, PanellistID: pid})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("panel.ExportMyData: %w", err)
	}
	b, err := json.MarshalIndent(e, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("panel.ExportMyData: %w", err)
	}
	return b, nil
}
