package resp

import (
	"bytes"
	"io"
	"math"
	"strconv"
	"strings"
)

// The Append functions encode one protocol element each. They are pure, so
// they can be tested alone and used to pre-encode constant replies.

// AppendSimple appends a simple string: +s\r\n.
func AppendSimple(b []byte, s string) []byte {
	b = append(b, '+')
	b = appendLine(b, s)
	return append(b, '\r', '\n')
}

// AppendError appends an error reply. msg is the whole text, starting with
// its code (for example "ERR syntax error" or "WRONGTYPE ..."). As Valkey
// does, line breaks at either end are dropped and those inside become spaces.
func AppendError(b []byte, msg string) []byte {
	msg = strings.Trim(msg, "\r\n")
	b = append(b, '-')
	b = appendLine(b, msg)
	return append(b, '\r', '\n')
}

// appendLine appends s with CR and LF turned into spaces, since a simple
// string or error may not contain them.
func appendLine(b []byte, s string) []byte {
	if strings.IndexByte(s, '\r') < 0 && strings.IndexByte(s, '\n') < 0 {
		return append(b, s...)
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\r' || c == '\n' {
			c = ' '
		}
		b = append(b, c)
	}
	return b
}

// AppendInt appends an integer reply: :n\r\n.
func AppendInt(b []byte, n int64) []byte {
	return appendPrefixed(b, ':', n)
}

func appendPrefixed(b []byte, prefix byte, n int64) []byte {
	b = append(b, prefix)
	b = strconv.AppendInt(b, n, 10)
	return append(b, '\r', '\n')
}

// AppendBulk appends a bulk string: $len\r\nx\r\n.
func AppendBulk(b []byte, x []byte) []byte {
	b = appendPrefixed(b, '$', int64(len(x)))
	b = append(b, x...)
	return append(b, '\r', '\n')
}

// AppendBulkString is AppendBulk for a string.
func AppendBulkString(b []byte, x string) []byte {
	b = appendPrefixed(b, '$', int64(len(x)))
	b = append(b, x...)
	return append(b, '\r', '\n')
}

// AppendBulkInt appends n formatted in decimal as a bulk string.
func AppendBulkInt(b []byte, n int64) []byte {
	var tmp [20]byte
	return AppendBulk(b, strconv.AppendInt(tmp[:0], n, 10))
}

// AppendArrayHeader appends *n\r\n.
func AppendArrayHeader(b []byte, n int) []byte { return appendPrefixed(b, '*', int64(n)) }

// FormatDouble appends f the way Valkey prints doubles in replies: inf,
// -inf, nan and -0 by name; an integral value within ±2^62 as an integer;
// anything else as the shortest digits that read back as f, laid out by
// their decimal exponent (3.1, 0.0001, 1e-7, 1.5e+300, 12345678901234567000).
//
// Valkey computes the digits with Grisu2, which in rare cases picks a longer
// or different digit string than the shortest one used here; both read back
// as f.
func FormatDouble(b []byte, f float64) []byte {
	switch {
	case math.IsNaN(f):
		return append(b, "nan"...)
	case math.IsInf(f, 1):
		return append(b, "inf"...)
	case math.IsInf(f, -1):
		return append(b, "-inf"...)
	case f == 0:
		if math.Signbit(f) {
			return append(b, "-0"...)
		}
		return append(b, '0')
	case f >= -(1<<62) && f <= 1<<62 && f == math.Trunc(f):
		return strconv.AppendInt(b, int64(f), 10)
	}
	if f < 0 {
		b = append(b, '-')
		f = -f
	}
	// d.ddde±x, at most 17 digits; then squeeze the '.' out of the digits.
	var tmp [32]byte
	s := strconv.AppendFloat(tmp[:0], f, 'e', -1, 64)
	e := bytes.IndexByte(s, 'e')
	exp := 0
	for _, c := range s[e+2:] {
		exp = exp*10 + int(c-'0')
	}
	if s[e+1] == '-' {
		exp = -exp
	}
	digits := s[:1]
	if e > 1 {
		digits = s[:copy(s[1:], s[2:e])+1]
	}
	n := len(digits)
	k := exp - (n - 1) // f is digits × 10^k
	absExp := max(exp, -exp)
	switch {
	case k >= 0 && absExp < n+7:
		b = append(b, digits...)
		for range k {
			b = append(b, '0')
		}
	case k < 0 && (k > -7 || absExp < 4):
		if point := n + k; point > 0 {
			b = append(b, digits[:point]...)
			b = append(b, '.')
			b = append(b, digits[point:]...)
		} else {
			b = append(b, '0', '.')
			for range -point {
				b = append(b, '0')
			}
			b = append(b, digits...)
		}
	default:
		b = append(b, digits[0])
		if n > 1 {
			b = append(b, '.')
			b = append(b, digits[1:]...)
		}
		b = append(b, 'e')
		if exp < 0 {
			b = append(b, '-')
		} else {
			b = append(b, '+')
		}
		b = strconv.AppendInt(b, int64(absExp), 10)
	}
	return b
}

