package resp

import (
	"bytes"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"
)

func TestAppend(t *testing.T) {
	tests := []struct {
		name string
		got  []byte
		want string
	}{
		{"simple", AppendSimple(nil, "OK"), "+OK\r\n"},
		{"simple with line breaks", AppendSimple(nil, "a\r\nb\nc"), "+a  b c\r\n"},
		{"error", AppendError(nil, "ERR syntax error"), "-ERR syntax error\r\n"},
		{"error with line breaks inside", AppendError(nil, "ERR a\r\nb\rc"), "-ERR a  b c\r\n"},
		{"error with line breaks at the ends", AppendError(nil, "\r\nERR a\n\r\n"), "-ERR a\r\n"},
		{"int zero", AppendInt(nil, 0), ":0\r\n"},
		{"int negative", AppendInt(nil, -42), ":-42\r\n"},
		{"int min", AppendInt(nil, math.MinInt64), ":-9223372036854775808\r\n"},
		{"int max", AppendInt(nil, math.MaxInt64), ":9223372036854775807\r\n"},
		{"bulk", AppendBulk(nil, []byte("hello")), "$5\r\nhello\r\n"},
		{"bulk empty", AppendBulk(nil, nil), "$0\r\n\r\n"},
		{"bulk binary", AppendBulk(nil, []byte("a\r\n\x00")), "$4\r\na\r\n\x00\r\n"},
		{"bulk string", AppendBulkString(nil, "hi"), "$2\r\nhi\r\n"},
		{"bulk int", AppendBulkInt(nil, -12), "$3\r\n-12\r\n"},
		{"array header", AppendArrayHeader(nil, 3), "*3\r\n"},
		{"empty array header", AppendArrayHeader(nil, 0), "*0\r\n"},
		{"appends to existing", AppendInt([]byte("+OK\r\n"), 1), "+OK\r\n:1\r\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if string(tc.got) != tc.want {
				t.Errorf("got %q, want %q", tc.got, tc.want)
			}
		})
	}
}

func TestFormatDouble(t *testing.T) {
	tenth, fifth := 0.1, 0.2 // variables, so the sum is computed in float64
	tests := []struct {
		f    float64
		want string
	}{
		{0, "0"},
		{math.Copysign(0, -1), "-0"},
		{math.Inf(1), "inf"},
		{math.Inf(-1), "-inf"},
		{math.NaN(), "nan"},
		{1, "1"},
		{-1, "-1"},
		{3.1, "3.1"},
		{-3.1, "-3.1"},
		{0.5, "0.5"},
		{tenth + fifth, "0.30000000000000004"},
		{123.456, "123.456"},
		{1234567.5, "1234567.5"},
		{1.0000000000000002, "1.0000000000000002"},
		// Integral values up to 2^62 print as integers.
		{1e15, "1000000000000000"},
		{1 << 62, "4611686018427387904"},
		{-(1 << 62), "-4611686018427387904"},
		// Past that, shortest digits padded with up to 7 zeros...
		{1 << 63, "9223372036854776000"},
		{1.2345678901234567e19, "12345678901234567000"},
		{1.5e19, "1.5e+19"},
		// ...and exponent notation beyond.
		{1e19, "1e+19"},
		{1e21, "1e+21"},
		{1.5e21, "1.5e+21"},
		{1.5e300, "1.5e+300"},
		{math.MaxFloat64, "1.7976931348623157e+308"},
		// Fractions: decimal down to 7 digits after the point...
		{0.0001, "0.0001"},
		{0.00001, "0.00001"},
		{0.000001, "0.000001"},
		{0.000123, "0.000123"},
		{123456789.123, "123456789.123"},
		// ...exponent notation with a plain exponent past it.
		{1e-7, "1e-7"},
		{1.5e-7, "1.5e-7"},
		{1.23e-5, "1.23e-5"},
		{1.2345e-6, "1.2345e-6"},
		{2.5e-10, "2.5e-10"},
		{1e-100, "1e-100"},
		{12345.678901234567, "1.2345678901234567e+4"},
	}
	for _, tc := range tests {
		t.Run(tc.want, func(t *testing.T) {
			got := FormatDouble([]byte("x"), tc.f)
			if string(got) != "x"+tc.want {
				t.Errorf("FormatDouble(%v) = %q, want %q", tc.f, got[1:], tc.want)
			}
			if math.IsNaN(tc.f) {
				return
			}
			if back, err := strconv.ParseFloat(tc.want, 64); err != nil || back != tc.f {
				t.Errorf("%q reads back as %v, %v", tc.want, back, err)
			}
		})
	}
}

