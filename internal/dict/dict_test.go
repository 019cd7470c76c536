package dict

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"sync"
	"testing"
	"time"
)

func key(i int) []byte { return []byte("key:" + strconv.Itoa(i)) }

// checkInvariants verifies the dict's internal structure: table sizes are
// powers of two, every node sits in the bucket its hash selects, the moved
// part of t[0] is empty, counts match, and no key appears twice.
func checkInvariants[V any](t testing.TB, d *Dict[V]) {
	t.Helper()
	seen := make(map[string]bool)
	for ti := range 2 {
		tb := &d.t[ti]
		if n := len(tb.buckets); n != 0 && (n < minBuckets || n&(n-1) != 0) {
			t.Fatalf("table %d has %d buckets, want a power of two >= %d", ti, n, minBuckets)
		}
		count := 0
		for i, n := range tb.buckets {
			if ti == 0 && d.Rehashing() && i < d.rehashIdx && n != nil {
				t.Fatalf("bucket %d below rehashIdx %d is not empty", i, d.rehashIdx)
			}
			for ; n != nil; n = n.next {
				if got := d.hash(n.key) & tb.mask(); got != uint64(i) {
					t.Fatalf("key %q in bucket %d of table %d, hash selects %d", n.key, i, ti, got)
				}
				if seen[n.key] {
					t.Fatalf("key %q stored twice", n.key)
				}
				seen[n.key] = true
				count++
			}
		}
		if count != tb.used {
			t.Fatalf("table %d: used = %d, counted %d", ti, tb.used, count)
		}
	}
	if !d.Rehashing() && d.t[1].used != 0 {
		t.Fatalf("t[1].used = %d while not rehashing", d.t[1].used)
	}
	if d.paused != 0 {
		t.Fatalf("paused = %d outside Range/Scan", d.paused)
	}
}

// checkModel verifies that d holds exactly the entries of m.
func checkModel(t testing.TB, d *Dict[int], m map[string]int) {
	t.Helper()
	checkInvariants(t, d)
	if d.Len() != len(m) {
		t.Fatalf("Len() = %d, model has %d", d.Len(), len(m))
	}
	got := make(map[string]int, d.Len())
	d.Range(func(k string, v *int) bool {
		got[k] = *v
		return true
	})
	if len(got) != len(m) {
		t.Fatalf("Range saw %d keys, model has %d", len(got), len(m))
	}
	for k, v := range m {
		if gv, ok := got[k]; !ok || gv != v {
			t.Fatalf("key %q: Range gave %d (present %v), model %d", k, gv, ok, v)
		}
		if p := d.FindString(k); p == nil || *p != v {
			t.Fatalf("FindString(%q) = %v, model %d", k, p, v)
		}
	}
}

func TestZeroValue(t *testing.T) {
	var d Dict[int]
	if d.Len() != 0 || d.Find([]byte("a")) != nil || d.FindString("a") != nil || d.Peek([]byte("a")) != nil {
		t.Fatal("zero Dict is not empty")
	}
	if _, ok := d.Delete([]byte("a")); ok {
		t.Fatal("Delete on zero Dict reported a key")
	}
	if c := d.Scan(0, func(string, *int) { t.Fatal("Scan visited a key") }); c != 0 {
		t.Fatalf("Scan on zero Dict returned cursor %d", c)
	}
	if d.RehashStep(10) {
		t.Fatal("RehashStep on zero Dict reported work")
	}
	if p, added := d.Set([]byte("a"), 1); !added || *p != 1 {
		t.Fatalf("Set = %v, %v", *p, added)
	}
	if p := d.Find([]byte("a")); p == nil || *p != 1 {
		t.Fatal("Find after Set on zero Dict failed")
	}
	checkInvariants(t, &d)
}

