package types

import (
	"bytes"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// TestHashModel drives a Hash with random operations and checks it
// against a Go map after each one, for several thresholds.
func TestHashModel(t *testing.T) {
	for _, lim := range []Limits{{Entries: 0, Value: 64}, {Entries: 4, Value: 6}, {Entries: 128, Value: 64}} {
		t.Run(strconv.FormatInt(lim.Entries, 10)+"/"+strconv.FormatInt(lim.Value, 10), func(t *testing.T) {
			r := rand.New(rand.NewPCG(1, uint64(lim.Entries)))
			h := NewHash()
			model := map[string]string{}
			converted := false
			for i := range 5000 {
				f := "f" + strconv.Itoa(r.IntN(20))
				switch r.IntN(3) {
				case 0, 1:
					v := strings.Repeat("v", r.IntN(9))
					_, had := model[f]
					if added := h.Set([]byte(f), []byte(v), lim); added == had {
						t.Fatalf("op %d: Set(%s) added=%v, model had=%v", i, f, added, had)
					}
					model[f] = v
					if int64(len(f)) > lim.Value || int64(len(v)) > lim.Value || int64(len(model)) > lim.Entries {
						converted = true
					}
				case 2:
					_, had := model[f]
					if got := h.Delete([]byte(f)); got != had {
						t.Fatalf("op %d: Delete(%s)=%v, model had=%v", i, f, got, had)
					}
					delete(model, f)
				}
				wantEnc := "listpack"
				if converted {
					wantEnc = "hashtable"
				}
				if h.Encoding() != wantEnc {
					t.Fatalf("op %d: encoding %s, want %s", i, h.Encoding(), wantEnc)
				}
				if h.Len() != len(model) {
					t.Fatalf("op %d: Len %d, want %d", i, h.Len(), len(model))
				}
				if i%50 == 0 {
					checkHashAgainst(t, h, model)
				}
			}
			checkHashAgainst(t, h, model)
			c := h.Copy().(*Hash)
			if c.Encoding() != h.Encoding() {
				t.Fatal("copy changed the encoding")
			}
			checkHashAgainst(t, c, model)
			if h.Len() > 0 {
				h.Set([]byte("f0"), []byte("changed"), Limits{Entries: 1000, Value: 1000})
				if v, _ := c.Get([]byte("f0")); bytes.Equal(v, []byte("changed")) {
					t.Fatal("copy shares memory")
				}
			}
			if h.MemoryUsage(0) <= 0 {
				t.Fatal("no memory usage")
			}
		})
	}
}

func checkHashAgainst(t *testing.T, h *Hash, model map[string]string) {
	t.Helper()
	for f, v := range model {
		got, ok := h.Get([]byte(f))
		if !ok || string(got) != v {
			t.Fatalf("Get(%s) = %q %v, want %q", f, got, ok, v)
		}
	}
	if _, ok := h.Get([]byte("absent")); ok {
		t.Fatal("absent field found")
	}
	n := 0
	h.Range(func(f, v []byte) bool {
		n++
		if model[string(f)] != string(v) {
			t.Fatalf("Range: %s=%q, want %q", f, v, model[string(f)])
		}
		return true
	})
	if n != len(model) {
		t.Fatalf("Range visited %d, want %d", n, len(model))
	}
	seen := map[string]bool{}
	var cursor uint64
	for {
		cursor = h.Scan(cursor, func(f, v []byte) { seen[string(f)] = true })
		if cursor == 0 {
			break
		}
	}
	if len(seen) != len(model) {
		t.Fatalf("Scan saw %d, want %d", len(seen), len(model))
	}
	if len(model) > 0 {
		p := h.Random(nil)
		if model[string(p.Field)] != string(p.Value) {
			t.Fatalf("Random gave %s=%s", p.Field, p.Value)
		}
	}
}

// TestHashListpackOrder checks that the listpack keeps insertion order
// across updates and deletions, as Valkey's does (HGETALL shows it).
func TestHashListpackOrder(t *testing.T) {
	lim := Limits{Entries: 128, Value: 64}
	h := NewHash()
	for _, f := range []string{"c", "a", "b"} {
		h.Set([]byte(f), []byte("1"), lim)
	}
	h.Set([]byte("a"), []byte("a much longer value"), lim)
	h.Delete([]byte("c"))
	h.Set([]byte("c"), []byte(""), lim)
	var got []string
	for _, p := range h.Pairs(nil) {
		got = append(got, string(p.Field)+"="+string(p.Value))
	}
	if want := "a=a much longer value b=1 c="; strings.Join(got, " ") != want {
		t.Fatalf("got %q, want %q", strings.Join(got, " "), want)
	}
}

func BenchmarkHashListpackGet(b *testing.B) {
	lim := Limits{Entries: 128, Value: 64}
	h := NewHash()
	for i := range 128 {
		h.Set([]byte("field:"+strconv.Itoa(i)), []byte("value"), lim)
	}
	f := []byte("field:100")
	b.ReportAllocs()
	for b.Loop() {
		h.Get(f)
	}
}
