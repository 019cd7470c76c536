package types

import (
	"math/rand/v2"
	"sort"
	"strings"
	"unsafe"
)

// ZEntry is one element of a sorted set.
type ZEntry struct {
	Member string
	Score  float64
}

// ZSet is a sorted set: members ordered by (score, member bytes), each
// member once.
//
// Both of Valkey's encodings keep the elements in one slice sorted by
// (score, member): 24 bytes per element (string header and score) plus the
// member bytes rounded to their size class, and no pointer per element
// beyond the member string. Ranks are indexes, so rank and range lookups
// are a binary search. In the "listpack" encoding (while the set stays
// within zset-max-listpack-entries and zset-max-listpack-value) member
// lookups are a linear scan, as in a listpack. The "skiplist" encoding adds
// a map from member to score for O(1) ZSCORE and membership tests: about
// 40 more bytes per element (map slot, shared string). Inserting or
// removing an element moves the tail of the slice, O(N) memory traffic,
// which is cheap for the sizes sorted sets usually have but quadratic for
// bulk loads of millions of elements; a chunked or tree layout can replace
// the slice later without changing this API. The conversion to skiplist is
// one-way, as in Valkey.
type ZSet struct {
	ents []ZEntry
	idx  map[string]float64 // nil in the listpack encoding
}

// NewZSet returns an empty sorted set, in the skiplist encoding when
// skiplist is set.
func NewZSet(skiplist bool) *ZSet {
	z := &ZSet{}
	if skiplist {
		z.idx = make(map[string]float64)
	}
	return z
}

// Kind reports KindZSet.
func (z *ZSet) Kind() Kind { return KindZSet }

// Encoding is listpack or skiplist.
func (z *ZSet) Encoding() string {
	if z.idx != nil {
		return "skiplist"
	}
	return "listpack"
}

// IsListpack reports whether the set is in its compact encoding.
func (z *ZSet) IsListpack() bool { return z.idx == nil }

// Len is the number of members.
func (z *ZSet) Len() int { return len(z.ents) }

// At returns the element of rank i (0 is the lowest score).
func (z *ZSet) At(i int) ZEntry { return z.ents[i] }

// Copy returns a deep copy in the same encoding.
func (z *ZSet) Copy() Value {
	n := &ZSet{ents: make([]ZEntry, len(z.ents))}
	for i, e := range z.ents {
		n.ents[i] = ZEntry{Member: strings.Clone(e.Member), Score: e.Score}
	}
	if z.idx != nil {
		n.idx = make(map[string]float64, len(n.ents))
		for _, e := range n.ents {
			n.idx[e.Member] = e.Score
		}
	}
	return n
}

// Convert switches a listpack set to the skiplist encoding.
func (z *ZSet) Convert() {
	if z.idx != nil {
		return
	}
	z.idx = make(map[string]float64, len(z.ents))
	for _, e := range z.ents {
		z.idx[e.Member] = e.Score
	}
}

// less orders elements by score, then member bytes.
func zless(s1 float64, m1 string, s2 float64, m2 string) bool {
	if s1 != s2 {
		return s1 < s2
	}
	return m1 < m2
}

// Score returns the score of member.
func (z *ZSet) Score(member []byte) (float64, bool) {
	if z.idx != nil {
		s, ok := z.idx[string(member)]
		return s, ok
	}
	for _, e := range z.ents {
		if e.Member == string(member) {
			return e.Score, true
		}
	}
	return 0, false
}

// find returns the index of member with the given score.
func (z *ZSet) find(member string, score float64) int {
	return sort.Search(len(z.ents), func(i int) bool {
		e := &z.ents[i]
		return !zless(e.Score, e.Member, score, member)
	})
}

// Rank returns the rank of member (0 for the lowest score).
func (z *ZSet) Rank(member []byte) (int, bool) {
	s, ok := z.Score(member)
	if !ok {
		return 0, false
	}
	return z.find(unsafe.String(unsafe.SliceData(member), len(member)), s), true
}

// Set stores member with score, copying member when it is new. It reports
// whether the member was added (false: its score was updated).
func (z *ZSet) Set(member []byte, score float64) (added bool) {
	if old, ok := z.Score(member); ok {
		if old == score {
			return false
		}
		i := z.find(unsafe.String(unsafe.SliceData(member), len(member)), old)
		m := z.ents[i].Member
		z.ents = append(z.ents[:i], z.ents[i+1:]...)
		z.insert(m, score)
		return false
	}
	z.insert(string(member), score)
	return true
}

func (z *ZSet) insert(m string, score float64) {
	if z.idx == nil && score == 0 {
		score = 0 // a listpack stores -0 as the integer 0
	}
	i := z.find(m, score)
	z.ents = append(z.ents, ZEntry{})
	copy(z.ents[i+1:], z.ents[i:])
	z.ents[i] = ZEntry{Member: m, Score: score}
	if z.idx != nil {
		z.idx[m] = score
	}
}

// Remove deletes member and reports whether it was there.
func (z *ZSet) Remove(member []byte) bool {
	s, ok := z.Score(member)
	if !ok {
		return false
	}
	i := z.find(unsafe.String(unsafe.SliceData(member), len(member)), s)
	z.removeRange(i, i+1)
	return true
}

