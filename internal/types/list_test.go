package types

import (
	"bytes"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// The listpack entry sizes (encoding plus back-length) Valkey uses, which
// decide where a list stops being a listpack.
func TestListpackEntrySize(t *testing.T) {
	tests := []struct {
		v    string
		want int
	}{
		{"0", 2}, {"127", 2}, {"128", 3}, {"-1", 3}, {"-4096", 3}, {"4095", 3},
		{"4096", 4}, {"-32768", 4}, {"32768", 5}, {"8388607", 5}, {"8388608", 6},
		{"-2147483648", 6}, {"2147483648", 10}, {"-9223372036854775808", 10},
		{"9223372036854775808", 21}, // not an int64: a 20-byte string
		{"", 2}, {"a", 3}, {"007", 5}, {"+1", 4}, {"-0", 4},
		{strings.Repeat("x", 63), 65}, {strings.Repeat("x", 64), 67},
		{strings.Repeat("x", 125), 128}, {strings.Repeat("x", 126), 130},
		{strings.Repeat("x", 4095), 4099}, {strings.Repeat("x", 4096), 4103},
	}
	for _, tt := range tests {
		t.Run(strconv.Quote(tt.v[:min(len(tt.v), 12)])+"/"+strconv.Itoa(len(tt.v)), func(t *testing.T) {
			if got := lpEntrySize([]byte(tt.v)); got != tt.want {
				t.Errorf("lpEntrySize = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestListLimits(t *testing.T) {
	tests := []struct {
		fill    int64
		sz, n   int64
		exceeds bool
	}{
		{fill: 4, sz: 100, n: 4, exceeds: false},
		{fill: 4, sz: 100, n: 5, exceeds: true},
		{fill: 4, sz: 8193, n: 1, exceeds: true},
		{fill: 0, sz: 10, n: 1, exceeds: false},
		{fill: 0, sz: 10, n: 2, exceeds: true},
		{fill: -1, sz: 4096, n: 1000, exceeds: false},
		{fill: -1, sz: 4097, n: 1, exceeds: true},
		{fill: -2, sz: 8192, exceeds: false},
		{fill: -2, sz: 8193, exceeds: true},
		{fill: -5, sz: 65536, exceeds: false},
		{fill: -9, sz: 65537, exceeds: true},
	}
	for _, tt := range tests {
		t.Run(strconv.FormatInt(tt.fill, 10)+"/"+strconv.FormatInt(tt.sz, 10)+"/"+strconv.FormatInt(tt.n, 10), func(t *testing.T) {
			if got := exceeds(tt.fill, tt.sz, tt.n); got != tt.exceeds {
				t.Errorf("exceeds = %v, want %v", got, tt.exceeds)
			}
		})
	}
}

func TestListEncodingTransitions(t *testing.T) {
	l := NewList()
	for i := range 4 {
		l.WillGrow(4, 1, 1)
		l.PushRight([]byte(strconv.Itoa(i)))
	}
	if l.Encoding() != "listpack" {
		t.Fatalf("4 entries with fill 4: %s", l.Encoding())
	}
	l.WillGrow(4, 1, 1)
	l.PushRight([]byte("x"))
	if l.Encoding() != "quicklist" {
		t.Fatalf("5 entries with fill 4: %s", l.Encoding())
	}
	l.PopLeft()
	l.PopLeft()
	l.Shrunk(4)
	if l.Encoding() != "quicklist" {
		t.Fatalf("3 entries: %s, want quicklist (above half the limit)", l.Encoding())
	}
	l.PopLeft()
	l.Shrunk(4)
	if l.Encoding() != "listpack" {
		t.Fatalf("2 entries: %s, want listpack", l.Encoding())
	}
	if c := l.Copy(); c.Encoding() != "listpack" || c.Kind() != KindList {
		t.Errorf("copy: %s %v", c.Encoding(), c.Kind())
	}
}

// TestListModel checks the deque against a plain slice under random
// operations, and the tracked listpack size against a recount.
func TestListModel(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	l := NewList()
	var model [][]byte
	vals := []string{"a", "b", "1", "300", "", strings.Repeat("z", 100)}
	for step := range 20000 {
		v := []byte(vals[r.IntN(len(vals))])
		switch op := r.IntN(8); {
		case op == 0:
			l.PushLeft(v)
			model = append([][]byte{v}, model...)
		case op == 1:
			l.PushRight(v)
			model = append(model, v)
		case op == 2 && len(model) > 0:
			if got := l.PopLeft(); !bytes.Equal(got, model[0]) {
				t.Fatalf("step %d: PopLeft %q, want %q", step, got, model[0])
			}
			model = model[1:]
		case op == 3 && len(model) > 0:
			if got := l.PopRight(); !bytes.Equal(got, model[len(model)-1]) {
				t.Fatalf("step %d: PopRight %q, want %q", step, got, model[len(model)-1])
			}
			model = model[:len(model)-1]
		case op == 4:
			i := r.IntN(len(model) + 1)
			l.Insert(i, v)
			model = append(model[:i], append([][]byte{v}, model[i:]...)...)
		case op == 5 && len(model) > 0:
			i := r.IntN(len(model))
			l.Set(i, v)
			model[i] = v
		case op == 6 && r.IntN(10) == 0:
			count := int64(r.IntN(5) - 2)
			var want [][]byte
			removed := int64(0)
			limit := count
			if limit < 0 {
				limit = -limit
			}
			if count >= 0 {
				for _, e := range model {
					if bytes.Equal(e, v) && (limit == 0 || removed < limit) {
						removed++
						continue
					}
					want = append(want, e)
				}
			} else {
				for i := len(model) - 1; i >= 0; i-- {
					if bytes.Equal(model[i], v) && removed < limit {
						removed++
						continue
					}
					want = append([][]byte{model[i]}, want...)
				}
			}
			if got := l.Remove(count, v); got != removed {
				t.Fatalf("step %d: Remove = %d, want %d", step, got, removed)
			}
			model = want
		case op == 7 && r.IntN(20) == 0 && len(model) > 0:
			a, b := r.IntN(len(model)), r.IntN(len(model))
			if a > b {
				a, b = b, a
			}
			keep := r.IntN(5) != 0
			l.Trim(a, b, keep)
			if keep {
				model = append([][]byte(nil), model[a:b+1]...)
			} else {
				model = nil
			}
		}
		if l.Len() != len(model) {
			t.Fatalf("step %d: Len %d, want %d", step, l.Len(), len(model))
		}
		if step%97 == 0 {
			size := lpEmptyBytes
			for i, e := range model {
				if !bytes.Equal(l.At(i), e) {
					t.Fatalf("step %d: At(%d) = %q, want %q", step, i, l.At(i), e)
				}
				size += lpEntrySize(e)
			}
			if l.lpBytes != size {
				t.Fatalf("step %d: lpBytes %d, want %d", step, l.lpBytes, size)
			}
			want := -1
			for i, e := range model {
				if bytes.Equal(e, v) {
					want = i
					break
				}
			}
			if got := l.Index(v); got != want {
				t.Fatalf("step %d: Index(%q) = %d, want %d", step, v, got, want)
			}
		}
	}
	c := l.Copy().(*List)
	for i := range model {
		if !bytes.Equal(c.At(i), model[i]) {
			t.Fatalf("copy differs at %d", i)
		}
	}
	if l.MemoryUsage(0) <= 0 || l.MemoryUsage(5) <= 0 {
		t.Error("MemoryUsage not positive")
	}
}
