package resp

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
)

// outcome is everything a Reader made of a stream: the commands, the error
// that ended it ("" for a clean end of input) and whether the input stopped
// inside a request.
type outcome struct {
	Cmds       [][]string
	Err        string
	Incomplete bool
}

// readAll drives r the way a connection does (Next until nil, then Fill)
// until the input ends or fails.
func readAll(r *Reader) outcome {
	var out outcome
	for {
		args, err := r.Next()
		if err != nil {
			out.Err = errText(err)
			return out
		}
		if args != nil {
			cmd := make([]string, len(args))
			for i, a := range args {
				cmd[i] = string(a) // args alias the buffer: copy them now
			}
			out.Cmds = append(out.Cmds, cmd)
			continue
		}
		if err := r.Fill(); err == io.EOF {
			out.Incomplete = r.nargs >= 0 || r.pos < r.end
			return out
		} else if err != nil {
			out.Err = errText(err)
			return out
		}
	}
}

// errText is the reply text of a protocol error, else the error's text.
func errText(err error) string {
	var pe *ProtocolError
	if errors.As(err, &pe) {
		return pe.Reply()
	}
	return err.Error()
}

func perr(msg string) string { return "ERR Protocol error: " + msg }

var errLimit = ErrQueryBufferLimit.Error()

// mbulk encodes args as a multibulk request.
func mbulk(args ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "*%d\r\n", len(args))
	for _, a := range args {
		fmt.Fprintf(&b, "$%d\r\n%s\r\n", len(a), a)
	}
	return b.String()
}

func cmds(c ...[]string) [][]string { return c }
func cmd(args ...string) []string   { return args }

type readerCase struct {
	name       string
	in         string
	setup      func(*Reader)
	want       [][]string
	err        string
	incomplete bool
}

func (tc readerCase) run(t *testing.T, rd io.Reader) {
	t.Helper()
	r := NewReader(rd)
	if tc.setup != nil {
		tc.setup(r)
	}
	got := readAll(r)
	want := outcome{Cmds: tc.want, Err: tc.err, Incomplete: tc.incomplete}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("input %.200q\n got %+v\nwant %+v", tc.in, got, want)
	}
}