// Writer buffers replies for one connection. It keeps the first write error
// and discards every reply after it, so handlers never check errors.
type Writer struct {
	w    io.Writer
	buf  []byte
	err  error
	resp int // protocol version: 2 or 3
	// written counts bytes handed to the connection, for INFO.
	written int64
}

// NewWriter returns a RESP2 writer over w.
func NewWriter(w io.Writer) *Writer {
	return &Writer{w: w, resp: 2, buf: make([]byte, 0, 4096)}
}

// SetProtocol switches between RESP2 and RESP3 (HELLO).
func (w *Writer) SetProtocol(v int) { w.resp = v }

// Protocol returns 2 or 3.
func (w *Writer) Protocol() int { return w.resp }

// Buffered is the number of reply bytes waiting for Flush.
func (w *Writer) Buffered() int { return len(w.buf) }

// Written is the number of bytes flushed so far.
func (w *Writer) Written() int64 { return w.written }

// Err returns the first write error.
func (w *Writer) Err() error { return w.err }

// Bytes exposes the pending replies, for callers that inspect or capture
// them (MULTI, scripting). Valid until the next write.
func (w *Writer) Bytes() []byte { return w.buf }

// Truncate drops pending replies after the first n bytes.
func (w *Writer) Truncate(n int) { w.buf = w.buf[:n] }

// Raw appends already-encoded protocol bytes.
func (w *Writer) Raw(p []byte) { w.buf = append(w.buf, p...) }

// Flush writes the pending replies to the connection. A buffer grown past
// shrinkAbove by one large reply is released afterwards. After a failed
// write every Flush discards the pending replies and returns the first error.
func (w *Writer) Flush() error {
	if w.err == nil && len(w.buf) > 0 {
		n, err := w.w.Write(w.buf)
		w.written += int64(n)
		if err == nil && n < len(w.buf) {
			err = io.ErrShortWrite
		}
		w.err = err
	}
	if cap(w.buf) > shrinkAbove {
		w.buf = make([]byte, 0, 4096)
	} else {
		w.buf = w.buf[:0]
	}
	return w.err
}

// Simple writes +s.
func (w *Writer) Simple(s string) { w.buf = AppendSimple(w.buf, s) }

// OK writes +OK.
func (w *Writer) OK() { w.buf = append(w.buf, "+OK\r\n"...) }

// Error writes an error reply; msg starts with the error code.
func (w *Writer) Error(msg string) { w.buf = AppendError(w.buf, msg) }

// Int writes an integer.
func (w *Writer) Int(n int64) { w.buf = AppendInt(w.buf, n) }

// Bulk writes a bulk string.
func (w *Writer) Bulk(b []byte) { w.buf = AppendBulk(w.buf, b) }

