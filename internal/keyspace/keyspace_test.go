package keyspace_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trove-db/trove/internal/keyspace"
	"github.com/trove-db/trove/internal/types"
)

// fakeClock is a settable clock for keyspace.New.
type fakeClock struct{ t time.Time }

func (f *fakeClock) now() time.Time           { return f.t }
func (f *fakeClock) advance(d time.Duration)  { f.t = f.t.Add(d) }
func (f *fakeClock) ms(d time.Duration) int64 { return f.t.Add(d).UnixMilli() }

// event is one hook call, for assertions.
type event struct {
	db    int
	key   string
	class keyspace.EventClass
	name  string
}

// recorder captures OnChange and OnNotify calls.
type recorder struct{ changes, notes []event }

func (r *recorder) attach(ks *keyspace.Keyspace) {
	ks.OnChange = func(db *keyspace.DB, key []byte, class keyspace.EventClass, ev string) {
		r.changes = append(r.changes, event{db.ID, string(key), class, ev})
	}
	ks.OnNotify = func(db *keyspace.DB, key []byte, class keyspace.EventClass, ev string) {
		r.notes = append(r.notes, event{db.ID, string(key), class, ev})
	}
}

func (r *recorder) reset() { r.changes, r.notes = nil, nil }

func newKS(t testing.TB, dbs int) (*keyspace.Keyspace, *fakeClock, *recorder) {
	t.Helper()
	clk := &fakeClock{t: time.UnixMilli(1_700_000_000_000)}
	ks := keyspace.New(dbs, clk.now)
	rec := &recorder{}
	rec.attach(ks)
	return ks, clk, rec
}

func str(s string) types.Value { return types.NewString([]byte(s)) }

func valueOf(e *keyspace.Entry) string {
	if e == nil {
		return "<nil>"
	}
	return string(e.Value.(*types.String).Bytes())
}

func TestLazyExpiry(t *testing.T) {
	for _, tc := range []struct {
		name   string
		lookup func(db *keyspace.DB, key []byte) bool
	}{
		{"Lookup", func(db *keyspace.DB, k []byte) bool { return db.Lookup(k) != nil }},
		{"LookupWrite", func(db *keyspace.DB, k []byte) bool { return db.LookupWrite(k) != nil }},
		{"Peek", func(db *keyspace.DB, k []byte) bool { return db.Peek(k) != nil }},
		{"Exists", func(db *keyspace.DB, k []byte) bool { return db.Exists(k) }},
		{"Delete", func(db *keyspace.DB, k []byte) bool { return db.Delete(k) }},
		{"Persist", func(db *keyspace.DB, k []byte) bool { return db.Persist(k) }},
		{"MemoryUsage", func(db *keyspace.DB, k []byte) bool { _, ok := db.MemoryUsage(k, 0); return ok }},
		{"Take", func(db *keyspace.DB, k []byte) bool { _, _, ok := db.Take(k); return ok }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ks, clk, rec := newKS(t, 1)
			db := ks.DB(0)
			db.Add([]byte("k"), str("v"))
			db.SetExpire([]byte("k"), clk.ms(100*time.Millisecond))
			clk.advance(99 * time.Millisecond)
			ks.Tick()
			if db.Peek([]byte("k")) == nil {
				t.Fatal("key gone before its TTL")
			}
			clk.advance(time.Millisecond)
			ks.Tick()
			rec.reset()
			if tc.lookup(db, []byte("k")) {
				t.Fatal("expired key still visible")
			}
			if db.Len() != 0 || db.ExpiresLen() != 0 {
				t.Fatalf("Len %d ExpiresLen %d after expiry, want 0 0", db.Len(), db.ExpiresLen())
			}
			if ks.Stats.ExpiredKeys != 1 {
				t.Errorf("ExpiredKeys = %d, want 1", ks.Stats.ExpiredKeys)
			}
			want := []event{{0, "k", keyspace.EventExpired, "expired"}}
			if !slices.Equal(rec.changes, want) {
				t.Errorf("changes = %v, want %v", rec.changes, want)
			}
		})
	}
}

