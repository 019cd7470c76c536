package command

import (
	"math"
	"math/bits"

	"github.com/trove-db/trove/internal/keyspace"
	"github.com/trove-db/trove/internal/types"
)

// The bitmap family: bit-level access to string values. Bit 0 is the most
// significant bit of the first byte; strings grow with zero bytes when a
// write addresses a bit past their end.
//
//	setbit getbit bitcount bitpos bitop bitfield bitfield_ro
var bitmapCommands = []*Spec{
	{Name: "setbit", Arity: 4, Flags: FlagWrite | FlagDenyOOM, Categories: CatBitmap,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: strKSRWUpdate,
		Group: "bitmap", Since: "2.2.0", Summary: "Sets or clears one bit of a string, growing it as needed, and returns the bit's old value.",
		Complexity: "O(1)",
		Args:       []Arg{strKeyArg("key", 0), {Name: "offset", Type: "integer"}, {Name: "value", Type: "integer"}},
		Handler:    setbit},
	{Name: "getbit", Arity: 3, Flags: FlagReadonly | FlagFast, Categories: CatBitmap,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: strKSRO,
		Group: "bitmap", Since: "2.2.0", Summary: "Returns one bit of a string; bits past the end read as 0.",
		Complexity: "O(1)",
		Args:       []Arg{strKeyArg("key", 0), {Name: "offset", Type: "integer"}},
		Handler:    getbit},
	{Name: "bitcount", Arity: -2, Flags: FlagReadonly, Categories: CatBitmap,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: strKSRO,
		Group: "bitmap", Since: "2.6.0", Summary: "Counts the bits set to 1 in a string or in a byte or bit range of it.",
		Complexity: "O(N)",
		History: [][2]string{
			{"7.0.0", "BYTE|BIT unit option added."},
			{"8.0.0", "end became optional; without it the range runs to the last byte."},
		},
		Args: []Arg{
			strKeyArg("key", 0),
			{Name: "range", Type: "block", Optional: true, Args: []Arg{
				{Name: "start", Type: "integer"},
				{Name: "end-unit-block", Type: "block", Optional: true, Args: []Arg{
					{Name: "end", Type: "integer"},
					bitUnitArg,
				}},
			}},
		},
		Handler: bitcount},
	{Name: "bitpos", Arity: -3, Flags: FlagReadonly, Categories: CatBitmap,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: strKSRO,
		Group: "bitmap", Since: "2.8.7", Summary: "Finds the first bit set to 1, or clear, in a string or a range of it.",
		Complexity: "O(N)",
		History:    [][2]string{{"7.0.0", "BYTE|BIT unit option added."}},
		Args: []Arg{
			strKeyArg("key", 0),
			{Name: "bit", Type: "integer"},
			{Name: "range", Type: "block", Optional: true, Args: []Arg{
				{Name: "start", Type: "integer"},
				{Name: "end-unit-block", Type: "block", Optional: true, Args: []Arg{
					{Name: "end", Type: "integer"},
					bitUnitArg,
				}},
			}},
		},
		Handler: bitpos},
	{Name: "bitop", Arity: -4, Flags: FlagWrite | FlagDenyOOM, Categories: CatBitmap,
		FirstKey: 2, LastKey: -1, KeyStep: 1,
		KeySpecs: []KeySpec{
			{Flags: []string{"OW", "update"}, Index: 2, LastKey: 0, KeyStep: 1},
			{Flags: []string{"RO", "access"}, Index: 3, LastKey: -1, KeyStep: 1},
		},
		Group: "bitmap", Since: "2.6.0", Summary: "Combines strings bit by bit with AND, OR, XOR or NOT and stores the result.",
		Complexity: "O(N)",
		Args: []Arg{
			{Name: "operation", Type: "oneof", Args: []Arg{
				{Name: "and", Type: "pure-token", Token: "AND"},
				{Name: "or", Type: "pure-token", Token: "OR"},
				{Name: "xor", Type: "pure-token", Token: "XOR"},
				{Name: "not", Type: "pure-token", Token: "NOT"},
			}},
			strKeyArg("destkey", 0),
			{Name: "key", Type: "key", KeySpecIndex: 1, Multiple: true},
		},
		Handler: bitop},
	{Name: "bitfield", Arity: -2, Flags: FlagWrite | FlagDenyOOM, Categories: CatBitmap,
		FirstKey: 1, LastKey: 1, KeyStep: 1,
		KeySpecs: []KeySpec{{Notes: "This command allows both access and modification of the key",
			Flags: []string{"RW", "access", "update", "variable_flags"}, Index: 1, LastKey: 0, KeyStep: 1}},
		Group: "bitmap", Since: "3.2.0", Summary: "Reads, writes and increments integers of any width up to 64 bits at any bit offset of a string.",
		Complexity: "O(1) per operation",
		Args: []Arg{
			strKeyArg("key", 0),
			{Name: "operation", Type: "oneof", Optional: true, Multiple: true, Args: []Arg{
				{Name: "get-block", Type: "block", Token: "GET", Args: bitfieldEncOffset},
				{Name: "write", Type: "block", Args: []Arg{
					{Name: "overflow-block", Type: "oneof", Token: "OVERFLOW", Optional: true, Args: []Arg{
						{Name: "wrap", Type: "pure-token", Token: "WRAP"},
						{Name: "sat", Type: "pure-token", Token: "SAT"},
						{Name: "fail", Type: "pure-token", Token: "FAIL"},
					}},
					{Name: "write-operation", Type: "oneof", Args: []Arg{
						{Name: "set-block", Type: "block", Token: "SET", Args: []Arg{
							{Name: "encoding", Type: "string"}, {Name: "offset", Type: "integer"}, {Name: "value", Type: "integer"}}},
						{Name: "incrby-block", Type: "block", Token: "INCRBY", Args: []Arg{
							{Name: "encoding", Type: "string"}, {Name: "offset", Type: "integer"}, {Name: "increment", Type: "integer"}}},
					}},
				}},
			}},
		},
		Handler: bitfield},
	{Name: "bitfield_ro", Arity: -2, Flags: FlagReadonly | FlagFast, Categories: CatBitmap,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: strKSRO,
		Group: "bitmap", Since: "6.0.0", Summary: "Reads integers of any width up to 64 bits at any bit offset of a string.",
		Complexity: "O(1) per operation",
		Args: []Arg{
			strKeyArg("key", 0),
			{Name: "get-block", Type: "block", Token: "GET", Optional: true, Multiple: true, MultipleToken: true, Args: bitfieldEncOffset},
		},
		Handler: bitfieldRO},
}

