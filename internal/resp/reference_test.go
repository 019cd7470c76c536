package resp

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// referenceCase is a malformed input and how the server reacts: an error
// reply and a close, or (hang) waiting for more input.
type referenceCase struct {
	name  string
	in    string
	setup func(*Reader)
	hang  bool
}

// TestProtocolErrorsMatchReference sends malformed requests to the reference
// server over TCP and checks that the Reader fails on the same bytes with the
// same reply text, or, where the server waits for more, that it waits too.
//
// The inputs that pass 64KB stop exactly where the server gives up, so it
// has read every byte when it closes the connection: unread input would make
// the close a reset, which can discard the reply before we read it.
func TestProtocolErrorsMatchReference(t *testing.T) {
	path, err := exec.LookPath("redis-server")
	if err != nil {
		t.Skip("redis-server not installed: " + err.Error())
	}
	if testing.Short() {
		t.Skip("starts a server")
	}
	addr := startReference(t, path)

	cases := []referenceCase{
		{name: "count not a number", in: "*abc\r\n"},
		{name: "empty count", in: "*\r\n"},
		{name: "count with leading zero", in: "*01\r\n"},
		{name: "count with plus", in: "*+1\r\n"},
		{name: "count minus zero", in: "*-0\r\n"},
		{name: "count with trailing space", in: "*1 \r\n"},
		{name: "count over int32", in: "*2147483648\r\n"},
		{name: "count overflows int64", in: "*99999999999999999999\r\n"},
		{name: "count of 21 bytes", in: "*-00000000000000000001\r\n"},
		{name: "negative bulk length", in: "*1\r\n$-1\r\n"},
		{name: "bulk length minus zero", in: "*1\r\n$-0\r\n"},
		{name: "bulk length with leading zero", in: "*1\r\n$04\r\nPING\r\n"},
		{name: "bulk length with plus", in: "*1\r\n$+4\r\nPING\r\n"},
		{name: "empty bulk length", in: "*1\r\n$\r\n"},
		{name: "bulk length not a number", in: "*1\r\n$4x\r\n"},
		{name: "bulk over proto-max-bulk-len", in: "*1\r\n$536870913\r\n"},
		{name: "bulk length overflows", in: "*1\r\n$99999999999999999999\r\n"},
		{name: "expected dollar got x", in: "*1\r\nx\r\n"},
		{name: "expected dollar got colon", in: "*1\r\n:1\r\n"},
		{name: "expected dollar got star", in: "*2\r\n$4\r\nECHO\r\n*1\r\n$4\r\nPING\r\n"},
		{name: "expected dollar got LF", in: "*1\r\n\n\r\n"},
		{name: "expected dollar got CR", in: "*1\r\n\r\r\n"},
		{name: "expected dollar got high byte", in: "*1\r\n\xff\r\n"},
		{name: "type byte waits for the line", in: "*1\r\nx", hang: true},
		{name: "count line over 64KB", in: "*" + strings.Repeat("1", 65536)},
		{name: "bulk length line over 64KB", in: "*1\r\n$" + strings.Repeat("1", 65536)},
		{name: "size checked before type byte", in: "*1\r\n" + strings.Repeat("x", 65537)},
		{name: "inline over 64KB", in: strings.Repeat("a", 65537)},
		{name: "NUL hides the count line end", in: "*1\x00\r\n$4\r\nPING\r\n", hang: true},
		{name: "NUL in count line until 64KB", in: "*1\x00" + strings.Repeat("\r\n", 32767)},
		{name: "NUL hides the newline", in: "PING\x00\r\n", hang: true},
		{name: "NUL until 64KB", in: "PING\x00" + strings.Repeat("\r\n", 32766)},
		{name: "unbalanced double quote", in: "SET \"a\r\n"},
		{name: "unbalanced single quote", in: "SET 'a\r\n"},
		{name: "escaped closing quote", in: "ECHO \"a\\\"\r\n"},
		{name: "closing quote then letter", in: "SET \"a\"b\r\n"},
		{name: "closing single quote then letter", in: "SET 'a'b\r\n"},
		{name: "unbalanced after a vertical tab word", in: "ECHO a\vb 'c\r\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { compareWithReference(t, addr, tc) })
	}

	// A request larger than client-query-buffer-limit closes the connection
	// without a reply.
	t.Run("query buffer limit", func(t *testing.T) {
		command(t, addr, "CONFIG", "SET", "client-query-buffer-limit", "1mb")
		defer command(t, addr, "CONFIG", "SET", "client-query-buffer-limit", "1gb")
		in := "*1\r\n$2000000\r\n" + strings.Repeat("x", 1<<20+1000)
		reply, _ := exchange(t, addr, in, 5*time.Second)
		if len(reply) != 0 {
			t.Errorf("reference replied %q", reply)
		}
		r := NewReader(strings.NewReader(in))
		r.MaxQueryBuffer = 1 << 20
		if got := readAll(r); got.Err != errLimit {
			t.Errorf("reader: %+v", got)
		}
	})

	// With a password required, an unauthenticated connection gets tighter
	// limits.
	command(t, addr, "CONFIG", "SET", "requirepass", "secret")
	unauth := func(r *Reader) { r.Unauthenticated = true }
	for _, tc := range []referenceCase{
		{name: "unauthenticated 11 args", in: "*11\r\n"},
		{name: "unauthenticated bad count", in: "*1x\r\n"},
		{name: "unauthenticated 16385-byte bulk", in: "*1\r\n$16385\r\n"},
		{name: "unauthenticated negative bulk", in: "*1\r\n$-1\r\n"},
		{name: "unauthenticated 10 args wait", in: "*10\r\n$1\r\na\r\n", hang: true},
		{name: "unauthenticated 16384-byte bulk waits", in: "*1\r\n$16384\r\n", hang: true},
	} {
		tc.setup = unauth
		t.Run(tc.name, func(t *testing.T) { compareWithReference(t, addr, tc) })
	}
}

func compareWithReference(t *testing.T, addr string, tc referenceCase) {
	timeout := 5 * time.Second
	if tc.hang {
		timeout = 300 * time.Millisecond
	}
	reply, closed := exchange(t, addr, tc.in, timeout)

	r := NewReader(strings.NewReader(tc.in))
	if tc.setup != nil {
		tc.setup(r)
	}
	got := readAll(r)
	if len(got.Cmds) != 0 {
		t.Fatalf("reader parsed commands %q; cases must fail on their first request", got.Cmds)
	}
	if tc.hang {
		if len(reply) != 0 || closed {
			t.Errorf("reference replied %q (closed %v), expected it to wait", reply, closed)
		}
		if got.Err != "" || !got.Incomplete {
			t.Errorf("reader: %+v, expected it to wait for more input", got)
		}
		return
	}
	if !closed {
		t.Errorf("reference did not close the connection after %q", reply)
	}
	if got.Err == "" {
		t.Fatalf("reader accepted the input; reference replied %q", reply)
	}
	if ours := string(AppendError(nil, got.Err)); ours != string(reply) {
		t.Errorf("reader replies %q, reference %q", ours, reply)
	}
}

// exchange sends in on a new connection and reads until the server closes
// it or timeout passes.
func exchange(t *testing.T, addr, in string, timeout time.Duration) (reply []byte, closed bool) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if err := conn.SetDeadline(time.Now().Add(timeout)); err != nil {
		t.Fatal(err)
	}
	// Write concurrently: the server may stop reading and close first.
	go conn.Write([]byte(in))
	reply, err = io.ReadAll(conn)
	var ne net.Error
	switch {
	case err == nil:
		return reply, true
	case errors.As(err, &ne) && ne.Timeout():
		return reply, false
	default: // reset: closed, possibly before the reply could be read
		return reply, true
	}
}

