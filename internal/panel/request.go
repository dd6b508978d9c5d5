package panel

import (
	"context"
	"errors"
	"fmt"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/auth"
	"github.com/panelpulse/panelpulse/internal/fault"
	"github.com/panelpulse/panelpulse/internal/store"
)

// ExportOnRequest is ExportMyData for a panellist of a tenant, run by an
// admin answering a request received outside the app.
func (s *Service) ExportOnRequest(ctx context.Context, tenantID, panellistID int64) ([]byte, error) {
	if _, err := s.profile(ctx, tenantID, panellistID); err != nil {
		return nil, err
	}
	return s.ExportMyData(ctx, auth.Principal{TenantID: tenantID, PanellistID: panellistID})
}

// EraseOnRequest is Withdraw with erase for a panellist of a tenant, run
// by an admin; confirmRef must be the panellist's ref.
func (s *Service) EraseOnRequest(ctx context.Context, tenantID, panellistID int64, confirmRef string) (Withdrawal, error) {
	p, err := s.profile(ctx, tenantID, panellistID)
	if err != nil {
		return Withdrawal{}, err
	}
	if p.Ref != confirmRef {
		return Withdrawal{}, fault.New(fault.FailedPrecondition, "confirm_ref %s is not the ref of panellist %d: nothing was erased", fault.Short(confirmRef), panellistID)
	}
	return s.Withdraw(ctx, auth.Principal{TenantID: tenantID, PanellistID: panellistID}, true)
}

func (s *Service) profile(ctx context.Context, tenantID, panellistID int64) (dbsqlc.PanelExportProfileRow, error) {
	p, err := s.st.Q.PanelExportProfile(ctx, dbsqlc.PanelExportProfileParams{TenantID: tenantID, ID: panellistID})
	if errors.Is(err, store.ErrNotFound) {
		return p, fault.New(fault.NotFound, "there is no panellist %d", panellistID)
	}
	if err != nil {
		return p, fmt.Errorf("panel.profile: %w", err)
	}
	return p, nil
}
