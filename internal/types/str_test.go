package types

import (
	"bytes"
	"strings"
	"testing"
)

// The encodings below are what Valkey's OBJECT ENCODING reports for a value
// made the same way (checked against the reference server).
func TestStringEncoding(t *testing.T) {
	tests := []struct {
		name string
		make func() *String
		want string
	}{
		{"SET canonical int", func() *String { return NewString([]byte("12345")) }, "int"},
		{"SET negative int", func() *String { return NewString([]byte("-9223372036854775808")) }, "int"},
		{"SET zero", func() *String { return NewString([]byte("0")) }, "int"},
		{"SET int overflow", func() *String { return NewString([]byte("9223372036854775808")) }, "embstr"},
		{"SET leading zero", func() *String { return NewString([]byte("012")) }, "embstr"},
		{"SET minus zero", func() *String { return NewString([]byte("-0")) }, "embstr"},
		{"SET plus sign", func() *String { return NewString([]byte("+1")) }, "embstr"},
		{"SET space", func() *String { return NewString([]byte(" 1")) }, "embstr"},
		{"SET empty", func() *String { return NewString(nil) }, "embstr"},
		{"SET 44 bytes", func() *String { return NewString(bytes.Repeat([]byte("a"), 44)) }, "embstr"},
		{"SET 45 bytes", func() *String { return NewString(bytes.Repeat([]byte("a"), 45)) }, "raw"},
		{"INCR result", func() *String { return NewStringInt(-42) }, "int"},
		{"INCRBYFLOAT integral result", func() *String { return NewStringPlain([]byte("3")) }, "embstr"},
		{"INCRBYFLOAT long result", func() *String { return NewStringPlain([]byte(strings.Repeat("9", 60))) }, "raw"},
		{"SETRANGE new key", func() *String { return NewStringRaw([]byte("abc")) }, "raw"},
		{"APPEND to int", func() *String { s := NewString([]byte("1")); s.Append([]byte("2")); return s }, "raw"},
		{"APPEND nothing", func() *String { s := NewString([]byte("1")); s.Append(nil); return s }, "raw"},
		{"SETBIT grows", func() *String { s := NewString([]byte("ab")); s.Grow(10); return s }, "raw"},
		{"SETBIT in place", func() *String { s := NewString([]byte("ab")); s.Grow(1); return s }, "raw"},
		{"MakeRaw", func() *String { s := NewString([]byte("7")); s.MakeRaw(); return s }, "raw"},
		{"INCR after APPEND", func() *String { s := NewString([]byte("1")); s.Append([]byte("0")); s.SetInt(11); return s }, "int"},
		{"SetPlain after INCR", func() *String { s := NewStringInt(1); s.SetPlain([]byte("1.5")); return s }, "embstr"},
		{"Set like SET", func() *String { s := NewStringRaw([]byte("x")); s.Set([]byte("10")); return s }, "int"},
		{"Set long", func() *String { s := NewStringInt(1); s.Set(bytes.Repeat([]byte("z"), 100)); return s }, "raw"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.make().Encoding(); got != tt.want {
				t.Errorf("Encoding() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestStringEdits(t *testing.T) {
	s := NewString([]byte("hello"))
	if n := s.Append([]byte(" world")); n != 11 || string(s.Bytes()) != "hello world" {
		t.Fatalf("Append: %d %q", n, s.Bytes())
	}
	b := s.Grow(14)
	if len(b) != 14 || !bytes.Equal(b[11:], []byte{0, 0, 0}) {
		t.Fatalf("Grow: %q", b)
	}
	if b := s.Grow(3); len(b) != 14 {
		t.Fatalf("Grow must not shrink: %d", len(b))
	}
	// Edit may shrink; growing again must zero what was cut.
	s.Edit(2)
	if got := s.Edit(5); !bytes.Equal(got, []byte("he\x00\x00\x00")) {
		t.Fatalf("Edit regrow: %q", got)
	}
	s.SetInt(-1234567890123)
	if n, ok := s.Int(); !ok || n != -1234567890123 || !s.IsInt() {
		t.Fatalf("SetInt: %q %v", s.Bytes(), ok)
	}
	s.SetPlain([]byte("2.5"))
	if _, ok := s.Int(); ok || string(s.Bytes()) != "2.5" || s.IsInt() {
		t.Fatalf("SetPlain: %q", s.Bytes())
	}
	if s.Kind() != KindString || s.Len() != 3 {
		t.Fatalf("Kind/Len: %v %d", s.Kind(), s.Len())
	}
	c := s.Copy().(*String)
	c.Bytes()[0] = '9'
	if string(s.Bytes()) != "2.5" || c.Encoding() != s.Encoding() {
		t.Fatalf("Copy shares memory or loses the encoding: %q %q", s.Bytes(), c.Bytes())
	}
}
