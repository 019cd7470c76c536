package difftest

import (
	"bufio"
	"bytes"
	"errors"
	"net"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/trove-db/trove/internal/resp"
	"github.com/trove-db/trove/internal/testkit"
)

// Bounds on the work one fuzz input may cause.
const (
	fuzzMaxBytes = 4096 // longer inputs are cut
	fuzzMaxLines = 16   // lines past this are ignored
	// fuzzMaxOffset bounds integer arguments of the commands that grow a
	// string to an offset (SETRANGE, SETBIT, BITFIELD): smaller values are
	// sent, values from here up to fuzzHugeOffset are not, larger ones are
	// (they must be rejected without allocating). This keeps every string
	// small, so a quadratic command such as LCS stays cheap.
	fuzzMaxOffset  = 4096
	fuzzHugeOffset = 1 << 36
)

// fuzzDenied are commands the fuzzer does not send because they end the
// server or the connection, block, change what later commands reply with,
// touch files, or reach other hosts. The check is on the first word; for
// container commands fuzzAllowedSub lists the subcommands that are sent.
var fuzzDenied = map[string]bool{
	"shutdown": true, "quit": true, "debug": true, "monitor": true, "sync": true, "psync": true,
	"replicaof": true, "slaveof": true, "failover": true, "replconf": true, "migrate": true,
	"save": true, "bgsave": true, "bgrewriteaof": true, "module": true,
	"multi": true, "exec": true, "discard": true,
	"subscribe": true, "psubscribe": true, "ssubscribe": true,
	"unsubscribe": true, "punsubscribe": true, "sunsubscribe": true, // one reply per channel
	"eval": true, "evalsha": true, "eval_ro": true, "evalsha_ro": true, "fcall": true, "fcall_ro": true,
	"function": true, "script": true,
	"wait": true, "waitaof": true,
	"blpop": true, "brpop": true, "brpoplpush": true, "blmove": true, "blmpop": true,
	"bzpopmin": true, "bzpopmax": true, "bzmpop": true, "xread": true, "xreadgroup": true,
	"acl": true, "cluster": true, "readonly": true, "readwrite": true,
}

var fuzzAllowedSub = map[string]map[string]bool{
	"config": {"get": true, "help": true, "resetstat": true},
	"client": {"setname": true, "getname": true, "id": true, "info": true, "list": true, "help": true,
		"setinfo": true, "no-evict": true, "no-touch": true},
}

// fuzzGrowers are the commands whose integer arguments can size a string.
var fuzzGrowers = map[string]bool{"setrange": true, "setbit": true, "bitfield": true}

