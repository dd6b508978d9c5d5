// Command benchlimits measures two server defences against the real server
// (server.Serve with its connection timeouts, on loopback, a private
// PostgreSQL behind it):
//
//   - database transactions/s (pg_stat_database xact_commit delta) with no
//     stream, 1 and N WatchResults streams on one finding, with the shared
//     poll and, in the same run, with one poll per stream as before;
//   - how long slow clients stay connected: bodies at 1 byte/s, one that
//     sends its headers and no body, and one that sends its headers at
//     1 byte/s.
package main

import (
	"context"
	"log"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := realMain(ctx); err != nil {
		log.Fatal(err)
	}
}
