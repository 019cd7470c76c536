package types

import (
	"bytes"
	"unsafe"

	"github.com/trove-db/trove/internal/num"
)

// List is a list value: a double-ended queue of byte strings.
//
// Representation: one slice of element slices used as a deque, with free
// room kept at both ends (lo..hi holds the elements), so pushes and pops at
// either end are amortised O(1) and indexing is O(1); inserting or removing
// in the middle moves the shorter side. Each element costs its 24-byte slice
// header in the deque plus its own allocation (rounded up to a Go size
// class). This is a pointer per element; a packed chunked layout like
// Valkey's quicklist would save roughly 20 bytes per small element and is
// left for later.
//
// Encoding: OBJECT ENCODING reports what Valkey 8 would, which this type
// tracks without changing its layout. A list is "listpack" while it fits in
// one listpack node as list-max-listpack-size allows and "quicklist" after a
// growing operation crosses that limit. Valkey 7.2+ (so Valkey 8) converts a
// quicklist back to a listpack after a shrinking operation when it is down
// to half the limits; the 7.0 reference always says "quicklist". To decide,
// the type keeps the exact byte size the elements would take in a listpack.
//
// A List is not safe for concurrent use; the keyspace lock guards it.
type List struct {
	buf    [][]byte
	lo, hi int
	// lpBytes is the size in bytes of a listpack holding every element:
	// header, entries with their back-lengths, terminator.
	lpBytes int
	quick   bool
}

// listpack layout sizes: a 6-byte header and a 1-byte terminator.
const lpEmptyBytes = 7

// NewList returns an empty list in the listpack encoding.
func NewList() *List { return &List{lpBytes: lpEmptyBytes} }

// Kind is KindList.
func (l *List) Kind() Kind { return KindList }

// Encoding is "listpack" or "quicklist".
func (l *List) Encoding() string {
	if l.quick {
		return "quicklist"
	}
	return "listpack"
}

// Len is the number of elements.
func (l *List) Len() int { return l.hi - l.lo }

// At returns element i (0 is the head); i must be in range. The result
// aliases the list.
func (l *List) At(i int) []byte { return l.buf[l.lo+i] }

// PushLeft adds v at the head; the list keeps v.
func (l *List) PushLeft(v []byte) {
	if l.lo == 0 {
		l.grow(true)
	}
	l.lo--
	l.buf[l.lo] = v
	l.lpBytes += lpEntrySize(v)
}

// PushRight adds v at the tail; the list keeps v.
func (l *List) PushRight(v []byte) {
	if l.hi == len(l.buf) {
		l.grow(false)
	}
	l.buf[l.hi] = v
	l.hi++
	l.lpBytes += lpEntrySize(v)
}

// grow makes room at the front (front) or the back of the deque.
func (l *List) grow(front bool) {
	n := l.Len()
	room := n
	if room < 4 {
		room = 4
	}
	nb := make([][]byte, n+room)
	at := 0
	if front {
		at = room
	}
	copy(nb[at:], l.buf[l.lo:l.hi])
	l.buf, l.lo, l.hi = nb, at, at+n
}

// PopLeft removes and returns the head; the list must not be empty.
func (l *List) PopLeft() []byte {
	v := l.buf[l.lo]
	l.buf[l.lo] = nil
	l.lo++
	l.lpBytes -= lpEntrySize(v)
	l.compact()
	return v
}

// PopRight removes and returns the tail; the list must not be empty.
func (l *List) PopRight() []byte {
	l.hi--
	v := l.buf[l.hi]
	l.buf[l.hi] = nil
	l.lpBytes -= lpEntrySize(v)
	l.compact()
	return v
}

// compact recentres an empty deque and gives back a mostly unused one.
func (l *List) compact() {
	n := l.Len()
	if n == 0 {
		l.lo, l.hi = len(l.buf)/2, len(l.buf)/2
		return
	}
	if len(l.buf) > 64 && n < len(l.buf)/4 {
		nb := make([][]byte, 2*n)
		at := n / 2
		copy(nb[at:], l.buf[l.lo:l.hi])
		l.buf, l.lo, l.hi = nb, at, at+n
	}
}

