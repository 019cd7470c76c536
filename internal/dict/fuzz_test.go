package dict

import (
	"math/rand/v2"
	"strconv"
	"testing"
)

// FuzzDict drives a Dict with operations decoded from the input and checks
// it against a map after every step, including scans that run across the
// other operations: a key present from a scan's first call to its last must
// be returned.
func FuzzDict(f *testing.F) {
	f.Add([]byte{0, 1, 0, 2, 1, 1, 2, 2})
	f.Add([]byte{4, 200, 6, 0, 4, 100, 6, 0, 5, 150, 6, 0, 6, 0, 6, 0})
	f.Add([]byte{4, 255, 4, 255, 8, 3, 6, 0, 5, 255, 6, 0, 5, 255, 6, 0, 6, 0, 6, 0})
	f.Add([]byte{4, 60, 7, 9, 5, 50, 9, 0, 10, 4, 6, 0, 3, 7})
	f.Fuzz(func(t *testing.T, data []byte) {
		d := New[int]()
		m := map[string]int{}
		rng := rand.New(rand.NewPCG(1, 1))
		k := func(b byte) []byte { return []byte("k" + strconv.Itoa(int(b))) }
		bulk := func(b byte, i int) []byte { return []byte("b" + strconv.Itoa(int(b)) + ":" + strconv.Itoa(i)) }

		// The scan in progress, if any.
		var (
			scanning   bool
			cursor     uint64
			throughout map[string]bool // present since the scan started
			seen       map[string]bool
		)
		removed := func(key string) {
			if scanning {
				delete(throughout, key)
			}
		}

		for i := 0; i+1 < len(data) && i < 2000; i += 2 {
			op, arg := data[i]%11, data[i+1]
			switch op {
			case 0, 1: // set
				key := k(arg)
				_, had := m[string(key)]
				p, added := d.Set(key, i)
				if added == had || *p != i {
					t.Fatalf("Set(%s) = %d, %v; model had %v", key, *p, added, had)
				}
				m[string(key)] = i
			case 2: // delete
				key := k(arg)
				want, wantOK := m[string(key)]
				v, ok := d.Delete(key)
				if v != want || ok != wantOK {
					t.Fatalf("Delete(%s) = %d, %v; model %d, %v", key, v, ok, want, wantOK)
				}
				delete(m, string(key))
				removed(string(key))
			case 3: // find
				key := k(arg)
				want, wantOK := m[string(key)]
				p := d.Find(key)
				if (p != nil) != wantOK || (p != nil && *p != want) {
					t.Fatalf("Find(%s) = %v; model %d, %v", key, p, want, wantOK)
				}
			case 4: // bulk insert: grows the table
				for j := range int(arg) * 2 {
					key := bulk(arg%8, j)
					d.Set(key, j)
					m[string(key)] = j
				}
			case 5: // bulk delete: shrinks the table
				for j := range int(arg) * 2 {
					key := bulk(arg%8, j)
					d.Delete(key)
					delete(m, string(key))
					removed(string(key))
				}
			case 6: // one scan call
				if !scanning {
					scanning, cursor = true, 0
					throughout, seen = map[string]bool{}, map[string]bool{}
					for key := range m {
						throughout[key] = true
					}
				}
				cursor = d.Scan(cursor, func(key string, v *int) {
					if want, ok := m[key]; !ok || *v != want {
						t.Fatalf("Scan gave %q=%d; model %d, %v", key, *v, want, ok)
					}
					seen[key] = true
				})
				if cursor == 0 {
					for key := range throughout {
						if !seen[key] {
							t.Fatalf("scan missed %q, present throughout", key)
						}
					}
					scanning = false
				}
			case 7: // rehash step
				d.RehashStep(int(arg % 16))
			case 8: // random
				key, v, ok := d.Random(rng)
				if ok != (len(m) > 0) {
					t.Fatalf("Random ok=%v with %d keys", ok, len(m))
				}
				if ok && m[key] != *v {
					t.Fatalf("Random gave %q=%d; model %d", key, *v, m[key])
				}
			case 9: // sample
				for _, e := range d.SampleN(rng, int(arg%32), nil) {
					if want, ok := m[e.Key]; !ok || *e.Val != want {
						t.Fatalf("SampleN gave %q=%d; model %d, %v", e.Key, *e.Val, want, ok)
					}
				}
			case 10: // clear, rarely
				if arg == 0 {
					d.Clear()
					clear(m)
					if scanning {
						clear(throughout)
					}
				}
			}
			if d.Len() != len(m) {
				t.Fatalf("Len() = %d, model %d", d.Len(), len(m))
			}
		}
		checkModel(t, d, m)
	})
}
