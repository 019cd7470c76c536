// Package testkit starts servers for tests — trove in-process, and the
// reference redis-server as a child process — and talks to them in raw
// RESP, so tests can check replies byte for byte.
//
// It is used only from tests. A Conn is not safe for concurrent use.
package testkit

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/trove-db/trove"
)

// StartTrove starts an in-process trove server on a free loopback port with
// the given extra valkey.conf lines and stops it when the test ends.
func StartTrove(tb testing.TB, config ...string) string {
	tb.Helper()
	srv, err := trove.Start(trove.Options{Config: config})
	if err != nil {
		tb.Fatalf("starting trove: %v", err)
	}
	tb.Cleanup(func() {
		if err := srv.Close(); err != nil {
			tb.Errorf("stopping trove: %v", err)
		}
	})
	return srv.Addr()
}

// ReferenceBinary is the reference server's executable, if installed.
func ReferenceBinary() (string, bool) {
	p, err := exec.LookPath("redis-server")
	return p, err == nil
}

// StartReference starts Debian's redis-server on a free loopback port with
// persistence off, skipping the test when it is not installed. Extra
// arguments are command-line directives ("--maxmemory", "10mb").
func StartReference(tb testing.TB, args ...string) string {
	tb.Helper()
	bin, ok := ReferenceBinary()
	if !ok {
		tb.Skip("redis-server not installed: the differential tests need the reference server (apt-get install -y redis-server redis-tools)")
	}
	port := freePort(tb)
	dir := tb.TempDir()
	argv := append([]string{"--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
		"--dir", dir, "--daemonize", "no", "--logfile", filepath.Join(dir, "redis.log")}, args...)
	cmd := exec.Command(bin, argv...)
	if err := cmd.Start(); err != nil {
		tb.Fatalf("starting redis-server: %v", err)
	}
	tb.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
			return addr
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(filepath.Join(dir, "redis.log"))
			tb.Fatalf("redis-server did not start on %s: %v\n%s", addr, err, log)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func freePort(tb testing.TB) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("finding a free port: %v", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// Conn is a raw RESP connection for tests.
type Conn struct {
	tb testing.TB
	nc net.Conn
	br *bufio.Reader
}

// Dial connects to addr and closes the connection when the test ends.
func Dial(tb testing.TB, addr string) *Conn {
	tb.Helper()
	nc, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		tb.Fatalf("dial %s: %v", addr, err)
	}
	tb.Cleanup(func() { nc.Close() })
	return &Conn{tb: tb, nc: nc, br: bufio.NewReader(nc)}
}

// Encode builds a multibulk request.
func Encode(args ...string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "*%d\r\n", len(args))
	for _, a := range args {
		fmt.Fprintf(&b, "$%d\r\n%s\r\n", len(a), a)
	}
	return b.Bytes()
}

// Write sends raw bytes.
func (c *Conn) Write(p []byte) {
	c.tb.Helper()
	c.nc.SetWriteDeadline(time.Now().Add(10 * time.Second))
	if _, err := c.nc.Write(p); err != nil {
		c.tb.Fatalf("write: %v", err)
	}
}

// TryWrite sends raw bytes and returns the error instead of failing the
// test, for inputs the server may reject by closing mid-write.
func (c *Conn) TryWrite(p []byte) error {
	c.nc.SetWriteDeadline(time.Now().Add(10 * time.Second))
	_, err := c.nc.Write(p)
	return err
}

// Do sends one command and returns its reply in the text form of Format.
func (c *Conn) Do(args ...string) string {
	c.tb.Helper()
	c.Write(Encode(args...))
	return c.Read()
}

// Read reads one reply and formats it.
func (c *Conn) Read() string {
	c.tb.Helper()
	v, err := c.ReadValue()
	if err != nil {
		c.tb.Fatalf("read: %v", err)
	}
	return Format(v)
}

