package command

import (
	"math"
	"strconv"

	"github.com/trove-db/trove/internal/glob"
	"github.com/trove-db/trove/internal/keyspace"
	"github.com/trove-db/trove/internal/num"
	"github.com/trove-db/trove/internal/types"
)

// The hash family. Values are types.Hash, listpack encoded while within
// hash-max-listpack-entries and hash-max-listpack-value, hashtable beyond.
// The per-field expiry commands (HEXPIRE and friends) are not here yet.
//
//	hset hsetnx hmset hget hmget hdel hlen hstrlen hexists
//	hkeys hvals hgetall hincrby hincrbyfloat hrandfield hscan
var hashCommands = []*Spec{
	{Name: "hset", Arity: -4, Flags: FlagWrite | FlagDenyOOM | FlagFast, Categories: CatHash,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: hashKSRWUpdate,
		Group: "hash", Since: "2.0.0", Summary: "Stores one or more field-value pairs in a hash, creating it if needed.",
		Complexity: "O(1) per pair, so O(N) for N pairs.",
		History:    [][2]string{{"4.0.0", "Accepts multiple `field` and `value` arguments."}},
		Args:       []Arg{strKeyArg("key", 0), hashFieldValueArg},
		Handler:    hset},
	{Name: "hsetnx", Arity: 4, Flags: FlagWrite | FlagDenyOOM | FlagFast, Categories: CatHash,
		FirstKey: 1, LastKey: 1, KeyStep: 1,
		KeySpecs: []KeySpec{{Flags: []string{"RW", "insert"}, Index: 1, LastKey: 0, KeyStep: 1}},
		Group:    "hash", Since: "2.0.0", Summary: "Stores a field in a hash only when the field is not there yet.",
		Complexity: "O(1)",
		Args:       []Arg{strKeyArg("key", 0), {Name: "field", Type: "string"}, {Name: "value", Type: "string"}},
		Handler:    hsetnx},
	{Name: "hget", Arity: 3, Flags: FlagReadonly | FlagFast, Categories: CatHash,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: strKSRO,
		Group: "hash", Since: "2.0.0", Summary: "Reads the value of one field of a hash.", Complexity: "O(1)",
		Args:    []Arg{strKeyArg("key", 0), {Name: "field", Type: "string"}},
		Handler: hget},
	{Name: "hmget", Arity: -3, Flags: FlagReadonly | FlagFast, Categories: CatHash,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: strKSRO,
		Group: "hash", Since: "2.0.0", Summary: "Reads the values of several fields of a hash.",
		Complexity: "O(N) for the N fields asked for.",
		Args:       []Arg{strKeyArg("key", 0), {Name: "field", Type: "string", Multiple: true}},
		Handler:    hmget},
	{Name: "hmset", Arity: -4, Flags: FlagWrite | FlagDenyOOM | FlagFast, Categories: CatHash,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: hashKSRWUpdate,
		Group: "hash", Since: "2.0.0", Summary: "Stores field-value pairs in a hash and replies OK (superseded by HSET).",
		Complexity:      "O(N) for the N pairs.",
		DocFlags:        []string{"deprecated"},
		DeprecatedSince: "4.0.0",
		ReplacedBy:      "`HSET` with multiple field-value pairs",
		Args:            []Arg{strKeyArg("key", 0), hashFieldValueArg},
		Handler:         hmset},
	{Name: "hdel", Arity: -3, Flags: FlagWrite | FlagFast, Categories: CatHash,
		FirstKey: 1, LastKey: 1, KeyStep: 1,
		KeySpecs: []KeySpec{{Flags: []string{"RW", "delete"}, Index: 1, LastKey: 0, KeyStep: 1}},
		Group:    "hash", Since: "2.0.0", Summary: "Removes fields from a hash, and the hash when none is left.",
		Complexity: "O(N) for the N fields removed.",
		History:    [][2]string{{"2.4.0", "Accepts multiple `field` arguments."}},
		Args:       []Arg{strKeyArg("key", 0), {Name: "field", Type: "string", Multiple: true}},
		Handler:    hdel},
	{Name: "hlen", Arity: 2, Flags: FlagReadonly | FlagFast, Categories: CatHash,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: hashKSRO,
		Group: "hash", Since: "2.0.0", Summary: "Counts the fields of a hash.", Complexity: "O(1)",
		Args:    []Arg{strKeyArg("key", 0)},
		Handler: hlen},
	{Name: "hstrlen", Arity: 3, Flags: FlagReadonly | FlagFast, Categories: CatHash,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: hashKSRO,
		Group: "hash", Since: "3.2.0", Summary: "Gives the length in bytes of the value of a hash field.", Complexity: "O(1)",
		Args:    []Arg{strKeyArg("key", 0), {Name: "field", Type: "string"}},
		Handler: hstrlen},
	{Name: "hexists", Arity: 3, Flags: FlagReadonly | FlagFast, Categories: CatHash,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: hashKSRO,
		Group: "hash", Since: "2.0.0", Summary: "Tells whether a hash has a field.", Complexity: "O(1)",
		Args:    []Arg{strKeyArg("key", 0), {Name: "field", Type: "string"}},
		Handler: hexists},
	{Name: "hkeys", Arity: 2, Flags: FlagReadonly, Categories: CatHash,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: strKSRO,
		Group: "hash", Since: "2.0.0", Summary: "Lists the fields of a hash.", Complexity: "O(N) for a hash of N fields.",
		Tips:    []string{"nondeterministic_output_order"},
		Args:    []Arg{strKeyArg("key", 0)},
		Handler: hkeys},
	{Name: "hvals", Arity: 2, Flags: FlagReadonly, Categories: CatHash,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: strKSRO,
		Group: "hash", Since: "2.0.0", Summary: "Lists the values of a hash.", Complexity: "O(N) for a hash of N fields.",
		Tips:    []string{"nondeterministic_output_order"},
		Args:    []Arg{strKeyArg("key", 0)},
		Handler: hvals},
	{Name: "hgetall", Arity: 2, Flags: FlagReadonly, Categories: CatHash,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: strKSRO,
		Group: "hash", Since: "2.0.0", Summary: "Reads every field and value of a hash.", Complexity: "O(N) for a hash of N fields.",
		Tips:    []string{"nondeterministic_output_order"},
		Args:    []Arg{strKeyArg("key", 0)},
		Handler: hgetall},
	{Name: "hincrby", Arity: 4, Flags: FlagWrite | FlagDenyOOM | FlagFast, Categories: CatHash,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: strKSRWUpdate,
		Group: "hash", Since: "2.0.0", Summary: "Adds an integer to the integer in a hash field, starting from 0 when absent.",
		Complexity: "O(1)",
		Args:       []Arg{strKeyArg("key", 0), {Name: "field", Type: "string"}, {Name: "increment", Type: "integer"}},
		Handler:    hincrby},
	{Name: "hincrbyfloat", Arity: 4, Flags: FlagWrite | FlagDenyOOM | FlagFast, Categories: CatHash,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: strKSRWUpdate,
		Group: "hash", Since: "2.6.0", Summary: "Adds a floating-point number to the number in a hash field, starting from 0 when absent.",
		Complexity: "O(1)",
		Args:       []Arg{strKeyArg("key", 0), {Name: "field", Type: "string"}, {Name: "increment", Type: "double"}},
		Handler:    hincrbyfloat},
	{Name: "hrandfield", Arity: -2, Flags: FlagReadonly, Categories: CatHash,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: strKSRO,
		Group: "hash", Since: "6.2.0", Summary: "Picks random fields of a hash, with or without repetition, optionally with their values.",
		Complexity: "O(N) for the N fields returned.",
		Tips:       []string{"nondeterministic_output"},
		Args: []Arg{strKeyArg("key", 0), {Name: "options", Type: "block", Optional: true, Args: []Arg{
			{Name: "count", Type: "integer"},
			{Name: "withvalues", Type: "pure-token", Token: "WITHVALUES", Optional: true},
		}}},
		Handler: hrandfield},
	// NOVALUES is Valkey 8.0's; the 7.0 reference rejects it.
	{Name: "hscan", Arity: -3, Flags: FlagReadonly, Categories: CatHash,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: strKSRO,
		Group: "hash", Since: "2.8.0", Summary: "Walks the fields and values of a hash a few at a time with a cursor.",
		Complexity: "O(1) per call; O(N) over a whole iteration of a hash of N fields.",
		Tips:       []string{"nondeterministic_output"},
		History:    [][2]string{{"8.0.0", "Added the `NOVALUES` option."}},
		Args: []Arg{
			strKeyArg("key", 0),
			{Name: "cursor", Type: "integer"},
			{Name: "pattern", Type: "pattern", Token: "MATCH", Optional: true},
			{Name: "count", Type: "integer", Token: "COUNT", Optional: true},
			{Name: "novalues", Type: "pure-token", Token: "NOVALUES", Optional: true, Since: "8.0.0"},
		},
		Handler: hscan},
}