func TestLookupSideEffects(t *testing.T) {
	for _, tc := range []struct {
		name                 string
		lookup               func(db *keyspace.DB, key []byte) *keyspace.Entry
		hits, misses, missEv int
		touch                bool
	}{
		{"Lookup", (*keyspace.DB).Lookup, 1, 1, 1, true},
		{"NoTouch", func(db *keyspace.DB, k []byte) *keyspace.Entry { return db.LookupRead(k, keyspace.NoTouch) }, 1, 1, 1, false},
		{"NoStats", func(db *keyspace.DB, k []byte) *keyspace.Entry { return db.LookupRead(k, keyspace.NoStats) }, 0, 0, 1, true},
		{"NoNotify", func(db *keyspace.DB, k []byte) *keyspace.Entry {
			return db.LookupRead(k, keyspace.NoTouch|keyspace.NoNotify)
		}, 1, 1, 0, false},
		{"LookupWrite", (*keyspace.DB).LookupWrite, 0, 0, 0, true},
		{"Peek", (*keyspace.DB).Peek, 0, 0, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ks, clk, rec := newKS(t, 1)
			db := ks.DB(0)
			e := db.Add([]byte("k"), str("v"))
			created := e.Access
			clk.advance(5 * time.Second)
			ks.Tick()
			rec.reset()
			if got := tc.lookup(db, []byte("k")); got == nil {
				t.Fatal("live key not found")
			}
			if tc.lookup(db, []byte("missing")) != nil {
				t.Fatal("missing key found")
			}
			if ks.Stats.Hits != int64(tc.hits) || ks.Stats.Misses != int64(tc.misses) {
				t.Errorf("hits/misses = %d/%d, want %d/%d", ks.Stats.Hits, ks.Stats.Misses, tc.hits, tc.misses)
			}
			if len(rec.notes) != tc.missEv {
				t.Errorf("notifications = %v, want %d keymiss", rec.notes, tc.missEv)
			} else if tc.missEv == 1 && rec.notes[0] != (event{0, "missing", keyspace.EventKeyMiss, "keymiss"}) {
				t.Errorf("notification = %v", rec.notes[0])
			}
			if touched := e.Access != created; touched != tc.touch {
				t.Errorf("access clock touched = %v, want %v", touched, tc.touch)
			}
			if len(rec.changes) != 0 || ks.Dirty != 0 {
				t.Errorf("a lookup recorded changes %v (dirty %d)", rec.changes, ks.Dirty)
			}
		})
	}
}

func TestSetAndTTL(t *testing.T) {
	ks, clk, rec := newKS(t, 1)
	db := ks.DB(0)
	k := []byte("k")

	db.Set(k, str("a"), false)
	if want := []event{{0, "k", keyspace.EventNew, "new"}}; !slices.Equal(rec.notes, want) {
		t.Fatalf("creating a key notified %v, want %v", rec.notes, want)
	}
	at := clk.ms(time.Minute)
	if db.SetExpire(k, at) {
		t.Fatal("a future expiry deleted the key")
	}
	if e := db.Peek(k); e.ExpireAt != at || db.ExpiresLen() != 1 {
		t.Fatalf("ExpireAt %d ExpiresLen %d, want %d 1", e.ExpireAt, db.ExpiresLen(), at)
	}

	rec.reset()
	db.Set(k, str("b"), true) // KEEPTTL
	if e := db.Peek(k); valueOf(e) != "b" || e.ExpireAt != at {
		t.Fatalf("keepTTL: %q at %d", valueOf(e), e.ExpireAt)
	}
	if len(rec.notes) != 0 {
		t.Errorf("overwriting notified %v", rec.notes)
	}
	db.Set(k, str("c"), false)
	if e := db.Peek(k); e.ExpireAt != 0 || db.ExpiresLen() != 0 {
		t.Fatalf("plain Set kept the TTL: %d, ExpiresLen %d", e.ExpireAt, db.ExpiresLen())
	}

	db.SetExpire(k, at)
	if !db.Persist(k) || db.Persist(k) {
		t.Fatal("Persist should report true then false")
	}
	if db.ExpiresLen() != 0 {
		t.Fatal("Persist left the key in the expiry index")
	}

	// A time that is not in the future deletes the key and is no expiry.
	if !db.SetExpire(k, ks.Now()) {
		t.Fatal("SetExpire(now) did not delete")
	}
	if db.Len() != 0 || ks.Stats.ExpiredKeys != 0 {
		t.Fatalf("Len %d ExpiredKeys %d, want 0 0", db.Len(), ks.Stats.ExpiredKeys)
	}

	// Set on an expired key expires it first, then creates it anew.
	db.Set(k, str("d"), false)
	db.SetExpire(k, clk.ms(time.Second))
	clk.advance(2 * time.Second)
	ks.Tick()
	rec.reset()
	db.Set(k, str("e"), true)
	want := []event{{0, "k", keyspace.EventExpired, "expired"}}
	if !slices.Equal(rec.changes, want) || len(rec.notes) != 1 || rec.notes[0].name != "new" {
		t.Fatalf("Set over an expired key: changes %v notes %v", rec.changes, rec.notes)
	}
	if e := db.Peek(k); valueOf(e) != "e" || e.ExpireAt != 0 {
		t.Fatalf("Set over an expired key kept %q at %d", valueOf(e), e.ExpireAt)
	}
}