func TestBasic(t *testing.T) {
	d := New[string]()
	steps := []struct {
		op, key, val string
		want         string // Find/Delete result, or "" for absent
		wantAdded    bool
		wantOK       bool
		wantLen      int
	}{
		{op: "find", key: "x", wantLen: 0},
		{op: "set", key: "x", val: "1", wantAdded: true, wantLen: 1},
		{op: "find", key: "x", want: "1", wantOK: true, wantLen: 1},
		{op: "set", key: "x", val: "2", wantAdded: false, wantLen: 1},
		{op: "find", key: "x", want: "2", wantOK: true, wantLen: 1},
		{op: "set", key: "", val: "empty", wantAdded: true, wantLen: 2},
		{op: "find", key: "", want: "empty", wantOK: true, wantLen: 2},
		{op: "delete", key: "y", wantLen: 2},
		{op: "delete", key: "x", want: "2", wantOK: true, wantLen: 1},
		{op: "find", key: "x", wantLen: 1},
		{op: "delete", key: "x", wantLen: 1},
		{op: "delete", key: "", want: "empty", wantOK: true, wantLen: 0},
	}
	for i, s := range steps {
		switch s.op {
		case "find":
			p := d.Find([]byte(s.key))
			if (p != nil) != s.wantOK || (p != nil && *p != s.want) {
				t.Fatalf("step %d: Find(%q) = %v", i, s.key, p)
			}
		case "set":
			p, added := d.Set([]byte(s.key), s.val)
			if added != s.wantAdded || *p != s.val {
				t.Fatalf("step %d: Set(%q) = %q, %v", i, s.key, *p, added)
			}
		case "delete":
			v, ok := d.Delete([]byte(s.key))
			if ok != s.wantOK || v != s.want {
				t.Fatalf("step %d: Delete(%q) = %q, %v", i, s.key, v, ok)
			}
		}
		if d.Len() != s.wantLen {
			t.Fatalf("step %d: Len() = %d, want %d", i, d.Len(), s.wantLen)
		}
		checkInvariants(t, d)
	}
}

func TestKeyIsCopied(t *testing.T) {
	d := New[int]()
	buf := []byte("hello")
	d.Set(buf, 1)
	copy(buf, "jello")
	if d.FindString("hello") == nil {
		t.Fatal("stored key changed with the caller's buffer")
	}
	if d.FindString("jello") != nil {
		t.Fatal("found a key that was never added")
	}
}

func TestPointerStability(t *testing.T) {
	d := New[int]()
	p, _ := d.Set([]byte("stable"), 7)
	for i := range 5000 { // several grows
		d.Set(key(i), i)
	}
	for i := range 5000 { // several shrinks
		d.Delete(key(i))
	}
	d.RehashFor(time.Second)
	if q := d.FindString("stable"); q != p {
		t.Fatal("value moved in memory across resizes")
	}
	*p = 8
	if *d.FindString("stable") != 8 {
		t.Fatal("write through the pointer was lost")
	}
	if q, added := d.Set([]byte("stable"), 9); q != p || added || *p != 9 {
		t.Fatal("overwrite did not write through the same value")
	}
}

func TestGrowAndShrink(t *testing.T) {
	d := New[int]()
	if m, r := d.Buckets(); m != 0 || r != 0 {
		t.Fatalf("new dict has tables %d/%d", m, r)
	}
	d.Set(key(0), 0)
	if m, _ := d.Buckets(); m != minBuckets {
		t.Fatalf("first table has %d buckets, want %d", m, minBuckets)
	}
	const n = 10000
	for i := 1; i < n; i++ {
		d.Set(key(i), i)
		m, r := d.Buckets()
		// Load factor: without a resize in progress, keys <= buckets.
		if r == 0 && d.Len() > m {
			t.Fatalf("%d keys in %d buckets and no resize", d.Len(), m)
		}
	}
	d.RehashFor(time.Second)
	if m, r := d.Buckets(); m != 16384 || r != 0 {
		t.Fatalf("after %d inserts tables are %d/%d, want 16384/0", n, m, r)
	}
	for i := range n - 10 {
		d.Delete(key(i))
	}
	for d.RehashStep(1) {
	}
	// 10 keys: shrunk to 16 buckets, or stopped at 32 or 64, where 10 keys
	// are at least 1/8 full.
	if m, _ := d.Buckets(); m < 16 || m > 64 {
		t.Fatalf("with 10 keys the table has %d buckets, want 16 to 64", m)
	}
	for i := n - 10; i < n; i++ {
		d.Delete(key(i))
	}
	for d.RehashStep(1) {
	}
	if m, r := d.Buckets(); m != minBuckets || r != 0 {
		t.Fatalf("empty dict has tables %d/%d, want %d/0", m, r, minBuckets)
	}
	checkInvariants(t, d)
}