// Key specs and arguments shared by hash commands.
var (
	hashKSRO       = []KeySpec{{Flags: []string{"RO"}, Index: 1, LastKey: 0, KeyStep: 1}}
	hashKSRWUpdate = []KeySpec{{Flags: []string{"RW", "update"}, Index: 1, LastKey: 0, KeyStep: 1}}

	hashFieldValueArg = Arg{Name: "field_value", Type: "block", Multiple: true, Args: []Arg{
		{Name: "field", Type: "string"}, {Name: "value", Type: "string"},
	}}
)

// Errors only this family replies with.
var (
	errHashNotInt      = NewError("ERR hash value is not an integer")
	errHashNotFloat    = NewError("ERR hash value is not a float")
	errIncrNaNOrInfArg = NewError("ERR value is NaN or Infinity")
	errValueOutOfRange = NewError("ERR value is out of range")
)

// hashLimits are the listpack thresholds from the configuration.
func hashLimits(c *Ctx) types.Limits {
	return types.Limits{Entries: c.Settings.HashMaxListpackEntries, Value: c.Settings.HashMaxListpackValue}
}

// lookupHash returns the hash at key for a read, nil if absent, or
// ErrWrongType. It counts a keyspace hit or miss.
func lookupHash(c *Ctx, key []byte) (*types.Hash, error) {
	e := c.DB.Lookup(key)
	if e == nil {
		return nil, nil
	}
	h, ok := e.Value.(*types.Hash)
	if !ok {
		return nil, ErrWrongType
	}
	return h, nil
}

