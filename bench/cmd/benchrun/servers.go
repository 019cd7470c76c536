package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Server kinds.
const (
	kindReference = "reference"
	kindTrove     = "trove"
	kindNoop      = "noop"
)

// serverSpec describes one server the suite runs.
type serverSpec struct {
	ID    string // short name used in JSON and file names
	Label string // column header in the tables
	Kind  string
	// GOMAXPROCS is the value put in the environment; 0 leaves it unset so
	// the Go runtime picks its default.
	GOMAXPROCS int
	Bin        string
	// Args builds the command line for a port and a working directory.
	Args func(port int, dir string) []string
}

// server is a running serverSpec.
type server struct {
	serverSpec
	Port int
	Addr string
	Dir  string
	Log  string

	cmd    *exec.Cmd
	exited chan struct{} // closed when the process has been waited for
	err    error         // its exit status, valid once exited is closed
}

// alive reports whether the process is still running.
func (s *server) alive() bool {
	select {
	case <-s.exited:
		return false
	default:
		return true
	}
}

// Pid is the server's process id.
func (s *server) Pid() int { return s.cmd.Process.Pid }

// procs tracks every process group the suite started, so that one cleanup
// stops them all however the run ends.
type procs struct {
	mu      sync.Mutex
	servers []*server
}

// freePort asks the kernel for a free loopback port. Another process can
// take it before the server binds it; start then fails and says so.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// environ is the process environment with GOMAXPROCS set as spec asks.
func environ(gomaxprocs int) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GOMAXPROCS=") {
			env = append(env, kv)
		}
	}
	if gomaxprocs > 0 {
		env = append(env, "GOMAXPROCS="+strconv.Itoa(gomaxprocs))
	}
	return env
}

// start runs spec in its own process group on a free port, with its output
// in logDir/<phase>-<id>.log, and waits until it answers PING.
func (p *procs) start(spec serverSpec, phase, workDir, logDir string) (*server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp(workDir, phase+"-"+spec.ID+"-")
	if err != nil {
		return nil, err
	}
	s := &server{serverSpec: spec, Port: port, Addr: "127.0.0.1:" + strconv.Itoa(port), Dir: dir,
		Log: filepath.Join(logDir, phase+"-"+spec.ID+".log"), exited: make(chan struct{})}
	logf, err := os.Create(s.Log)
	if err != nil {
		return nil, err
	}
	defer logf.Close() // the child has its own copy
	s.cmd = exec.Command(spec.Bin, spec.Args(port, dir)...)
	s.cmd.Dir = dir
	s.cmd.Env = environ(spec.GOMAXPROCS)
	s.cmd.Stdout, s.cmd.Stderr = logf, logf
	// A process group of its own: Ctrl-C at the terminal reaches only this
	// program, which stops the servers itself; Pdeathsig takes the server
	// down should this program be killed outright.
	s.cmd.SysProcAttr = procAttr()
	if err := s.cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", spec.Label, err)
	}
	p.mu.Lock()
	p.servers = append(p.servers, s)
	p.mu.Unlock()
	go func() {
		s.err = s.cmd.Wait()
		close(s.exited)
	}()
	if err := waitReady(s.Addr, 15*time.Second, s.exited); err != nil {
		p.stop(s)
		return nil, fmt.Errorf("%s on %s: %v (log: %s)", spec.Label, s.Addr, err, s.Log)
	}
	return s, nil
}

// stop ends s's process group: SIGTERM, then SIGKILL after a grace period.
func (p *procs) stop(s *server) {
	if s.alive() {
		syscall.Kill(-s.Pid(), syscall.SIGTERM)
		select {
		case <-s.exited:
		case <-time.After(5 * time.Second):
			syscall.Kill(-s.Pid(), syscall.SIGKILL)
			<-s.exited
		}
	}
	// Whatever the server left in its own group goes too.
	syscall.Kill(-s.Pid(), syscall.SIGKILL)
	p.mu.Lock()
	defer p.mu.Unlock()
	for i, t := range p.servers {
		if t == s {
			p.servers = append(p.servers[:i], p.servers[i+1:]...)
			break
		}
	}
}

// stopAll stops every server still running, in parallel.
func (p *procs) stopAll() {
	p.mu.Lock()
	list := append([]*server(nil), p.servers...)
	p.mu.Unlock()
	var wg sync.WaitGroup
	for _, s := range list {
		wg.Go(func() { p.stop(s) })
	}
	wg.Wait()
}

// runTool runs a short-lived tool (redis-benchmark, go build) in its own
// process group, killing the whole group when ctx ends, and returns its
// standard output and error.
func runTool(ctx context.Context, dir string, env []string, name string, args ...string) (stdout, stderr string, err error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = env
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	cmd.SysProcAttr = procAttr()
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	err = cmd.Run()
	if ctxErr := ctx.Err(); ctxErr != nil && err != nil {
		if errors.Is(ctxErr, context.DeadlineExceeded) {
			err = fmt.Errorf("%s timed out", name)
		} else {
			err = ctxErr
		}
	}
	return out.String(), errOut.String(), err
}

// vmRSS reads VmRSS of pid from /proc, in bytes.
func vmRSS(pid int) (int64, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for line := range strings.SplitSeq(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			f := strings.Fields(rest)
			if len(f) != 2 || f[1] != "kB" {
				return 0, fmt.Errorf("unexpected VmRSS line %q", line)
			}
			kb, err := strconv.ParseInt(f[0], 10, 64)
			return kb * 1024, err
		}
	}
	return 0, errors.New("no VmRSS in /proc/<pid>/status")
}