// ReadValue reads one reply as a Value, with a 10 s deadline.
func (c *Conn) ReadValue() (Value, error) {
	c.nc.SetReadDeadline(time.Now().Add(10 * time.Second))
	return ReadValue(c.br)
}

// Closed reports whether the server closed the connection (reads EOF
// within a second).
func (c *Conn) Closed() bool {
	c.nc.SetReadDeadline(time.Now().Add(time.Second))
	_, err := c.br.ReadByte()
	return err != nil && !errors.Is(err, os.ErrDeadlineExceeded)
}

// Value is a parsed reply. Type is the RESP type byte ('+', '-', ':', '$',
// '*', '%', '~', '>', ',', '#', '(', '=', '_'); Null is set for RESP2 nulls.
type Value struct {
	Type  byte
	Str   string
	Int   int64
	Null  bool
	Elems []Value
}

// ReadValue parses one RESP2/RESP3 value.
func ReadValue(br *bufio.Reader) (Value, error) {
	line, err := br.ReadString('\n')
	if err != nil {
		return Value{}, err
	}
	if len(line) < 3 || line[len(line)-2] != '\r' {
		return Value{}, fmt.Errorf("malformed reply line %q", line)
	}
	t, body := line[0], line[1:len(line)-2]
	v := Value{Type: t}
	switch t {
	case '+', '-', ',', '(':
		v.Str = body
	case '#':
		v.Str = body
	case '_':
		v.Null = true
	case ':':
		v.Int, err = strconv.ParseInt(body, 10, 64)
	case '$', '=':
		n, perr := strconv.Atoi(body)
		if perr != nil {
			return v, perr
		}
		if n < 0 {
			v.Null = true
			return v, nil
		}
		buf := make([]byte, n+2)
		if _, err := ioReadFull(br, buf); err != nil {
			return v, err
		}
		v.Str = string(buf[:n])
	case '*', '%', '~', '>':
		n, perr := strconv.Atoi(body)
		if perr != nil {
			return v, perr
		}
		if n < 0 {
			v.Null = true
			return v, nil
		}
		if t == '%' {
			n *= 2
		}
		for i := 0; i < n; i++ {
			e, err := ReadValue(br)
			if err != nil {
				return v, err
			}
			v.Elems = append(v.Elems, e)
		}
	default:
		return v, fmt.Errorf("unknown reply type %q", line)
	}
	return v, err
}

func ioReadFull(br *bufio.Reader, buf []byte) (int, error) {
	n := 0
	for n < len(buf) {
		m, err := br.Read(buf[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// Format renders a reply on one line, unambiguously: "OK" for +OK,
// "(error) ERR ...", "(integer) 5", a quoted string for bulks, "(nil)",
// and "[a, b]" for arrays ("{k: v}" for maps, "~[...]" for sets, ">[...]"
// for pushes).
func Format(v Value) string {
	switch v.Type {
	case '+':
		return v.Str
	case '-':
		return "(error) " + v.Str
	case ':':
		return "(integer) " + strconv.FormatInt(v.Int, 10)
	case ',':
		return "(double) " + v.Str
	case '#':
		return "(boolean) " + v.Str
	case '(':
		return "(big) " + v.Str
	case '_':
		return "(nil)"
	case '$', '=':
		if v.Null {
			return "(nil)"
		}
		return strconv.Quote(v.Str)
	case '*', '~', '>', '%':
		if v.Null {
			return "(nil array)"
		}
		parts := make([]string, len(v.Elems))
		for i, e := range v.Elems {
			parts[i] = Format(e)
		}
		switch v.Type {
		case '%':
			pairs := make([]string, 0, len(parts)/2)
			for i := 0; i+1 < len(parts); i += 2 {
				pairs = append(pairs, parts[i]+": "+parts[i+1])
			}
			return "{" + strings.Join(pairs, ", ") + "}"
		case '~':
			return "~[" + strings.Join(parts, ", ") + "]"
		case '>':
			return ">[" + strings.Join(parts, ", ") + "]"
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return fmt.Sprintf("(unknown %q)", v.Type)
}