// lookupHashWrite returns the hash at key for a command about to change
// it, nil if absent, or ErrWrongType.
func lookupHashWrite(c *Ctx, key []byte) (*types.Hash, error) {
	e := c.DB.LookupWrite(key)
	if e == nil {
		return nil, nil
	}
	h, ok := e.Value.(*types.Hash)
	if !ok {
		return nil, ErrWrongType
	}
	return h, nil
}

// prepareHashSet converts a listpack hash to a hashtable before pairs are
// added, as Valkey does: when any of the strings is too long for a
// listpack, or (Valkey 8, from Redis 7.2, which presizes the table; 7.0
// did not) when there are more pairs than hash-max-listpack-entries, even
// if some repeat a field.
func prepareHashSet(h *types.Hash, pairs [][]byte, lim types.Limits) {
	if !h.IsListpack() {
		return
	}
	if int64(len(pairs)/2) > lim.Entries {
		h.Convert(len(pairs) / 2)
		return
	}
	for _, s := range pairs {
		if !lim.Fits(len(s)) {
			h.Convert(h.Len() + len(pairs)/2)
			return
		}
	}
}

// HSET key field value [field value ...]
//
// Stores the pairs (copied) and replies with the number of fields added
// ("hset" event).
func hset(c *Ctx) error {
	n, err := hsetGeneric(c)
	if err != nil {
		return err
	}
	c.W.Int(int64(n))
	return nil
}

// HMSET key field value [field value ...]
//
// HSET replying OK.
func hmset(c *Ctx) error {
	if _, err := hsetGeneric(c); err != nil {
		return err
	}
	c.W.OK()
	return nil
}