func TestRehashStepStartsPendingShrink(t *testing.T) {
	d := New[int]()
	for i := range 1000 {
		d.Set(key(i), i)
	}
	// Grow once more and delete almost everything while the resize runs:
	// the deletes cannot start a shrink, RehashStep must.
	for i := 1000; d.Rehashing() == false; i++ {
		d.Set(key(i), i)
	}
	for i := 0; d.Len() > 3; i++ {
		d.Delete(key(i))
	}
	for d.RehashStep(1) {
	}
	if m, _ := d.Buckets(); m > 16 {
		t.Fatalf("after RehashStep 3 keys are in %d buckets, want at most 16", m)
	}
	checkInvariants(t, d)
}

func TestRehashFor(t *testing.T) {
	d := New[int]()
	for i := range 1 << 16 {
		d.Set(key(i), i)
	}
	d.Set(key(-1), -1) // starts a grow to 131072 buckets
	if !d.Rehashing() {
		t.Fatal("expected a resize in progress")
	}
	if d.RehashFor(time.Minute) {
		t.Fatal("RehashFor with a long budget left work")
	}
	if d.Rehashing() {
		t.Fatal("still rehashing")
	}
	checkInvariants(t, d)
}

func TestClear(t *testing.T) {
	d := New[int]()
	for i := range 100 {
		d.Set(key(i), i)
	}
	d.Clear()
	if d.Len() != 0 || d.Find(key(1)) != nil {
		t.Fatal("Clear left keys")
	}
	if m, r := d.Buckets(); m != 0 || r != 0 {
		t.Fatalf("Clear left tables %d/%d", m, r)
	}
	d.Set(key(1), 1)
	if *d.Find(key(1)) != 1 {
		t.Fatal("dict unusable after Clear")
	}
	checkInvariants(t, d)
}

func TestRange(t *testing.T) {
	d := New[int]()
	for i := range 100 {
		d.Set(key(i), i)
	}
	calls := 0
	d.Range(func(string, *int) bool { calls++; return calls < 10 })
	if calls != 10 {
		t.Fatalf("Range kept going after false: %d calls", calls)
	}
	// Writing through the value pointer is allowed, and lookups are.
	d.Range(func(k string, v *int) bool {
		*v++
		if d.FindString(k) != v {
			t.Fatalf("Find inside Range returned a different pointer for %q", k)
		}
		return true
	})
	for i := range 100 {
		if *d.Find(key(i)) != i+1 {
			t.Fatalf("key %d: write through Range pointer lost", i)
		}
	}
}