func TestReaderMultibulk(t *testing.T) {
	set := mbulk("SET", "key", "value")
	pipeline := make([][]string, 100)
	for i := range pipeline {
		pipeline[i] = cmd("SET", "key", "value")
	}
	maxBulk := func(n int64) func(*Reader) { return func(r *Reader) { r.MaxBulkLen = n } }
	unlimited := func(r *Reader) { r.MaxBulkLen, r.MaxQueryBuffer = 0, 0 }
	tests := []readerCase{
		{name: "one command", in: mbulk("PING"), want: cmds(cmd("PING"))},
		{name: "three args", in: set, want: cmds(cmd("SET", "key", "value"))},
		{name: "pipelined", in: strings.Repeat(set, 100), want: pipeline},
		{name: "empty requests skipped", in: "*0\r\n*-1\r\n*-100\r\n" + mbulk("PING") + "*0\r\n", want: cmds(cmd("PING"))},
		{name: "zero-length bulk", in: mbulk("ECHO", ""), want: cmds(cmd("ECHO", ""))},
		{name: "binary bulk", in: mbulk("ECHO", "a\r\n\x00b\r\n$1\r\n*"), want: cmds(cmd("ECHO", "a\r\n\x00b\r\n$1\r\n*"))},
		{name: "bytes after bulk taken as CRLF", in: "*1\r\n$4\r\nPINGxx" + mbulk("PING"), want: cmds(cmd("PING"), cmd("PING"))},
		{name: "byte after header CR taken as LF", in: "*1\rX$4\rYPING\r\n", want: cmds(cmd("PING"))},
		{name: "no input", in: "", want: nil},
		{name: "partial header", in: "*1", incomplete: true},
		{name: "header without LF yet", in: "*1\r", incomplete: true},
		{name: "partial bulk", in: "*2\r\n$4\r\nECHO\r\n$5\r\nhel", incomplete: true},
		{name: "bulk without CRLF yet", in: "*1\r\n$4\r\nPING", incomplete: true},
		{name: "huge count announced", in: "*2147483647\r\n" + "$4\r\nPING\r\n", incomplete: true},
		{name: "count over int32", in: "*2147483648\r\n", err: perr("invalid multibulk length")},
		{name: "count overflows int64", in: "*99999999999999999999\r\n", err: perr("invalid multibulk length")},
		{name: "count of 21 bytes", in: "*-00000000000000000001\r\n", err: perr("invalid multibulk length")},
		{name: "empty count", in: "*\r\n", err: perr("invalid multibulk length")},
		{name: "count not a number", in: "*abc\r\n", err: perr("invalid multibulk length")},
		{name: "count with leading zero", in: "*01\r\n", err: perr("invalid multibulk length")},
		{name: "count with plus", in: "*+1\r\n", err: perr("invalid multibulk length")},
		{name: "count minus zero", in: "*-0\r\n", err: perr("invalid multibulk length")},
		{name: "count with trailing space", in: "*1 \r\n", err: perr("invalid multibulk length")},
		{name: "count with leading space", in: "* 1\r\n", err: perr("invalid multibulk length")},
		{name: "negative bulk length", in: "*1\r\n$-1\r\n", err: perr("invalid bulk length")},
		{name: "bulk length minus zero", in: "*1\r\n$-0\r\n", err: perr("invalid bulk length")},
		{name: "bulk length with leading zero", in: "*1\r\n$04\r\nPING\r\n", err: perr("invalid bulk length")},
		{name: "bulk length with plus", in: "*1\r\n$+4\r\nPING\r\n", err: perr("invalid bulk length")},
		{name: "empty bulk length", in: "*1\r\n$\r\n", err: perr("invalid bulk length")},
		{name: "bulk length not a number", in: "*1\r\n$4x\r\n", err: perr("invalid bulk length")},
		{name: "bulk length overflows", in: "*1\r\n$99999999999999999999\r\n", err: perr("invalid bulk length")},
		{name: "expected dollar got x", in: "*1\r\nx\r\n", err: perr("expected '$', got 'x'")},
		{name: "expected dollar got colon", in: "*1\r\n:1\r\n", err: perr("expected '$', got ':'")},
		{name: "expected dollar got star", in: "*2\r\n$4\r\nECHO\r\n" + mbulk("PING"), err: perr("expected '$', got '*'")},
		{name: "expected dollar got LF", in: "*1\r\n\n\r\n", err: perr("expected '$', got ' '")},
		{name: "expected dollar got CR", in: "*1\r\n\r\r\n", err: perr("expected '$', got ' '")},
		{name: "expected dollar got high byte", in: "*1\r\n\xff\r\n", err: perr("expected '$', got '\xff'")},
		{name: "type byte checked once line is in", in: "*1\r\nx", incomplete: true},
		{name: "commands before an error run", in: mbulk("PING") + "*1\r\nx\r\n", want: cmds(cmd("PING")), err: perr("expected '$', got 'x'")},
		{name: "bulk at MaxBulkLen", in: mbulk("0123456789"), setup: maxBulk(10), want: cmds(cmd("0123456789"))},
		{name: "bulk over MaxBulkLen", in: mbulk("0123456789a"), setup: maxBulk(10), err: perr("invalid bulk length")},
		{name: "bulk at default limit", in: "*1\r\n$536870912\r\n", incomplete: true},
		{name: "bulk over default limit", in: "*1\r\n$536870913\r\n", err: perr("invalid bulk length")},
		{name: "unlimited bulk at int ceiling", in: "*1\r\n$9223372036854775805\r\n", setup: unlimited, incomplete: true},
		{name: "unlimited bulk over int ceiling", in: "*1\r\n$9223372036854775806\r\n", setup: unlimited, err: perr("invalid bulk length")},
		{name: "unlimited bulk of MaxInt64", in: "*1\r\n$9223372036854775807\r\nx", setup: unlimited, err: perr("invalid bulk length")},
		{name: "huge bulk against query limit", in: "*1\r\n$9223372036854775805\r\n", setup: maxBulk(0), err: errLimit},
		{name: "count line at 64KB", in: "*" + strings.Repeat("1", 65535), incomplete: true},
		{name: "count line over 64KB", in: "*" + strings.Repeat("1", 65536), err: perr("too big mbulk count string")},
		{name: "bulk length line over 64KB", in: "*1\r\n$" + strings.Repeat("1", 65536), err: perr("too big bulk count string")},
		{name: "size checked before type byte", in: "*1\r\n" + strings.Repeat("x", 65537), err: perr("too big bulk count string")},
		{name: "long count line with CR waits for LF", in: "*" + strings.Repeat("1", 70000) + "\r", incomplete: true},
		{name: "long count line", in: "*" + strings.Repeat("1", 70000) + "\r\n", err: perr("invalid multibulk length")},
		{name: "NUL hides the count line end", in: "*1\x00\r\n" + mbulk("PING"), incomplete: true},
		{name: "NUL hides the bulk line end", in: "*1\r\n$4\x00\r\nPING\r\n", incomplete: true},
		{name: "NUL in count line until 64KB", in: "*1\x00" + strings.Repeat("\r\n", 32767), err: perr("too big mbulk count string")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.run(t, strings.NewReader(tc.in)) })
	}
}