func TestWriterReplies(t *testing.T) {
	tests := []struct {
		name         string
		write        func(w *Writer)
		resp2, resp3 string
	}{
		{"simple", func(w *Writer) { w.Simple("PONG") }, "+PONG\r\n", "+PONG\r\n"},
		{"ok", func(w *Writer) { w.OK() }, "+OK\r\n", "+OK\r\n"},
		{"error", func(w *Writer) { w.Error("ERR bad\r\nthing") }, "-ERR bad  thing\r\n", "-ERR bad  thing\r\n"},
		{"int", func(w *Writer) { w.Int(-7) }, ":-7\r\n", ":-7\r\n"},
		{"bulk", func(w *Writer) { w.Bulk([]byte("v")) }, "$1\r\nv\r\n", "$1\r\nv\r\n"},
		{"bulk string", func(w *Writer) { w.BulkString("") }, "$0\r\n\r\n", "$0\r\n\r\n"},
		{"bulk int", func(w *Writer) { w.BulkInt(100) }, "$3\r\n100\r\n", "$3\r\n100\r\n"},
		{"null", func(w *Writer) { w.Null() }, "$-1\r\n", "_\r\n"},
		{"null array", func(w *Writer) { w.NullArray() }, "*-1\r\n", "_\r\n"},
		{"array", func(w *Writer) { w.Array(2) }, "*2\r\n", "*2\r\n"},
		{"map", func(w *Writer) { w.Map(2) }, "*4\r\n", "%2\r\n"},
		{"empty map", func(w *Writer) { w.Map(0) }, "*0\r\n", "%0\r\n"},
		{"set", func(w *Writer) { w.Set(3) }, "*3\r\n", "~3\r\n"},
		{"push", func(w *Writer) { w.Push(3) }, "*3\r\n", ">3\r\n"},
		{"double", func(w *Writer) { w.Double(3.1) }, "$3\r\n3.1\r\n", ",3.1\r\n"},
		{"double integral", func(w *Writer) { w.Double(10) }, "$2\r\n10\r\n", ",10\r\n"},
		{"double big", func(w *Writer) { w.Double(1e21) }, "$5\r\n1e+21\r\n", ",1e+21\r\n"},
		{"double small", func(w *Writer) { w.Double(0.0001) }, "$6\r\n0.0001\r\n", ",0.0001\r\n"},
		{"double inf", func(w *Writer) { w.Double(math.Inf(1)) }, "$3\r\ninf\r\n", ",inf\r\n"},
		{"double -inf", func(w *Writer) { w.Double(math.Inf(-1)) }, "$4\r\n-inf\r\n", ",-inf\r\n"},
		{"double nan", func(w *Writer) { w.Double(math.NaN()) }, "$3\r\nnan\r\n", ",nan\r\n"},
		{"bool true", func(w *Writer) { w.Bool(true) }, ":1\r\n", "#t\r\n"},
		{"bool false", func(w *Writer) { w.Bool(false) }, ":0\r\n", "#f\r\n"},
		{"big number", func(w *Writer) { w.BigNumber("1234567890123456789012345") },
			"$25\r\n1234567890123456789012345\r\n", "(1234567890123456789012345\r\n"},
		{"verbatim", func(w *Writer) { w.Verbatim("txt", "hello\n") }, "$6\r\nhello\n\r\n", "=10\r\ntxt:hello\n\r\n"},
		{"verbatim short format", func(w *Writer) { w.Verbatim("md", "x") }, "$1\r\nx\r\n", "=5\r\nmd :x\r\n"},
		{"verbatim long format", func(w *Writer) { w.Verbatim("markdown", "x") }, "$1\r\nx\r\n", "=5\r\nmar:x\r\n"},
		{"raw", func(w *Writer) { w.Raw([]byte("+RAW\r\n")) }, "+RAW\r\n", "+RAW\r\n"},
		{"nested", func(w *Writer) {
			w.Map(1)
			w.BulkString("k")
			w.Set(2)
			w.Int(1)
			w.Double(2.5)
		}, "*2\r\n$1\r\nk\r\n*2\r\n:1\r\n$3\r\n2.5\r\n", "%1\r\n$1\r\nk\r\n~2\r\n:1\r\n,2.5\r\n"},
	}
	for _, tc := range tests {
		for _, proto := range []int{2, 3} {
			want := tc.resp2
			if proto == 3 {
				want = tc.resp3
			}
			t.Run(tc.name+"/RESP"+strconv.Itoa(proto), func(t *testing.T) {
				var out bytes.Buffer
				w := NewWriter(&out)
				w.SetProtocol(proto)
				if w.Protocol() != proto {
					t.Fatalf("Protocol() = %d", w.Protocol())
				}
				tc.write(w)
				if got := string(w.Bytes()); got != want {
					t.Errorf("buffered %q, want %q", got, want)
				}
				if w.Buffered() != len(want) {
					t.Errorf("Buffered() = %d, want %d", w.Buffered(), len(want))
				}
				if err := w.Flush(); err != nil {
					t.Fatal(err)
				}
				if out.String() != want || w.Written() != int64(len(want)) || w.Buffered() != 0 {
					t.Errorf("flushed %q (%d counted, %d left)", out.String(), w.Written(), w.Buffered())
				}
			})
		}
	}
}