func TestModifyDuringIterationPanics(t *testing.T) {
	mods := []struct {
		name string
		fn   func(d *Dict[int])
	}{
		{"Set", func(d *Dict[int]) { d.Set([]byte("new"), 1) }},
		{"Delete", func(d *Dict[int]) { d.Delete(key(1)) }},
		{"DeleteString", func(d *Dict[int]) { d.DeleteString("key:1") }},
		{"Clear", func(d *Dict[int]) { d.Clear() }},
	}
	iters := []struct {
		name string
		fn   func(d *Dict[int], body func())
	}{
		{"Range", func(d *Dict[int], body func()) {
			d.Range(func(string, *int) bool { body(); return false })
		}},
		{"Scan", func(d *Dict[int], body func()) {
			for c := d.Scan(0, func(string, *int) { body() }); c != 0; {
				c = d.Scan(c, func(string, *int) { body() })
			}
		}},
	}
	for _, it := range iters {
		for _, m := range mods {
			t.Run(it.name+"/"+m.name, func(t *testing.T) {
				d := New[int]()
				for i := range 10 {
					d.Set(key(i), i)
				}
				defer func() {
					if recover() == nil {
						t.Fatal("no panic")
					}
					if d.paused != 0 {
						t.Fatalf("paused = %d after the panic", d.paused)
					}
				}()
				it.fn(d, func() { m.fn(d) })
			})
		}
	}
}

// TestModel runs random operation sequences against a map, through many
// grow and shrink cycles.
func TestModel(t *testing.T) {
	cases := []struct {
		name      string
		ops       int
		keySpace  int
		pSet      float64 // probability of Set; then Delete, then Find share the rest
		pDelete   float64
		cronEvery int // call RehashStep(1) every cronEvery ops; 0 never
		cycles    bool
	}{
		{name: "small-churn", ops: 20000, keySpace: 16, pSet: 0.4, pDelete: 0.4},
		{name: "medium-churn", ops: 50000, keySpace: 2000, pSet: 0.45, pDelete: 0.35, cronEvery: 7},
		{name: "grow-heavy", ops: 50000, keySpace: 100000, pSet: 0.8, pDelete: 0.1},
		{name: "delete-heavy", ops: 50000, keySpace: 500, pSet: 0.3, pDelete: 0.6, cronEvery: 3},
		{name: "grow-shrink-cycles", ops: 200000, keySpace: 5000, cycles: true, cronEvery: 50},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, uint64(len(tc.name))))
			d := New[int]()
			m := map[string]int{}
			minB, maxB := 1<<62, 0
			filling := true
			for i := range tc.ops {
				k := key(rng.IntN(tc.keySpace))
				pSet, pDelete := tc.pSet, tc.pDelete
				if tc.cycles {
					// Alternate between filling to keySpace and emptying.
					if filling && len(m) >= tc.keySpace*9/10 {
						filling = false
					} else if !filling && len(m) <= 2 {
						filling = true
					}
					if filling {
						pSet, pDelete = 0.9, 0.05
					} else {
						pSet, pDelete = 0.05, 0.9
					}
				}
				switch r := rng.Float64(); {
				case r < pSet:
					v := rng.Int()
					_, wantNew := m[string(k)]
					p, added := d.Set(k, v)
					if added == wantNew || *p != v {
						t.Fatalf("op %d: Set(%s) = %d, %v; model new=%v", i, k, *p, added, !wantNew)
					}
					m[string(k)] = v
				case r < pSet+pDelete:
					want, wantOK := m[string(k)]
					v, ok := d.Delete(k)
					if ok != wantOK || v != want {
						t.Fatalf("op %d: Delete(%s) = %d, %v; model %d, %v", i, k, v, ok, want, wantOK)
					}
					delete(m, string(k))
				default:
					want, wantOK := m[string(k)]
					p := d.Find(k)
					if (p != nil) != wantOK || (p != nil && *p != want) {
						t.Fatalf("op %d: Find(%s) = %v; model %d, %v", i, k, p, want, wantOK)
					}
				}
				if tc.cronEvery > 0 && i%tc.cronEvery == 0 {
					d.RehashStep(1)
				}
				if d.Len() != len(m) {
					t.Fatalf("op %d: Len() = %d, model %d", i, d.Len(), len(m))
				}
				b, _ := d.Buckets()
				minB, maxB = min(minB, b), max(maxB, b)
				if i%997 == 0 {
					checkModel(t, d, m)
				}
			}
			checkModel(t, d, m)
			if tc.cycles && (minB > 8 || maxB < 4096) {
				t.Fatalf("table sizes ranged only %d..%d; the test did not cycle", minB, maxB)
			}
		})
	}
}