func TestReaderInline(t *testing.T) {
	tests := []readerCase{
		{name: "CRLF", in: "PING\r\n", want: cmds(cmd("PING"))},
		{name: "bare LF", in: "PING\n", want: cmds(cmd("PING"))},
		{name: "no newline yet", in: "PING", incomplete: true},
		{name: "words", in: "SET key value\r\n", want: cmds(cmd("SET", "key", "value"))},
		{name: "multiple spaces", in: "  SET   key    value  \r\n", want: cmds(cmd("SET", "key", "value"))},
		{name: "tabs", in: "\tSET\tkey\t\tvalue\t\r\n", want: cmds(cmd("SET", "key", "value"))},
		{name: "vertical tab inside word", in: "ECHO a\vb\r\n", want: cmds(cmd("ECHO", "a\vb"))},
		{name: "extra CR before CRLF", in: "PING\r\r\n", want: cmds(cmd("PING"))},
		{name: "empty lines skipped", in: "\r\n\n   \r\n\t\nPING\r\n\r\n", want: cmds(cmd("PING"))},
		{name: "double quotes", in: `SET "my key" "a\nb\tc\x41\"d"` + "\r\n", want: cmds(cmd("SET", "my key", "a\nb\tcA\"d"))},
		{name: "single quotes", in: `SET 'my key' 'it\'s \n'` + "\r\n", want: cmds(cmd("SET", "my key", `it's \n`))},
		{name: "empty quoted word", in: `ECHO ""` + "\r\n", want: cmds(cmd("ECHO", ""))},
		{name: "pipelined", in: "PING\r\nECHO a\nPING\r\n", want: cmds(cmd("PING"), cmd("ECHO", "a"), cmd("PING"))},
		{name: "mixed with multibulk", in: "PING\r\n" + mbulk("ECHO", "x y") + "ECHO z\n", want: cmds(cmd("PING"), cmd("ECHO", "x y"), cmd("ECHO", "z"))},
		{name: "unbalanced double quote", in: `SET "a` + "\r\n", err: perr("unbalanced quotes in request")},
		{name: "unbalanced single quote", in: `SET 'a` + "\r\n", err: perr("unbalanced quotes in request")},
		{name: "escaped closing quote", in: `SET "a\"` + "\r\n", err: perr("unbalanced quotes in request")},
		{name: "closing quote then letter", in: `SET "a"b` + "\r\n", err: perr("unbalanced quotes in request")},
		{name: "closing single quote then letter", in: `SET 'a'b` + "\r\n", err: perr("unbalanced quotes in request")},
		{name: "line at 64KB", in: strings.Repeat("a", 65536), incomplete: true},
		{name: "line over 64KB", in: strings.Repeat("a", 65537), err: perr("too big inline request")},
		{name: "NUL hides the newline", in: "PING\x00\r\nPING\r\n", incomplete: true},
		{name: "NUL until 64KB", in: "PING\x00" + strings.Repeat("\r\n", 32766), err: perr("too big inline request")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.run(t, strings.NewReader(tc.in)) })
	}
}