// Set replaces element i, which must be in range; the list keeps v.
func (l *List) Set(i int, v []byte) {
	p := &l.buf[l.lo+i]
	l.lpBytes += lpEntrySize(v) - lpEntrySize(*p)
	*p = v
}

// Insert puts v before element i (i == Len appends); the list keeps v.
func (l *List) Insert(i int, v []byte) {
	n := l.Len()
	if i <= n/2 {
		l.PushLeft(v)
		copy(l.buf[l.lo:l.lo+i], l.buf[l.lo+1:l.lo+i+1])
	} else {
		l.PushRight(v)
		copy(l.buf[l.lo+i+1:l.hi], l.buf[l.lo+i:l.hi-1])
	}
	l.buf[l.lo+i] = v
}

// Index finds v scanning from the head, or -1.
func (l *List) Index(v []byte) int {
	for i, e := range l.buf[l.lo:l.hi] {
		if bytes.Equal(e, v) {
			return i
		}
	}
	return -1
}

// Trim keeps only elements start..stop (inclusive, already clamped to
// 0 <= start <= stop < Len), or none when keep is false.
func (l *List) Trim(start, stop int, keep bool) {
	if !keep {
		start, stop = 0, -1
	}
	for i := l.lo; i < l.lo+start; i++ {
		l.lpBytes -= lpEntrySize(l.buf[i])
		l.buf[i] = nil
	}
	for i := l.lo + stop + 1; i < l.hi; i++ {
		l.lpBytes -= lpEntrySize(l.buf[i])
		l.buf[i] = nil
	}
	l.lo, l.hi = l.lo+start, l.lo+stop+1
	l.compact()
}

// Remove deletes up to count elements equal to v (all when count is 0),
// from the head when count >= 0 and from the tail when it is negative, and
// returns how many it removed.
func (l *List) Remove(count int64, v []byte) int64 {
	var removed int64
	limit := count
	if limit < 0 {
		limit = -limit
	}
	keep := func(e []byte) bool {
		if (limit == 0 || removed < limit) && bytes.Equal(e, v) {
			removed++
			l.lpBytes -= lpEntrySize(e)
			return false
		}
		return true
	}
	if count >= 0 {
		w := l.lo
		for r := l.lo; r < l.hi; r++ {
			if e := l.buf[r]; keep(e) {
				l.buf[w] = e
				w++
			}
		}
		clear(l.buf[w:l.hi])
		l.hi = w
	} else {
		w := l.hi - 1
		for r := l.hi - 1; r >= l.lo; r-- {
			if e := l.buf[r]; keep(e) {
				l.buf[w] = e
				w--
			}
		}
		clear(l.buf[l.lo : w+1])
		l.lo = w + 1
	}
	if removed > 0 {
		l.compact()
	}
	return removed
}

// Copy returns a deep copy in the same encoding.
func (l *List) Copy() Value {
	n := l.Len()
	c := &List{buf: make([][]byte, n), hi: n, lpBytes: l.lpBytes, quick: l.quick}
	size := 0
	for _, e := range l.buf[l.lo:l.hi] {
		size += len(e)
	}
	arena := make([]byte, 0, size)
	for i, e := range l.buf[l.lo:l.hi] {
		arena = append(arena, e...)
		c.buf[i] = arena[len(arena)-len(e) : len(arena) : len(arena)]
	}
	return c
}

// MemoryUsage estimates the heap the list holds: the header, the deque and
// the elements (sampled when samples > 0).
func (l *List) MemoryUsage(samples int) int64 {
	total := AllocSize(int(unsafe.Sizeof(List{}))) + AllocSize(cap(l.buf)*int(unsafe.Sizeof([]byte(nil))))
	n := l.Len()
	if n == 0 {
		return total
	}
	m := n
	if samples > 0 && samples < m {
		m = samples
	}
	var sum int64
	for _, e := range l.buf[l.lo : l.lo+m] {
		sum += AllocSize(cap(e))
	}
	return total + sum*int64(n)/int64(m)
}