// scanAll runs a complete scan, calling between(i) after the i-th call, and
// returns how often each key was seen. It fails if the scan takes more than
// limit calls.
func scanAll(t *testing.T, d *Dict[int], limit int, between func(i int)) map[string]int {
	t.Helper()
	seen := map[string]int{}
	cursor := uint64(0)
	for i := 0; ; i++ {
		if i >= limit {
			t.Fatalf("scan did not finish in %d calls", limit)
		}
		cursor = d.Scan(cursor, func(k string, v *int) {
			if d.FindString(k) != v {
				t.Fatalf("Scan gave key %q with a pointer Find does not return", k)
			}
			seen[k]++
		})
		if cursor == 0 {
			return seen
		}
		if between != nil {
			between(i)
		}
	}
}

// startShrink deletes key(n-1), key(n-2), ... from d, which holds key(0)
// to key(n-1), until a shrink starts.
func startShrink(t *testing.T, d *Dict[int], n int) {
	t.Helper()
	d.RehashFor(time.Minute)
	for i := n - 1; !d.Rehashing(); i-- {
		if i < 0 {
			t.Fatal("no shrink started")
		}
		d.Delete(key(i))
	}
	if m, r := d.Buckets(); r >= m {
		t.Fatalf("resize in progress is %d -> %d buckets, not a shrink", m, r)
	}
}

func TestScanNoModification(t *testing.T) {
	cases := []struct {
		name       string
		n          int
		midRehash  bool // leave a resize in progress before scanning
		shrinkMode bool // the resize in progress is a shrink
	}{
		{name: "empty", n: 0},
		{name: "one", n: 1},
		{name: "five", n: 5},
		{name: "hundred", n: 100},
		{name: "ten-thousand", n: 10000},
		{name: "growing", n: 4097, midRehash: true},
		{name: "shrinking", n: 4096, midRehash: true, shrinkMode: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := New[int]()
			for i := range tc.n {
				d.Set(key(i), i)
			}
			if tc.shrinkMode {
				startShrink(t, d, tc.n)
			}
			if tc.midRehash && !d.Rehashing() {
				t.Fatal("expected a resize in progress")
			}
			want := map[string]bool{}
			d.Range(func(k string, _ *int) bool { want[k] = true; return true })
			seen := scanAll(t, d, 1<<20, func(int) {
				if tc.midRehash && !d.Rehashing() {
					t.Fatal("resize finished during a read-only scan")
				}
			})
			for k, c := range seen {
				if !want[k] {
					t.Fatalf("scan returned %q, not in the dict", k)
				}
				if c != 1 {
					t.Fatalf("scan returned %q %d times without modification", k, c)
				}
			}
			if len(seen) != len(want) {
				t.Fatalf("scan returned %d keys, dict has %d", len(seen), len(want))
			}
		})
	}
}