func TestRenameMoveTake(t *testing.T) {
	ks, clk, rec := newKS(t, 2)
	db0, db1 := ks.DB(0), ks.DB(1)
	at := clk.ms(time.Hour)

	db0.Add([]byte("a"), str("1"))
	db0.SetExpire([]byte("a"), at)
	db0.Add([]byte("b"), str("2"))
	rec.reset()
	db0.Rename([]byte("a"), []byte("b"))
	if db0.Peek([]byte("a")) != nil {
		t.Fatal("source survived the rename")
	}
	if e := db0.Peek([]byte("b")); valueOf(e) != "1" || e.ExpireAt != at {
		t.Fatalf("renamed key: %q at %d, want \"1\" at %d", valueOf(e), e.ExpireAt, at)
	}
	if db0.Len() != 1 || db0.ExpiresLen() != 1 {
		t.Fatalf("Len %d ExpiresLen %d, want 1 1", db0.Len(), db0.ExpiresLen())
	}
	if want := []event{{0, "b", keyspace.EventNew, "new"}}; !slices.Equal(rec.notes, want) || len(rec.changes) != 0 {
		t.Fatalf("rename: notes %v changes %v", rec.notes, rec.changes)
	}

	rec.reset()
	db0.MoveTo([]byte("b"), db1)
	if db0.Len() != 0 || db0.ExpiresLen() != 0 {
		t.Fatal("move left the key behind")
	}
	if e := db1.Peek([]byte("b")); valueOf(e) != "1" || e.ExpireAt != at || db1.ExpiresLen() != 1 {
		t.Fatal("moved key lost its value or TTL")
	}
	if want := []event{{1, "b", keyspace.EventNew, "new"}}; !slices.Equal(rec.notes, want) {
		t.Fatalf("move notified %v, want %v", rec.notes, want)
	}

	v, gotAt, ok := db1.Take([]byte("b"))
	if !ok || gotAt != at || string(v.(*types.String).Bytes()) != "1" {
		t.Fatalf("Take = %v %d %v", v, gotAt, ok)
	}
	if _, _, ok := db1.Take([]byte("b")); ok {
		t.Fatal("Take of a missing key succeeded")
	}
}

func TestPutOverStaleEntryKeepsIndex(t *testing.T) {
	ks, clk, _ := newKS(t, 1)
	db := ks.DB(0)
	db.Put([]byte("k"), str("v"), clk.ms(time.Second))
	clk.advance(2 * time.Second)
	ks.Tick()
	// Breaking Put's precondition (the stale key was not looked up) must not
	// leave the expiry index out of step with the entry.
	db.Put([]byte("k"), str("w"), 0)
	if db.ExpiresLen() != 0 {
		t.Fatalf("ExpiresLen = %d, want 0", db.ExpiresLen())
	}
	for ks.ExpireStep() {
	}
	if e := db.Peek([]byte("k")); valueOf(e) != "w" {
		t.Fatalf("the expiry cycle removed a key without TTL: %q", valueOf(e))
	}
}