var (
	bitUnitArg = Arg{Name: "unit", Type: "oneof", Optional: true, Since: "7.0.0", Args: []Arg{
		{Name: "byte", Type: "pure-token", Token: "BYTE"},
		{Name: "bit", Type: "pure-token", Token: "BIT"},
	}}
	bitfieldEncOffset = []Arg{{Name: "encoding", Type: "string"}, {Name: "offset", Type: "integer"}}
)

// Errors only this family replies with.
var (
	errBitposBit      = NewError("ERR The bit argument must be 1 or 0.")
	errBitopNot       = NewError("ERR BITOP NOT must be called with a single source key.")
	errBitfieldType   = NewError("ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.")
	errBitfieldOvf    = NewError("ERR Invalid OVERFLOW type specified")
	errBitfieldROOnly = NewError("ERR BITFIELD_RO only supports the GET subcommand")
)

// bitOffset parses a bit offset. With width > 0 (BITFIELD) "#n" means n
// fields of that width. The offset must address a byte below
// proto-max-bulk-len (512 MB by default).
func bitOffset(c *Ctx, arg []byte, width int) (uint64, error) {
	hash := width > 0 && len(arg) > 0 && arg[0] == '#'
	if hash {
		arg = arg[1:]
	}
	n, err := Int(arg)
	if err != nil {
		return 0, ErrBitOffset
	}
	if hash {
		n *= int64(width) // wraps like Valkey's C on absurd values, then fails below
	}
	if n < 0 || n>>3 >= c.Settings.ProtoMaxBulkLen {
		return 0, ErrBitOffset
	}
	return uint64(n), nil
}

// lookupBitsWrite returns the string at key grown with zero bytes to hold
// bit maxBit, creating the key if needed; the value becomes raw, as Valkey
// unshares it before any bit write. grew reports a new key or a longer
// string.
func lookupBitsWrite(c *Ctx, key []byte, maxBit uint64) (s *types.String, grew bool, err error) {
	need := int(maxBit>>3) + 1
	s, err = lookupStringWrite(c, key)
	if err != nil {
		return nil, false, err
	}
	if s == nil {
		s = types.NewStringRaw(make([]byte, need))
		c.DB.Add(key, s)
		return s, true, nil
	}
	old := s.Len()
	s.Grow(need)
	return s, s.Len() != old, nil
}