func TestReaderLimits(t *testing.T) {
	queryLimit := func(n int) func(*Reader) { return func(r *Reader) { r.MaxQueryBuffer = n } }
	unauth := func(r *Reader) { r.Unauthenticated = true }
	req64 := mbulk(strings.Repeat("v", 53)) // 4 + 5 + 53 + 2 bytes
	if len(req64) != 64 {
		t.Fatalf("req64 is %d bytes", len(req64))
	}
	tests := []readerCase{
		{name: "request at limit", in: req64, setup: queryLimit(64), want: cmds(cmd(strings.Repeat("v", 53)))},
		{name: "limit is per request", in: strings.Repeat(req64, 10), setup: queryLimit(64), want: slicesOf(10, cmd(strings.Repeat("v", 53)))},
		{name: "request over limit", in: mbulk(strings.Repeat("v", 54)), setup: queryLimit(64), err: errLimit},
		{name: "announced bulk over limit", in: "*1\r\n$100\r\n", setup: queryLimit(64), err: errLimit},
		{name: "header line over limit", in: "*1\r\n$" + strings.Repeat("1", 70), setup: queryLimit(64), err: errLimit},
		{name: "limit before protocol error", in: "*1\r\n" + strings.Repeat("x", 70) + "\r\n", setup: queryLimit(64), err: errLimit},
		{name: "inline at limit", in: strings.Repeat("a", 62) + "\r\n", setup: queryLimit(64), want: cmds(cmd(strings.Repeat("a", 62)))},
		{name: "inline over limit", in: strings.Repeat("a", 63) + "\r\n", setup: queryLimit(64), err: errLimit},
		{name: "inline without newline over limit", in: strings.Repeat("a", 65), setup: queryLimit(64), err: errLimit},
		{name: "unauthenticated 10 args", in: mbulk("1", "2", "3", "4", "5", "6", "7", "8", "9", "10"), setup: unauth,
			want: cmds(cmd("1", "2", "3", "4", "5", "6", "7", "8", "9", "10"))},
		{name: "unauthenticated 11 args", in: "*11\r\n", setup: unauth, err: perr("unauthenticated multibulk length")},
		{name: "unauthenticated bad count", in: "*x\r\n", setup: unauth, err: perr("invalid multibulk length")},
		{name: "unauthenticated 16384-byte bulk", in: "*1\r\n$16384\r\n", setup: unauth, incomplete: true},
		{name: "unauthenticated 16385-byte bulk", in: "*1\r\n$16385\r\n", setup: unauth, err: perr("unauthenticated bulk length")},
		{name: "unauthenticated inline", in: "a b c d e f g h i j k l\r\n", setup: unauth,
			want: cmds(cmd("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"))},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.run(t, strings.NewReader(tc.in))
			tc.run(t, iotest.OneByteReader(strings.NewReader(tc.in)))
		})
	}
}

func slicesOf(n int, c []string) [][]string {
	out := make([][]string, n)
	for i := range out {
		out[i] = c
	}
	return out
}

// randReader returns its data in chunks of 1 to max bytes.
type randReader struct {
	data []byte
	rng  *rand.Rand
	max  int
}

func (c *randReader) Read(p []byte) (int, error) {
	if len(c.data) == 0 {
		return 0, io.EOF
	}
	n := min(1+c.rng.IntN(c.max), len(p), len(c.data))
	copy(p, c.data[:n])
	c.data = c.data[n:]
	return n, nil
}

func chunked(data []byte, seed uint64, max int) io.Reader {
	return &randReader{data: data, rng: rand.New(rand.NewPCG(seed, seed)), max: max}
}

// mixedStream is a pipeline of every kind of request, valid to the end.
func mixedStream() []byte {
	var b bytes.Buffer
	rng := rand.New(rand.NewPCG(7, 7))
	for i := range 300 {
		switch i % 6 {
		case 0:
			b.WriteString(mbulk("SET", "key:"+strconv.Itoa(i), strings.Repeat("v", rng.IntN(100))))
		case 1:
			bin := make([]byte, rng.IntN(300))
			for j := range bin {
				bin[j] = byte(rng.IntN(256))
			}
			b.WriteString(mbulk("ECHO", string(bin), "\r\n", ""))
		case 2:
			b.WriteString("PING\r\nECHO \"a b\" 'c'\n\r\n")
		case 3:
			b.WriteString("*0\r\n*-1\r\n")
		case 4:
			b.WriteString(mbulk("SET", "big", strings.Repeat("x", 20000+rng.IntN(50000))))
		case 5:
			b.WriteString("  SET\tk  v \r\n")
		}
	}
	return b.Bytes()
}