// fuzzSeeds cover every command family of the scripts, valid and invalid.
var fuzzSeeds = []string{
	"SET k v\nGET k\nDEL k",
	"SET k v NX EX 10\nSET k v XX GET\nSET k v PXAT 1\nSET k v KEEPTTL GET\nSET k v EX 0",
	"MSET a 1 b 2\nMGET a b c\nMSETNX a 1 c 3\nGETSET a 9\nGETDEL b\nGETEX a PERSIST",
	"INCR n\nINCRBY n 9223372036854775807\nDECRBY n -9223372036854775808\nINCRBYFLOAT n 1e308\nINCRBYFLOAT n inf",
	"SET s hello\nAPPEND s world\nSTRLEN s\nGETRANGE s -3 -1\nSUBSTR s 0 2\nSETRANGE s 3 xyz\nSETRANGE s -1 x",
	"MSET a ohmytext b mynewtext\nLCS a b\nLCS a b IDX MINMATCHLEN 2 WITHMATCHLEN\nLCS a b LEN IDX",
	"SETBIT b 7 1\nGETBIT b 7\nBITCOUNT b 0 -1 BIT\nBITPOS b 1 0 -1 BYTE\nSETBIT b 4294967296 1",
	"SET x foobar\nBITOP AND d x x\nBITOP NOT d x\nBITOP XOR d\nBITFIELD d SET i8 0 -1 GET u4 #1 OVERFLOW SAT INCRBY i8 0 -300",
	"BITFIELD_RO x GET u8 0\nBITFIELD_RO x SET u8 0 1\nBITFIELD x GET u64 0\nBITFIELD x OVERFLOW FOO",
	"MSET a 1 b 2\nKEYS *\nSCAN 0 MATCH a* COUNT 10 TYPE string\nRANDOMKEY\nEXISTS a b z\nTYPE a",
	"SET a 1\nRENAME a b\nRENAMENX b c\nCOPY b c REPLACE DB 1\nMOVE b 2\nSWAPDB 0 1\nTOUCH c\nUNLINK c",
	"SET i 123\nOBJECT ENCODING i\nOBJECT REFCOUNT i\nOBJECT FREQ i\nOBJECT HELP\nOBJECT NOSUCH\nDBSIZE\nFLUSHDB",
	"SET k v\nEXPIRE k 100 NX\nPEXPIRE k 5000 GT\nEXPIREAT k 1 LT\nTTL k\nPTTL k\nEXPIRETIME k\nPERSIST k",
	"SET k v PX 1\nPEXPIREAT k 9223372036854775807\nEXPIRE k -1\nEXPIRE k 10 NX XX\nEXPIRE k 10 FOO",
	"PING\nPING hello\nECHO \"a\\x00b\"\nHELLO 3\nGET nokey\nHELLO 2 SETNAME x\nHELLO 4\nSELECT 16\nSELECT 1",
	"CONFIG GET maxmemory*\nCONFIG SET hz 10\nCONFIG FOO\nCOMMAND INFO get set\nCOMMAND GETKEYS mset a 1 b 2\nCOMMAND COUNT",
	"CLIENT SETNAME a\nCLIENT GETNAME\nCLIENT SETNAME \"a b\"\nCLIENT ID\nNOSUCH cmd\nGET\nSET a\nTIME\nRESET",
	"ECHO 'unbalanced\nPING",
	"*1\n$4\nPING\nECHO \"quoted \\\"\" 'x'\n\n   \nSET \"\" \"\"\nGET \"\"",
}

// FuzzCommands sends each input as lines of commands to one trove and
// requires a reply to every command, a PONG after them, no dropped
// connection unless a line was a protocol error (which must then be
// reported before the close), and a server that still answers a second
// connection. A handler panic ends the test binary, which the fuzzer
// reports as a crash with the input.
func FuzzCommands(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	// 1 MB, Valkey's smallest proto-max-bulk-len, caps every string.
	addr := testkit.StartTrove(f, "proto-max-bulk-len 1mb")
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > fuzzMaxBytes {
			data = data[:fuzzMaxBytes]
		}
		lines := bytes.Split(data, []byte("\n"))
		if len(lines) > fuzzMaxLines {
			lines = lines[:fuzzMaxLines]
		}

		c := dialFuzz(t, addr)
		defer c.nc.Close()
		c.do(t, "FLUSHALL") // start each input from an empty server; the reply does not matter here

		var req bytes.Buffer
		replies := 0      // replies the request must get
		protoErr := false // the request ends with a line the server must reject
		for _, line := range lines {
			line = bytes.TrimSuffix(line, []byte("\r"))
			kind, msg := classify(line)
			switch kind {
			case lineSkip:
				continue
			case lineInline:
				req.Write(line)
				req.WriteString("\r\n")
			case lineMultibulk:
				req.Write(testkit.Encode(msg...))
			case lineProtocolError:
				req.Write(line)
				req.WriteString("\r\n")
				protoErr = true
			}
			replies++
			if protoErr {
				break
			}
		}
		if !protoErr {
			req.WriteString("PING\r\n")
		}
		c.write(t, req.Bytes())
		for i := 0; i < replies; i++ {
			v, err := c.read()
			if err != nil {
				t.Fatalf("reply %d of %d: %v (input %q)", i+1, replies, err, data)
			}
			if protoErr && i == replies-1 {
				if v.Type != '-' || !strings.HasPrefix(v.Str, "ERR Protocol error") {
					t.Fatalf("a line with unbalanced quotes got %s, want a protocol error (input %q)", testkit.Format(v), data)
				}
			}
		}
		if protoErr {
			c.nc.SetReadDeadline(time.Now().Add(2 * time.Second))
			if _, err := testkit.ReadValue(c.br); err == nil || errors.Is(err, os.ErrDeadlineExceeded) {
				t.Fatalf("connection still open after a protocol error (input %q)", data)
			}
		} else {
			v, err := c.read()
			if err != nil {
				t.Fatalf("final PING: %v (input %q)", err, data)
			}
			if testkit.Format(v) != "PONG" {
				t.Fatalf("final PING got %s, want PONG (input %q)", testkit.Format(v), data)
			}
		}

		// The server as a whole must still serve.
		c2 := dialFuzz(t, addr)
		defer c2.nc.Close()
		if got := c2.do(t, "PING"); got != "PONG" {
			t.Fatalf("a second connection's PING got %s after input %q", got, data)
		}
	})
}