// The listpack limits of list-max-listpack-size: a positive value caps the
// entries of a node (with a byte safety limit), a negative one its bytes.
const lpSafetyLimit = 8192

var lpSizeClasses = [...]int{4096, 8192, 16384, 32768, 65536}

// listLimits returns the byte and entry limits of one node for fill; -1
// means no limit.
func listLimits(fill int64) (size, count int64) {
	if fill >= 0 {
		if fill == 0 {
			return -1, 1
		}
		return -1, fill
	}
	i := -fill - 1
	if i >= int64(len(lpSizeClasses)) {
		i = int64(len(lpSizeClasses)) - 1
	}
	return int64(lpSizeClasses[i]), -1
}

// exceeds reports whether a node of sz bytes and n entries is over the
// limits of fill, as Valkey judges a listpack too big for one node.
func exceeds(fill int64, sz, n int64) bool {
	size, count := listLimits(fill)
	if size >= 0 {
		return sz > size
	}
	if sz > lpSafetyLimit {
		return true
	}
	return n > count
}

// WillGrow converts a listpack list to quicklist when adding elements
// whose lengths total addBytes and whose number is addCount would take it
// over list-max-listpack-size (fill). Like Valkey it counts the raw lengths
// of the new elements, not their encoded size. Call it before adding.
func (l *List) WillGrow(fill int64, addBytes, addCount int) {
	if !l.quick && exceeds(fill, int64(l.lpBytes+addBytes), int64(l.Len()+addCount)) {
		l.quick = true
	}
}

// WillGrowMoved is WillGrow for one element moved from another list
// (LMOVE). Valkey hands such an element over as an integer object when it
// is a canonical integer, and then counts no bytes for it.
func (l *List) WillGrowMoved(fill int64, v []byte) {
	n := len(v)
	if _, ok := lpInt(v); ok {
		n = 0
	}
	l.WillGrow(fill, n, 1)
}

// Shrunk converts a quicklist list back to listpack when it is within half
// the limits of fill, as Valkey 8 does after removing elements (so that a
// list at the limit does not flip between the encodings). Valkey also
// requires its quicklist to be down to one node; this type keeps no nodes
// and treats a list within half a node's limits as one node.
func (l *List) Shrunk(fill int64) {
	if !l.quick {
		return
	}
	size, count := listLimits(fill)
	if size >= 0 && int64(l.lpBytes) > size/2 {
		return
	}
	if count >= 0 && int64(l.Len()) > count/2 {
		return
	}
	l.quick = false
}

// lpEntrySize is the bytes v takes as a listpack entry: its encoding (an
// integer form for canonical integers, else a length-prefixed string) and
// the back-length that follows it.
func lpEntrySize(v []byte) int {
	var enc int
	if n, ok := lpInt(v); ok {
		switch {
		case n >= 0 && n <= 127:
			enc = 1
		case n >= -4096 && n <= 4095:
			enc = 2
		case n >= -32768 && n <= 32767:
			enc = 3
		case n >= -8388608 && n <= 8388607:
			enc = 4
		case n >= -2147483648 && n <= 2147483647:
			enc = 5
		default:
			enc = 9
		}
	} else {
		switch l := len(v); {
		case l < 64:
			enc = 1 + l
		case l < 4096:
			enc = 2 + l
		default:
			enc = 5 + l
		}
	}
	switch {
	case enc <= 127:
		return enc + 1
	case enc < 16383:
		return enc + 2
	case enc < 2097151:
		return enc + 3
	case enc < 268435455:
		return enc + 4
	}
	return enc + 5
}

// lpInt reports whether a listpack would store v as an integer: a
// canonical decimal int64 of at most 20 bytes.
func lpInt(v []byte) (int64, bool) {
	if len(v) == 0 || len(v) > 20 {
		return 0, false
	}
	n, ok := num.ParseInt(v)
	if !ok {
		return 0, false
	}
	// Canonical form only: no leading zeros or '+', "-0" excluded.
	if v[0] == '+' || (v[0] == '0' && len(v) > 1) || (v[0] == '-' && (len(v) == 1 || v[1] == '0')) {
		return 0, false
	}
	return n, true
}