func TestReaderSplitReads(t *testing.T) {
	data := mixedStream()
	want := readAll(NewReader(bytes.NewReader(data)))
	if want.Err != "" || want.Incomplete || len(want.Cmds) < 300 {
		t.Fatalf("whole stream: %d commands, err %q, incomplete %v", len(want.Cmds), want.Err, want.Incomplete)
	}
	readers := map[string]func() io.Reader{
		"one byte per read": func() io.Reader { return iotest.OneByteReader(bytes.NewReader(data)) },
		"two pieces": func() io.Reader {
			return io.MultiReader(bytes.NewReader(data[:len(data)/3]), bytes.NewReader(data[len(data)/3:]))
		},
		"data with EOF": func() io.Reader { return iotest.DataErrReader(bytes.NewReader(data)) },
	}
	for seed := range uint64(10) {
		readers[fmt.Sprintf("random chunks seed %d", seed)] = func() io.Reader { return chunked(data, seed, 1+int(seed)*1000) }
	}
	for name, newReader := range readers {
		t.Run(name, func(t *testing.T) {
			got := readAll(NewReader(newReader()))
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got %d commands (err %q), want %d", len(got.Cmds), got.Err, len(want.Cmds))
			}
		})
	}
}

func TestReaderLargeBulks(t *testing.T) {
	for _, size := range []int{1 << 20, 10 << 20} {
		t.Run(strconv.Itoa(size), func(t *testing.T) {
			value := bytes.Repeat([]byte("0123456789abcdef"), size/16)
			value[size/2] = '\r'
			value[size/2+1] = '\n'
			in := append([]byte(mbulk("SET", "k", string(value))), mbulk("PING")...)
			r := NewReader(chunked(in, uint64(size), 4096))
			var got [][]byte
			for {
				args, err := r.Next()
				if err != nil {
					t.Fatal(err)
				}
				if args != nil {
					got = append(got, bytes.Clone(args[len(args)-1]))
					continue
				}
				if r.BufferCap() > 3*size {
					t.Fatalf("buffer grew to %d bytes for a %d-byte request", r.BufferCap(), len(in))
				}
				if err := r.Fill(); err == io.EOF {
					break
				} else if err != nil {
					t.Fatal(err)
				}
			}
			if len(got) != 2 || !bytes.Equal(got[0], value) || string(got[1]) != "PING" {
				t.Fatalf("got %d commands", len(got))
			}
			if r.BufferCap() > shrinkAbove {
				t.Errorf("buffer still %d bytes after the large request", r.BufferCap())
			}
		})
	}
}

func TestReaderManyTinyArgs(t *testing.T) {
	const n = 1_000_000
	var b bytes.Buffer
	b.WriteString("*" + strconv.Itoa(n) + "\r\n")
	for i := range n {
		b.WriteString("$1\r\n")
		b.WriteByte('a' + byte(i%26))
		b.WriteString("\r\n")
	}
	b.WriteString(mbulk("PING"))
	// Small reads mean about 30,000 calls to Next on a partial request;
	// each must resume where the last stopped, not rescan the request.
	r := NewReader(chunked(b.Bytes(), 1, 512))
	var got [][]byte
	for got == nil {
		args, err := r.Next()
		if err != nil {
			t.Fatal(err)
		}
		if args == nil {
			if err := r.Fill(); err != nil {
				t.Fatal(err)
			}
		}
		got = args
	}
	if len(got) != n {
		t.Fatalf("got %d args", len(got))
	}
	for i, a := range got {
		if len(a) != 1 || a[0] != 'a'+byte(i%26) {
			t.Fatalf("arg %d is %q", i, a)
		}
	}
	out := readAll(r)
	if !reflect.DeepEqual(out.Cmds, cmds(cmd("PING"))) || out.Err != "" {
		t.Fatalf("after the large request: %+v", out)
	}
	if cap(r.offs) > 2*keepArgs || cap(r.args) > 2*keepArgs {
		t.Errorf("argument arrays kept: %d offsets, %d args", cap(r.offs), cap(r.args))
	}
}