// command runs one command on the reference server and fails the test
// unless the reply is +OK.
func command(t *testing.T, addr string, args ...string) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := conn.Write([]byte(mbulk(args...))); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil || line != "+OK\r\n" {
		t.Fatalf("%q: %q, %v", args, line, err)
	}
}

// startReference starts redis-server on a free loopback port and returns its
// address; the server is killed when the test ends.
func startReference(t *testing.T, path string) string {
	t.Helper()
	for range 5 {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		port := l.Addr().(*net.TCPAddr).Port
		l.Close()
		addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))

		cmd := exec.Command(path, "--port", strconv.Itoa(port), "--bind", "127.0.0.1",
			"--save", "", "--appendonly", "no", "--daemonize", "no", "--logfile", "")
		cmd.Dir = t.TempDir()
		var log bytes.Buffer
		cmd.Stdout, cmd.Stderr = &log, &log
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan struct{})
		go func() { cmd.Wait(); close(exited) }()
		stop := func() {
			cmd.Process.Signal(os.Kill)
			<-exited
		}
		if waitReady(addr, exited) {
			t.Cleanup(stop)
			return addr
		}
		stop() // the port was taken meanwhile, or the server failed: try again
		t.Logf("redis-server on port %d did not start: %s", port, log.String())
	}
	t.Fatal("could not start redis-server")
	return ""
}

// waitReady waits up to 5s for the server at addr to answer PING.
func waitReady(addr string, exited <-chan struct{}) bool {
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); {
		select {
		case <-exited:
			return false
		default:
		}
		if pingOK(addr) {
			return true
		}
		time.Sleep(20 * time.Millisecond)
	}
	return false
}

func pingOK(addr string) bool {
	conn, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return false
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(time.Second))
	if _, err := conn.Write([]byte("PING\r\n")); err != nil {
		return false
	}
	line, err := bufio.NewReader(conn).ReadString('\n')
	return err == nil && line == "+PONG\r\n"
}