// TestScanGuarantee checks that keys present for the whole scan are all
// returned while other keys come and go and the table grows and shrinks
// between Scan calls.
func TestScanGuarantee(t *testing.T) {
	// Each between function changes the dict during the first calls of the
	// scan only: a table that keeps growing would never let a scan finish.
	cases := []struct {
		name    string
		stable  int                                       // keys present throughout
		initial int                                       // extra keys present at the start
		between func(d *Dict[int], rng *rand.Rand, i int) // runs after the i-th Scan call
	}{
		{
			name: "grow", stable: 200, initial: 0,
			between: func(d *Dict[int], _ *rand.Rand, i int) {
				for j := range 500 * min(1, 40-i) {
					d.Set(fmt.Appendf(nil, "grow:%d:%d", i, j), j)
				}
			},
		},
		{
			name: "grow-fast-with-cron", stable: 50, initial: 0,
			between: func(d *Dict[int], _ *rand.Rand, i int) {
				for j := range 2000 * min(1, 10-i) {
					d.Set(fmt.Appendf(nil, "grow:%d:%d", i, j), j)
				}
				d.RehashStep(500)
			},
		},
		{
			name: "shrink", stable: 100, initial: 20000,
			between: func(d *Dict[int], _ *rand.Rand, i int) {
				for j := i * 400; j < (i+1)*400 && j < 20000; j++ {
					d.Delete(fmt.Appendf(nil, "extra:%d", j))
				}
			},
		},
		{
			name: "shrink-with-cron", stable: 100, initial: 20000,
			between: func(d *Dict[int], _ *rand.Rand, i int) {
				for j := i * 1000; j < (i+1)*1000 && j < 20000; j++ {
					d.Delete(fmt.Appendf(nil, "extra:%d", j))
				}
				d.RehashStep(1000)
			},
		},
		{
			name: "grow-then-shrink", stable: 300, initial: 0,
			between: func(d *Dict[int], _ *rand.Rand, i int) {
				switch {
				case i < 20:
					for j := range 500 {
						d.Set(fmt.Appendf(nil, "tmp:%d:%d", i, j), j)
					}
				case i < 40:
					for j := range 500 {
						d.Delete(fmt.Appendf(nil, "tmp:%d:%d", i-20, j))
					}
				}
			},
		},
		{
			name: "random-churn", stable: 500, initial: 2000,
			between: func(d *Dict[int], rng *rand.Rand, i int) {
				if i >= 60 {
					return
				}
				n := rng.IntN(3000)
				grow := rng.IntN(2) == 0
				for range n {
					k := fmt.Appendf(nil, "extra:%d", rng.IntN(20000))
					if grow {
						d.Set(k, 0)
					} else {
						d.Delete(k)
					}
				}
				if rng.IntN(3) == 0 {
					d.RehashStep(rng.IntN(200))
				}
			},
		},
		{
			name: "oscillate", stable: 64, initial: 0,
			between: func(d *Dict[int], _ *rand.Rand, i int) {
				// Alternately add and remove a large batch, so nearly every
				// call sees a different table size.
				if i >= 60 {
					return
				}
				for j := range 3000 {
					k := fmt.Appendf(nil, "osc:%d", j)
					if i%2 == 0 {
						d.Set(k, j)
					} else {
						d.Delete(k)
					}
				}
				if i%3 == 0 {
					d.RehashFor(time.Millisecond)
				}
			},
		},
	}
	for _, tc := range cases {
		for seed := range uint64(5) {
			t.Run(fmt.Sprintf("%s/seed%d", tc.name, seed), func(t *testing.T) {
				t.Parallel()
				rng := rand.New(rand.NewPCG(seed, 99))
				d := New[int]()
				for i := range tc.initial {
					d.Set(fmt.Appendf(nil, "extra:%d", i), i)
				}
				stable := map[string]bool{}
				for i := range tc.stable {
					k := fmt.Sprintf("stable:%d", i)
					d.Set([]byte(k), i)
					stable[k] = true
				}
				// Start from a random point of a resize, or none.
				d.RehashStep(rng.IntN(50))
				sizes := map[[2]int]bool{}
				seen := scanAll(t, d, 1<<20, func(i int) {
					tc.between(d, rng, i)
					m, r := d.Buckets()
					sizes[[2]int{m, r}] = true
					if i < 64 || i%1024 == 0 {
						checkInvariants(t, d)
					}
				})
				for k := range stable {
					if seen[k] == 0 {
						t.Fatalf("stable key %q not returned (table sizes seen: %v)", k, sizes)
					}
				}
				if len(sizes) < 2 {
					t.Fatalf("table size never changed during the scan: %v", sizes)
				}
			})
		}
	}
}

