// Command pushbench runs the push dispatcher on its own, for the
// multi-process tests and the benchmark.
//
//	pushbench dispatch   run a dispatcher against DATABASE_URL and
//	                     FCM_ENDPOINT (or real FCM with FCM_PROJECT_ID and
//	                     GOOGLE_APPLICATION_CREDENTIALS) until SIGTERM
//	pushbench bench      start a private PostgreSQL and a fake FCM, send
//	                     -n pushes through the dispatcher, measure the
//	                     fake's own capacity, then run the kill and replica
//	                     runs with -procs-n pushes
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/panelpulse/panelpulse/internal/command"
)

func main() {
	command.Main("pushbench", func(ctx context.Context) error { return realMain(ctx, os.Args[1:]) })
}

func realMain(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return errors.New("usage: pushbench dispatch|bench [flags]")
	}
	fs := flag.NewFlagSet(args[0], flag.ContinueOnError)
	switch args[0] {
	case "dispatch":
		var cfg dispatchConfig
		cfg.flags(fs)
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		cfg.env()
		return dispatch(ctx, cfg)
	case "bench":
		var cfg benchConfig
		cfg.flags(fs)
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		return bench(ctx, cfg)
	}
	return fmt.Errorf("unknown command %q: want dispatch or bench", args[0])
}