func hsetGeneric(c *Ctx) (added int, err error) {
	if len(c.Args)%2 != 0 {
		return 0, WrongArity(c.Spec.FullName())
	}
	key := c.Args[1]
	h, err := lookupHashWrite(c, key)
	if err != nil {
		return 0, err
	}
	if h == nil {
		h = types.NewHash()
		c.DB.Add(key, h)
	}
	lim := hashLimits(c)
	prepareHashSet(h, c.Args[2:], lim)
	for i := 2; i < len(c.Args); i += 2 {
		if h.Set(c.Args[i], c.Args[i+1], lim) {
			added++
		}
	}
	c.DB.Changed(key, keyspace.EventHash, "hset")
	return added, nil
}

// HSETNX key field value
//
// Stores the pair unless the field exists; replies 1 when it stored it
// ("hset" event), 0 otherwise.
func hsetnx(c *Ctx) error {
	key, field, value := c.Args[1], c.Args[2], c.Args[3]
	h, err := lookupHashWrite(c, key)
	if err != nil {
		return err
	}
	if h != nil && h.Has(field) {
		c.W.Int(0)
		return nil
	}
	if h == nil {
		h = types.NewHash()
		c.DB.Add(key, h)
	}
	lim := hashLimits(c)
	prepareHashSet(h, c.Args[2:4], lim)
	h.Set(field, value, lim)
	c.DB.Changed(key, keyspace.EventHash, "hset")
	c.W.Int(1)
	return nil
}

// HGET key field
//
// Replies with the value of field, nil when the field or key is absent.
func hget(c *Ctx) error {
	h, err := lookupHash(c, c.Args[1])
	if err != nil {
		return err
	}
	if h != nil {
		if v, ok := h.Get(c.Args[2]); ok {
			c.W.Bulk(v)
			return nil
		}
	}
	c.W.Null()
	return nil
}

// HMGET key field [field ...]
//
// Replies with the value of each field, nil for the absent ones.
func hmget(c *Ctx) error {
	h, err := lookupHash(c, c.Args[1])
	if err != nil {
		return err
	}
	fields := c.Args[2:]
	c.W.Array(len(fields))
	for _, f := range fields {
		if h != nil {
			if v, ok := h.Get(f); ok {
				c.W.Bulk(v)
				continue
			}
		}
		c.W.Null()
	}
	return nil
}

// HDEL key field [field ...]
//
// Removes the fields and replies with how many existed ("hdel" event);
// the key goes when no field is left ("del" event).
func hdel(c *Ctx) error {
	key := c.Args[1]
	h, err := lookupHashWrite(c, key)
	if err != nil {
		return err
	}
	if h == nil {
		c.W.Int(0)
		return nil
	}
	deleted := 0
	for _, f := range c.Args[2:] {
		if h.Delete(f) {
			deleted++
			if h.Len() == 0 {
				break
			}
		}
	}
	if deleted > 0 {
		c.DB.Changed(key, keyspace.EventHash, "hdel")
		if h.Len() == 0 {
			c.DB.Delete(key)
			c.DB.Changed(key, keyspace.EventGeneric, "del")
		}
	}
	c.W.Int(int64(deleted))
	return nil
}

// HLEN key
func hlen(c *Ctx) error {
	h, err := lookupHash(c, c.Args[1])
	if err != nil {
		return err
	}
	n := 0
	if h != nil {
		n = h.Len()
	}
	c.W.Int(int64(n))
	return nil
}

// HSTRLEN key field
//
// Replies with the length of the field's value, 0 when absent.
func hstrlen(c *Ctx) error {
	h, err := lookupHash(c, c.Args[1])
	if err != nil {
		return err
	}
	n := 0
	if h != nil {
		v, _ := h.Get(c.Args[2])
		n = len(v)
	}
	c.W.Int(int64(n))
	return nil
}

// HEXISTS key field
func hexists(c *Ctx) error {
	h, err := lookupHash(c, c.Args[1])
	if err != nil {
		return err
	}
	if h != nil && h.Has(c.Args[2]) {
		c.W.Int(1)
	} else {
		c.W.Int(0)
	}
	return nil
}

// The parts of a hash that HKEYS, HVALS and HGETALL reply with.
const (
	hashFields = 1 << iota
	hashValues
)

// HKEYS key
func hkeys(c *Ctx) error { return hgetallGeneric(c, hashFields) }

// HVALS key
func hvals(c *Ctx) error { return hgetallGeneric(c, hashValues) }