// TestReaderArgsAlias checks the zero-copy contract: arguments point into the
// reader's buffer and cannot be appended to in place.
func TestReaderArgsAlias(t *testing.T) {
	r := NewReader(strings.NewReader(mbulk("SET", "key", "value") + "ECHO \"a b\"\r\n"))
	if err := r.Fill(); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		args, err := r.Next()
		if err != nil || args == nil {
			t.Fatalf("Next: %q, %v", args, err)
		}
		for _, a := range args {
			if !within(r.buf[:cap(r.buf)], a) || cap(a) != len(a) {
				t.Errorf("arg %q: outside the buffer or with spare capacity", a)
			}
		}
	}
}

// stubReader replays a script of Read results.
type stubReader struct {
	steps []stubRead
	calls int
}

type stubRead struct {
	data string
	err  error
}

func (s *stubReader) Read(p []byte) (int, error) {
	s.calls++
	if len(s.steps) == 0 {
		return 0, io.EOF
	}
	st := s.steps[0]
	s.steps = s.steps[1:]
	return copy(p, st.data), st.err
}

func TestReaderFill(t *testing.T) {
	boom := errors.New("boom")
	empty := stubRead{}
	tests := []struct {
		name  string
		steps []stubRead
		want  outcome
		calls int
	}{
		{name: "error with data keeps the data", steps: []stubRead{{data: "PING\r\n", err: boom}, {data: "PING\r\n"}},
			want: outcome{Cmds: cmds(cmd("PING")), Err: "boom"}, calls: 1},
		{name: "EOF with data", steps: []stubRead{{data: "PING\r\nPI", err: io.EOF}},
			want: outcome{Cmds: cmds(cmd("PING")), Incomplete: true}, calls: 1},
		{name: "a few empty reads", steps: []stubRead{empty, empty, empty, {data: "PING\r\n"}},
			want: outcome{Cmds: cmds(cmd("PING"))}, calls: 5},
		{name: "endless empty reads", steps: slicesOfRead(200, empty),
			want: outcome{Err: io.ErrNoProgress.Error()}, calls: maxEmptyReads},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := &stubReader{steps: tc.steps}
			got := readAll(NewReader(s))
			if !reflect.DeepEqual(got, tc.want) || s.calls != tc.calls {
				t.Errorf("got %+v after %d reads, want %+v after %d", got, s.calls, tc.want, tc.calls)
			}
		})
	}
}

func slicesOfRead(n int, st stubRead) []stubRead {
	out := make([]stubRead, n)
	for i := range out {
		out[i] = st
	}
	return out
}

func TestReaderErrorIsSticky(t *testing.T) {
	r := NewReader(strings.NewReader("*1\r\nx\r\n" + mbulk("PING")))
	first := readAll(r)
	args, err := r.Next()
	if args != nil || err == nil || errText(err) != first.Err {
		t.Errorf("after %q: Next returned %q, %v", first.Err, args, err)
	}
	r.Reset(strings.NewReader(mbulk("PING")))
	if got := readAll(r); !reflect.DeepEqual(got.Cmds, cmds(cmd("PING"))) || got.Err != "" {
		t.Errorf("after Reset: %+v", got)
	}
}

func TestReaderShrinksBuffer(t *testing.T) {
	big := mbulk("SET", "k", strings.Repeat("x", 1<<20))
	r := NewReader(io.MultiReader(strings.NewReader(big), strings.NewReader(mbulk("PING"))))
	got := readAll(r)
	if len(got.Cmds) != 2 || got.Err != "" {
		t.Fatalf("got %d commands, err %q", len(got.Cmds), got.Err)
	}
	if r.BufferCap() > shrinkAbove {
		t.Errorf("buffer is %d bytes after the large request", r.BufferCap())
	}
}

