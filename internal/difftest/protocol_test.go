package difftest

import (
	"bufio"
	"errors"
	"net"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/trove-db/trove/internal/testkit"
)

// probe follows an input whose connection should survive: its reply ends
// the transcript, shown as "open".
const (
	probeEcho = "probe-end"
	probe     = "ECHO " + probeEcho + "\r\n"
)

// TestProtocol sends malformed and unusual requests as raw bytes to trove
// and, when installed, to the reference server, and compares what each
// replied and whether it closed the connection. The wanted transcripts were
// taken from the reference (redis-server 7.0), so the test also runs
// without it.
func TestProtocol(t *testing.T) {
	// An inline request or a "*N"/"$N" header may grow to 64 KiB without
	// its line end; one byte more is a protocol error. Every byte is sent
	// before the limit trips, so the server has read all of it when it
	// closes and the error reply is not lost to a connection reset.
	big := strings.Repeat("1", 64*1024)
	cases := []struct {
		name  string
		input string
		probe bool // append the probe, whose reply ends the transcript as "open"
		wait  time.Duration
		want  string
	}{
		{name: "inline", input: "PING\r\n", probe: true, want: "PONG | open"},
		{name: "inline ends with LF only", input: "ECHO a\nECHO b\n", probe: true, want: `"a" | "b" | open`},
		{name: "inline quoting", input: "SET \"a b\" 'c d'\r\nGET \"a b\"\r\nDEL \"a b\"\r\n", probe: true, want: `OK | "c d" | (integer) 1 | open`},
		{name: "inline two quoted words", input: `ECHO "\x41\t\\\"\n" 'it\'s'` + "\r\n", probe: true, want: "(error) ERR wrong number of arguments for 'echo' command | open"},
		{name: "inline escapes", input: `ECHO "\x41\t\\\"\n\xZZ"` + "\r\n", probe: true, want: `"A\t\\\"\nxZZ" | open`},
		{name: "inline single quotes", input: `ECHO 'a\'b\n'` + "\r\n", probe: true, want: `"a'b\\n" | open`},
		{name: "inline empty line", input: "\r\n", probe: true, want: "open"},
		{name: "inline blank line", input: "  \t \r\n", probe: true, want: "open"},
		{name: "inline CR inside line", input: "ECHO a\rb\r\n", probe: true, want: "(error) ERR wrong number of arguments for 'echo' command | open"},
		// Valkey looks for the line end with a C string search, which stops
		// at a NUL: the request never ends (until it is too big).
		{name: "inline NUL hides the line end", input: "ECHO a\x00b c\r\n", probe: true, wait: 300 * time.Millisecond, want: "no close"},
		{name: "inline unknown command", input: "NOSUCH a\r\n", probe: true, want: "(error) ERR unknown command 'NOSUCH', with args beginning with: 'a'  | open"},
		{name: "inline unbalanced double quote", input: "ECHO \"abc\r\n", probe: true, want: "(error) ERR Protocol error: unbalanced quotes in request | closed"},
		{name: "inline unbalanced single quote", input: "ECHO 'abc\r\n", probe: true, want: "(error) ERR Protocol error: unbalanced quotes in request | closed"},
		{name: "inline text after closing quote", input: "ECHO \"a\"b\r\n", probe: true, want: "(error) ERR Protocol error: unbalanced quotes in request | closed"},
		{name: "inline replies before the error", input: "PING\r\nECHO \"x\r\nPING\r\n", want: "PONG | (error) ERR Protocol error: unbalanced quotes in request | closed"},
		{name: "inline too big", input: big + "1", want: "(error) ERR Protocol error: too big inline request | closed"},
		{name: "inline at the size limit", input: big[:64*1024-2] + "\r\n", probe: true, want: "(error) ERR unknown command '" + big[:128] + "', with args beginning with:  | open"},

		{name: "multibulk", input: "*2\r\n$4\r\nECHO\r\n$3\r\na b\r\n", probe: true, want: `"a b" | open`},
		{name: "multibulk binary", input: "*2\r\n$4\r\nECHO\r\n$4\r\n\x00\r\n\xff\r\n", probe: true, want: `"\x00\r\n\xff" | open`},
		{name: "multibulk empty argument", input: "*1\r\n$0\r\n\r\n", probe: true, want: "(error) ERR unknown command '', with args beginning with:  | open"},
		{name: "multibulk zero", input: "*0\r\n", probe: true, want: "open"},
		{name: "multibulk negative", input: "*-1\r\n", probe: true, want: "open"},
		{name: "multibulk invalid length", input: "*abc\r\n", probe: true, want: "(error) ERR Protocol error: invalid multibulk length | closed"},
		{name: "multibulk length with space", input: "*1 \r\n$4\r\nPING\r\n", want: "(error) ERR Protocol error: invalid multibulk length | closed"},
		{name: "multibulk length with plus", input: "*+1\r\n$4\r\nPING\r\n", want: "(error) ERR Protocol error: invalid multibulk length | closed"},
		{name: "multibulk too many", input: "*2147483648\r\n", want: "(error) ERR Protocol error: invalid multibulk length | closed"},
		{name: "multibulk empty length", input: "*\r\n", want: "(error) ERR Protocol error: invalid multibulk length | closed"},
		{name: "multibulk count too big", input: "*" + big, want: "(error) ERR Protocol error: too big mbulk count string | closed"},
		{name: "expected dollar", input: "*1\r\nPING\r\n", want: "(error) ERR Protocol error: expected '$', got 'P' | closed"},
		{name: "expected dollar got colon", input: "*1\r\n:4\r\nPING\r\n", want: "(error) ERR Protocol error: expected '$', got ':' | closed"},
		{name: "inline after short multibulk", input: "*2\r\n$4\r\nPING\r\n", probe: true, want: "(error) ERR Protocol error: expected '$', got 'E' | closed"},
		{name: "bulk invalid length", input: "*1\r\n$x\r\n", want: "(error) ERR Protocol error: invalid bulk length | closed"},
		{name: "bulk negative length", input: "*1\r\n$-1\r\n", want: "(error) ERR Protocol error: invalid bulk length | closed"},
		{name: "bulk length with plus", input: "*1\r\n$+4\r\nPING\r\n", want: "(error) ERR Protocol error: invalid bulk length | closed"},
		{name: "bulk empty length", input: "*1\r\n$\r\nPING\r\n", want: "(error) ERR Protocol error: invalid bulk length | closed"},
		{name: "bulk longer than proto-max-bulk-len", input: "*1\r\n$536870913\r\n", want: "(error) ERR Protocol error: invalid bulk length | closed"},
		{name: "bulk count too big", input: "*1\r\n$" + big, want: "(error) ERR Protocol error: too big bulk count string | closed"},
		// The two bytes after a bulk's data are skipped, not checked.
		{name: "bulk without CRLF after data", input: "*1\r\n$4\r\nPINGxx*1\r\n$4\r\nPING\r\n", probe: true, want: "PONG | PONG | open"},

		{name: "pipeline of both kinds", input: "PING\r\n*1\r\n$4\r\nPING\r\nECHO x\r\n*2\r\n$4\r\nECHO\r\n$1\r\ny\r\n", probe: true, want: `PONG | PONG | "x" | "y" | open`},
		{name: "replies before a multibulk error", input: "PING\r\n*1\r\n$x\r\nPING\r\n", want: "PONG | (error) ERR Protocol error: invalid bulk length | closed"},
	}

	_, live := testkit.ReferenceBinary()
	live = live && !*offline
	if !live {
		t.Log("the live reference is unavailable: comparing trove with the transcripts recorded from it")
	}
	trove := testkit.StartTrove(t)
	var ref string
	if live {
		ref = testkit.StartReference(t)
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			input := tc.input
			if tc.probe {
				input += probe
			}
			want := tc.want
			if live {
				if got := transcript(t, ref, input, tc.wait); got != tc.want {
					t.Errorf("the reference's transcript changed; update the table:\n\treference: %s\n\ttable:     %s", got, tc.want)
					want = got
				}
			}
			if got := transcript(t, trove, input, tc.wait); got != want {
				t.Errorf("input %q\n\ttrove:     %s\n\treference: %s", shorten(input), got, want)
			}
		})
	}
}

// transcript sends input on a new connection and returns the replies that
// came back, formatted and joined by " | ", ending with "closed" when the
// server closed the connection, "open" when the probe's echo arrived, or
// "no close" when neither happened within wait (two seconds if zero).
func transcript(t *testing.T, addr, input string, wait time.Duration) string {
	t.Helper()
	nc, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatalf("dial %s: %v", addr, err)
	}
	defer nc.Close()
	if wait == 0 {
		wait = 2 * time.Second
	}
	nc.SetDeadline(time.Now().Add(wait))
	// A server that closes early may make the write fail; what it replied
	// before closing is still worth reading.
	nc.Write([]byte(input))
	br := bufio.NewReader(nc)
	var parts []string
	for {
		v, err := testkit.ReadValue(br)
		if err != nil {
			if errors.Is(err, os.ErrDeadlineExceeded) {
				return strings.Join(append(parts, "no close"), " | ")
			}
			return strings.Join(append(parts, "closed"), " | ")
		}
		if v.Type == '$' && v.Str == probeEcho {
			return strings.Join(append(parts, "open"), " | ")
		}
		parts = append(parts, testkit.Format(v))
	}
}

func shorten(s string) string {
	if len(s) > 100 {
		return s[:100] + "..."
	}
	return s
}
