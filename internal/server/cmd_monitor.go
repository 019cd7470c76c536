package server

import (
	"strconv"
	"time"

	"github.com/trove-db/trove/internal/command"
)

// monitorCommands is MONITOR.
func (s *Server) monitorCommands() []*command.Spec {
	return []*command.Spec{
		{Name: "monitor", Arity: 1, Flags: command.FlagAdmin | command.FlagNoScript | command.FlagLoading | command.FlagStale,
			Group: "server", Since: "1.0.0", Summary: "Streams every command the server runs to this connection.",
			Complexity: "", Handler: s.monitorCmd},
	}
}

// monitorQueue is how many lines may wait for a slow monitor client before
// it is disconnected, as client-output-buffer-limit would for Valkey.
const monitorQueue = 4096

// MONITOR
//
// From now on the client receives, as status replies, one line for every
// command other clients run (commands flagged admin or skip_monitor
// excepted). The lines are queued under the keyspace lock and written by a
// goroutine of the monitor's own, so no client ever waits for a monitor's
// socket.
func (s *Server) monitorCmd(c *command.Ctx) error {
	cn := s.connOf(c)
	if cn == nil || cn.monitor {
		return nil // a second MONITOR is ignored, as in Valkey
	}
	cn.monitor = true
	c.W.OK()
	// Lines queue from now on; the connection starts monitorLoop once it
	// has flushed this OK, so the OK comes first.
	if cn.out == nil {
		cn.out = make(chan []byte, monitorQueue)
	}
	s.monitors = append(s.monitors, cn)
	return nil
}

// startMonitor starts the goroutine that writes a new monitor's lines.
// Called by the connection's goroutine after flushing MONITOR's reply.
func (c *conn) startMonitor() {
	c.monitorStarted = true
	c.srv.wg.Add(1)
	go func() {
		defer c.srv.wg.Done()
		c.monitorLoop()
	}()
}

// monitorLoop writes queued lines until the connection ends.
func (c *conn) monitorLoop() {
	for {
		select {
		case <-c.done:
			return
		case line := <-c.out:
			// Batch whatever else is queued into one write.
			buf := line
			for more := true; more && len(buf) < 64<<10; {
				select {
				case l := <-c.out:
					buf = append(buf, l...)
				default:
					more = false
				}
			}
			c.writeMu.Lock()
			_, err := c.nc.Write(buf)
			c.writeMu.Unlock()
			c.netOut.Add(int64(len(buf)))
			c.srv.stats.netOutputBytes.Add(int64(len(buf)))
			if err != nil {
				c.kill()
				return
			}
		}
	}
}

// removeMonitorLocked forgets a monitor client that went away. Called with
// mu held.
func (s *Server) removeMonitorLocked(c *conn) {
	for i, m := range s.monitors {
		if m == c {
			s.monitors = append(s.monitors[:i], s.monitors[i+1:]...)
			return
		}
	}
}

// feedMonitors sends the line for a command c ran to every monitor:
//
//	+1700000000.123456 [0 127.0.0.1:50000] "set" "key" "value"
//
// with the database the client is in after the command and each argument
// quoted as Valkey quotes it; passwords show as "(redacted)". Called with
// mu held.
func (s *Server) feedMonitors(c *conn, spec *command.Spec, args [][]byte) {
	now := time.Now()
	line := make([]byte, 0, 64+len(c.addr)+16*len(args))
	line = append(line, '+')
	line = strconv.AppendInt(line, now.Unix(), 10)
	line = append(line, '.')
	usec := now.Nanosecond() / 1000
	for d := 100000; d > 1 && usec < d; d /= 10 {
		line = append(line, '0')
	}
	line = strconv.AppendInt(line, int64(usec), 10)
	line = append(line, " ["...)
	line = strconv.AppendInt(line, int64(c.DB), 10)
	line = append(line, ' ')
	line = append(line, c.addr...)
	line = append(line, "] "...)
	redact := redactedArgs(spec, args)
	for i, a := range args {
		if i > 0 {
			line = append(line, ' ')
		}
		if redact(i) {
			line = append(line, `"(redacted)"`...)
			continue
		}
		line = appendRepr(line, a)
	}
	line = append(line, '\r', '\n')
	for i := 0; i < len(s.monitors); i++ {
		m := s.monitors[i]
		select {
		case m.out <- line:
		default:
			// The monitor cannot keep up; drop it rather than grow
			// without bound.
			s.log.Warningf("Client id=%d addr=%s closed for overcoming of output buffer limits.", m.ID, m.addr)
			s.removeMonitorLocked(m)
			i--
			m.kill()
		}
	}
}

// appendRepr appends s quoted the way Valkey shows arguments: in double
// quotes, with \\, \", \n, \r, \t, \a and \b escaped and other bytes
// outside printable ASCII as \xhh.
func appendRepr(b, s []byte) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for _, ch := range s {
		switch ch {
		case '\\', '"':
			b = append(b, '\\', ch)
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		case '\a':
			b = append(b, '\\', 'a')
		case '\b':
			b = append(b, '\\', 'b')
		default:
			if ch < 32 || ch > 126 {
				b = append(b, '\\', 'x', hex[ch>>4], hex[ch&15])
			} else {
				b = append(b, ch)
			}
		}
	}
	return append(b, '"')
}
