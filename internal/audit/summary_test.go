package audit_test

import (
	"strings"
	"testing"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/internal/audit"
)

// TestSummaryDropsSecrets: fields marked debug_redact go at any depth
// (a list of invites), long strings become their length, and the rest is
// kept.
func TestSummaryDropsSecrets(t *testing.T) {
	t.Parallel()
	got := string(audit.Summary(&pb.CreateInvitesResponse{Invites: []*pb.Invite{{PanellistRef: "P1", Code: "ABCD-EFGH-JKLM"}}}))
	if strings.Contains(got, "ABCD") || !strings.Contains(got, `"P1"`) {
		t.Errorf("invites summarised as %s, want the ref without the code", got)
	}
	got = string(audit.Summary(&pb.SignInRequest{ApiKey: "ppk_1_secretsecretsecretsecret"}))
	if got != "{}" {
		t.Errorf("a sign-in summarised as %s, want {}", got)
	}
	csv := "ref,name,sic,employees,district\n" + strings.Repeat("B1,Name,10110,5,Leicester\n", 20)
	got = string(audit.Summary(&pb.ImportBusinessesRequest{Csv: csv}))
	if strings.Contains(got, "Leicester") || !strings.Contains(got, "characters]") {
		t.Errorf("an import summarised as %s, want the CSV's length only", got)
	}
}

// TestRecorded: reads are left out by their method name, downloads are not.
func TestRecorded(t *testing.T) {
	t.Parallel()
	for proc, want := range map[string]bool{
		"/panelpulse.v1.AdminService/CreateWave":                true,
		"/panelpulse.v1.StaffService/SignOut":                   true,
		"/panelpulse.v1.AdminService/GetPushStats":              false,
		"/panelpulse.v1.AdminService/ListPanellists":            false,
		"/panelpulse.v1.RoundtableService/WatchResults":         false,
		"/panelpulse.v1.StaffService/WhoAmI":                    false,
		"/panelpulse.v1.ObservatoryService/ExportTrend":         false,
		"/panelpulse.v1.ObservatoryService/ExportMicrodata":     true,
		"/panelpulse.v1.DataRequestService/ExportPanellistData": true,
		"/panelpulse.v1.DataRequestService/ErasePanellist":      true,
	} {
		if got := audit.Recorded(proc); got != want {
			t.Errorf("Recorded(%s) = %v, want %v", proc, got, want)
		}
	}
}
