// Command panelctl is the admin CLI. Operator commands talk to the database
// (DATABASE_URL); programme commands call the AdminService of a running
// server (PANELPULSE_URL, default http://127.0.0.1:8080, and PANELPULSE_KEY,
// an admin API key).
//
//	panelctl tenant create SLUG NAME        create a programme
//	panelctl key issue SLUG ROLE [LABEL]    issue a staff API key (admin, analyst, facilitator)
//	panelctl import businesses FILE.csv     ref,name,sic,employees,district
//	panelctl import panellists FILE.csv     ref,business_ref,name,email[,role,time_zone,delivery_time]
//	panelctl invite [PANELLIST_REF...]      print ref,code for panellists not yet enrolled
//	panelctl rates WAVE_ID                  per-day assigned, pushed, answered
package main

import (
	"context"
	"os"

	"github.com/panelpulse/panelpulse/internal/command"
)

func main() {
	command.Main("panelctl", func(ctx context.Context) error { return realMain(ctx, os.Args[1:], os.Getenv) })
}
