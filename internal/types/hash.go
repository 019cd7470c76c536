package types

import (
	"encoding/binary"
	"math/rand/v2"
	"unsafe"

	"github.com/trove-db/trove/internal/dict"
)

// Hash is a hash value: a map from field to value, both byte strings.
//
// It has Valkey's two encodings. While small it is a "listpack": every
// field and value packed into one byte slice as a uvarint length followed
// by the bytes, pairs in insertion order. That costs 2 bytes of overhead
// per short string (4 per pair) and no pointer at all; lookups are linear,
// which is fine while the hash stays within hash-max-listpack-entries
// (128 by default) of at most hash-max-listpack-value (64) bytes. Beyond
// either threshold it becomes a "hashtable" (a dict.Dict from field to
// value): about 48 bytes of node, the field copy and the value buffer
// rounded to their size classes, and 8 to 16 bytes of bucket per field.
// The conversion is one-way, as in Valkey: deleting fields never brings
// the listpack back.
//
// A Hash is never empty in the keyspace: the command layer deletes the key
// when the last field goes.
type Hash struct {
	lp []byte // listpack encoding: field, value, field, value...
	n  int    // pairs in lp
	ht *dict.Dict[[]byte]
}

// NewHash returns an empty hash in the listpack encoding.
func NewHash() *Hash { return &Hash{} }

// Kind reports KindHash.
func (h *Hash) Kind() Kind { return KindHash }

// Encoding is listpack or hashtable.
func (h *Hash) Encoding() string {
	if h.ht != nil {
		return "hashtable"
	}
	return "listpack"
}

// IsListpack reports whether the hash is in its compact encoding.
func (h *Hash) IsListpack() bool { return h.ht == nil }

// Len is the number of fields.
func (h *Hash) Len() int {
	if h.ht != nil {
		return h.ht.Len()
	}
	return h.n
}

// lpNext decodes the string at offset off of the listpack and returns it
// with the offset just after it.
func lpNext(lp []byte, off int) ([]byte, int) {
	n, w := binary.Uvarint(lp[off:])
	start := off + w
	end := start + int(n)
	return lp[start:end:end], end
}

// lpFind returns the offsets of the pair whose field is f: where the field
// starts and where its value starts; fieldOff is -1 when f is absent.
func (h *Hash) lpFind(f []byte) (fieldOff, valOff int) {
	for off := 0; off < len(h.lp); {
		k, voff := lpNext(h.lp, off)
		_, next := lpNext(h.lp, voff)
		if string(k) == string(f) {
			return off, voff
		}
		off = next
	}
	return -1, -1
}

func lpAppend(lp, s []byte) []byte {
	lp = binary.AppendUvarint(lp, uint64(len(s)))
	return append(lp, s...)
}

// Get returns the value of field; it aliases the hash and is valid until
// the hash changes.
func (h *Hash) Get(field []byte) ([]byte, bool) {
	if h.ht != nil {
		v := h.ht.Peek(field)
		if v == nil {
			return nil, false
		}
		return *v, true
	}
	_, voff := h.lpFind(field)
	if voff < 0 {
		return nil, false
	}
	v, _ := lpNext(h.lp, voff)
	return v, true
}

// Has reports whether field exists.
func (h *Hash) Has(field []byte) bool {
	_, ok := h.Get(field)
	return ok
}

// Limits are the listpack thresholds of a hash (hash-max-listpack-entries
// and hash-max-listpack-value).
type Limits struct {
	Entries, Value int64
}

// Fits reports whether a string of n bytes may live in a listpack.
func (l Limits) Fits(n int) bool { return int64(n) <= l.Value }

// Set stores a copy of value at a copy of field and reports whether the
// field is new. A listpack hash becomes a hashtable first when field or
// value is longer than lim.Value, and after the insertion when it holds
// more than lim.Entries fields.
func (h *Hash) Set(field, value []byte, lim Limits) (added bool) {
	if h.ht == nil && (!lim.Fits(len(field)) || !lim.Fits(len(value))) {
		h.Convert(h.n + 1)
	}
	if h.ht != nil {
		if v := h.ht.Find(field); v != nil {
			*v = reuse(*v, value)
			return false
		}
		h.ht.Set(field, append([]byte(nil), value...))
		return true
	}
	foff, voff := h.lpFind(field)
	if foff >= 0 {
		cur, end := lpNext(h.lp, voff)
		if len(cur) == len(value) {
			copy(h.lp[end-len(cur):end], value) // same size: in place
			return false
		}
		old := h.lp
		rest := len(old) - end
		enc := binary.AppendUvarint(make([]byte, 0, 10+len(value)), uint64(len(value)))
		enc = append(enc, value...)
		lp := make([]byte, voff+len(enc)+rest, voff+len(enc)+rest)
		copy(lp, old[:voff])
		copy(lp[voff:], enc)
		copy(lp[voff+len(enc):], old[end:])
		h.lp = lp
		return false
	}
	h.lp = lpAppend(lpAppend(h.lp, field), value)
	h.n++
	if int64(h.n) > lim.Entries {
		h.Convert(h.n)
	}
	return true
}

