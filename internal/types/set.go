package types

import (
	"bytes"
	"encoding/binary"
	"math/rand/v2"
	"slices"
	"strconv"
	"unsafe"

	"github.com/trove-db/trove/internal/dict"
	"github.com/trove-db/trove/internal/num"
)

// SetLimits are the encoding thresholds of a set: set-max-intset-entries,
// set-max-listpack-entries and set-max-listpack-value.
type SetLimits struct {
	IntsetEntries   int64
	ListpackEntries int64
	ListpackValue   int64
}

// intsetHardMax is the most entries Valkey ever keeps in an intset,
// whatever set-max-intset-entries says.
const intsetHardMax = 1 << 30

func (l SetLimits) intsetMax() int64 { return min(l.IntsetEntries, intsetHardMax) }

type setEnc uint8

const (
	setIntset setEnc = iota
	setListpack
	setHashtable
)

// Set is a set value in one of Valkey's three encodings, and converts
// between them as Valkey does (only ever towards hashtable, except that
// SPOP may rebuild a small remainder compactly):
//
//   - intset while every member is a canonical 64-bit integer and there are
//     at most set-max-intset-entries members: a sorted []int64, 8 bytes per
//     member (Valkey narrows to 2 or 4 bytes when it can; we do not).
//   - listpack while there are at most set-max-listpack-entries members of
//     at most set-max-listpack-value bytes: one byte buffer of entries,
//     each a uvarint length then the bytes, in insertion order; len+1..3
//     bytes per member, no pointers. Lookups scan it, as Valkey's do.
//   - hashtable otherwise: a dict.Dict with empty values, about 32 bytes of
//     node, the key's own allocation and 8-16 bytes of buckets per member.
type Set struct {
	enc  setEnc
	n    int     // listpack members
	ints []int64 // intset, ascending
	lp   []byte  // listpack entries
	ht   *dict.Dict[struct{}]
}

// NewSet returns an empty set in the encoding Valkey picks for a set
// about to receive sizeHint members, the first being first: intset when
// first is an integer and the hint fits in an intset, listpack when the
// hint fits in a listpack, hashtable otherwise.
func NewSet(first []byte, sizeHint int, lim SetLimits) *Set {
	if _, ok := num.ParseInt(first); ok && int64(sizeHint) <= lim.intsetMax() {
		return &Set{enc: setIntset}
	}
	if int64(sizeHint) <= lim.ListpackEntries {
		return &Set{enc: setListpack}
	}
	return &Set{enc: setHashtable, ht: dict.New[struct{}]()}
}

// NewIntsetSet returns an empty intset-encoded set: the start of every set
// that SINTERSTORE, SUNIONSTORE and SDIFFSTORE build, as in Valkey.
func NewIntsetSet() *Set { return &Set{enc: setIntset} }

// NewListpackSet returns an empty listpack-encoded set.
func NewListpackSet() *Set { return &Set{enc: setListpack} }

// Kind reports KindSet.
func (s *Set) Kind() Kind { return KindSet }

// Encoding is intset, listpack or hashtable.
func (s *Set) Encoding() string {
	switch s.enc {
	case setIntset:
		return "intset"
	case setListpack:
		return "listpack"
	}
	return "hashtable"
}

// IsIntset reports whether the set is intset encoded.
func (s *Set) IsIntset() bool { return s.enc == setIntset }

// IsListpack reports whether the set is listpack encoded.
func (s *Set) IsListpack() bool { return s.enc == setListpack }

// IsHashtable reports whether the set is hashtable encoded.
func (s *Set) IsHashtable() bool { return s.enc == setHashtable }

// Len is the number of members.
func (s *Set) Len() int {
	switch s.enc {
	case setIntset:
		return len(s.ints)
	case setListpack:
		return s.n
	}
	return s.ht.Len()
}

// lpNext decodes the listpack entry at off and returns it and the offset
// of the next one.
func (s *Set) lpNext(off int) ([]byte, int) {
	l, w := binary.Uvarint(s.lp[off:])
	start := off + w
	end := start + int(l)
	return s.lp[start:end:end], end
}

// lpFind returns the offset of m in the listpack, or -1.
func (s *Set) lpFind(m []byte) int {
	for off := 0; off < len(s.lp); {
		e, next := s.lpNext(off)
		if bytes.Equal(e, m) {
			return off
		}
		off = next
	}
	return -1
}

