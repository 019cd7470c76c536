package types

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
)

var testSetLimits = SetLimits{IntsetEntries: 16, ListpackEntries: 8, ListpackValue: 6}

func setContents(s *Set) []string {
	var out []string
	s.Range(func(m []byte) bool {
		out = append(out, string(m))
		return true
	}, nil)
	return out
}

// TestSetAgainstModel applies random adds and removes to a Set and to a
// map, and checks membership, size, and that the encoding only ever moves
// towards hashtable and obeys the limits.
func TestSetAgainstModel(t *testing.T) {
	for seed := range uint64(20) {
		t.Run(strconv.FormatUint(seed, 10), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 7))
			s := NewIntsetSet()
			model := map[string]bool{}
			rank := map[string]int{"intset": 0, "listpack": 1, "hashtable": 2}
			for step := range 400 {
				var m string
				switch r.IntN(4) {
				case 0:
					m = "s" + strconv.Itoa(r.IntN(20))
				case 1:
					m = "longmember" + strconv.Itoa(r.IntN(5))
				default:
					m = strconv.Itoa(r.IntN(40) - 10)
				}
				before := s.Encoding()
				if r.IntN(3) == 0 {
					if got := s.Remove([]byte(m)); got != model[m] {
						t.Fatalf("step %d: Remove(%q) = %v", step, m, got)
					}
					delete(model, m)
				} else {
					if got := s.Add([]byte(m), testSetLimits); got != !model[m] {
						t.Fatalf("step %d: Add(%q) = %v", step, m, got)
					}
					model[m] = true
				}
				if rank[s.Encoding()] < rank[before] {
					t.Fatalf("step %d: encoding went from %s to %s", step, before, s.Encoding())
				}
				if s.Len() != len(model) {
					t.Fatalf("step %d: Len %d, want %d", step, s.Len(), len(model))
				}
				switch s.Encoding() {
				case "intset":
					if int64(s.Len()) > testSetLimits.IntsetEntries {
						t.Fatalf("step %d: intset of %d", step, s.Len())
					}
					if !slices.IsSortedFunc(s.ints, func(a, b int64) int { return int(a - b) }) {
						t.Fatalf("step %d: intset not sorted", step)
					}
				case "listpack":
					if int64(s.Len()) > testSetLimits.ListpackEntries {
						t.Fatalf("step %d: listpack of %d", step, s.Len())
					}
				}
				got := setContents(s)
				if len(got) != len(model) {
					t.Fatalf("step %d: Range gave %d members, want %d", step, len(got), len(model))
				}
				for _, g := range got {
					if !model[g] || !s.Has([]byte(g)) {
						t.Fatalf("step %d: unexpected member %q", step, g)
					}
				}
			}
		})
	}
}

func TestSetConversions(t *testing.T) {
	tests := []struct {
		name    string
		first   string
		hint    int
		adds    []string
		wantEnc string
	}{
		{"ints", "1", 3, []string{"1", "2", "3"}, "intset"},
		{"ints past intset limit", "1", 1, []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17"}, "hashtable"},
		{"hint past intset limit", "1", 17, []string{"1"}, "hashtable"},
		{"hint in listpack", "1", 5, []string{"1"}, "intset"},
		{"hint past both limits", "a", 20, nil, "hashtable"},
		{"string", "a", 1, []string{"a", "1"}, "listpack"},
		{"int then string", "1", 1, []string{"1", "a"}, "listpack"},
		{"wide int then string", "1", 1, []string{"1234567", "a"}, "hashtable"},
		{"long string", "a", 1, []string{"abcdefg"}, "hashtable"},
		{"listpack full", "a", 1, []string{"a", "b", "c", "d", "e", "f", "g", "h", "i"}, "hashtable"},
		{"non-canonical int", "007", 1, []string{"007"}, "listpack"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewSet([]byte(tt.first), tt.hint, testSetLimits)
			for _, m := range tt.adds {
				s.Add([]byte(m), testSetLimits)
			}
			if s.Encoding() != tt.wantEnc {
				t.Errorf("encoding %s, want %s", s.Encoding(), tt.wantEnc)
			}
		})
	}
}

func TestSetCopyScanRandom(t *testing.T) {
	for _, members := range [][]string{
		{"3", "1", "2"},
		{"a", "b", "c"},
		{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"},
	} {
		s := NewIntsetSet()
		for _, m := range members {
			s.Add([]byte(m), testSetLimits)
		}
		c := s.Copy().(*Set)
		got, want := setContents(c), setContents(s)
		slices.Sort(got)
		slices.Sort(want)
		if c.Encoding() != s.Encoding() || !slices.Equal(got, want) {
			t.Fatalf("%s copy differs", s.Encoding())
		}
		c.Remove([]byte(members[0]))
		if !s.Has([]byte(members[0])) {
			t.Fatalf("%s: removing from the copy changed the original", s.Encoding())
		}
		var scanned []string
		for cursor := uint64(0); ; {
			cursor = s.Scan(cursor, func(m []byte) { scanned = append(scanned, string(m)) })
			if cursor == 0 {
				break
			}
		}
		slices.Sort(scanned)
		want = slices.Clone(members)
		slices.Sort(want)
		if !slices.Equal(slices.Compact(scanned), want) {
			t.Fatalf("%s: scan %q, want %q", s.Encoding(), scanned, want)
		}
		for range 20 {
			if m := s.Random(nil); !s.Has(m) {
				t.Fatalf("%s: Random gave %q", s.Encoding(), m)
			}
		}
		if s.MemoryUsage(0) <= 0 {
			t.Fatalf("%s: MemoryUsage", s.Encoding())
		}
	}
}
