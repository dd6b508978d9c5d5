// Package pgcluster starts a private PostgreSQL cluster from the installed
// binaries: for the local demo, the benchmark commands and (through
// internal/pgtest) the tests. It does not import testing, so the server may
// link it.
package pgcluster

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Options configures a cluster.
type Options struct {
	// Dir holds data/, the log and the socket folder. It survives Stop, so
	// a second Start on the same Dir finds the same data.
	Dir string
	// Port is the TCP port on 127.0.0.1; 0 picks a free one.
	Port int
	// Fast turns off fsync and synchronous commit (tests only: unsafe on crash).
	Fast bool
}

// Cluster is a running private PostgreSQL server.
type Cluster struct {
	bin    string
	dir    string
	data   string
	port   int
	asUser string
}

// BinDir finds the PostgreSQL server binaries: $PG_BIN, the newest
// /usr/lib/postgresql/*/bin, or initdb on PATH.
func BinDir() (string, error) {
	if d := os.Getenv("PG_BIN"); d != "" {
		return d, nil
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	return "", errors.New("pgcluster: no PostgreSQL server binaries found (install postgresql, or set PG_BIN)")
}

func version(binDir string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return v
}

// Start initialises the cluster if Dir holds none, and starts it.
func Start(ctx context.Context, opt Options) (*Cluster, error) {
	bin, err := BinDir()
	if err != nil {
		return nil, err
	}
	dir, err := filepath.Abs(opt.Dir)
	if err != nil {
		return nil, fmt.Errorf("pgcluster.Start: %w", err)
	}
	c := &Cluster{bin: bin, dir: dir, data: filepath.Join(dir, "data"), port: opt.Port}
	if os.Geteuid() == 0 {
		// initdb and postgres refuse to run as root.
		c.asUser = "postgres"
	}
	if c.port == 0 {
		if c.port, err = freePort(); err != nil {
			return nil, err
		}
	}
	if err := c.prepareDirs(); err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(c.data, "PG_VERSION")); err != nil {
		if err := c.run(ctx, "initdb", "-D", c.data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale"); err != nil {
			return nil, fmt.Errorf("pgcluster.Start: initdb: %w", err)
		}
	}
	// A server left running by a killed process would hold the data folder.
	if _, err := os.Stat(filepath.Join(c.data, "postmaster.pid")); err == nil {
		_ = c.run(ctx, "pg_ctl", "-D", c.data, "-m", "fast", "-w", "stop")
	}
	if err := c.start(ctx, opt.Fast); err != nil {
		return nil, fmt.Errorf("pgcluster.Start: %w", err)
	}
	return c, nil
}

// start starts the server on the cluster's data folder.
func (c *Cluster) start(ctx context.Context, fast bool) error {
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c max_connections=200", c.port, c.sockDir())
	if fast {
		opts += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
	}
	if err := c.run(ctx, "pg_ctl", "-D", c.data, "-l", filepath.Join(c.dir, "postgres.log"), "-w", "-t", "60", "-o", opts, "start"); err != nil {
		return fmt.Errorf("pg_ctl start (see %s): %w", filepath.Join(c.dir, "postgres.log"), err)
	}
	return nil
}

func (c *Cluster) sockDir() string { return filepath.Join(c.dir, "sock") }

func (c *Cluster) prepareDirs() error {
	for _, d := range []string{c.dir, c.sockDir()} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return fmt.Errorf("pgcluster: %w", err)
		}
	}
	if c.asUser == "" {
		return nil
	}
	u, err := user.Lookup(c.asUser)
	if err != nil {
		return fmt.Errorf("pgcluster: running as root needs the %q user: %w", c.asUser, err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return filepath.Walk(c.dir, func(p string, _ os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(p, uid, gid)
	})
}

func (c *Cluster) run(ctx context.Context, tool string, args ...string) error {
	name := filepath.Join(c.bin, tool)
	if c.asUser != "" {
		args = append([]string{"-u", c.asUser, "--", name}, args...)
		name = "runuser"
	}
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = c.dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %w: %s", tool, err, strings.TrimSpace(out.String()))
	}
	return nil
}

// URL returns a connection string for database name.
func (c *Cluster) URL(name string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", c.port, name)
}

// Port returns the TCP port.
func (c *Cluster) Port() int { return c.port }

// Stop shuts the server down (fast mode); the data stays in Dir.
func (c *Cluster) Stop() error {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := c.run(ctx, "pg_ctl", "-D", c.data, "-m", "fast", "-w", "stop"); err != nil {
		return fmt.Errorf("pgcluster.Stop: %w", err)
	}
	return nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("pgcluster: pick a port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