func (s *Set) lpAppend(m []byte) {
	s.lp = binary.AppendUvarint(s.lp, uint64(len(m)))
	s.lp = append(s.lp, m...)
	s.n++
}

func (s *Set) lpDelete(off int) {
	_, next := s.lpNext(off)
	s.lp = append(s.lp[:off], s.lp[next:]...)
	s.n--
}

// Has reports whether m is a member.
func (s *Set) Has(m []byte) bool {
	switch s.enc {
	case setIntset:
		v, ok := num.ParseInt(m)
		if !ok {
			return false
		}
		_, found := slices.BinarySearch(s.ints, v)
		return found
	case setListpack:
		return s.lpFind(m) >= 0
	}
	return s.ht.Peek(m) != nil
}

// Add adds m (copied) and reports whether it was new, converting the
// encoding first when m would break its limits, as Valkey does: an intset
// given a non-integer becomes a listpack if it has fewer members than
// set-max-listpack-entries and neither m nor its widest integer is longer
// than set-max-listpack-value, a hashtable otherwise; an intset grown past
// set-max-intset-entries becomes a hashtable; a listpack that is full, or
// given a member longer than set-max-listpack-value, becomes a hashtable.
func (s *Set) Add(m []byte, lim SetLimits) bool {
	switch s.enc {
	case setIntset:
		if v, ok := num.ParseInt(m); ok {
			i, found := slices.BinarySearch(s.ints, v)
			if found {
				return false
			}
			s.ints = slices.Insert(s.ints, i, v)
			if int64(len(s.ints)) > lim.intsetMax() {
				s.convert(setHashtable, len(s.ints))
			}
			return true
		}
		maxLen := 0
		if len(s.ints) > 0 {
			maxLen = max(digits(s.ints[0]), digits(s.ints[len(s.ints)-1]))
		}
		if int64(len(s.ints)) < lim.ListpackEntries && int64(len(m)) <= lim.ListpackValue &&
			int64(maxLen) <= lim.ListpackValue {
			s.convert(setListpack, len(s.ints)+1)
		} else {
			s.convert(setHashtable, len(s.ints)+1)
		}
		return s.Add(m, lim)
	case setListpack:
		if s.lpFind(m) >= 0 {
			return false
		}
		if int64(s.n) < lim.ListpackEntries && int64(len(m)) <= lim.ListpackValue {
			s.lpAppend(m)
			return true
		}
		s.convert(setHashtable, s.n+1)
	}
	_, added := s.ht.Set(m, struct{}{})
	return added
}

// MaybeConvert converts the set to a hashtable ahead of adding sizeHint
// members when that many could not fit its encoding (Valkey's SADD does
// this with its argument count, even if some members repeat).
func (s *Set) MaybeConvert(sizeHint int, lim SetLimits) {
	if s.enc == setListpack && int64(sizeHint) > lim.ListpackEntries ||
		s.enc == setIntset && int64(sizeHint) > lim.intsetMax() {
		s.convert(setHashtable, s.Len()+sizeHint)
	}
}

// digits is the length of n in decimal, sign included.
func digits(n int64) int {
	var buf [20]byte
	return len(strconv.AppendInt(buf[:0], n, 10))
}

// convert re-encodes the set; hint sizes the new storage.
func (s *Set) convert(to setEnc, hint int) {
	if to == s.enc {
		return
	}
	var lp []byte
	var ht *dict.Dict[struct{}]
	n := 0
	if to == setListpack {
		lp = make([]byte, 0, hint*4)
	} else {
		ht = dict.New[struct{}]()
	}
	var buf [20]byte
	s.Range(func(m []byte) bool {
		if to == setListpack {
			lp = binary.AppendUvarint(lp, uint64(len(m)))
			lp = append(lp, m...)
			n++
		} else {
			ht.Set(m, struct{}{})
		}
		return true
	}, buf[:0])
	*s = Set{enc: to, n: n, lp: lp, ht: ht}
}

// Remove deletes m and reports whether it was a member. The encoding never
// changes.
func (s *Set) Remove(m []byte) bool {
	switch s.enc {
	case setIntset:
		v, ok := num.ParseInt(m)
		if !ok {
			return false
		}
		i, found := slices.BinarySearch(s.ints, v)
		if found {
			s.ints = slices.Delete(s.ints, i, i+1)
		}
		return found
	case setListpack:
		off := s.lpFind(m)
		if off < 0 {
			return false
		}
		s.lpDelete(off)
		return true
	}
	_, ok := s.ht.Delete(m)
	return ok
}