// modelParse restates the request grammar as a plain parse of the whole
// input, for FuzzReader to hold the incremental Reader against.
func modelParse(data []byte, setup func(*Reader)) outcome {
	cfg := NewReader(nil)
	setup(cfg)
	data = bytes.Clone(data) // SplitArgs unescapes in place
	var out outcome
	over := func(start, end int) bool {
		return cfg.MaxQueryBuffer > 0 && end-start > cfg.MaxQueryBuffer
	}
	// lineEnd: the first delim from i on, unless a NUL comes first.
	lineEnd := func(i int, delim byte) int {
		for ; i < len(data); i++ {
			if data[i] == delim {
				return i
			}
			if data[i] == 0 {
				return -1
			}
		}
		return -1
	}
	fail := func(err string) outcome { out.Err = err; return out }
	pending := func(start, pos int, tooBig string) outcome {
		switch {
		case over(start, len(data)):
			return fail(errLimit)
		case len(data)-pos > maxHeaderLine:
			return fail(perr(tooBig))
		}
		out.Incomplete = true
		return out
	}
	// header parses the "*N" or "$N" line at pos; ok is false when the
	// input ended first, and then res is the outcome.
	header := func(start, pos int, tooBig string) (n int64, next int, ok bool, res outcome) {
		cr := lineEnd(pos, '\r')
		if cr >= 0 && over(start, cr+2) {
			return 0, 0, false, fail(errLimit)
		}
		if cr < 0 {
			return 0, 0, false, pending(start, pos, tooBig)
		}
		if cr+1 >= len(data) {
			if over(start, len(data)) {
				return 0, 0, false, fail(errLimit)
			}
			out.Incomplete = true
			return 0, 0, false, out
		}
		v, err := strconv.ParseInt(string(data[pos+1:cr]), 10, 64)
		digits := string(data[pos+1 : cr])
		if err != nil || digits != strconv.FormatInt(v, 10) || len(digits) > 20 {
			return 0, 0, false, outcome{Cmds: out.Cmds, Err: "invalid"}
		}
		return v, cr + 2, true, out
	}
	pos := 0
	for pos < len(data) {
		start := pos
		if data[pos] != '*' {
			nl := lineEnd(pos, '\n')
			if nl < 0 {
				return pending(start, pos, "too big inline request")
			}
			if over(start, nl+1) {
				return fail(errLimit)
			}
			line := bytes.TrimSuffix(data[pos:nl], []byte("\r"))
			words, ok := SplitArgs(line, nil)
			if !ok {
				return fail(perr("unbalanced quotes in request"))
			}
			if len(words) > 0 {
				c := make([]string, len(words))
				for i, w := range words {
					c[i] = string(w)
				}
				out.Cmds = append(out.Cmds, c)
			}
			pos = nl + 1
			continue
		}
		count, next, ok, res := header(start, pos, "too big mbulk count string")
		switch {
		case !ok && res.Err == "invalid", ok && count > 1<<31-1:
			return fail(perr("invalid multibulk length"))
		case !ok:
			return res
		case count > 10 && cfg.Unauthenticated:
			return fail(perr("unauthenticated multibulk length"))
		}
		pos = next
		var c []string
		for range max(count, 0) {
			cr := lineEnd(pos, '\r')
			if cr >= 0 && cr+1 < len(data) && !over(start, cr+2) && data[pos] != '$' {
				return fail(perr("expected '$', got '" + replyByte(data[pos]) + "'"))
			}
			n, next, ok, res := header(start, pos, "too big bulk count string")
			switch {
			case !ok && res.Err == "invalid", ok && (n < 0 || n > cfg.maxBulk()):
				return fail(perr("invalid bulk length"))
			case !ok:
				return res
			case n > 16384 && cfg.Unauthenticated:
				return fail(perr("unauthenticated bulk length"))
			case over(start, next) || (cfg.MaxQueryBuffer > 0 && n > int64(cfg.MaxQueryBuffer)):
				return fail(errLimit)
			case over(start, next+int(n)+2):
				return fail(errLimit)
			case int64(len(data)-next) < n+2:
				out.Incomplete = true
				return out
			}
			c = append(c, string(data[next:next+int(n)]))
			pos = next + int(n) + 2
		}
		if len(c) > 0 {
			out.Cmds = append(out.Cmds, c)
		}
	}
	return out
}

