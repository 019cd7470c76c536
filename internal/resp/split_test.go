package resp

import (
	"bytes"
	"reflect"
	"testing"
	"unsafe"
)

func TestSplitArgs(t *testing.T) {
	tests := []struct {
		name string
		line string
		want []string // nil with ok false means unbalanced quotes
		ok   bool
	}{
		{"empty", "", []string{}, true},
		{"blanks only", " \t\r\n\v\f ", []string{}, true},
		{"words", "SET key value", []string{"SET", "key", "value"}, true},
		{"multiple spaces", "  SET   key  value   ", []string{"SET", "key", "value"}, true},
		{"tabs", "\tSET\t\tkey\tvalue", []string{"SET", "key", "value"}, true},
		{"CR and LF separate", "a\rb\nc", []string{"a", "b", "c"}, true},
		{"vertical tab and form feed stay in a word", "a\vb c\fd", []string{"a\vb", "c\fd"}, true},
		{"vertical tab between words", "\va\v \fb", []string{"a\v", "b"}, true},
		{"double quotes", `"my key" "a b"`, []string{"my key", "a b"}, true},
		{"escapes", `"\n\r\t\b\a"`, []string{"\n\r\t\b\a"}, true},
		{"hex escapes", `"\x41\x4a\x00\xff"`, []string{"AJ\x00\xff"}, true},
		{"hex escape needs two digits", `"\x4g" "\x4"`, []string{"x4g", "x4"}, true},
		{"escaped quote and backslash", `"a\"b\\c"`, []string{`a"b\c`}, true},
		{"other escapes are the character", `"\q\'\ "`, []string{`q' `}, true},
		{"single quotes", `'my key' 'a"b'`, []string{"my key", `a"b`}, true},
		{"escaped single quote", `'it\'s'`, []string{"it's"}, true},
		{"backslash literal in single quotes", `'a\nb\\c'`, []string{`a\nb\\c`}, true},
		{"empty quoted words", `"" ''`, []string{"", ""}, true},
		{"quote opens mid-word", `ab"c d"`, []string{"abc d"}, true},
		{"single quote opens mid-word", `ab'c d'`, []string{"abc d"}, true},
		{"closing quote then blank", "\"a\"\vb", []string{"a", "b"}, true},
		{"closing quote then tab", "'a'\tb", []string{"a", "b"}, true},
		{"NUL ends the line", "a b\x00c d", []string{"a", "b"}, true},
		{"NUL in a word", "ab\x00", []string{"ab"}, true},
		{"unterminated double quote", `"abc`, nil, false},
		{"unterminated single quote", `'abc`, nil, false},
		{"escaped closing quote", `"abc\"`, nil, false},
		{"trailing backslash in quotes", `"abc\`, nil, false},
		{"escaped quote before end in single quotes", `'a\\'`, nil, false},
		{"closing quote then letter", `"a"b`, nil, false},
		{"closing single quote then letter", `'a'b`, nil, false},
		{"closing quote then quote", `"a""b"`, nil, false},
		{"NUL inside quotes", "\"a\x00\"", nil, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			line := []byte(tc.line)
			words, ok := SplitArgs(line, nil)
			if ok != tc.ok {
				t.Fatalf("ok = %v, want %v (words %q)", ok, tc.ok, words)
			}
			if !ok {
				return
			}
			got := []string{}
			for _, w := range words {
				got = append(got, string(w))
				if !within(line, w) || cap(w) != len(w) {
					t.Errorf("word %q does not alias the line tightly", w)
				}
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestSplitArgsAppends(t *testing.T) {
	prev := [][]byte{[]byte("x")}
	words, ok := SplitArgs([]byte("a b"), prev)
	if !ok || len(words) != 3 || string(words[0]) != "x" || string(words[2]) != "b" {
		t.Fatalf("got %q, %v", words, ok)
	}
}

// within reports whether w lies inside buf's memory.
func within(buf, w []byte) bool {
	if len(buf) == 0 {
		return len(w) == 0
	}
	lo := uintptr(unsafe.Pointer(unsafe.SliceData(buf)))
	p := uintptr(unsafe.Pointer(unsafe.SliceData(w)))
	return p >= lo && p+uintptr(len(w)) <= lo+uintptr(len(buf))
}

// modelSplit splits the way the C original walks a NUL-terminated string,
// building each word in a new buffer.
func modelSplit(line []byte) ([]string, bool) {
	at := func(i int) byte { // the C string, NUL past the end
		if i < len(line) {
			return line[i]
		}
		return 0
	}
	space := func(c byte) bool { return c == ' ' || c >= '\t' && c <= '\r' }
	hex := func(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }
	words := []string{}
	p := 0
	for {
		for at(p) != 0 && space(at(p)) {
			p++
		}
		if at(p) == 0 {
			return words, true
		}
		var cur []byte
		inq, insq := false, false
		for done := false; !done; {
			c := at(p)
			switch {
			case inq:
				switch {
				case c == '\\' && at(p+1) == 'x' && hex(at(p+2)) && hex(at(p+3)):
					v, _ := parseHexByte(at(p+2), at(p+3))
					cur = append(cur, v)
					p += 3
				case c == '\\' && at(p+1) != 0:
					p++
					e := at(p)
					switch e {
					case 'n':
						e = '\n'
					case 'r':
						e = '\r'
					case 't':
						e = '\t'
					case 'b':
						e = '\b'
					case 'a':
						e = '\a'
					}
					cur = append(cur, e)
				case c == '"':
					if at(p+1) != 0 && !space(at(p+1)) {
						return nil, false
					}
					done = true
				case c == 0:
					return nil, false
				default:
					cur = append(cur, c)
				}
			case insq:
				switch {
				case c == '\\' && at(p+1) == '\'':
					p++
					cur = append(cur, '\'')
				case c == '\'':
					if at(p+1) != 0 && !space(at(p+1)) {
						return nil, false
					}
					done = true
				case c == 0:
					return nil, false
				default:
					cur = append(cur, c)
				}
			default:
				switch c {
				case ' ', '\n', '\r', '\t', 0:
					done = true
				case '"':
					inq = true
				case '\'':
					insq = true
				default:
					cur = append(cur, c)
				}
			}
			if at(p) != 0 {
				p++
			}
		}
		words = append(words, string(cur))
	}
}

func parseHexByte(hi, lo byte) (byte, bool) {
	v := func(c byte) byte {
		switch {
		case c >= 'a':
			return c - 'a' + 10
		case c >= 'A':
			return c - 'A' + 10
		}
		return c - '0'
	}
	return v(hi)<<4 | v(lo), true
}

func FuzzSplitArgs(f *testing.F) {
	for _, s := range []string{
		"SET key value", `"a b" 'c d'`, `"\x41\n\"" 'it\'s'`, `"unbalanced`, `"a"b`,
		"a\vb \fc", "a\x00b", `'a\\'`, `ab"c d"`, "\t \r\n", `"\x4g"`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		want, wantOK := modelSplit(line)
		// Guard bytes around the line catch writes outside it.
		const guard = "\xa5\xa5\xa5\xa5"
		buf := append(append([]byte(guard), line...), guard...)
		in := buf[len(guard) : len(guard)+len(line) : len(guard)+len(line)]
		words, ok := SplitArgs(in, nil)
		if !bytes.HasPrefix(buf, []byte(guard)) || !bytes.HasSuffix(buf, []byte(guard)) {
			t.Fatalf("SplitArgs(%q) wrote outside the line", line)
		}
		if ok != wantOK {
			t.Fatalf("SplitArgs(%q): ok = %v, model says %v", line, ok, wantOK)
		}
		if !ok {
			return
		}
		got := []string{}
		for _, w := range words {
			if !within(in, w) || cap(w) != len(w) {
				t.Fatalf("SplitArgs(%q): word %q aliases outside the line", line, w)
			}
			got = append(got, string(w))
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("SplitArgs(%q) = %q, model says %q", line, got, want)
		}
	})
}

func BenchmarkSplitArgs(b *testing.B) {
	line := []byte(`SET "key:000123" 'a value' plain\x41`)
	work := make([]byte, len(line))
	var args [][]byte
	b.ReportAllocs()
	for b.Loop() {
		copy(work, line)
		args, _ = SplitArgs(work, args[:0])
	}
}