// SETBIT key offset value
//
// Sets or clears the bit at offset and replies with its previous value.
// The "setbit" event fires only when the string changed (Valkey 8: a
// write of the same bit value into an existing long-enough string is not
// a change).
func setbit(c *Ctx) error {
	key := c.Args[1]
	offset, err := bitOffset(c, c.Args[2], 0)
	if err != nil {
		return err
	}
	on, err := Int(c.Args[3])
	if err != nil || on&^1 != 0 {
		return ErrBitValue
	}
	s, grew, err := lookupBitsWrite(c, key, offset)
	if err != nil {
		return err
	}
	b := s.Bytes()
	mask := byte(0x80) >> (offset & 7)
	old := b[offset>>3]&mask != 0
	if grew || old != (on == 1) {
		if on == 1 {
			b[offset>>3] |= mask
		} else {
			b[offset>>3] &^= mask
		}
		c.DB.Changed(key, keyspace.EventString, "setbit")
	}
	if old {
		c.W.Int(1)
	} else {
		c.W.Int(0)
	}
	return nil
}

// GETBIT key offset
func getbit(c *Ctx) error {
	offset, err := bitOffset(c, c.Args[2], 0)
	if err != nil {
		return err
	}
	s, err := lookupString(c, c.Args[1])
	if err != nil {
		return err
	}
	if s != nil {
		if b := s.Bytes(); offset>>3 < uint64(len(b)) && b[offset>>3]&(0x80>>(offset&7)) != 0 {
			c.W.Int(1)
			return nil
		}
	}
	c.W.Int(0)
	return nil
}

// bitRange is a parsed [start end [BYTE|BIT]] range of BITCOUNT or BITPOS.
type bitRange struct {
	given, endGiven, bit bool
	start, end           int64
}

// parseBitRange reads start, end and the unit from args (which may be
// empty). As in Valkey, the unit is checked before end is parsed.
func parseBitRange(args [][]byte) (bitRange, error) {
	var r bitRange
	if len(args) == 0 {
		return r, nil
	}
	if len(args) > 3 {
		return r, ErrSyntax
	}
	r.given = true
	var err error
	if r.start, err = Int(args[0]); err != nil {
		return r, err
	}
	if len(args) == 3 {
		switch {
		case Is(args[2], "BIT"):
			r.bit = true
		case Is(args[2], "BYTE"):
		default:
			return r, ErrSyntax
		}
	}
	if len(args) >= 2 {
		if r.end, err = Int(args[1]); err != nil {
			return r, err
		}
		r.endGiven = true
	}
	return r, nil
}

// resolve clips the range to a string of n bytes. It returns the first and
// last byte to look at and, in BIT mode, masks of the bits outside the
// range in those two bytes. empty reports a range with nothing in it.
func (r *bitRange) resolve(n int64) (start, end int64, firstMask, lastMask byte, empty bool) {
	if !r.given {
		return 0, n - 1, 0, 0, n == 0
	}
	start, end = r.start, r.end
	if !r.endGiven {
		end = n - 1
	}
	total := n
	if r.bit {
		total <<= 3
	}
	if start < 0 {
		start += total
	}
	if end < 0 {
		end += total
	}
	start, end = max(start, 0), max(end, 0)
	if end >= total {
		end = total - 1
	}
	if r.bit && start <= end {
		firstMask = ^byte(0xff >> (start & 7))
		lastMask = byte(0xff) >> (end&7 + 1)
		start >>= 3
		end >>= 3
	}
	return start, end, firstMask, lastMask, start > end
}

// BITCOUNT key [start [end [BYTE | BIT]]]
//
// Counts the set bits of the string or of the range; indexes are bytes
// unless BIT, negative ones count from the end. Valkey 8 accepts a start
// without an end (to the end of the string) and checks every argument
// before looking at the key; the 7.0 reference does neither.
func bitcount(c *Ctx) error {
	r, err := parseBitRange(c.Args[2:])
	if err != nil {
		return err
	}
	s, err := lookupString(c, c.Args[1])
	if err != nil {
		return err
	}
	if s == nil {
		c.W.Int(0)
		return nil
	}
	b := s.Bytes()
	if r.given && r.start < 0 && r.endGiven && r.end < 0 && r.start > r.end {
		c.W.Int(0)
		return nil
	}
	start, end, firstMask, lastMask, empty := r.resolve(int64(len(b)))
	if empty {
		c.W.Int(0)
		return nil
	}
	count := popcount(b[start : end+1])
	count -= int64(bits.OnesCount8(b[start]&firstMask) + bits.OnesCount8(b[end]&lastMask))
	c.W.Int(count)
	return nil
}