func TestScanReportsExpired(t *testing.T) {
	ks, clk, _ := newKS(t, 1)
	db := ks.DB(0)
	for i := range 100 {
		k := []byte(fmt.Sprintf("k%d", i))
		db.Add(k, str("v"))
		if i%2 == 0 {
			db.SetExpire(k, clk.ms(time.Second))
		}
	}
	clk.advance(time.Second)
	ks.Tick()
	seen := map[string]bool{}
	cursor := uint64(0)
	for {
		cursor = db.Scan(cursor, func(key string, e *keyspace.Entry, expired bool) {
			seen[key] = expired
		})
		if cursor == 0 {
			break
		}
	}
	if len(seen) != 100 {
		t.Fatalf("scan saw %d keys, want 100", len(seen))
	}
	for i := range 100 {
		if exp := seen[fmt.Sprintf("k%d", i)]; exp != (i%2 == 0) {
			t.Errorf("k%d expired = %v", i, exp)
		}
	}
	n := 0
	db.Range(func(string, *keyspace.Entry) bool { n++; return true })
	if n != 50 || db.Len() != 100 {
		t.Errorf("Range saw %d live keys of Len %d, want 50 of 100 (Range does not delete)", n, db.Len())
	}
}

func TestRandomKey(t *testing.T) {
	ks, clk, rec := newKS(t, 1)
	db := ks.DB(0)
	if _, ok := db.RandomKey(); ok {
		t.Fatal("RandomKey on an empty database")
	}
	for i := range 50 {
		k := []byte(fmt.Sprintf("k%d", i))
		db.Add(k, str("v"))
		db.SetExpire(k, clk.ms(time.Second))
	}
	db.Add([]byte("live"), str("v"))
	clk.advance(time.Second)
	ks.Tick()
	rec.reset()
	for range 20 {
		if k, ok := db.RandomKey(); !ok || k != "live" {
			t.Fatalf("RandomKey = %q %v, want the only live key", k, ok)
		}
	}
	for _, ev := range rec.changes {
		if ev.name != "expired" {
			t.Fatalf("unexpected event %v", ev)
		}
	}
	// With only expired keys, RandomKey expires them all and finds nothing.
	db.Delete([]byte("live"))
	if k, ok := db.RandomKey(); ok {
		t.Fatalf("RandomKey = %q among expired keys", k)
	}
	if db.Len() != 0 || ks.Stats.ExpiredKeys != 50 {
		t.Fatalf("Len %d ExpiredKeys %d, want 0 50", db.Len(), ks.Stats.ExpiredKeys)
	}
}

func TestFlushAndSwap(t *testing.T) {
	ks, clk, _ := newKS(t, 3)
	var flushed []int
	ks.OnFlush = func(db *keyspace.DB) {
		id := -1
		if db != nil {
			id = db.ID
			if db.Len() == 0 {
				t.Error("OnFlush called after the keys were removed")
			}
		}
		flushed = append(flushed, id)
	}
	var swapped [][2]int
	ks.OnSwap = func(a, b *keyspace.DB) { swapped = append(swapped, [2]int{a.ID, b.ID}) }

	for i := range 3 {
		for j := range i + 1 {
			k := []byte(fmt.Sprintf("k%d", j))
			ks.DB(i).Add(k, str(fmt.Sprint(i)))
			ks.DB(i).SetExpire(k, clk.ms(time.Hour))
		}
	}
	ks.Dirty = 0
	ks.Swap(0, 2)
	if ks.DB(0).Len() != 3 || ks.DB(2).Len() != 1 || ks.DB(0).ExpiresLen() != 3 {
		t.Fatalf("after swap: db0 %d db2 %d", ks.DB(0).Len(), ks.DB(2).Len())
	}
	if valueOf(ks.DB(0).Peek([]byte("k0"))) != "2" {
		t.Fatal("db0 does not hold db2's data")
	}
	ks.Swap(1, 1)
	if !slices.Equal(swapped, [][2]int{{0, 2}}) || ks.Dirty != 2 {
		t.Fatalf("swaps %v dirty %d, want [[0 2]] 2", swapped, ks.Dirty)
	}

	if n := ks.DB(0).Flush(); n != 3 || ks.DB(0).Len() != 0 || ks.DB(0).ExpiresLen() != 0 {
		t.Fatalf("Flush = %d, Len %d", n, ks.DB(0).Len())
	}
	if n := ks.FlushAll(); n != 3 {
		t.Fatalf("FlushAll = %d, want 3", n)
	}
	if !slices.Equal(flushed, []int{0, -1}) || ks.Dirty != 2+3+3 {
		t.Fatalf("flushes %v dirty %d", flushed, ks.Dirty)
	}
}