func TestWriterTruncate(t *testing.T) {
	w := NewWriter(io.Discard)
	w.OK()
	mark := w.Buffered()
	w.Int(1)
	w.Truncate(mark)
	if string(w.Bytes()) != "+OK\r\n" {
		t.Errorf("after Truncate: %q", w.Bytes())
	}
}

// failWriter accepts okWrites writes and then fails, or writes short.
type failWriter struct {
	out      bytes.Buffer
	okWrites int
	short    bool
	calls    int
}

var errBroken = errors.New("broken pipe")

func (f *failWriter) Write(p []byte) (int, error) {
	f.calls++
	if f.calls <= f.okWrites {
		return f.out.Write(p)
	}
	if f.short {
		return f.out.Write(p[:len(p)/2])
	}
	return 0, errBroken
}

func TestWriterKeepsFirstError(t *testing.T) {
	tests := []struct {
		name  string
		short bool
		want  error
	}{
		{"write error", false, errBroken},
		{"short write", true, io.ErrShortWrite},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := &failWriter{okWrites: 1, short: tc.short}
			w := NewWriter(f)
			w.Int(1)
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			w.Int(22)
			if err := w.Flush(); err != tc.want {
				t.Fatalf("Flush = %v, want %v", err, tc.want)
			}
			// Later replies are dropped and the first error stays.
			w.Bulk(bytes.Repeat([]byte("x"), 1<<20))
			if err := w.Flush(); err != tc.want || w.Err() != tc.want {
				t.Fatalf("Flush = %v, Err = %v", err, w.Err())
			}
			if f.calls != 2 || w.Buffered() != 0 || cap(w.buf) > 4096 {
				t.Errorf("%d writes, %d bytes still buffered in %d", f.calls, w.Buffered(), cap(w.buf))
			}
			if want := int64(f.out.Len()); w.Written() != want {
				t.Errorf("Written() = %d, want %d", w.Written(), want)
			}
		})
	}
}

func TestWriterShrinksAfterLargeFlush(t *testing.T) {
	var out bytes.Buffer
	w := NewWriter(&out)
	w.Bulk(bytes.Repeat([]byte("x"), 1<<20))
	if cap(w.buf) < 1<<20 {
		t.Fatalf("buffer only %d bytes", cap(w.buf))
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if cap(w.buf) > 4096 {
		t.Errorf("buffer still %d bytes after flushing a large reply", cap(w.buf))
	}
	if out.Len() != 1<<20+len("$1048576\r\n\r\n") {
		t.Errorf("flushed %d bytes", out.Len())
	}
	// A buffer that stayed small is kept.
	w.Bulk(bytes.Repeat([]byte("y"), 3000))
	before := cap(w.buf)
	if err := w.Flush(); err != nil || cap(w.buf) != before {
		t.Errorf("small buffer replaced: %d -> %d (%v)", before, cap(w.buf), err)
	}
}

func TestWriterEmptyFlush(t *testing.T) {
	f := &failWriter{}
	w := NewWriter(f)
	if err := w.Flush(); err != nil || f.calls != 0 {
		t.Errorf("empty Flush: %v after %d writes", err, f.calls)
	}
}

func benchmarkWriter(b *testing.B, write func(w *Writer)) {
	w := NewWriter(io.Discard)
	b.ReportAllocs()
	for b.Loop() {
		write(w)
		if w.Buffered() > 3000 {
			if err := w.Flush(); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkWriterBulk(b *testing.B) {
	v := []byte(strings.Repeat("v", 32))
	benchmarkWriter(b, func(w *Writer) { w.Bulk(v) })
}

func BenchmarkWriterInt(b *testing.B) {
	benchmarkWriter(b, func(w *Writer) { w.Int(1234567) })
}

func BenchmarkWriterArray(b *testing.B) {
	v := []byte("value")
	benchmarkWriter(b, func(w *Writer) {
		w.Array(3)
		w.Bulk(v)
		w.Bulk(v)
		w.Bulk(v)
	})
}

func BenchmarkWriterDouble(b *testing.B) {
	for _, proto := range []int{2, 3} {
		b.Run("RESP"+strconv.Itoa(proto), func(b *testing.B) {
			benchmarkWriter(b, func(w *Writer) {
				w.SetProtocol(proto)
				w.Double(3.14159)
			})
		})
	}
}