// HGETALL key
//
// Replies with every field and value: a map in RESP3, a flat array of
// field, value, ... in RESP2.
func hgetall(c *Ctx) error { return hgetallGeneric(c, hashFields|hashValues) }

func hgetallGeneric(c *Ctx, what int) error {
	h, err := lookupHash(c, c.Args[1])
	if err != nil {
		return err
	}
	n := 0
	if h != nil {
		n = h.Len()
	}
	if what == hashFields|hashValues {
		c.W.Map(n)
	} else {
		c.W.Array(n)
	}
	if h == nil {
		return nil
	}
	h.Range(func(f, v []byte) bool {
		if what&hashFields != 0 {
			c.W.Bulk(f)
		}
		if what&hashValues != 0 {
			c.W.Bulk(v)
		}
		return true
	})
	return nil
}

// HINCRBY key field increment
//
// Adds increment to the integer in field (0 when absent) and replies with
// the sum ("hincrby" event).
func hincrby(c *Ctx) error {
	key, field := c.Args[1], c.Args[2]
	delta, err := Int(c.Args[3])
	if err != nil {
		return err
	}
	h, err := lookupHashWrite(c, key)
	if err != nil {
		return err
	}
	var cur int64
	if h != nil {
		if v, ok := h.Get(field); ok {
			if cur, ok = num.ParseInt(v); !ok {
				return errHashNotInt
			}
		}
	}
	if delta < 0 && cur < 0 && delta < math.MinInt64-cur || delta > 0 && cur > 0 && delta > math.MaxInt64-cur {
		return ErrOverflow
	}
	sum := cur + delta
	if h == nil {
		h = types.NewHash()
		c.DB.Add(key, h)
	}
	var buf [20]byte
	h.Set(field, strconv.AppendInt(buf[:0], sum, 10), hashLimits(c))
	c.DB.Changed(key, keyspace.EventHash, "hincrby")
	c.W.Int(sum)
	return nil
}

// HINCRBYFLOAT key field increment
//
// Adds increment to the number in field (0 when absent) in long double
// arithmetic, stores the sum printed as INCRBYFLOAT prints it and replies
// with it ("hincrbyfloat" event).
func hincrbyfloat(c *Ctx) error {
	key, field := c.Args[1], c.Args[2]
	inc, ok := num.ParseLongDouble(c.Args[3])
	if !ok {
		return ErrNotFloat
	}
	if inc.IsInf() {
		return errIncrNaNOrInfArg
	}
	h, err := lookupHashWrite(c, key)
	if err != nil {
		return err
	}
	cur := num.LongDoubleFromInt(0)
	if h != nil {
		if v, found := h.Get(field); found {
			if cur, ok = num.ParseLongDouble(v); !ok {
				return errHashNotFloat
			}
		}
	}
	sum, ok := cur.Add(inc)
	if !ok {
		return ErrIncrNaNOrInf
	}
	var buf [64]byte
	out := sum.AppendHuman(buf[:0])
	if h == nil {
		h = types.NewHash()
		c.DB.Add(key, h)
	}
	h.Set(field, out, hashLimits(c))
	c.DB.Changed(key, keyspace.EventHash, "hincrbyfloat")
	c.W.Bulk(out)
	return nil
}