// TestActiveExpiry drives the expiry cycle the way the server's cron does
// at hz 10 — steps while they report more work, within a quarter of the
// 100 ms period — and checks that expired keys do not linger and that no
// step is long.
func TestActiveExpiry(t *testing.T) {
	for _, tc := range []struct {
		name             string
		short, long, dbs int
		maxStalePercent  float64 // of the keys with a TTL still stored
	}{
		{"all volatile", 10_000, 0, 1, 0},
		{"half volatile", 10_000, 10_000, 1, 10},
		{"spread over databases", 10_000, 10_000, 4, 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ks, clk, _ := newKS(t, 16)
			ks.OnChange, ks.OnNotify = nil, nil
			for i := range tc.short {
				k := []byte(fmt.Sprintf("short:%d", i))
				db := ks.DB(i % tc.dbs)
				db.Add(k, str("v"))
				db.SetExpire(k, clk.ms(100*time.Millisecond))
			}
			for i := range tc.long {
				k := []byte(fmt.Sprintf("long:%d", i))
				db := ks.DB(i % tc.dbs)
				db.Add(k, str("v"))
				db.SetExpire(k, clk.ms(time.Hour))
			}
			const period = 100 * time.Millisecond
			// A step examines at most 20 keys per database.
			const maxPerStep = 20 * 16
			var durations []time.Duration
			for range 10 { // one second of cron at hz 10
				clk.advance(period)
				start := time.Now()
				for {
					before := ks.Stats.ExpiredKeys
					s := time.Now()
					more := ks.ExpireStep()
					durations = append(durations, time.Since(s))
					if n := ks.Stats.ExpiredKeys - before; n > maxPerStep {
						t.Fatalf("one step expired %d keys, more than its bound %d", n, maxPerStep)
					}
					if !more || time.Since(start) > period/4 {
						break
					}
				}
			}
			slices.Sort(durations)
			steps, longest := len(durations), durations[len(durations)-1]
			median, p99 := durations[len(durations)/2], durations[len(durations)*99/100]
			stale := 0
			for i := range tc.dbs {
				stale += ks.DB(i).Len()
			}
			stale -= tc.long
			perc := 100 * float64(stale) / float64(tc.short+tc.long)
			t.Logf("%d steps, median %v, p99 %v, longest %v, %d of %d expired keys left (%.1f%% of keys with a TTL), expired_keys %d, stale estimate %.1f%%",
				steps, median, p99, longest, stale, tc.short, perc, ks.Stats.ExpiredKeys, ks.StalePercent())
			if perc > tc.maxStalePercent {
				t.Errorf("%.1f%% of the keys with a TTL are expired but present, want at most %.0f%%", perc, tc.maxStalePercent)
			}
			if int(ks.Stats.ExpiredKeys) != tc.short-stale {
				t.Errorf("ExpiredKeys = %d, want %d", ks.Stats.ExpiredKeys, tc.short-stale)
			}
			// The work of a step is bounded above; its time is typically
			// a few microseconds (tens under the race detector). Only the
			// median is held to a limit: single steps can be stretched by
			// GC pauses or by other tests sharing the CPUs.
			if median > time.Millisecond {
				t.Errorf("steps too long: median %v, p99 %v, longest %v", median, p99, longest)
			}
			for i := range tc.dbs {
				ks.DB(i).Range(func(key string, _ *keyspace.Entry) bool {
					if strings.HasPrefix(key, "short:") {
						t.Fatalf("expired key %s visible", key)
					}
					return true
				})
			}
		})
	}
}