func TestRandom(t *testing.T) {
	t.Run("empty", func(t *testing.T) {
		d := New[int]()
		if _, _, ok := d.Random(nil); ok {
			t.Fatal("Random on empty dict returned an entry")
		}
		d.Set(key(1), 1)
		d.Delete(key(1))
		if _, _, ok := d.Random(nil); ok {
			t.Fatal("Random on emptied dict returned an entry")
		}
	})
	cases := []struct {
		name      string
		n         int
		draws     int
		midRehash bool
	}{
		{name: "one", n: 1, draws: 100},
		{name: "small", n: 10, draws: 20000},
		{name: "medium", n: 1000, draws: 200000},
		{name: "growing", n: 1025, draws: 200000, midRehash: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(3, 4))
			d := New[int]()
			for i := range tc.n {
				d.Set(key(i), i)
			}
			if !tc.midRehash {
				for d.RehashStep(100) {
				}
			}
			if tc.midRehash != d.Rehashing() {
				t.Fatalf("Rehashing() = %v, want %v", d.Rehashing(), tc.midRehash)
			}
			counts := map[string]int{}
			for i := range tc.draws {
				r := rng
				if i%2 == 1 {
					r = nil // global source
				}
				k, v, ok := d.Random(r)
				if !ok || d.FindString(k) != v {
					t.Fatalf("Random returned %q, %v, %v: not an entry", k, v, ok)
				}
				counts[k]++
			}
			if len(counts) != tc.n {
				t.Fatalf("saw %d distinct keys of %d", len(counts), tc.n)
			}
			// Chains make it non-uniform; it must still be roughly fair.
			expect := tc.draws / tc.n
			for k, c := range counts {
				if c < expect/8 {
					t.Fatalf("key %q drawn %d times, expected about %d", k, c, expect)
				}
			}
		})
	}
	t.Run("sparse", func(t *testing.T) {
		// A big table with one key left and no shrink yet: bounded work.
		d := New[int]()
		for i := range 1 << 16 {
			d.Set(key(i), i)
		}
		for d.RehashStep(1 << 20) {
		}
		d.Set(key(-1), -1) // grow starts; deletes below cannot shrink
		for i := range 1 << 16 {
			d.Delete(key(i))
		}
		if d.Len() != 1 {
			t.Fatalf("Len() = %d", d.Len())
		}
		for range 100 {
			if k, _, ok := d.Random(nil); !ok || k != "key:-1" {
				t.Fatalf("Random = %q, %v", k, ok)
			}
		}
	})
}

func TestSampleN(t *testing.T) {
	d := New[int]()
	if got := d.SampleN(nil, 5, nil); len(got) != 0 {
		t.Fatalf("SampleN on empty dict returned %d entries", len(got))
	}
	cases := []struct {
		name      string
		n         int
		sample    int
		midRehash bool
		shrinking bool
	}{
		{name: "one-of-one", n: 1, sample: 1},
		{name: "more-than-len", n: 3, sample: 10},
		{name: "zero", n: 100, sample: 0},
		{name: "negative", n: 100, sample: -1},
		{name: "small", n: 10, sample: 5},
		{name: "large", n: 100000, sample: 20},
		{name: "growing", n: 1025, sample: 16, midRehash: true},
		{name: "shrinking", n: 2048, sample: 16, midRehash: true, shrinking: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(5, 6))
			d := New[int]()
			for i := range tc.n {
				d.Set(key(i), i)
			}
			if tc.shrinking {
				startShrink(t, d, tc.n)
				d.RehashStep(3)
			} else if !tc.midRehash {
				for d.RehashStep(100) {
				}
			}
			if tc.midRehash != d.Rehashing() {
				t.Fatalf("Rehashing() = %v, want %v", d.Rehashing(), tc.midRehash)
			}
			distinct := map[string]bool{}
			buf := make([]Entry[int], 0, 64)
			total := 0
			for range 2000 {
				prefix := Entry[int]{Key: "prefix"}
				buf = append(buf[:0], prefix)
				buf = d.SampleN(rng, tc.sample, buf)
				if buf[0] != prefix {
					t.Fatal("SampleN overwrote dst's existing entries")
				}
				got := buf[1:]
				if len(got) > max(tc.sample, 0) || len(got) > d.Len() {
					t.Fatalf("SampleN(%d) returned %d entries from %d keys", tc.sample, len(got), d.Len())
				}
				for _, e := range got {
					if d.FindString(e.Key) != e.Val {
						t.Fatalf("SampleN returned %q, not an entry", e.Key)
					}
					distinct[e.Key] = true
				}
				total += len(got)
			}
			if tc.sample > 0 && total < 2000*min(tc.sample, d.Len())/2 {
				t.Fatalf("SampleN returned only %d entries in 2000 calls", total)
			}
			if tc.sample > 0 && d.Len() <= 10 && len(distinct) != d.Len() {
				t.Fatalf("SampleN never returned some keys: %d of %d", len(distinct), d.Len())
			}
		})
	}
}

