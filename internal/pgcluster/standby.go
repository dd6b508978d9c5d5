package pgcluster

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
)

// StartStandby makes a hot standby of primary in opt.Dir with PostgreSQL's
// own streaming replication: a base backup (pg_basebackup -R, so the copy
// knows its primary and stays in recovery) and a server started on it. The
// standby answers reads only; it has no writes and no LISTEN/NOTIFY, and
// it replays the primary's changes a little behind.
func StartStandby(ctx context.Context, primary *Cluster, opt Options) (*Cluster, error) {
	dir, err := filepath.Abs(opt.Dir)
	if err != nil {
		return nil, fmt.Errorf("pgcluster.StartStandby: %w", err)
	}
	c := &Cluster{bin: primary.bin, dir: dir, data: filepath.Join(dir, "data"), port: opt.Port, asUser: primary.asUser}
	if c.port == 0 {
		if c.port, err = freePort(); err != nil {
			return nil, err
		}
	}
	if err := c.prepareDirs(); err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(c.data, "PG_VERSION")); err != nil {
		if err := c.run(ctx, "pg_basebackup", "-h", "127.0.0.1", "-p", fmt.Sprint(primary.port), "-U", "postgres",
			"-D", c.data, "-R", "-X", "stream", "--checkpoint=fast"); err != nil {
			return nil, fmt.Errorf("pgcluster.StartStandby: %w", err)
		}
	}
	if err := c.start(ctx, opt.Fast); err != nil {
		return nil, fmt.Errorf("pgcluster.StartStandby: %w", err)
	}
	return c, nil
}
