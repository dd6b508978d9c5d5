// Command panelpulse is the PanelPulse server: the Connect API, the
// planner and the push dispatcher in one process, each switchable. Without
// DATABASE_URL it runs the self-contained demo on a private PostgreSQL.
//
//	panelpulse [serve] [flags]   run the server (see -h)
//	panelpulse migrate           apply migrations to DATABASE_URL and exit
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := realMain(ctx, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "panelpulse:", err)
		stop()
		os.Exit(1)
	}
}