func TestNoAllocs(t *testing.T) {
	d := New[int]()
	for i := range 1000 {
		d.Set(key(i), i)
	}
	hit, miss := key(500), []byte("missing")
	rng := rand.New(rand.NewPCG(1, 2))
	buf := make([]Entry[int], 0, 16)
	cases := []struct {
		name string
		fn   func()
	}{
		{"Find/hit", func() { d.Find(hit) }},
		{"Find/miss", func() { d.Find(miss) }},
		{"FindString", func() { d.FindString("key:7") }},
		{"Peek", func() { d.Peek(hit) }},
		{"Set/overwrite", func() { d.Set(hit, 1) }},
		{"Delete/miss", func() { d.Delete(miss) }},
		{"Random", func() { d.Random(rng) }},
		{"SampleN", func() { buf = d.SampleN(rng, 16, buf[:0]) }},
		{"Scan", func() { d.Scan(12345, func(string, *int) {}) }},
		{"Range", func() { d.Range(func(string, *int) bool { return true }) }},
	}
	for _, tc := range cases {
		if a := testing.AllocsPerRun(100, tc.fn); a != 0 {
			t.Errorf("%s: %v allocs per run, want 0", tc.name, a)
		}
	}
	// Adding a key costs the node and the key copy, and nothing else when
	// no table is allocated.
	for d.RehashStep(1000) {
	}
	i := 1000
	if a := testing.AllocsPerRun(10, func() { d.Set(key(i), i); i++ }); a > 3 {
		// key(i) itself allocates once.
		t.Errorf("Set/new: %v allocs per run, want <= 3", a)
	}
	if a := testing.AllocsPerRun(10, func() { i--; d.Delete(key(i)) }); a > 1 {
		t.Errorf("Delete/hit: %v allocs per run, want <= 1 (the test's key)", a)
	}
}

// TestConcurrentReaders checks, under -race, that the methods documented as
// read-only do not write, even in the middle of a resize.
func TestConcurrentReaders(t *testing.T) {
	d := New[int]()
	for i := range 1025 {
		d.Set(key(i), i)
	}
	if !d.Rehashing() {
		t.Fatal("expected a resize in progress")
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			buf := make([]Entry[int], 0, 8)
			for i := range 2000 {
				if p := d.Peek(key(i % 1025)); p == nil || *p != i%1025 {
					t.Errorf("goroutine %d: Peek(%d) = %v", g, i%1025, p)
					return
				}
				d.Random(nil)
				buf = d.SampleN(nil, 8, buf[:0])
				_ = d.Len()
				d.Buckets()
			}
		})
	}
	wg.Wait()
	if !d.Rehashing() {
		t.Fatal("readers advanced the resize")
	}
}
