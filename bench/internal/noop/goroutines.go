package noop

import (
	"errors"
	"net"

	"github.com/trove-db/trove/internal/resp"
)

// ServeGoroutines accepts connections on ln until it is closed, one
// goroutine per connection. Each goroutine does what trove's connection loop
// does: parse every complete request in the read buffer, append the replies,
// write them with one call once the buffer is drained, then read again.
// It returns nil once ln is closed.
func ServeGoroutines(ln net.Listener) error {
	for {
		c, err := ln.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return nil
			}
			return err
		}
		go serveConn(c)
	}
}

func serveConn(c net.Conn) {
	defer c.Close()
	rd := resp.NewReader(c)
	out := make([]byte, 0, 4096)
	for {
		args, err := rd.Next()
		if err != nil {
			var pe *resp.ProtocolError
			if errors.As(err, &pe) {
				c.Write(resp.AppendError(out[:0], pe.Reply()))
			}
			return
		}
		if args != nil {
			out = Reply(out, args)
			continue
		}
		if len(out) > 0 {
			if _, err := c.Write(out); err != nil {
				return
			}
			out = out[:0]
		}
		if err := rd.Fill(); err != nil {
			return
		}
	}
}
