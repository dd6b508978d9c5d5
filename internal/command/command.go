// Package command holds the one main every PanelPulse command shares: a
// context cancelled on interrupt or SIGTERM, the command's own realMain, and
// an exit status that says whether it failed.
package command

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

// Main runs run with a context that is cancelled on os.Interrupt or
// SIGTERM. When run fails, Main prints "name: error" to standard error and
// exits with status 1; the signal handling is released first, so a second
// interrupt while exiting ends the process at once.
func Main(name string, run func(ctx context.Context) error) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, name+":", err)
		os.Exit(1)
	}
}
