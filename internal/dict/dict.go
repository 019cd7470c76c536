package dict

import (
	"hash/maphash"
	"math/bits"
	"math/rand/v2"
	"strings"
	"time"
	"unsafe"
)

const (
	// minBuckets is the smallest table size; a table never shrinks below it.
	minBuckets = 4
	// shrinkRatio: a table shrinks when it uses fewer than 1/shrinkRatio of
	// its buckets' worth of keys.
	shrinkRatio = 8
	// emptyVisitsPerBucket bounds the empty buckets a rehash step may skip
	// for each bucket it was asked to move, so a step over a sparse table
	// still finishes quickly.
	emptyVisitsPerBucket = 10
	// sampleEmptyRun is how many empty buckets in a row SampleN walks
	// before jumping to another random position.
	sampleEmptyRun = 5
	// randomProbes is how many random buckets Random tries before it falls
	// back to walking forward from a random bucket.
	randomProbes = 64
)

// node is one entry of a bucket's chain.
//
// Memory per entry, on 64-bit platforms: the node is 16 (key header) + 8
// (next) + sizeof(V) bytes, rounded up to a size class (32 bytes for an
// 8-byte V, 48 for a 16-byte V such as an interface); the key's bytes are a
// second allocation rounded up to its size class (16 bytes for keys of 9 to
// 16 bytes); the bucket arrays add 8 to 16 bytes per entry (8 bytes per
// bucket at a load factor between 1/2 and 1). So an 11-byte key with a
// 16-byte value costs about 48 + 16 + 12 = 76 bytes, not counting what the
// value points to. The hash is not stored: recomputing it costs a few
// nanoseconds per key and only when a table grows.
type node[V any] struct {
	key  string
	next *node[V]
	val  V
}

// table is one bucket array. Its length is zero or a power of two.
type table[V any] struct {
	buckets []*node[V]
	used    int // entries in this table
}

func (t *table[V]) mask() uint64 { return uint64(len(t.buckets) - 1) }

// Dict is a hash table from string keys to values of type V. The zero value
// is an empty dict ready to use. See the package documentation for the rules
// on concurrency and on modifying it during Range and Scan.
type Dict[V any] struct {
	// t[0] is the main table. While a resize is in progress t[1] is the new
	// table, and the buckets of t[0] below rehashIdx have been moved to it
	// (they are nil).
	t         [2]table[V]
	rehashIdx int
	// paused counts running Range and Scan calls. While it is non-zero no
	// bucket moves, and Set, Delete and Clear panic.
	paused int
	seed   maphash.Seed
}

// Entry is a key and a pointer to its value, as returned by SampleN.
type Entry[V any] struct {
	Key string
	Val *V
}

// New returns an empty dict. It is the same as new(Dict[V]).
func New[V any]() *Dict[V] {
	return &Dict[V]{seed: maphash.MakeSeed()}
}

// Len returns the number of keys.
func (d *Dict[V]) Len() int { return d.t[0].used + d.t[1].used }

// Buckets returns the sizes of the two bucket arrays: main is the table in
// use and rehashing the table being filled by an incremental resize (0 when
// no resize is in progress).
func (d *Dict[V]) Buckets() (main, rehashing int) {
	return len(d.t[0].buckets), len(d.t[1].buckets)
}

// Rehashing reports whether an incremental resize is in progress.
func (d *Dict[V]) Rehashing() bool { return d.t[1].buckets != nil }

