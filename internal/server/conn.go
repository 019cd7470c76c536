package server

import (
	"errors"
	"io"
	"net"
	"sync/atomic"
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
	lastInteraction atomic.Int64 // Unix nanoseconds of the last request
	// lastCmd is the full name of the last command run, for CLIENT LIST;
	// written and read under the keyspace lock.
	lastCmd string
	// closeAfterReply makes the loop flush and close after the current
	// command (QUIT, CLIENT KILL of oneself).
	closeAfterReply bool
	// killed is set by CLIENT KILL from another connection.
	killed atomic.Bool
}

// countingConn counts bytes for INFO's total_net_input_bytes and
// total_net_output_bytes.
type countingConn struct {
	net.Conn
	in, out *atomic.Int64
}

func (c countingConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.in.Add(int64(n))
	return n, err
}

func (c countingConn) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	c.out.Add(int64(n))
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
	counted := countingConn{Conn: nc, in: &s.stats.netInputBytes, out: &s.stats.netOutputBytes}
	c := &conn{
		srv:     s,
		nc:      nc,
		rd:      resp.NewReader(counted),
		wr:      resp.NewWriter(counted),
		created: time.Now(),
		addr:    nc.RemoteAddr().String(),
		laddr:   nc.LocalAddr().String(),
	}
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
	}
}

// fill reads more input, applying the limits that close a connection.
func (c *conn) fill() error {
	c.rd.MaxBulkLen = c.srv.limits.maxBulkLen.Load()
	c.rd.MaxQueryBuffer = int(c.srv.limits.maxQueryBuffer.Load())
	err := c.rd.Fill()
	switch {
	case err == nil:
		return nil
	case errors.Is(err, resp.ErrQueryBufferLimit):
		c.srv.log.Warningf("Closing client that reached max query buffer length: id=%d addr=%s", c.ID, c.addr)
	case errors.Is(err, io.EOF), errors.Is(err, net.ErrClosed):
	default:
		c.srv.log.Verbosef("Reading from client: %v", err)
	}
	return err
}

// exemptFromTimeout is true for clients the timeout directive spares.
func (c *conn) exemptFromTimeout() bool { return false }

func (c *conn) close() {
	c.nc.Close()
	c.srv.unregister(c)
}