// RemoveRange deletes the elements of ranks [lo, hi).
func (z *ZSet) RemoveRange(lo, hi int) { z.removeRange(lo, hi) }

func (z *ZSet) removeRange(lo, hi int) {
	if z.idx != nil {
		for _, e := range z.ents[lo:hi] {
			delete(z.idx, e.Member)
		}
	}
	n := copy(z.ents[lo:], z.ents[hi:])
	clear(z.ents[lo+n:])
	z.ents = z.ents[:lo+n]
}

// ScoreRange is a score interval; Ex marks exclusive ends.
type ScoreRange struct {
	Min, Max     float64
	MinEx, MaxEx bool
}

// Empty reports whether no score can be in r.
func (r *ScoreRange) Empty() bool {
	return r.Min > r.Max || (r.Min == r.Max && (r.MinEx || r.MaxEx))
}

func (r *ScoreRange) aboveMin(s float64) bool {
	if r.MinEx {
		return s > r.Min
	}
	return s >= r.Min
}

func (r *ScoreRange) belowMax(s float64) bool {
	if r.MaxEx {
		return s < r.Max
	}
	return s <= r.Max
}

// ScoreBounds returns the ranks [lo, hi) of the elements whose score is in r.
func (z *ZSet) ScoreBounds(r *ScoreRange) (lo, hi int) {
	if r.Empty() {
		return 0, 0
	}
	lo = sort.Search(len(z.ents), func(i int) bool { return r.aboveMin(z.ents[i].Score) })
	hi = sort.Search(len(z.ents), func(i int) bool { return !r.belowMax(z.ents[i].Score) })
	if hi < lo {
		hi = lo
	}
	return lo, hi
}

// LexRange is a member interval: Min/Max with Inf flags for "-" and "+"
// (NegInf on an end means -, PosInf +), Ex for exclusive ends.
type LexRange struct {
	Min, Max             string
	MinEx, MaxEx         bool
	MinNegInf, MinPosInf bool
	MaxNegInf, MaxPosInf bool
}

func (r *LexRange) empty() bool {
	if r.MinPosInf || r.MaxNegInf {
		return true
	}
	if r.MinNegInf || r.MaxPosInf {
		return false
	}
	return r.Min > r.Max || (r.Min == r.Max && (r.MinEx || r.MaxEx))
}

func (r *LexRange) aboveMin(m string) bool {
	switch {
	case r.MinNegInf:
		return true
	case r.MinPosInf:
		return false
	case r.MinEx:
		return m > r.Min
	}
	return m >= r.Min
}

func (r *LexRange) belowMax(m string) bool {
	switch {
	case r.MaxPosInf:
		return true
	case r.MaxNegInf:
		return false
	case r.MaxEx:
		return m < r.Max
	}
	return m <= r.Max
}

// LexBounds returns the ranks [lo, hi) of the members in r. Like Valkey it
// assumes every score is equal; otherwise the result is unspecified.
func (z *ZSet) LexBounds(r *LexRange) (lo, hi int) {
	// Like Valkey, give up early when the range is empty or misses the
	// first or last member.
	if r.empty() || len(z.ents) == 0 || !r.aboveMin(z.ents[len(z.ents)-1].Member) || !r.belowMax(z.ents[0].Member) {
		return 0, 0
	}
	lo = sort.Search(len(z.ents), func(i int) bool { return r.aboveMin(z.ents[i].Member) })
	hi = sort.Search(len(z.ents), func(i int) bool { return !r.belowMax(z.ents[i].Member) })
	if hi < lo {
		hi = lo
	}
	return lo, hi
}

// MaxMemberLen is the length of the longest member.
func (z *ZSet) MaxMemberLen() int {
	n := 0
	for _, e := range z.ents {
		n = max(n, len(e.Member))
	}
	return n
}

// Random returns the element of a random rank.
func (z *ZSet) Random() ZEntry { return z.ents[rand.IntN(len(z.ents))] }

// Scan calls fn for the elements from rank cursor on, at most count of
// them, and returns the next cursor (0 when done). Ranks shift when the set
// changes, so a concurrent change may repeat or skip elements, as SCAN
// allows for the listpack encoding.
func (z *ZSet) Scan(cursor uint64, count int, fn func(ZEntry)) uint64 {
	if cursor >= uint64(len(z.ents)) {
		return 0
	}
	end := min(uint64(len(z.ents)), cursor+uint64(count))
	for _, e := range z.ents[cursor:end] {
		fn(e)
	}
	if end >= uint64(len(z.ents)) {
		return 0
	}
	return end
}

// MemoryUsage estimates the heap bytes held (MEMORY USAGE).
func (z *ZSet) MemoryUsage(samples int) int64 {
	n := len(z.ents)
	total := AllocSize(cap(z.ents) * 24)
	if n == 0 {
		return total + 48
	}
	m := n
	if samples > 0 && samples < n {
		m = samples
	}
	var sum int64
	for _, e := range z.ents[:m] {
		sum += AllocSize(len(e.Member))
	}
	total += sum * int64(n) / int64(m)
	if z.idx != nil {
		total += int64(n) * 40
	}
	return total + 48
}
