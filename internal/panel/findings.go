package panel

import (
	"context"
	"fmt"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/auth"
	"github.com/panelpulse/panelpulse/internal/stats"
)

// Evidence is a decided finding's total over the whole panel; when
// Suppressed it holds no counts (fewer businesses than the threshold).
type Evidence struct {
	Respondents  int
	Suppressed   bool
	NetAgreement *stats.Interval
}

// MyFinding is a finding the caller helped test.
type MyFinding struct {
	ID        int64
	Statement string
	Status    string
	// Evidence is set once a facilitator has decided the finding.
	Evidence *Evidence
}

// decided are the statuses a facilitator sets when the test is over.
var decided = map[string]bool{"validated": true, "refuted": true, "inconclusive": true}

// MyFindings lists the findings whose question the caller answered, newest
// first; a decided finding carries its evidence, read through the
// observatory's estimators and disclosure pattern like the facilitator's
// live results. The threshold is the tenant's suppression threshold (0
// when no finding is decided yet). Nothing names another business.
func (s *Service) MyFindings(ctx context.Context, who auth.Principal) ([]MyFinding, int, error) {
	rows, err := s.st.Q.FindingListAnsweredBy(ctx, dbsqlc.FindingListAnsweredByParams{TenantID: who.TenantID, PanellistID: who.PanellistID})
	if err != nil {
		return nil, 0, fmt.Errorf("panel.MyFindings: %w", err)
	}
	out := make([]MyFinding, 0, len(rows))
	threshold := 0
	for _, r := range rows {
		f := MyFinding{ID: r.ID, Statement: r.Statement, Status: r.Status}
		if decided[r.Status] {
			c, th, err := s.obs.Total(ctx, who.TenantID, r.QuestionKey)
			if err != nil {
				return nil, 0, fmt.Errorf("panel.MyFindings: %w", err)
			}
			threshold = th
			f.Evidence = &Evidence{Respondents: c.Respondents, Suppressed: c.Suppressed}
			if !c.Suppressed {
				f.Evidence.NetAgreement = c.NetAgreement
			}
		}
		out = append(out, f)
	}
	return out, threshold, nil
}