// view returns a string that shares b's bytes. It is only used for the
// duration of a call that does not keep it, while the caller does not modify
// b; anything stored is copied first.
func view(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

func (d *Dict[V]) hash(key string) uint64 { return maphash.String(d.seed, key) }

// Find returns a pointer to the value stored for key, or nil if key is absent.
// It advances an incremental resize by one bucket (unless a Range or Scan
// callback is running), so it needs the same lock as a write. The pointer
// refers to the key's value until the key is deleted or the dict is cleared:
// nodes never move in memory. It does not allocate and does not keep key.
func (d *Dict[V]) Find(key []byte) *V { return d.find(view(key), true) }

// FindString is Find for a string key.
func (d *Dict[V]) FindString(key string) *V { return d.find(key, true) }

// Peek is Find without the rehash step. It does not modify the dict, so
// goroutines holding a shared lock may call it concurrently (see the package
// documentation for the other read-only methods).
func (d *Dict[V]) Peek(key []byte) *V { return d.find(view(key), false) }

func (d *Dict[V]) find(key string, step bool) *V {
	if d.Len() == 0 {
		return nil
	}
	if step && d.paused == 0 && d.Rehashing() {
		d.rehash(1)
	}
	if n := d.lookup(key, d.hash(key)); n != nil {
		return &n.val
	}
	return nil
}

// lookup returns the node for key, whose hash is h, or nil.
func (d *Dict[V]) lookup(key string, h uint64) *node[V] {
	t := &d.t[0]
	if i := h & t.mask(); !d.Rehashing() || i >= uint64(d.rehashIdx) {
		for n := t.buckets[i]; n != nil; n = n.next {
			if n.key == key {
				return n
			}
		}
	}
	if d.Rehashing() {
		t = &d.t[1]
		for n := t.buckets[h&t.mask()]; n != nil; n = n.next {
			if n.key == key {
				return n
			}
		}
	}
	return nil
}

// Set stores v for key, adding key if it is absent (the dict keeps its own
// copy of the bytes; key is not retained) or overwriting its value. It
// returns a pointer to the stored value, with the lifetime described at Find,
// and whether key was added. Overwriting does not allocate; adding allocates
// the node and the key copy, and sometimes a new bucket array.
func (d *Dict[V]) Set(key []byte, v V) (stored *V, added bool) {
	d.checkWritable()
	k := view(key)
	if d.t[0].buckets == nil {
		d.init()
	} else if d.Rehashing() {
		d.rehash(1)
	}
	h := d.hash(k)
	if n := d.lookup(k, h); n != nil {
		n.val = v
		return &n.val, false
	}
	if !d.Rehashing() && d.t[0].used >= len(d.t[0].buckets) {
		d.startResize(nextPow2(d.t[0].used + 1))
	}
	t := &d.t[0]
	if d.Rehashing() {
		t = &d.t[1]
	}
	i := h & t.mask()
	n := &node[V]{key: strings.Clone(k), next: t.buckets[i], val: v}
	t.buckets[i] = n
	t.used++
	return &n.val, true
}

// Delete removes key and returns its value and true, or the zero value and
// false if key was absent. It does not allocate and does not keep key.
func (d *Dict[V]) Delete(key []byte) (V, bool) { return d.delete(view(key)) }

// DeleteString is Delete for a string key.
func (d *Dict[V]) DeleteString(key string) (V, bool) { return d.delete(key) }

func (d *Dict[V]) delete(key string) (V, bool) {
	d.checkWritable()
	var zero V
	if d.Len() == 0 {
		return zero, false
	}
	if d.Rehashing() {
		d.rehash(1)
	}
	h := d.hash(key)
	for ti := range 2 {
		t := &d.t[ti]
		if t.buckets == nil {
			break
		}
		i := h & t.mask()
		if ti == 0 && d.Rehashing() && i < uint64(d.rehashIdx) {
			continue // bucket already moved to t[1]
		}
		for p := &t.buckets[i]; *p != nil; p = &(*p).next {
			n := *p
			if n.key != key {
				continue
			}
			*p = n.next
			n.next = nil // a caller still holding &n.val must not pin the chain
			t.used--
			if !d.Rehashing() {
				d.shrinkIfNeeded()
			}
			return n.val, true
		}
	}
	return zero, false
}

// Clear removes every key and releases the tables.
func (d *Dict[V]) Clear() {
	d.checkWritable()
	d.t = [2]table[V]{}
	d.rehashIdx = 0
}

// RehashStep moves up to buckets non-empty buckets of an incremental resize
// to the new table (skipping at most 10 empty buckets per bucket asked for).
// If no resize is in progress it first starts one if the table has become
// too full or too sparse (deletes made during a resize do not shrink the
// table until later). It reports whether work remains: a resize in progress
// or one that the next call would start. It does nothing while a Range or
// Scan callback runs.
func (d *Dict[V]) RehashStep(buckets int) bool {
	if d.paused != 0 {
		return d.Rehashing()
	}
	if !d.Rehashing() {
		d.resizeIfNeeded()
	}
	return d.rehash(buckets) || d.needsResize()
}

// RehashFor does rehash steps of 100 buckets until no work remains or at
// least budget has passed, and reports whether work remains.
func (d *Dict[V]) RehashFor(budget time.Duration) bool {
	start := time.Now()
	for d.RehashStep(100) {
		if d.paused != 0 || time.Since(start) >= budget {
			return true
		}
	}
	return false
}

// Scan calls fn for the keys in the buckets selected by cursor and returns
// the cursor for the next call; 0 means the scan is complete. Start a scan
// with cursor 0. Every key present from the first call to the last is
// passed to fn at least once, whatever is added, deleted or resized between
// calls; a key may be passed more than once. fn receives the stored key
// (safe to keep) and a pointer to its value; it must not modify the dict
// (that panics) but may look keys up.
func (d *Dict[V]) Scan(cursor uint64, fn func(key string, v *V)) uint64 {
	if d.Len() == 0 {
		return 0
	}
	d.paused++
	defer func() { d.paused-- }()

	if !d.Rehashing() {
		t := &d.t[0]
		m := t.mask()
		visit(t.buckets[cursor&m], fn)
		return nextCursor(cursor, m)
	}

	// Visit the cursor's bucket in the smaller table, then every bucket of
	// the larger table whose index ends in the same low bits: together they
	// hold every key that either table would put at that cursor.
	small, large := &d.t[0], &d.t[1]
	if len(small.buckets) > len(large.buckets) {
		small, large = large, small
	}
	m0, m1 := small.mask(), large.mask()
	visit(small.buckets[cursor&m0], fn)
	for {
		visit(large.buckets[cursor&m1], fn)
		cursor = nextCursor(cursor, m1)
		if cursor&(m0^m1) == 0 {
			return cursor
		}
	}
}

// nextCursor increments the cursor's low bits (those in mask) in reversed
// bit order: it counts from the top bit of the mask down. Because a resize
// only adds or removes high bits of the bucket index, the buckets visited so
// far under one size are exactly the ones visited under any other size,
// which is what makes Scan's guarantee hold across resizes.
func nextCursor(c, mask uint64) uint64 {
	c |= ^mask
	c = bits.Reverse64(c)
	c++
	return bits.Reverse64(c)
}

func visit[V any](n *node[V], fn func(key string, v *V)) {
	for n != nil {
		next := n.next
		fn(n.key, &n.val)
		n = next
	}
}

// Range calls fn for every entry, in no particular order, until fn returns
// false. fn must not modify the dict (that panics); it may look keys up.
// Range visits the whole table in one call: the server uses Scan where a
// pause would be too long.
func (d *Dict[V]) Range(fn func(key string, v *V) bool) {
	if d.Len() == 0 {
		return
	}
	d.paused++
	defer func() { d.paused-- }()
	for ti := range 2 {
		for _, n := range d.t[ti].buckets {
			for n != nil {
				next := n.next
				if !fn(n.key, &n.val) {
					return
				}
				n = next
			}
		}
	}
}

// Random returns a random entry: a random non-empty bucket, then a random
// entry of its chain, so keys in long chains are somewhat less likely. ok is
// false when the dict is empty. rng may be nil to use math/rand/v2's global
// source. It does not allocate.
func (d *Dict[V]) Random(rng *rand.Rand) (key string, v *V, ok bool) {
	if d.Len() == 0 {
		return "", nil, false
	}
	// Positions [lo, hi) cover t[0]'s unmoved buckets, then t[1].
	lo, s0 := 0, len(d.t[0].buckets)
	if d.Rehashing() {
		lo = d.rehashIdx
	}
	hi := s0 + len(d.t[1].buckets)
	bucket := func(i int) *node[V] {
		if i < s0 {
			return d.t[0].buckets[i]
		}
		return d.t[1].buckets[i-s0]
	}
	var head *node[V]
	for range randomProbes {
		if head = bucket(lo + randN(rng, hi-lo)); head != nil {
			break
		}
	}
	if head == nil {
		// A very sparse table (a shrink is pending): walk forward from a
		// random position, which bounds the work by the table size.
		for i := lo + randN(rng, hi-lo); head == nil; i++ {
			if i == hi {
				i = lo
			}
			head = bucket(i)
		}
	}
	length := 0
	for n := head; n != nil; n = n.next {
		length++
	}
	n := head
	for k := randN(rng, length); k > 0; k-- {
		n = n.next
	}
	return n.key, &n.val, true
}

// SampleN appends up to n entries to dst and returns the extended slice. It
// starts at a random bucket and walks consecutive buckets, jumping to another
// random place after a run of empty ones, and stops after visiting 10*n
// bucket positions, so it may return fewer than n entries (never more than
// Len) and, after wrapping around, the same entry twice. Entries that share a
// chain come together; that is good enough for eviction and expiry sampling,
// not for uniform sampling. rng may be nil to use math/rand/v2's global
// source. It does not allocate when dst has room.
func (d *Dict[V]) SampleN(rng *rand.Rand, n int, dst []Entry[V]) []Entry[V] {
	n = min(n, d.Len())
	if n <= 0 {
		return dst
	}
	size := max(len(d.t[0].buckets), len(d.t[1].buckets))
	i := randN(rng, size)
	got, emptyRun := 0, 0
	for steps := 10 * n; steps > 0 && got < n; steps-- {
		if d.Rehashing() && i < d.rehashIdx && i >= len(d.t[1].buckets) {
			// Shrinking: nothing at positions below rehashIdx and
			// beyond t[1], so continue at rehashIdx.
			i = d.rehashIdx
		}
		empty := true
		for ti := range 2 {
			t := &d.t[ti]
			if i >= len(t.buckets) || (ti == 0 && d.Rehashing() && i < d.rehashIdx) {
				continue
			}
			for e := t.buckets[i]; e != nil && got < n; e = e.next {
				dst = append(dst, Entry[V]{Key: e.key, Val: &e.val})
				got++
				empty = false
			}
		}
		if empty {
			emptyRun++
			if emptyRun >= sampleEmptyRun && emptyRun > n {
				i = randN(rng, size)
				emptyRun = 0
				continue
			}
		} else {
			emptyRun = 0
		}
		i = (i + 1) & (size - 1)
	}
	return dst
}

func randN(rng *rand.Rand, n int) int {
	if rng == nil {
		return rand.IntN(n)
	}
	return rng.IntN(n)
}

func (d *Dict[V]) checkWritable() {
	if d.paused != 0 {
		panic("dict: modified during Range or Scan")
	}
}

func (d *Dict[V]) init() {
	if d.seed == (maphash.Seed{}) {
		d.seed = maphash.MakeSeed()
	}
	d.t[0] = table[V]{buckets: make([]*node[V], minBuckets)}
	d.rehashIdx = 0
}

// needsResize reports whether resizeIfNeeded would start a resize.
func (d *Dict[V]) needsResize() bool {
	t := &d.t[0]
	if d.Rehashing() || t.buckets == nil {
		return false
	}
	return t.used >= len(t.buckets) || (len(t.buckets) > minBuckets && t.used*shrinkRatio < len(t.buckets))
}

// resizeIfNeeded starts a resize if the table (not rehashing) is full or
// sparse.
func (d *Dict[V]) resizeIfNeeded() {
	if d.t[0].buckets == nil {
		return
	}
	if d.t[0].used >= len(d.t[0].buckets) {
		d.startResize(nextPow2(d.t[0].used + 1))
		return
	}
	d.shrinkIfNeeded()
}

// shrinkIfNeeded starts shrinking the table (not rehashing) when fewer than
// one bucket in shrinkRatio is used.
func (d *Dict[V]) shrinkIfNeeded() {
	t := &d.t[0]
	if len(t.buckets) <= minBuckets || t.used*shrinkRatio >= len(t.buckets) {
		return
	}
	if t.used == 0 {
		// Nothing to move: replace the table at once.
		*t = table[V]{buckets: make([]*node[V], minBuckets)}
		return
	}
	d.startResize(max(minBuckets, nextPow2(t.used)))
}

func (d *Dict[V]) startResize(size int) {
	d.t[1] = table[V]{buckets: make([]*node[V], size)}
	d.rehashIdx = 0
}

// rehash moves up to n non-empty buckets from t[0] to t[1], skipping at most
// emptyVisitsPerBucket*n empty ones, and finishes the resize when t[0] is
// empty. It reports whether work remains.
func (d *Dict[V]) rehash(n int) bool {
	if !d.Rehashing() {
		return false
	}
	src, dst := &d.t[0], &d.t[1]
	dmask := dst.mask()
	shrinking := len(dst.buckets) < len(src.buckets)
	emptyLeft := n * emptyVisitsPerBucket
	for ; n > 0 && src.used > 0; n-- {
		// src.used > 0, so a non-empty bucket remains at or after rehashIdx.
		for src.buckets[d.rehashIdx] == nil {
			d.rehashIdx++
			if emptyLeft--; emptyLeft == 0 {
				return true
			}
		}
		e := src.buckets[d.rehashIdx]
		src.buckets[d.rehashIdx] = nil
		for e != nil {
			next := e.next
			var i uint64
			if shrinking {
				// The smaller table's index is a suffix of the
				// larger one's: no need to hash again.
				i = uint64(d.rehashIdx) & dmask
			} else {
				i = d.hash(e.key) & dmask
			}
			e.next = dst.buckets[i]
			dst.buckets[i] = e
			src.used--
			dst.used++
			e = next
		}
		d.rehashIdx++
	}
	if src.used > 0 {
		return true
	}
	d.t[0], d.t[1] = d.t[1], table[V]{}
	d.rehashIdx = 0
	return false
}

// nextPow2 returns the smallest power of two >= n (n >= 1).
func nextPow2(n int) int {
	if n <= 1 {
		return 1
	}
	return 1 << bits.Len(uint(n-1))
}