// popcount counts the set bits of b, eight bytes at a time.
func popcount(b []byte) int64 {
	var n int
	for len(b) >= 8 {
		w := uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
			uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
		n += bits.OnesCount64(w)
		b = b[8:]
	}
	for _, x := range b {
		n += bits.OnesCount8(x)
	}
	return int64(n)
}

// BITPOS key bit [start [end [BYTE | BIT]]]
//
// Replies with the position of the first bit equal to bit in the string or
// range, -1 when there is none. Looking for 0 without an explicit end, the
// string counts as followed by zeros, so the answer can be just past it.
func bitpos(c *Ctx) error {
	bit, err := Int(c.Args[2])
	if err != nil {
		return err
	}
	if bit != 0 && bit != 1 {
		return errBitposBit
	}
	r, err := parseBitRange(c.Args[3:])
	if err != nil {
		return err
	}
	s, err := lookupString(c, c.Args[1])
	if err != nil {
		return err
	}
	if s == nil {
		// An absent key is an endless run of zeros.
		c.W.Int(-bit)
		return nil
	}
	b := s.Bytes()
	start, end, firstMask, lastMask, empty := r.resolve(int64(len(b)))
	if empty {
		c.W.Int(-1)
		return nil
	}
	// In the range, find the first byte that is not all "not bit", with the
	// bits outside the range forced to the opposite of bit.
	skip := byte(0)
	if bit == 0 {
		skip = 0xff
	}
	for i := start; i <= end; i++ {
		x := b[i]
		if i == start {
			x = maskOut(x, firstMask, bit)
		}
		if i == end {
			x = maskOut(x, lastMask, bit)
		}
		if x == skip {
			continue
		}
		if bit == 1 {
			c.W.Int(i<<3 + int64(bits.LeadingZeros8(x)))
		} else {
			c.W.Int(i<<3 + int64(bits.LeadingZeros8(^x)))
		}
		return nil
	}
	if bit == 1 || r.endGiven {
		c.W.Int(-1)
		return nil
	}
	// Looking for a clear bit with no end given: the first one past the
	// string (or past the last byte of the range, which is the same).
	c.W.Int((end + 1) << 3)
	return nil
}

// maskOut sets the bits of x selected by mask to the value that is not
// looked for, so they can never match.
func maskOut(x, mask byte, bit int64) byte {
	if bit == 1 {
		return x &^ mask
	}
	return x | mask
}

// BITOP <AND | OR | XOR | NOT> destkey key [key ...]
//
// Stores at destkey the bitwise combination of the strings, shorter ones
// padded with zeros (absent keys are empty), and replies with its length.
// An empty result deletes destkey ("del" event); otherwise "set".
func bitop(c *Ctx) error {
	const (
		opAnd = iota
		opOr
		opXor
		opNot
	)
	var op int
	switch name := c.Args[1]; {
	case Is(name, "AND"):
		op = opAnd
	case Is(name, "OR"):
		op = opOr
	case Is(name, "XOR"):
		op = opXor
	case Is(name, "NOT"):
		op = opNot
	default:
		return ErrSyntax
	}
	if op == opNot && len(c.Args) != 4 {
		return errBitopNot
	}
	dest := c.Args[2]
	srcs := make([][]byte, 0, len(c.Args)-3)
	maxLen := 0
	for _, key := range c.Args[3:] {
		s, err := lookupString(c, key)
		if err != nil {
			return err
		}
		var b []byte
		if s != nil {
			b = s.Bytes()
		}
		srcs = append(srcs, b)
		maxLen = max(maxLen, len(b))
	}
	if maxLen == 0 {
		if c.DB.Delete(dest) {
			c.DB.Changed(dest, keyspace.EventGeneric, "del")
		}
		c.W.Int(0)
		return nil
	}
	res := make([]byte, maxLen)
	copy(res, srcs[0])
	switch op {
	case opNot:
		for i := range res {
			res[i] = ^res[i]
		}
	case opAnd:
		for _, src := range srcs[1:] {
			for i, x := range src {
				res[i] &= x
			}
			clear(res[len(src):]) // past its end a source counts as zeros
		}
	case opOr:
		for _, src := range srcs[1:] {
			for i, x := range src {
				res[i] |= x
			}
		}
	case opXor:
		for _, src := range srcs[1:] {
			for i, x := range src {
				res[i] ^= x
			}
		}
	}
	// The sources are only read above, so res is independent of them.
	c.DB.LookupWrite(dest) // expires an old dest first, as Valkey's setKey does
	c.DB.Set(dest, types.NewStringRaw(res), false)
	c.DB.Changed(dest, keyspace.EventString, "set")
	c.W.Int(int64(maxLen))
	return nil
}