// HRANDFIELD key [count [WITHVALUES]]
//
// Without count, replies with one random field (nil when the key is
// absent). With a positive count, with up to count distinct fields; with
// a negative one, with exactly -count fields that may repeat. WITHVALUES
// adds each value: after its field in RESP2, as [field, value] pairs in
// RESP3.
func hrandfield(c *Ctx) error {
	if len(c.Args) == 2 {
		h, err := lookupHash(c, c.Args[1])
		if err != nil {
			return err
		}
		if h == nil {
			c.W.Null()
			return nil
		}
		c.W.Bulk(h.Random(c.KS.Rand()).Field)
		return nil
	}
	count, err := Int(c.Args[2])
	if err != nil {
		return err
	}
	if count == math.MinInt64 {
		return ErrInt64Range
	}
	withValues := false
	if len(c.Args) > 4 || len(c.Args) == 4 && !Is(c.Args[3], "WITHVALUES") {
		return ErrSyntax
	}
	if len(c.Args) == 4 {
		withValues = true
		if count < -math.MaxInt64/2 || count > math.MaxInt64/2 {
			return errValueOutOfRange
		}
	}
	h, err := lookupHash(c, c.Args[1])
	if err != nil {
		return err
	}
	if h == nil || count == 0 {
		c.W.Array(0)
		return nil
	}
	rng := c.KS.Rand()
	writePair := func(p types.Pair) {
		if !withValues {
			c.W.Bulk(p.Field)
			return
		}
		if c.W.Protocol() == 3 {
			c.W.Array(2)
		}
		c.W.Bulk(p.Field)
		c.W.Bulk(p.Value)
	}
	header := func(n int) {
		if withValues && c.W.Protocol() != 3 {
			n *= 2
		}
		c.W.Array(n)
	}
	size := int64(h.Len())
	switch {
	case count < 0:
		// With repetition: -count independent draws.
		n := -count
		header(int(n))
		if h.IsListpack() {
			pairs := h.Pairs(make([]types.Pair, 0, size))
			for ; n > 0; n-- {
				writePair(pairs[rng.IntN(len(pairs))])
			}
			return nil
		}
		for ; n > 0; n-- {
			writePair(h.Random(rng))
		}
	case count >= size:
		// The whole hash, in its own order.
		header(int(size))
		h.Range(func(f, v []byte) bool {
			writePair(types.Pair{Field: f, Value: v})
			return true
		})
	default:
		// count distinct fields: a partial shuffle of all the pairs.
		pairs := h.Pairs(make([]types.Pair, 0, size))
		header(int(count))
		for i := 0; i < int(count); i++ {
			j := i + rng.IntN(len(pairs)-i)
			pairs[i], pairs[j] = pairs[j], pairs[i]
			writePair(pairs[i])
		}
	}
	return nil
}

// HSCAN key cursor [MATCH pattern] [COUNT count] [NOVALUES]
//
// Replies with the next cursor and the fields (with their values unless
// NOVALUES) seen from cursor on. A listpack hash is returned whole with
// cursor 0. As in Valkey, the options are parsed only when the key holds
// a hash: an absent key replies with an empty scan whatever follows.
func hscan(c *Ctx) error {
	cursor, ok := parseCursor(c.Args[2])
	if !ok {
		return errInvalidCursor
	}
	h, err := lookupHash(c, c.Args[1])
	if err != nil {
		return err
	}
	if h == nil {
		c.W.Array(2)
		c.W.BulkString("0")
		c.W.Array(0)
		return nil
	}
	count := int64(10)
	var pattern []byte
	usePattern, noValues := false, false
	for i := 3; i < len(c.Args); {
		opt := c.Args[i]
		switch {
		case Is(opt, "COUNT") && i+1 < len(c.Args):
			n, err := Int(c.Args[i+1])
			if err != nil {
				return err
			}
			if n < 1 {
				return ErrSyntax
			}
			count = n
			i += 2
		case Is(opt, "MATCH") && i+1 < len(c.Args):
			p := c.Args[i+1]
			pattern, usePattern = p, !(len(p) == 1 && p[0] == '*')
			i += 2
		case Is(opt, "NOVALUES"):
			noValues = true
			i++
		default:
			return ErrSyntax
		}
	}

	var found []types.Pair
	items := int64(0)
	visit := func(f, v []byte) {
		if usePattern && !glob.Match(pattern, f) {
			return
		}
		found = append(found, types.Pair{Field: f, Value: v})
		items++
		if !noValues {
			items++
		}
	}
	maxCalls := count
	if maxCalls < math.MaxInt64/10 {
		maxCalls *= 10
	}
	for {
		cursor = h.Scan(cursor, visit)
		if cursor == 0 || maxCalls == 0 || items >= count {
			break
		}
		maxCalls--
	}

	var buf [20]byte
	c.W.Array(2)
	c.W.Bulk(strconv.AppendUint(buf[:0], cursor, 10))
	if noValues {
		c.W.Array(len(found))
	} else {
		c.W.Array(2 * len(found))
	}
	for _, p := range found {
		c.W.Bulk(p.Field)
		if !noValues {
			c.W.Bulk(p.Value)
		}
	}
	return nil
}
