package server

import (
	"errors"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/trove-db/trove/internal/command"
	"github.com/trove-db/trove/internal/resp"
)

// conn is one client connection. Its goroutine reads requests, runs them
// and flushes the replies of a drained pipeline with one write.
type conn struct {
	command.Client
	srv *Server
	nc  net.Conn
	rd  *resp.Reader
	wr  *resp.Writer
	ctx command.Ctx // reused for every command, so dispatch allocates nothing

	created         time.Time
	addr, laddr     string
	fd              int
	lastInteraction atomic.Int64 // Unix nanoseconds of the last request

	// Fields written and read under the keyspace lock (the connection's
	// own commands and other clients' CLIENT LIST/KILL run under it).

	// lastCmd is the last command run, for CLIENT LIST's cmd field.
	lastCmd *command.Spec
	// closeAfterReply makes the loop flush and close after the current
	// command (QUIT, CLIENT KILL of oneself).
	closeAfterReply bool
	// Modes set by CLIENT NO-EVICT, NO-TOUCH and REPLY.
	noEvict, noTouch bool
	replyOff         bool
	skipNext         bool // CLIENT REPLY SKIP: drop the next command's reply
	// monitor is set once the client ran MONITOR; out then carries the
	// lines other clients' commands produce, written by monitorLoop.
	monitor bool
	out     chan []byte
	// monitorStarted is owned by the connection's goroutine.
	monitorStarted bool
	// commands counts the commands run, for CLIENT LIST's tot-cmds.
	commands int64

	// Counters updated by the connection goroutine outside the lock and
	// read by CLIENT LIST.
	netIn, netOut   atomic.Int64
	qbuf, qbufAvail atomic.Int64

	// writeMu serialises writes to nc once a monitor goroutine writes too.
	writeMu sync.Mutex
	// killed is set by CLIENT KILL from another connection; done is closed
	// with it, to wake a connection waiting out a CLIENT PAUSE.
	killed   atomic.Bool
	done     chan struct{}
	doneOnce sync.Once
}

// kill closes the connection from another goroutine (CLIENT KILL, the idle
// timeout, shutdown). The connection's goroutine notices on its next read.
func (c *conn) kill() {
	c.killed.Store(true)
	c.doneOnce.Do(func() { close(c.done) })
	c.nc.Close()
}

// countingConn counts bytes for INFO's total_net_input_bytes and
// total_net_output_bytes.
// It counts per connection too (CLIENT LIST's tot-net-in and tot-net-out).
type countingConn struct {
	c       *conn
	in, out *atomic.Int64
}

func (cc countingConn) Read(p []byte) (int, error) {
	n, err := cc.c.nc.Read(p)
	cc.in.Add(int64(n))
	cc.c.netIn.Add(int64(n))
	return n, err
}

func (cc countingConn) Write(p []byte) (int, error) {
	c := cc.c
	monitoring := c.out != nil
	if monitoring {
		c.writeMu.Lock()
	}
	n, err := c.nc.Write(p)
	if monitoring {
		c.writeMu.Unlock()
	}
	cc.out.Add(int64(n))
	c.netOut.Add(int64(n))
	return n, err
}

func (s *Server) newConn(nc net.Conn) *conn {
	if tc, ok := nc.(*net.TCPConn); ok {
		tc.SetNoDelay(true)
		if ka := s.cfg.Int("tcp-keepalive"); ka > 0 {
			tc.SetKeepAlivePeriod(time.Duration(ka) * time.Second)
			tc.SetKeepAlive(true)
		}
	}
	c := &conn{
		srv:     s,
		nc:      nc,
		created: time.Now(),
		addr:    nc.RemoteAddr().String(),
		laddr:   nc.LocalAddr().String(),
		fd:      connFD(nc),
		done:    make(chan struct{}),
	}
	counted := countingConn{c: c, in: &s.stats.netInputBytes, out: &s.stats.netOutputBytes}
	c.rd = resp.NewReader(counted)
	c.wr = resp.NewWriter(counted)
	c.ID = s.nextID.Add(1)
	c.Authenticated = !s.authRequired()
	c.User = "default"
	c.lastInteraction.Store(c.created.UnixNano())
	c.ctx = command.Ctx{W: c.wr, Client: &c.Client, KS: s.ks, Settings: &s.settings}
	return c
}

func (c *conn) serve() {
	defer c.close()
	for {
		args, err := c.rd.Next()
		if err != nil {
			var pe *resp.ProtocolError
			if errors.As(err, &pe) {
				c.wr.Error(pe.Reply())
				c.wr.Flush()
				c.srv.log.Verbosef("Protocol error (%s) from client: id=%d addr=%s", pe.Error(), c.ID, c.addr)
			}
			return
		}
		if args == nil {
			c.qbuf.Store(0)
			if c.wr.Flush() != nil || c.closeAfterReply || c.killed.Load() {
				return
			}
			if err := c.fill(); err != nil {
				return
			}
			continue
		}
		c.lastInteraction.Store(time.Now().UnixNano())
		c.srv.execute(c, args)
		if c.closeAfterReply || c.killed.Load() {
			c.wr.Flush()
			return
		}
		if c.out != nil && !c.monitorStarted {
			if c.wr.Flush() != nil {
				return
			}
			c.startMonitor()
		}
	}
}

// fill reads more input, applying the limits that close a connection.
func (c *conn) fill() error {
	c.rd.MaxBulkLen = c.srv.limits.maxBulkLen.Load()
	c.rd.MaxQueryBuffer = int(c.srv.limits.maxQueryBuffer.Load())
	// Authenticated is written under the keyspace lock by this
	// connection's own commands only, so its goroutine may read it here.
	c.rd.Unauthenticated = !c.Authenticated
	err := c.rd.Fill()
	c.qbuf.Store(int64(c.rd.Buffered()))
	c.qbufAvail.Store(int64(c.rd.BufferCap() - c.rd.Buffered()))
	switch {
	case err == nil:
		return nil
	case errors.Is(err, resp.ErrQueryBufferLimit):
		c.srv.stats.qbufLimitDisconnections.Add(1)
		c.srv.log.Warningf("Closing client that reached max query buffer length: id=%d addr=%s", c.ID, c.addr)
	case errors.Is(err, io.EOF), errors.Is(err, net.ErrClosed):
	default:
		c.srv.log.Verbosef("Reading from client: %v", err)
	}
	return err
}

func (c *conn) close() {
	c.doneOnce.Do(func() { close(c.done) })
	c.nc.Close()
	if c.out != nil {
		c.srv.mu.Lock()
		c.srv.removeMonitorLocked(c)
		c.srv.mu.Unlock()
	}
	c.srv.unregister(c)
}

// isLocal reports whether the client connects from a loopback address, for
// enable-protected-configs, enable-debug-command and their "local" value.
func (c *conn) isLocal() bool {
	if ta, ok := c.nc.RemoteAddr().(*net.TCPAddr); ok {
		return ta.IP.IsLoopback()
	}
	return c.nc.RemoteAddr().Network() == "unix"
}

// connFD returns the socket's descriptor number for CLIENT LIST, or -1.
func connFD(nc net.Conn) int {
	sc, ok := nc.(syscall.Conn)
	if !ok {
		return -1
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return -1
	}
	fd := -1
	raw.Control(func(f uintptr) { fd = int(f) })
	return fd
}