// Overflow behaviours of BITFIELD writes.
const (
	bfWrap = iota
	bfSat
	bfFail
)

// bitfieldOp is one parsed GET, SET or INCRBY of BITFIELD.
type bitfieldOp struct {
	write    bool // SET or INCRBY
	incr     bool // INCRBY
	signed   bool
	width    uint // 1..64 signed, 1..63 unsigned
	offset   uint64
	value    int64 // SET value or INCRBY increment
	overflow int
}

// BITFIELD key [GET encoding offset | [OVERFLOW <WRAP | SAT | FAIL>]
// <SET encoding offset value | INCRBY encoding offset increment> ...]
//
// Runs the operations in order and replies with one integer per GET, SET
// (the old value) and INCRBY (the new value); nil for a write that would
// overflow under OVERFLOW FAIL, which then writes nothing.
func bitfield(c *Ctx) error { return bitfieldGeneric(c, false) }

// BITFIELD_RO key [GET encoding offset [GET encoding offset ...]]
func bitfieldRO(c *Ctx) error { return bitfieldGeneric(c, true) }

func bitfieldGeneric(c *Ctx, readonly bool) error {
	key := c.Args[1]
	var ops []bitfieldOp
	var stack [8]bitfieldOp
	ops = stack[:0]
	overflow := bfWrap
	writes := false
	var highest uint64 // the last bit any write touches
	args := c.Args[2:]
	for i := 0; i < len(args); i++ {
		rem := len(args) - i - 1
		var op bitfieldOp
		switch a := args[i]; {
		case Is(a, "GET") && rem >= 2:
		case Is(a, "SET") && rem >= 3:
			op.write = true
		case Is(a, "INCRBY") && rem >= 3:
			op.write, op.incr = true, true
		case Is(a, "OVERFLOW") && rem >= 1:
			switch w := args[i+1]; {
			case Is(w, "WRAP"):
				overflow = bfWrap
			case Is(w, "SAT"):
				overflow = bfSat
			case Is(w, "FAIL"):
				overflow = bfFail
			default:
				return errBitfieldOvf
			}
			i++
			continue
		default:
			return ErrSyntax
		}
		signed, width, ok := bitfieldType(args[i+1])
		if !ok {
			return errBitfieldType
		}
		offset, err := bitOffset(c, args[i+2], int(width))
		if err != nil {
			return err
		}
		op.signed, op.width, op.offset, op.overflow = signed, width, offset, overflow
		if op.write {
			writes = true
			highest = max(highest, offset+uint64(width)-1)
			if op.value, err = Int(args[i+3]); err != nil {
				return err
			}
			i += 3
		} else {
			i += 2
		}
		ops = append(ops, op)
	}

	var s *types.String
	grew := false
	if !writes {
		var err error
		if s, err = lookupString(c, key); err != nil {
			return err
		}
	} else {
		if readonly {
			return errBitfieldROOnly
		}
		var err error
		if s, grew, err = lookupBitsWrite(c, key, highest); err != nil {
			return err
		}
	}

	changes := 0
	c.W.Array(len(ops))
	for i := range ops {
		op := &ops[i]
		if !op.write {
			var b []byte
			if s != nil {
				b = s.Bytes()
			}
			v := getBits(b, op.offset, op.width)
			if op.signed {
				c.W.Int(signExtend(v, op.width))
			} else {
				c.W.Int(int64(v))
			}
			continue
		}
		b := s.Bytes()
		oldBits := getBits(b, op.offset, op.width)
		var newBits uint64
		var reply int64
		var overflowed bool
		if op.signed {
			old := signExtend(oldBits, op.width)
			var nv int64
			if op.incr {
				nv, overflowed = signedAdd(old, op.value, op.width, op.overflow)
				reply = nv
			} else {
				nv, overflowed = signedAdd(op.value, 0, op.width, op.overflow)
				reply = old
			}
			newBits = uint64(nv)
		} else {
			if op.incr {
				newBits, overflowed = unsignedAdd(oldBits, op.value, op.width, op.overflow)
				reply = int64(newBits)
			} else {
				newBits, overflowed = unsignedAdd(uint64(op.value), 0, op.width, op.overflow)
				reply = int64(oldBits)
			}
		}
		if overflowed && op.overflow == bfFail {
			c.W.Null()
			continue
		}
		c.W.Int(reply)
		setBits(b, op.offset, op.width, newBits)
		if grew || getBits(b, op.offset, op.width) != oldBits {
			changes++
		}
	}
	if changes > 0 {
		c.DB.Changed(key, keyspace.EventString, "setbit")
	}
	return nil
}

