package types

import (
	"strconv"

	"github.com/trove-db/trove/internal/num"
)

// embstrMax is the longest string Valkey keeps in its embedded encoding,
// which OBJECT ENCODING reports as embstr rather than raw.
const embstrMax = 44

// strEnc is the encoding Valkey would have chosen for a string. It depends
// on how the value was made, not only on its bytes: "3" written by SET is
// int, the same "3" produced by INCRBYFLOAT is embstr, and anything edited
// in place (APPEND, SETRANGE, SETBIT, BITFIELD) is raw.
type strEnc uint8

const (
	encBySize strEnc = iota // embstr up to embstrMax bytes, raw beyond
	encInt
	encRaw
)

// String is a string value. Its bytes are owned by the value: callers pass
// in a copy they no longer touch, and must copy what they keep from Bytes.
type String struct {
	b   []byte
	enc strEnc
}

// NewString returns a string value owning b, encoded the way Valkey encodes
// a value that arrives as an argument (SET, MSET, GETSET, APPEND to a new
// key...): int when b is a canonical 64-bit integer, otherwise embstr or
// raw by length.
func NewString(b []byte) *String {
	s := &String{b: b}
	s.enc = encodingOf(b)
	return s
}

// NewStringInt returns a string value holding n in decimal, int encoded
// (INCR and friends).
func NewStringInt(n int64) *String {
	return &String{b: strconv.AppendInt(make([]byte, 0, 20), n, 10), enc: encInt}
}

// NewStringPlain returns a string value owning b that is never int
// encoded: embstr or raw by length. Valkey builds INCRBYFLOAT results this
// way, so "3" from INCRBYFLOAT reports embstr.
func NewStringPlain(b []byte) *String { return &String{b: b, enc: encBySize} }

// NewStringRaw returns a string value owning b that reports raw whatever
// its length, as the values SETRANGE, SETBIT, BITFIELD and BITOP create.
func NewStringRaw(b []byte) *String { return &String{b: b, enc: encRaw} }

// encodingOf is the choice Valkey's tryObjectEncoding makes for an argument.
func encodingOf(b []byte) strEnc {
	if len(b) <= 20 {
		if _, ok := num.ParseInt(b); ok {
			return encInt
		}
	}
	return encBySize
}

// Kind reports KindString.
func (s *String) Kind() Kind { return KindString }

// Bytes returns the content; it aliases the value.
func (s *String) Bytes() []byte { return s.b }

// Len is the length in bytes.
func (s *String) Len() int { return len(s.b) }

// Encoding is int, embstr or raw, as Valkey would report the value given
// how it was made.
func (s *String) Encoding() string {
	switch s.enc {
	case encInt:
		return "int"
	case encRaw:
		return "raw"
	}
	if len(s.b) <= embstrMax {
		return "embstr"
	}
	return "raw"
}

// IsInt reports whether the value is int encoded.
func (s *String) IsInt() bool { return s.enc == encInt }

// Int returns the value as an integer if it is one.
func (s *String) Int() (int64, bool) { return num.ParseInt(s.b) }

// Set replaces the content (the value takes ownership of b) and encodes it
// as NewString does.
func (s *String) Set(b []byte) { s.b, s.enc = b, encodingOf(b) }

// SetCopy replaces the content with a copy of p, encoded as NewString
// encodes, reusing the buffer unless it is too small or much too large.
func (s *String) SetCopy(p []byte) {
	if cap(s.b) < len(p) || cap(s.b) > 2*len(p)+64 {
		s.b = make([]byte, len(p))
	}
	s.b = s.b[:len(p)]
	copy(s.b, p)
	s.enc = encodingOf(s.b)
}

// SetInt replaces the content with n in decimal, int encoded, reusing the
// buffer when it is large enough.
func (s *String) SetInt(n int64) {
	if cap(s.b) < 20 {
		s.b = make([]byte, 0, 20)
	}
	s.b = strconv.AppendInt(s.b[:0], n, 10)
	s.enc = encInt
}

// SetPlain replaces the content with a copy of p, encoded as
// NewStringPlain does, reusing the buffer when it is large enough.
func (s *String) SetPlain(p []byte) {
	if cap(s.b) < len(p) {
		s.b = make([]byte, len(p))
	}
	s.b = s.b[:len(p)]
	copy(s.b, p)
	s.enc = encBySize
}

// MakeRaw marks the value raw without changing it: Valkey converts a value
// to raw before editing it even when the edit turns out to change nothing
// (SETBIT of a bit to its current value, APPEND of nothing).
func (s *String) MakeRaw() { s.enc = encRaw }

// Edit gives write access to the content after resizing it to n bytes,
// zero-filling any growth, and marks the value raw.
func (s *String) Edit(n int) []byte {
	if n > len(s.b) {
		if n <= cap(s.b) {
			tail := s.b[len(s.b):n]
			clear(tail)
			s.b = s.b[:n]
		} else {
			grown := make([]byte, n, growString(len(s.b), n))
			copy(grown, s.b)
			s.b = grown
		}
	} else {
		s.b = s.b[:n]
	}
	s.enc = encRaw
	return s.b
}

// Grow extends the content with zero bytes to at least n bytes, marks the
// value raw and returns the content (SETBIT and BITFIELD address bits past
// the end this way). Unlike Edit it never shortens the value.
func (s *String) Grow(n int) []byte {
	if n < len(s.b) {
		n = len(s.b)
	}
	return s.Edit(n)
}

// Append adds p at the end and returns the new length.
func (s *String) Append(p []byte) int {
	old := len(s.b)
	copy(s.Edit(old + len(p))[old:], p)
	return len(s.b)
}

// growString leaves room for more appends, as repeated APPEND is common.
func growString(old, need int) int {
	if need < 1024*1024 {
		return max(need*2, old)
	}
	return need + 1024*1024
}