// BulkString writes a bulk string.
func (w *Writer) BulkString(s string) { w.buf = AppendBulkString(w.buf, s) }

// BulkInt writes n as a bulk string.
func (w *Writer) BulkInt(n int64) { w.buf = AppendBulkInt(w.buf, n) }

// Null writes the null bulk string ($-1 in RESP2, _ in RESP3).
func (w *Writer) Null() {
	if w.resp == 3 {
		w.buf = append(w.buf, "_\r\n"...)
	} else {
		w.buf = append(w.buf, "$-1\r\n"...)
	}
}

// NullArray writes the null array (*-1 in RESP2, _ in RESP3).
func (w *Writer) NullArray() {
	if w.resp == 3 {
		w.buf = append(w.buf, "_\r\n"...)
	} else {
		w.buf = append(w.buf, "*-1\r\n"...)
	}
}

// Array writes an array header for n elements.
func (w *Writer) Array(n int) { w.buf = AppendArrayHeader(w.buf, n) }

// Map writes a map header for n key/value pairs; RESP2 sees a flat array.
func (w *Writer) Map(n int) {
	if w.resp == 3 {
		w.buf = appendPrefixed(w.buf, '%', int64(n))
	} else {
		w.buf = AppendArrayHeader(w.buf, 2*n)
	}
}

// Set writes a set header; RESP2 sees an array.
func (w *Writer) Set(n int) {
	if w.resp == 3 {
		w.buf = appendPrefixed(w.buf, '~', int64(n))
	} else {
		w.buf = AppendArrayHeader(w.buf, n)
	}
}

// Push writes a push header (out-of-band data); RESP2 sees an array.
func (w *Writer) Push(n int) {
	if w.resp == 3 {
		w.buf = appendPrefixed(w.buf, '>', int64(n))
	} else {
		w.buf = AppendArrayHeader(w.buf, n)
	}
}

// Double writes a double; RESP2 sees it as a bulk string.
func (w *Writer) Double(f float64) {
	if w.resp == 3 {
		w.buf = append(w.buf, ',')
		w.buf = FormatDouble(w.buf, f)
		w.buf = append(w.buf, '\r', '\n')
		return
	}
	var tmp [32]byte
	w.buf = AppendBulk(w.buf, FormatDouble(tmp[:0], f))
}

// Bool writes a boolean; RESP2 sees the integers 1 and 0.
func (w *Writer) Bool(v bool) {
	switch {
	case w.resp == 3 && v:
		w.buf = append(w.buf, "#t\r\n"...)
	case w.resp == 3:
		w.buf = append(w.buf, "#f\r\n"...)
	case v:
		w.buf = append(w.buf, ":1\r\n"...)
	default:
		w.buf = append(w.buf, ":0\r\n"...)
	}
}

// BigNumber writes a big number given as decimal text; RESP2 sees a bulk.
func (w *Writer) BigNumber(s string) {
	if w.resp == 3 {
		w.buf = append(w.buf, '(')
		w.buf = append(w.buf, s...)
		w.buf = append(w.buf, '\r', '\n')
		return
	}
	w.BulkString(s)
}

// Verbatim writes verbatim text with a three-letter format ("txt", "mkd");
// RESP2 sees a bulk string of the text alone. Like Valkey, a longer format
// is cut to three bytes and a shorter one padded with spaces.
func (w *Writer) Verbatim(format, s string) {
	if w.resp == 3 {
		w.buf = appendPrefixed(w.buf, '=', int64(len(s)+4))
		for i := range 3 {
			c := byte(' ')
			if i < len(format) {
				c = format[i]
			}
			w.buf = append(w.buf, c)
		}
		w.buf = append(w.buf, ':')
		w.buf = append(w.buf, s...)
		w.buf = append(w.buf, '\r', '\n')
		return
	}
	w.BulkString(s)
}