type lineKind int

const (
	lineSkip          lineKind = iota // nothing to send
	lineInline                        // send the line as an inline request
	lineMultibulk                     // send the words as a multibulk request
	lineProtocolError                 // an inline request the server must refuse
)

// classify decides how a fuzz line (without its line end) is sent. Lines
// that split into no words are skipped (an empty inline request has no
// reply); lines a server would read other than as one inline request (a
// leading '*', a CR or NUL inside) go as multibulk of the same words;
// unbalanced quotes are a protocol error; denied commands and oversized
// offsets are skipped.
func classify(line []byte) (lineKind, []string) {
	words, ok := resp.SplitArgs(bytes.Clone(line), nil)
	if !ok {
		// Sent inline, a NUL would hide the line end from the server (it
		// searches for it as in a C string) and the request would never
		// end; a leading '*' would make it a multibulk header.
		if bytes.IndexByte(line, 0) >= 0 || (len(line) > 0 && line[0] == '*') {
			return lineSkip, nil
		}
		return lineProtocolError, nil
	}
	if len(words) == 0 {
		return lineSkip, nil
	}
	args := make([]string, len(words))
	for i, w := range words {
		args[i] = string(w)
	}
	if !fuzzAllowed(args) {
		return lineSkip, nil
	}
	if (len(line) > 0 && line[0] == '*') || bytes.ContainsAny(line, "\r\x00") {
		return lineMultibulk, args
	}
	return lineInline, args
}

func fuzzAllowed(args []string) bool {
	name := strings.ToLower(args[0])
	if fuzzDenied[name] {
		return false
	}
	if subs, ok := fuzzAllowedSub[name]; ok && (len(args) < 2 || !subs[strings.ToLower(args[1])]) {
		return len(args) < 2 // the bare container command is only an arity error
	}
	if fuzzGrowers[name] {
		for _, a := range args[1:] {
			n, err := strconv.ParseInt(strings.TrimPrefix(a, "#"), 10, 64)
			if err == nil && (n >= fuzzMaxOffset && n < fuzzHugeOffset) {
				return false
			}
		}
	}
	return true
}

// fuzzConn is a raw connection that reports errors instead of failing, so
// the fuzz body can tell a dropped connection from a wrong reply.
type fuzzConn struct {
	nc net.Conn
	br *bufio.Reader
}

func dialFuzz(t *testing.T, addr string) *fuzzConn {
	nc, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatalf("dial: %v (has the server died?)", err)
	}
	return &fuzzConn{nc: nc, br: bufio.NewReader(nc)}
}

func (c *fuzzConn) write(t *testing.T, p []byte) {
	c.nc.SetWriteDeadline(time.Now().Add(10 * time.Second))
	if _, err := c.nc.Write(p); err != nil {
		t.Fatalf("write: %v", err)
	}
}

func (c *fuzzConn) read() (testkit.Value, error) {
	c.nc.SetReadDeadline(time.Now().Add(10 * time.Second))
	return testkit.ReadValue(c.br)
}

// do sends one command and returns its formatted reply, or the error.
func (c *fuzzConn) do(t *testing.T, args ...string) string {
	c.write(t, testkit.Encode(args...))
	v, err := c.read()
	if err != nil {
		return "(read error: " + err.Error() + ")"
	}
	return testkit.Format(v)
}