// Range calls fn for every member until it returns false: in ascending
// order for an intset, in insertion order for a listpack, in no order for
// a hashtable. The member is valid only during the call (integers are
// formatted into scratch, a buffer of capacity at least 20 the caller may
// pass to avoid an allocation). fn must not modify the set.
func (s *Set) Range(fn func(m []byte) bool, scratch []byte) {
	switch s.enc {
	case setIntset:
		if cap(scratch) < 20 {
			scratch = make([]byte, 0, 20)
		}
		for _, v := range s.ints {
			if !fn(strconv.AppendInt(scratch[:0], v, 10)) {
				return
			}
		}
	case setListpack:
		for off := 0; off < len(s.lp); {
			e, next := s.lpNext(off)
			if !fn(e) {
				return
			}
			off = next
		}
	default:
		s.ht.Range(func(k string, _ *struct{}) bool {
			return fn(unsafe.Slice(unsafe.StringData(k), len(k)))
		})
	}
}

// Members appends every member to dst, each in its own memory that does
// not alias the set, in Range's order.
func (s *Set) Members(dst [][]byte) [][]byte {
	dst = slices.Grow(dst, s.Len())
	s.Range(func(m []byte) bool {
		dst = append(dst, bytes.Clone(m))
		return true
	}, nil)
	return dst
}

// Random returns a random member in memory of its own; the set must not
// be empty. rng may be nil.
func (s *Set) Random(rng *rand.Rand) []byte {
	switch s.enc {
	case setIntset:
		return strconv.AppendInt(nil, s.ints[setRandN(rng, len(s.ints))], 10)
	case setListpack:
		i := setRandN(rng, s.n)
		off := 0
		for ; i > 0; i-- {
			_, off = s.lpNext(off)
		}
		e, _ := s.lpNext(off)
		return bytes.Clone(e)
	}
	k, _, _ := s.ht.Random(rng)
	return []byte(k)
}

// Scan visits the members at cursor and returns the next cursor, 0 when
// done. A compact set is visited whole in one call, as Valkey does.
func (s *Set) Scan(cursor uint64, fn func(m []byte)) uint64 {
	if s.enc != setHashtable {
		s.Range(func(m []byte) bool { fn(m); return true }, nil)
		return 0
	}
	return s.ht.Scan(cursor, func(k string, _ *struct{}) {
		fn(unsafe.Slice(unsafe.StringData(k), len(k)))
	})
}

// Copy returns an independent copy in the same encoding.
func (s *Set) Copy() Value {
	c := &Set{enc: s.enc, n: s.n}
	switch s.enc {
	case setIntset:
		c.ints = slices.Clone(s.ints)
	case setListpack:
		c.lp = bytes.Clone(s.lp)
	default:
		c.ht = dict.New[struct{}]()
		s.ht.Range(func(k string, _ *struct{}) bool {
			c.ht.Set(unsafe.Slice(unsafe.StringData(k), len(k)), struct{}{})
			return true
		})
	}
	return c
}

// MemoryUsage estimates the heap the set holds. samples is ignored for the
// compact encodings, which are measured exactly; a hashtable is counted at
// its node, key and bucket cost per member.
func (s *Set) MemoryUsage(samples int) int64 {
	size := AllocSize(int(unsafe.Sizeof(Set{})))
	switch s.enc {
	case setIntset:
		return size + AllocSize(cap(s.ints)*8)
	case setListpack:
		return size + AllocSize(cap(s.lp))
	}
	n := s.ht.Len()
	if n == 0 {
		return size
	}
	var total, seen int64
	s.ht.Range(func(k string, _ *struct{}) bool {
		total += AllocSize(len(k))
		seen++
		return samples <= 0 || seen < int64(samples)
	})
	perKey := total / seen
	// node: key header, next pointer, empty value; plus about 12 bytes of
	// bucket array per member.
	return size + int64(n)*(perKey+32+12)
}

// setRandN is rng.IntN(n), from the global source when rng is nil.
func setRandN(rng *rand.Rand, n int) int {
	if rng == nil {
		return rand.IntN(n)
	}
	return rng.IntN(n)
}
