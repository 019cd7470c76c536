package types

import (
	"strconv"

	"github.com/trove-db/trove/internal/num"
)

// embstrMax is the longest string Valkey keeps in its embedded encoding,
// which OBJECT ENCODING reports as embstr rather than raw.
const embstrMax = 44

// String is a string value. Its bytes are owned by the value: callers pass
// in a copy they no longer touch, and must copy what they keep from Bytes.
type String struct {
	b []byte
	// raw marks a value edited in place (APPEND, SETRANGE, SETBIT), which
	// Valkey reports as raw whatever its content.
	raw bool
}

// NewString returns a string value owning b.
func NewString(b []byte) *String { return &String{b: b} }

// NewStringInt returns a string value holding n in decimal.
func NewStringInt(n int64) *String { return &String{b: strconv.AppendInt(nil, n, 10)} }

// Kind reports KindString.
func (s *String) Kind() Kind { return KindString }

// Bytes returns the content; it aliases the value.
func (s *String) Bytes() []byte { return s.b }

// Len is the length in bytes.
func (s *String) Len() int { return len(s.b) }

// Encoding is int for canonical integers, embstr for short strings and raw
// for long or edited ones, as Valkey reports them.
func (s *String) Encoding() string {
	if !s.raw {
		if _, ok := num.ParseInt(s.b); ok && len(s.b) <= 20 {
			return "int"
		}
		if len(s.b) <= embstrMax {
			return "embstr"
		}
	}
	return "raw"
}

// Int returns the value as an integer if it is one.
func (s *String) Int() (int64, bool) { return num.ParseInt(s.b) }

// Set replaces the content (the value takes ownership of b).
func (s *String) Set(b []byte) { s.b, s.raw = b, false }

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
	s.raw = true
	return s.b
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