func TestActiveExpiryDisabled(t *testing.T) {
	ks, clk, _ := newKS(t, 1)
	ks.DB(0).Put([]byte("k"), str("v"), clk.ms(time.Millisecond))
	clk.advance(time.Second)
	ks.ActiveExpire = false
	if ks.ExpireStep() || ks.DB(0).Len() != 1 {
		t.Fatal("disabled active expiry removed a key")
	}
	ks.ActiveExpire = true
	ks.ExpireStep()
	if ks.DB(0).Len() != 0 || ks.Stats.ExpiredStaleKeys != 1 {
		t.Fatalf("Len %d ExpiredStaleKeys %d, want 0 1", ks.DB(0).Len(), ks.Stats.ExpiredStaleKeys)
	}
}

func TestAvgTTL(t *testing.T) {
	ks, clk, _ := newKS(t, 1)
	db := ks.DB(0)
	for i := range 100 {
		db.Put([]byte(fmt.Sprint(i)), str("v"), clk.ms(10*time.Second))
	}
	ks.ExpireStep()
	if avg := db.AvgTTL(); avg < 9_000 || avg > 10_000 {
		t.Fatalf("AvgTTL = %d, want about 10000", avg)
	}
	db.Flush()
	ks.ExpireStep()
	if db.AvgTTL() != 0 {
		t.Fatal("AvgTTL of an empty database")
	}
}

func TestMemoryUsage(t *testing.T) {
	ks, clk, _ := newKS(t, 1)
	db := ks.DB(0)
	db.Add([]byte("small"), str("v"))
	db.Add([]byte("big"), str(strings.Repeat("x", 1000)))
	db.Put([]byte("ttl"), str("v"), clk.ms(time.Hour))

	small, ok := db.MemoryUsage([]byte("small"), 5)
	if !ok || small < 64 || small > 256 {
		t.Fatalf("small key: %d %v", small, ok)
	}
	big, _ := db.MemoryUsage([]byte("big"), 5)
	if big < small+1000 {
		t.Errorf("1000-byte value costs %d, small one %d", big, small)
	}
	withTTL, _ := db.MemoryUsage([]byte("ttl"), 0)
	if withTTL <= small {
		t.Errorf("a TTL adds nothing: %d vs %d", withTTL, small)
	}
	if _, ok := db.MemoryUsage([]byte("missing"), 0); ok {
		t.Error("missing key has a size")
	}
}

func TestAllocSize(t *testing.T) {
	for _, tc := range []struct {
		n    int
		want int64
	}{{0, 0}, {1, 8}, {8, 8}, {9, 16}, {33, 48}, {32768, 32768}, {32769, 40960}} {
		if got := types.AllocSize(tc.n); got != tc.want {
			t.Errorf("AllocSize(%d) = %d, want %d", tc.n, got, tc.want)
		}
	}
}

func TestCopyIsDeep(t *testing.T) {
	for _, v := range []*types.String{types.NewString([]byte("12")), types.NewString([]byte("hello")), types.NewStringRaw([]byte("ab"))} {
		c := v.Copy().(*types.String)
		if string(c.Bytes()) != string(v.Bytes()) || c.Encoding() != v.Encoding() {
			t.Fatalf("copy %q/%s of %q/%s", c.Bytes(), c.Encoding(), v.Bytes(), v.Encoding())
		}
		c.Bytes()[0] = 'X'
		if v.Bytes()[0] == 'X' {
			t.Fatal("copy shares memory")
		}
	}
}
