package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/trove-db/trove/internal/resp"
)

// rclient is the small RESP client the suite uses for probes, INFO and the
// loaders. It is not safe for concurrent use.
type rclient struct {
	nc  net.Conn
	r   *bufio.Reader
	buf []byte // the request being encoded
}

// reply is one decoded RESP2 reply.
type reply struct {
	kind  byte // '+', '-', ':', '$', '*'
	str   string
	n     int64
	elems []reply
	null  bool
}

func (r reply) isError() bool { return r.kind == '-' }

// String renders the reply on one line, for notes and errors.
func (r reply) String() string {
	switch {
	case r.null:
		return "(nil)"
	case r.kind == ':':
		return "(integer) " + strconv.FormatInt(r.n, 10)
	case r.kind == '-':
		return "(error) " + r.str
	case r.kind == '*':
		parts := make([]string, len(r.elems))
		for i, e := range r.elems {
			parts[i] = e.String()
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return strconv.Quote(r.str)
}

func dial(addr string, timeout time.Duration) (*rclient, error) {
	nc, err := net.DialTimeout("tcp", addr, timeout)
	if err != nil {
		return nil, err
	}
	return &rclient{nc: nc, r: bufio.NewReaderSize(nc, 64*1024)}, nil
}

func (c *rclient) Close() error { return c.nc.Close() }

// appendCommand encodes one request into c.buf.
func (c *rclient) appendCommand(args ...[]byte) {
	c.buf = resp.AppendArrayHeader(c.buf, len(args))
	for _, a := range args {
		c.buf = resp.AppendBulk(c.buf, a)
	}
}

// flush sends the encoded requests.
func (c *rclient) flush(timeout time.Duration) error {
	c.nc.SetDeadline(time.Now().Add(timeout))
	_, err := c.nc.Write(c.buf)
	c.buf = c.buf[:0]
	return err
}

// do sends one command and reads its reply.
func (c *rclient) do(timeout time.Duration, args ...string) (reply, error) {
	bs := make([][]byte, len(args))
	for i, a := range args {
		bs[i] = []byte(a)
	}
	c.appendCommand(bs...)
	if err := c.flush(timeout); err != nil {
		return reply{}, err
	}
	return readReply(c.r)
}

// readReply decodes one RESP2 reply (RESP3 types are not requested).
func readReply(r *bufio.Reader) (reply, error) {
	line, err := r.ReadSlice('\n')
	if err != nil {
		return reply{}, err
	}
	if len(line) < 3 || line[len(line)-2] != '\r' {
		return reply{}, fmt.Errorf("malformed reply line %q", line)
	}
	kind, body := line[0], string(line[1:len(line)-2])
	switch kind {
	case '+', '-':
		return reply{kind: kind, str: body}, nil
	case ':':
		n, err := strconv.ParseInt(body, 10, 64)
		return reply{kind: kind, n: n}, err
	case '$':
		n, err := strconv.Atoi(body)
		if err != nil {
			return reply{}, fmt.Errorf("bad bulk length %q", body)
		}
		if n < 0 {
			return reply{kind: kind, null: true}, nil
		}
		b := make([]byte, n+2)
		if _, err := io.ReadFull(r, b); err != nil {
			return reply{}, err
		}
		return reply{kind: kind, str: string(b[:n])}, nil
	case '*':
		n, err := strconv.Atoi(body)
		if err != nil {
			return reply{}, fmt.Errorf("bad array length %q", body)
		}
		if n < 0 {
			return reply{kind: kind, null: true}, nil
		}
		out := reply{kind: kind, elems: make([]reply, n)}
		for i := range n {
			if out.elems[i], err = readReply(r); err != nil {
				return reply{}, err
			}
		}
		return out, nil
	}
	return reply{}, fmt.Errorf("unexpected reply type %q", kind)
}

// waitReady dials addr until the server answers PING, the deadline passes or
// exited is closed.
func waitReady(addr string, timeout time.Duration, exited <-chan struct{}) error {
	deadline := time.Now().Add(timeout)
	var last error
	for time.Now().Before(deadline) {
		select {
		case <-exited:
			return errors.New("the process exited")
		default:
		}
		c, err := dial(addr, time.Second)
		if err == nil {
			var rep reply
			rep, err = c.do(2*time.Second, "PING")
			c.Close()
			if err == nil && rep.kind == '+' && rep.str == "PONG" {
				return nil
			}
			if err == nil {
				err = fmt.Errorf("PING answered %s", rep)
			}
		}
		last = err
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("not answering PING after %s: %v", timeout, last)
}

// infoField returns one field of INFO <section>, and whether it was there.
func infoField(addr, section, field string) (string, bool, error) {
	c, err := dial(addr, 2*time.Second)
	if err != nil {
		return "", false, err
	}
	defer c.Close()
	rep, err := c.do(10*time.Second, "INFO", section)
	if err != nil {
		return "", false, err
	}
	if rep.kind != '$' {
		return "", false, fmt.Errorf("INFO %s answered %s", section, rep)
	}
	v, ok := parseInfo(rep.str)[field]
	return v, ok, nil
}

// parseInfo splits INFO text into its name:value fields.
func parseInfo(text string) map[string]string {
	fields := make(map[string]string)
	for line := range strings.SplitSeq(text, "\n") {
		line = strings.TrimRight(line, "\r")
		if line == "" || line[0] == '#' {
			continue
		}
		if k, v, ok := strings.Cut(line, ":"); ok {
			fields[k] = v
		}
	}
	return fields
}