// reuse copies p into b when b has room and is not much too large, else
// into a new buffer.
func reuse(b, p []byte) []byte {
	if cap(b) < len(p) || cap(b) > 2*len(p)+32 {
		return append([]byte(nil), p...)
	}
	b = b[:len(p)]
	copy(b, p)
	return b
}

// Delete removes field and reports whether it was there.
func (h *Hash) Delete(field []byte) bool {
	if h.ht != nil {
		_, ok := h.ht.Delete(field)
		return ok
	}
	foff, voff := h.lpFind(field)
	if foff < 0 {
		return false
	}
	_, end := lpNext(h.lp, voff)
	h.lp = append(h.lp[:foff], h.lp[end:]...)
	h.n--
	return true
}

// Convert turns a listpack hash into a hashtable sized for hint fields;
// a hashtable is left alone.
func (h *Hash) Convert(hint int) {
	if h.ht != nil {
		return
	}
	_ = hint // dict grows by itself; the hint documents Valkey's presizing
	ht := dict.New[[]byte]()
	for off := 0; off < len(h.lp); {
		var k, v []byte
		k, off = lpNext(h.lp, off)
		v, off = lpNext(h.lp, off)
		ht.Set(k, append([]byte(nil), v...))
	}
	h.ht, h.lp, h.n = ht, nil, 0
}

// Range calls fn for every pair until it returns false: in insertion order
// for a listpack, in table order for a hashtable. field and value alias
// the hash; fn must not change it.
func (h *Hash) Range(fn func(field, value []byte) bool) {
	if h.ht != nil {
		h.ht.Range(func(k string, v *[]byte) bool {
			return fn(unsafe.Slice(unsafe.StringData(k), len(k)), *v)
		})
		return
	}
	for off := 0; off < len(h.lp); {
		var k, v []byte
		k, off = lpNext(h.lp, off)
		v, off = lpNext(h.lp, off)
		if !fn(k, v) {
			return
		}
	}
}

// Scan visits part of a hashtable hash from cursor as dict.Scan does and
// returns the next cursor (0 when done). A listpack hash is visited whole
// and the cursor returned is 0, as Valkey replies to HSCAN of a listpack.
func (h *Hash) Scan(cursor uint64, fn func(field, value []byte)) uint64 {
	if h.ht == nil {
		h.Range(func(k, v []byte) bool { fn(k, v); return true })
		return 0
	}
	return h.ht.Scan(cursor, func(k string, v *[]byte) {
		fn(unsafe.Slice(unsafe.StringData(k), len(k)), *v)
	})
}

// Pair is one field and its value, aliasing the hash.
type Pair struct{ Field, Value []byte }

// Pairs appends every pair to dst in Range order.
func (h *Hash) Pairs(dst []Pair) []Pair {
	h.Range(func(k, v []byte) bool {
		dst = append(dst, Pair{k, v})
		return true
	})
	return dst
}

// Random returns a random pair; the hash must not be empty. rng may be nil.
func (h *Hash) Random(rng *rand.Rand) Pair {
	if h.ht != nil {
		k, v, _ := h.ht.Random(rng)
		return Pair{unsafe.Slice(unsafe.StringData(k), len(k)), *v}
	}
	i := randIntN(rng, h.n)
	var p Pair
	h.Range(func(k, v []byte) bool {
		if i == 0 {
			p = Pair{k, v}
			return false
		}
		i--
		return true
	})
	return p
}

func randIntN(rng *rand.Rand, n int) int {
	if rng == nil {
		return rand.IntN(n)
	}
	return rng.IntN(n)
}

// Copy returns an independent copy in the same encoding.
func (h *Hash) Copy() Value {
	c := &Hash{n: h.n}
	if h.ht == nil {
		c.lp = append([]byte(nil), h.lp...)
		return c
	}
	c.ht = dict.New[[]byte]()
	h.ht.Range(func(k string, v *[]byte) bool {
		c.ht.Set(unsafe.Slice(unsafe.StringData(k), len(k)), append([]byte(nil), *v...))
		return true
	})
	return c
}

// MemoryUsage estimates the heap the hash holds. A hashtable measures up
// to samples pairs (all when samples <= 0) and extrapolates.
func (h *Hash) MemoryUsage(samples int) int64 {
	size := AllocSize(int(unsafe.Sizeof(Hash{})))
	if h.ht == nil {
		return size + AllocSize(cap(h.lp))
	}
	n := h.ht.Len()
	if n == 0 {
		return size
	}
	var seen, bytes int64
	h.ht.Range(func(k string, v *[]byte) bool {
		// node: key header, next pointer, value header.
		bytes += AllocSize(16+8+24) + AllocSize(len(k)) + AllocSize(cap(*v)) + 12
		seen++
		return samples <= 0 || seen < int64(samples)
	})
	return size + bytes*int64(n)/seen
}