// fuzzSetup picks reader limits from the fuzzer's mode byte.
func fuzzSetup(mode uint8) func(*Reader) {
	return func(r *Reader) {
		if mode&1 != 0 {
			r.MaxBulkLen = 16
		}
		if mode&2 != 0 {
			r.MaxQueryBuffer = 128
		}
		if mode&4 != 0 {
			r.Unauthenticated = true
		}
		if mode&8 != 0 {
			r.MaxBulkLen, r.MaxQueryBuffer = 0, 0
		}
	}
}

func FuzzReader(f *testing.F) {
	for _, s := range []string{
		mbulk("SET", "key", "value") + mbulk("GET", "key"),
		"*0\r\n*-1\r\n" + mbulk("ECHO", "") + mbulk("ECHO", "a\r\n\x00b"),
		"*1\r\n$4\r\nPINGxx*1\rX$4\rYPING\r\n",
		"*2147483647\r\n$1\r\na\r\n",
		"*2147483648\r\n", "*01\r\n", "*+1\r\n", "*-0\r\n", "*1\r\n$-1\r\n", "*1\r\n$04\r\nPING\r\n",
		"*1\r\nx\r\n", "*1\r\n\n\r\n", "*1\r\n\xff\r\n", "*1\r\nx", "*1\x00\r\n$4\r\nPING\r\n",
		"*1\r\n$9223372036854775805\r\n", "*1\r\n$536870913\r\n",
		"PING\r\nSET  a\tb\r\n\r\n\n", `SET "a\nb\x41\"" 'it\'s'` + "\r\n",
		`SET "a` + "\r\n", `SET "a"b` + "\r\n", "ECHO a\vb\r\n", "PING\x00\r\n",
		"*11\r\n", "*1\r\n$16385\r\n", mbulk(strings.Repeat("v", 200)),
	} {
		f.Add([]byte(s), uint16(len(s)/2), uint8(0))
		f.Add([]byte(s), uint16(1), uint8(15))
	}
	f.Fuzz(func(t *testing.T, data []byte, split uint16, mode uint8) {
		setup := fuzzSetup(mode)
		run := func(rd io.Reader) outcome {
			r := NewReader(rd)
			setup(r)
			return readAll(r)
		}
		whole := run(bytes.NewReader(data))
		k := int(split) % (len(data) + 1)
		parts := run(io.MultiReader(bytes.NewReader(data[:k]), bytes.NewReader(data[k:])))
		if len(data) > maxHeaderLine {
			// When an unfinished line passes 64KB depends on the reads.
			return
		}
		if !reflect.DeepEqual(whole, parts) {
			t.Fatalf("split at %d:\n whole %+v\n parts %+v", k, whole, parts)
		}
		if model := modelParse(data, setup); !reflect.DeepEqual(whole, model) {
			t.Fatalf("reader %+v\n model %+v", whole, model)
		}
		if len(data) <= 512 {
			if bytewise := run(iotest.OneByteReader(bytes.NewReader(data))); !reflect.DeepEqual(whole, bytewise) {
				t.Fatalf("one byte per read:\n whole %+v\n bytes %+v", whole, bytewise)
			}
		}
	})
}

// repeatReader returns the same bytes on every Read.
type repeatReader struct{ data []byte }

func (p repeatReader) Read(b []byte) (int, error) { return copy(b, p.data), nil }

func benchmarkReader(b *testing.B, batch string, perBatch int) {
	r := NewReader(repeatReader{[]byte(batch)})
	b.SetBytes(int64(len(batch)))
	b.ReportAllocs()
	for b.Loop() {
		if err := r.Fill(); err != nil {
			b.Fatal(err)
		}
		n := 0
		for {
			args, err := r.Next()
			if err != nil {
				b.Fatal(err)
			}
			if args == nil {
				break
			}
			n++
		}
		if n != perBatch {
			b.Fatalf("parsed %d commands, want %d", n, perBatch)
		}
	}
}

func BenchmarkReaderPipeline16(b *testing.B) {
	benchmarkReader(b, strings.Repeat(mbulk("SET", "key:000123", "value"), 16), 16)
}

func BenchmarkReaderInline16(b *testing.B) {
	benchmarkReader(b, strings.Repeat("SET key:000123 value\r\n", 16), 16)
}