// bitfieldType parses i1..i64 or u1..u63 (lower-case letter only).
func bitfieldType(arg []byte) (signed bool, width uint, ok bool) {
	if len(arg) < 2 || (arg[0] != 'i' && arg[0] != 'u') {
		return false, 0, false
	}
	n, err := Int(arg[1:])
	if err != nil || n < 1 || (arg[0] == 'i' && n > 64) || (arg[0] == 'u' && n > 63) {
		return false, 0, false
	}
	return arg[0] == 'i', uint(n), true
}

// getBits reads width bits at bit offset as an unsigned number; bits past
// the end of b read as zero.
func getBits(b []byte, offset uint64, width uint) uint64 {
	var v uint64
	for k := uint64(0); k < uint64(width); k++ {
		pos := offset + k
		v <<= 1
		if pos>>3 < uint64(len(b)) && b[pos>>3]&(0x80>>(pos&7)) != 0 {
			v |= 1
		}
	}
	return v
}

// setBits writes the low width bits of v at bit offset; b must be long
// enough.
func setBits(b []byte, offset uint64, width uint, v uint64) {
	for k := uint64(0); k < uint64(width); k++ {
		pos := offset + k
		mask := byte(0x80) >> (pos & 7)
		if v>>(uint64(width)-1-k)&1 != 0 {
			b[pos>>3] |= mask
		} else {
			b[pos>>3] &^= mask
		}
	}
}

// signExtend interprets the low width bits of v as two's complement.
func signExtend(v uint64, width uint) int64 {
	if width < 64 && v&(1<<(width-1)) != 0 {
		v |= math.MaxUint64 << width
	}
	return int64(v)
}

// signedAdd adds incr to v in a signed field of width bits. On overflow it
// returns the wrapped value (WRAP), the limit (SAT) or anything (FAIL,
// which the caller does not write) and true.
//
// The overflow test is Valkey's, wrapping intermediate results included:
// a SET of a value far below the minimum can look like an overflow past
// the maximum and saturate there, and clients see that, so it is kept.
func signedAdd(v, incr int64, width uint, mode int) (int64, bool) {
	maxV := int64(math.MaxInt64)
	if width < 64 {
		maxV = 1<<(width-1) - 1
	}
	minV := -maxV - 1
	maxIncr := int64(uint64(maxV) - uint64(v)) // may wrap, as in C
	minIncr := minV - v                        // may wrap, as in C
	var over bool
	switch {
	case v > maxV || (width != 64 && incr > maxIncr) || (v >= 0 && incr > 0 && incr > maxIncr):
		over = true
	case v < minV || (width != 64 && incr < minIncr) || (v < 0 && incr < 0 && incr < minIncr):
	default:
		return v + incr, false
	}
	if mode == bfSat {
		if over {
			return maxV, true
		}
		return minV, true
	}
	// Wrap: add modulo 2^64, then keep width bits, sign-extended.
	sum := uint64(v) + uint64(incr)
	return signExtend(sum&(math.MaxUint64>>(64-width)), width), true
}

// unsignedAdd adds incr (which may be negative) to v in an unsigned field
// of width bits (at most 63), with the overflow behaviours of signedAdd
// and Valkey's overflow test.
func unsignedAdd(v uint64, incr int64, width uint, mode int) (uint64, bool) {
	maxV := uint64(1)<<width - 1
	maxIncr := int64(maxV - v) // may wrap, as in C
	minIncr := int64(-v)
	var over bool
	switch {
	case v > maxV || (incr > 0 && incr > maxIncr):
		over = true
	case incr < 0 && incr < minIncr:
	default:
		return v + uint64(incr), false
	}
	if mode == bfSat {
		if over {
			return maxV, true
		}
		return 0, true
	}
	return (v + uint64(incr)) & maxV, true
}
