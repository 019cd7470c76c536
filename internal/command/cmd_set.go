package command

import (
	"math"
	"strconv"

	"github.com/trove-db/trove/internal/glob"
	"github.com/trove-db/trove/internal/keyspace"
	"github.com/trove-db/trove/internal/types"
)

// The set family. Values are types.Set: intset, listpack or hashtable
// encoded as in Valkey 8 (the 7.0 reference has no listpack sets: a small
// set of strings is a hashtable there).
//
//	sadd srem scard sismember smismember smembers srandmember spop smove
//	sinter sintercard sinterstore sunion sunionstore sdiff sdiffstore sscan
var setCommands = []*Spec{
	{Name: "sadd", Arity: -3, Flags: FlagWrite | FlagDenyOOM | FlagFast, Categories: CatSet,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: setKS("RW", "insert"),
		Group: "set", Since: "1.0.0", Summary: "Adds members to a set, creating it if needed.",
		Complexity: "O(1) per member, so O(N) for N members.",
		History:    [][2]string{{"2.4.0", "Accepts multiple `member` arguments."}},
		Args:       []Arg{strKeyArg("key", 0), setMembersArg},
		Handler:    sadd},
	{Name: "srem", Arity: -3, Flags: FlagWrite | FlagFast, Categories: CatSet,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: setKS("RW", "delete"),
		Group: "set", Since: "1.0.0", Summary: "Removes members from a set, and the set when none is left.",
		Complexity: "O(N) for the N members removed.",
		History:    [][2]string{{"2.4.0", "Accepts multiple `member` arguments."}},
		Args:       []Arg{strKeyArg("key", 0), setMembersArg},
		Handler:    srem},
	{Name: "scard", Arity: 2, Flags: FlagReadonly | FlagFast, Categories: CatSet,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: setKS("RO"),
		Group: "set", Since: "1.0.0", Summary: "Counts the members of a set.", Complexity: "O(1)",
		Args:    []Arg{strKeyArg("key", 0)},
		Handler: scard},
	{Name: "sismember", Arity: 3, Flags: FlagReadonly | FlagFast, Categories: CatSet,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: setKS("RO"),
		Group: "set", Since: "1.0.0", Summary: "Tells whether a value is a member of a set.", Complexity: "O(1)",
		Args:    []Arg{strKeyArg("key", 0), {Name: "member", Type: "string"}},
		Handler: sismember},
	{Name: "smismember", Arity: -3, Flags: FlagReadonly | FlagFast, Categories: CatSet,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: setKS("RO", "access"),
		Group: "set", Since: "6.2.0", Summary: "Tells, for each of several values, whether it is a member of a set.",
		Complexity: "O(N) for the N values asked about.",
		Args:       []Arg{strKeyArg("key", 0), setMembersArg},
		Handler:    smismember},
	{Name: "smembers", Arity: 2, Flags: FlagReadonly, Categories: CatSet,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: setKS("RO", "access"),
		Group: "set", Since: "1.0.0", Summary: "Lists the members of a set.", Complexity: "O(N) for a set of N members.",
		Tips:    []string{"nondeterministic_output_order"},
		Args:    []Arg{strKeyArg("key", 0)},
		Handler: smembers},
	{Name: "srandmember", Arity: -2, Flags: FlagReadonly, Categories: CatSet,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: setKS("RO", "access"),
		Group: "set", Since: "1.0.0", Summary: "Picks random members of a set, with or without repetition, leaving the set alone.",
		Complexity: "O(1) without count, O(N) for the N members returned with it.",
		Tips:       []string{"nondeterministic_output"},
		History:    [][2]string{{"2.6.0", "Added the optional `count` argument."}},
		Args:       []Arg{strKeyArg("key", 0), {Name: "count", Type: "integer", Since: "2.6.0", Optional: true}},
		Handler:    srandmember},
	{Name: "spop", Arity: -2, Flags: FlagWrite | FlagFast, Categories: CatSet,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: setKS("RW", "access", "delete"),
		Group: "set", Since: "1.0.0", Summary: "Removes random members from a set and replies with them.",
		Complexity: "O(1) without count, O(N) for the N members removed with it.",
		Tips:       []string{"nondeterministic_output"},
		History:    [][2]string{{"3.2.0", "Added the `count` argument."}},
		Args:       []Arg{strKeyArg("key", 0), {Name: "count", Type: "integer", Since: "3.2.0", Optional: true}},
		Handler:    spop},
	{Name: "smove", Arity: 4, Flags: FlagWrite | FlagFast, Categories: CatSet,
		FirstKey: 1, LastKey: 2, KeyStep: 1,
		KeySpecs: []KeySpec{
			{Flags: []string{"RW", "access", "delete"}, Index: 1, LastKey: 0, KeyStep: 1},
			{Flags: []string{"RW", "insert"}, Index: 2, LastKey: 0, KeyStep: 1},
		},
		Group: "set", Since: "1.0.0", Summary: "Moves a member from one set to another.", Complexity: "O(1)",
		Args:    []Arg{strKeyArg("source", 0), strKeyArg("destination", 1), {Name: "member", Type: "string"}},
		Handler: smove},
	{Name: "sinter", Arity: -2, Flags: FlagReadonly, Categories: CatSet,
		FirstKey: 1, LastKey: -1, KeyStep: 1, KeySpecs: setKSAll,
		Group: "set", Since: "1.0.0", Summary: "Lists the members common to all the given sets.",
		Complexity: "O(N*M) at worst, N being the size of the smallest set and M the number of sets.",
		Tips:       []string{"nondeterministic_output_order"},
		Args:       []Arg{{Name: "key", Type: "key", KeySpecIndex: 0, Multiple: true}},
		Handler:    sinter},
	{Name: "sintercard", Arity: -3, Flags: FlagReadonly, Categories: CatSet,
		KeySpecs: []KeySpec{{Flags: []string{"RO", "access"}, Index: 1, KeyNum: true, KeyNumIdx: 0, FirstKey: 1, KeyStep: 1}},
		Group:    "set", Since: "7.0.0", Summary: "Counts the members common to all the given sets, optionally stopping at a limit.",
		Complexity: "O(N*M) at worst, N being the size of the smallest set and M the number of sets.",
		Args: []Arg{
			{Name: "numkeys", Type: "integer"},
			{Name: "key", Type: "key", KeySpecIndex: 0, Multiple: true},
			{Name: "limit", Type: "integer", Token: "LIMIT", Optional: true},
		},
		Handler: sintercard},
	{Name: "sinterstore", Arity: -3, Flags: FlagWrite | FlagDenyOOM, Categories: CatSet,
		FirstKey: 1, LastKey: -1, KeyStep: 1, KeySpecs: setStoreKS("RW"),
		Group: "set", Since: "1.0.0", Summary: "Stores the members common to all the given sets in a key and replies with their count.",
		Complexity: "O(N*M) at worst, N being the size of the smallest set and M the number of sets.",
		Args:       setStoreArgs,
		Handler:    sinterstore},
	{Name: "sunion", Arity: -2, Flags: FlagReadonly, Categories: CatSet,
		FirstKey: 1, LastKey: -1, KeyStep: 1, KeySpecs: setKSAll,
		Group: "set", Since: "1.0.0", Summary: "Lists the members found in any of the given sets.",
		Complexity: "O(N), N being the total number of members of all the sets.",
		Tips:       []string{"nondeterministic_output_order"},
		Args:       []Arg{{Name: "key", Type: "key", KeySpecIndex: 0, Multiple: true}},
		Handler:    sunion},
	{Name: "sunionstore", Arity: -3, Flags: FlagWrite | FlagDenyOOM, Categories: CatSet,
		FirstKey: 1, LastKey: -1, KeyStep: 1, KeySpecs: setStoreKS("OW"),
		Group: "set", Since: "1.0.0", Summary: "Stores the members found in any of the given sets in a key and replies with their count.",
		Complexity: "O(N), N being the total number of members of all the sets.",
		Args:       setStoreArgs,
		Handler:    sunionstore},
	{Name: "sdiff", Arity: -2, Flags: FlagReadonly, Categories: CatSet,
		FirstKey: 1, LastKey: -1, KeyStep: 1, KeySpecs: setKSAll,
		Group: "set", Since: "1.0.0", Summary: "Lists the members of the first set that none of the other sets has.",
		Complexity: "O(N), N being the total number of members of all the sets.",
		Tips:       []string{"nondeterministic_output_order"},
		Args:       []Arg{{Name: "key", Type: "key", KeySpecIndex: 0, Multiple: true}},
		Handler:    sdiff},
	{Name: "sdiffstore", Arity: -3, Flags: FlagWrite | FlagDenyOOM, Categories: CatSet,
		FirstKey: 1, LastKey: -1, KeyStep: 1, KeySpecs: setStoreKS("OW"),
		Group: "set", Since: "1.0.0", Summary: "Stores the members of the first set that none of the other sets has in a key and replies with their count.",
		Complexity: "O(N), N being the total number of members of all the sets.",
		Args:       setStoreArgs,
		Handler:    sdiffstore},
	{Name: "sscan", Arity: -3, Flags: FlagReadonly, Categories: CatSet,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: setKS("RO", "access"),
		Group: "set", Since: "2.8.0", Summary: "Walks the members of a set a few at a time with a cursor.",
		Complexity: "O(1) per call; O(N) over a whole iteration of a set of N members.",
		Tips:       []string{"nondeterministic_output"},
		Args: []Arg{
			strKeyArg("key", 0),
			{Name: "cursor", Type: "integer"},
			{Name: "pattern", Type: "pattern", Token: "MATCH", Optional: true},
			{Name: "count", Type: "integer", Token: "COUNT", Optional: true},
		},
		Handler: sscan},
}

// setKS is the key spec of a command whose only key is its first argument.
func setKS(flags ...string) []KeySpec {
	return []KeySpec{{Flags: flags, Index: 1, LastKey: 0, KeyStep: 1}}
}

// setStoreKS are the key specs of SINTERSTORE, SUNIONSTORE and SDIFFSTORE:
// the destination (RW for SINTERSTORE, OW for the others), then the sources.
func setStoreKS(dst string) []KeySpec {
	return []KeySpec{
		{Flags: []string{dst, "update"}, Index: 1, LastKey: 0, KeyStep: 1},
		{Flags: []string{"RO", "access"}, Index: 2, LastKey: -1, KeyStep: 1},
	}
}

// Key specs, arguments and errors shared by the set commands.
var (
	setKSAll      = []KeySpec{{Flags: []string{"RO", "access"}, Index: 1, LastKey: -1, KeyStep: 1}}
	setMembersArg = Arg{Name: "member", Type: "string", Multiple: true}
	setStoreArgs  = []Arg{strKeyArg("destination", 0), {Name: "key", Type: "key", KeySpecIndex: 1, Multiple: true}}

	errSetNumkeys       = NewError("ERR numkeys should be greater than 0")
	errSetNumkeysArgs   = NewError("ERR Number of keys can't be greater than number of args")
	errSetLimitNegative = NewError("ERR LIMIT can't be negative")
)

// setLimits are the set encoding thresholds from the configuration.
func setLimits(c *Ctx) types.SetLimits {
	return types.SetLimits{
		IntsetEntries:   c.Settings.SetMaxIntsetEntries,
		ListpackEntries: c.Settings.SetMaxListpackEntries,
		ListpackValue:   c.Settings.SetMaxListpackValue,
	}
}

// asSet returns the set in e, nil when e is nil, or ErrWrongType.
func asSet(e *keyspace.Entry) (*types.Set, error) {
	if e == nil {
		return nil, nil
	}
	s, ok := e.Value.(*types.Set)
	if !ok {
		return nil, ErrWrongType
	}
	return s, nil
}

// lookupSet returns the set at key for a read (counting a hit or miss),
// nil if absent, or ErrWrongType.
func lookupSet(c *Ctx, key []byte) (*types.Set, error) { return asSet(c.DB.Lookup(key)) }

// lookupSetWrite returns the set at key for a command about to change it.
func lookupSetWrite(c *Ctx, key []byte) (*types.Set, error) { return asSet(c.DB.LookupWrite(key)) }

// removedSet records that a set lost members under event, and deletes the
// key when none is left ("del" after the set event, as Valkey orders them).
func removedSet(c *Ctx, key []byte, s *types.Set, event string) {
	c.DB.Changed(key, keyspace.EventSet, event)
	if s.Len() == 0 {
		c.DB.Delete(key)
		c.DB.Changed(key, keyspace.EventGeneric, "del")
	}
}

// SADD key member [member ...]
//
// Adds the members (copied) and replies with how many were new ("sadd"
// event when any was). A new set is encoded for the number of arguments,
// and an existing one converted ahead of them, as Valkey does.
func sadd(c *Ctx) error {
	key, members := c.Args[1], c.Args[2:]
	s, err := lookupSetWrite(c, key)
	if err != nil {
		return err
	}
	lim := setLimits(c)
	if s == nil {
		s = types.NewSet(members[0], len(members), lim)
		c.DB.Add(key, s)
	} else {
		s.MaybeConvert(len(members), lim)
	}
	added := 0
	for _, m := range members {
		if s.Add(m, lim) {
			added++
		}
	}
	if added > 0 {
		c.DB.Changed(key, keyspace.EventSet, "sadd")
	}
	c.W.Int(int64(added))
	return nil
}

// SREM key member [member ...]
//
// Removes the members and replies with how many were there ("srem"
// event); the key goes when the set is emptied ("del" event).
func srem(c *Ctx) error {
	key := c.Args[1]
	s, err := lookupSetWrite(c, key)
	if err != nil {
		return err
	}
	if s == nil {
		c.W.Int(0)
		return nil
	}
	removed := 0
	for _, m := range c.Args[2:] {
		if s.Remove(m) {
			removed++
			if s.Len() == 0 {
				break
			}
		}
	}
	if removed > 0 {
		removedSet(c, key, s, "srem")
	}
	c.W.Int(int64(removed))
	return nil
}

// SCARD key
func scard(c *Ctx) error {
	s, err := lookupSet(c, c.Args[1])
	if err != nil {
		return err
	}
	if s == nil {
		c.W.Int(0)
		return nil
	}
	c.W.Int(int64(s.Len()))
	return nil
}

// SISMEMBER key member
func sismember(c *Ctx) error {
	s, err := lookupSet(c, c.Args[1])
	if err != nil {
		return err
	}
	if s != nil && s.Has(c.Args[2]) {
		c.W.Int(1)
	} else {
		c.W.Int(0)
	}
	return nil
}

// SMISMEMBER key member [member ...]
//
// Replies with an array holding 1 or 0 for each member in turn.
func smismember(c *Ctx) error {
	s, err := lookupSet(c, c.Args[1])
	if err != nil {
		return err
	}
	c.W.Array(len(c.Args) - 2)
	for _, m := range c.Args[2:] {
		if s != nil && s.Has(m) {
			c.W.Int(1)
		} else {
			c.W.Int(0)
		}
	}
	return nil
}

// SMEMBERS key
//
// Replies with every member as a set (an array in RESP2): ascending for an
// intset, insertion order for a listpack, in table order otherwise.
func smembers(c *Ctx) error {
	s, err := lookupSet(c, c.Args[1])
	if err != nil {
		return err
	}
	if s == nil {
		c.W.Set(0)
		return nil
	}
	writeSetMembers(c, s)
	return nil
}

// writeSetMembers replies with the members of s as a set.
func writeSetMembers(c *Ctx, s *types.Set) {
	var scratch [20]byte
	c.W.Set(s.Len())
	s.Range(func(m []byte) bool {
		c.W.Bulk(m)
		return true
	}, scratch[:0])
}

// SRANDMEMBER key [count]
//
// Without count, one random member (nil when the key is absent). With a
// positive count, up to count distinct members; with a negative one,
// exactly -count members that may repeat. Always an array with count.
func srandmember(c *Ctx) error {
	if len(c.Args) > 3 {
		return ErrSyntax
	}
	if len(c.Args) == 2 {
		s, err := lookupSet(c, c.Args[1])
		if err != nil {
			return err
		}
		if s == nil {
			c.W.Null()
			return nil
		}
		c.W.Bulk(s.Random(c.KS.Rand()))
		return nil
	}
	count, err := Int(c.Args[2])
	if err != nil {
		return err
	}
	if count == math.MinInt64 {
		return ErrInt64Range
	}
	s, err := lookupSet(c, c.Args[1])
	if err != nil {
		return err
	}
	if s == nil || count == 0 {
		c.W.Array(0)
		return nil
	}
	rng := c.KS.Rand()
	size := int64(s.Len())
	switch {
	case count < 0:
		// -count independent draws. Large counts stream out without
		// preallocating, as a client may ask for more than fits in memory.
		c.W.Array(int(-count))
		if s.IsHashtable() {
			for n := -count; n > 0; n-- {
				c.W.Bulk(s.Random(rng))
			}
			return nil
		}
		members := s.Members(nil)
		for n := -count; n > 0; n-- {
			c.W.Bulk(members[rng.IntN(len(members))])
		}
	case count >= size:
		var scratch [20]byte
		c.W.Array(int(size))
		s.Range(func(m []byte) bool {
			c.W.Bulk(m)
			return true
		}, scratch[:0])
	default:
		// count distinct members: a partial shuffle.
		members := s.Members(nil)
		c.W.Array(int(count))
		for i := 0; i < int(count); i++ {
			j := i + rng.IntN(len(members)-i)
			members[i], members[j] = members[j], members[i]
			c.W.Bulk(members[i])
		}
	}
	return nil
}

// spopRebuildFactor: SPOP with a count rebuilds the set from the members
// that stay when fewer than 1/spopRebuildFactor of the popped count remain
// (Valkey's SPOP_MOVE_STRATEGY_MUL). It matters for the encoding: the
// rebuilt set of a hashtable starts as a listpack.
const spopRebuildFactor = 5

// SPOP key [count]
//
// Removes and replies with one random member (nil when absent), or with up
// to count members as a set. "spop" event; the key goes when emptied
// ("del" event).
func spop(c *Ctx) error {
	if len(c.Args) > 3 {
		return ErrSyntax
	}
	key := c.Args[1]
	if len(c.Args) == 2 {
		s, err := lookupSetWrite(c, key)
		if err != nil {
			return err
		}
		if s == nil {
			c.W.Null()
			return nil
		}
		m := s.Random(c.KS.Rand())
		s.Remove(m)
		removedSet(c, key, s, "spop")
		c.W.Bulk(m)
		return nil
	}
	count, err := Int(c.Args[2])
	if err != nil || count < 0 {
		return ErrNotPositive
	}
	s, err := lookupSetWrite(c, key)
	if err != nil {
		return err
	}
	if s == nil || count == 0 {
		c.W.Set(0)
		return nil
	}
	size := int64(s.Len())
	if count >= size {
		// The whole set goes.
		writeSetMembers(c, s)
		c.DB.Changed(key, keyspace.EventSet, "spop")
		c.DB.Delete(key)
		c.DB.Changed(key, keyspace.EventGeneric, "del")
		return nil
	}
	rng := c.KS.Rand()
	remaining := size - count
	if remaining*spopRebuildFactor > count || s.IsListpack() {
		// Pop count members one at a time (for a listpack Valkey keeps
		// the encoding in both strategies, so one way serves).
		members := s.Members(nil)
		c.W.Set(int(count))
		for i := 0; i < int(count); i++ {
			j := i + rng.IntN(len(members)-i)
			members[i], members[j] = members[j], members[i]
			s.Remove(members[i])
			c.W.Bulk(members[i])
		}
		c.DB.Changed(key, keyspace.EventSet, "spop")
		return nil
	}
	// Few stay: move the survivors to a new set, which starts as an
	// intset when the old one was one and as a listpack otherwise, and
	// reply with what is left of the old one.
	lim := setLimits(c)
	var kept *types.Set
	if s.IsIntset() {
		kept = types.NewIntsetSet()
	} else {
		kept = types.NewListpackSet()
	}
	for ; remaining > 0; remaining-- {
		m := s.Random(rng)
		kept.Add(m, lim)
		s.Remove(m)
	}
	writeSetMembers(c, s)
	c.DB.Set(key, kept, true)
	c.DB.Changed(key, keyspace.EventSet, "spop")
	return nil
}

// SMOVE source destination member
//
// Moves member from source to destination and replies 1, or 0 when source
// does not hold it. Events: "srem" on source ("del" if emptied), "sadd" on
// destination when the member is new there.
func smove(c *Ctx) error {
	srcKey, dstKey, m := c.Args[1], c.Args[2], c.Args[3]
	src, err := lookupSetWrite(c, srcKey)
	if err != nil {
		return err
	}
	dst, err := lookupSetWrite(c, dstKey)
	if src == nil {
		c.W.Int(0)
		return nil
	}
	if err != nil {
		return err
	}
	if src == dst {
		if src.Has(m) {
			c.W.Int(1)
		} else {
			c.W.Int(0)
		}
		return nil
	}
	if !src.Remove(m) {
		c.W.Int(0)
		return nil
	}
	removedSet(c, srcKey, src, "srem")
	lim := setLimits(c)
	if dst == nil {
		dst = types.NewSet(m, 1, lim)
		c.DB.Add(dstKey, dst)
	}
	if dst.Add(m, lim) {
		c.DB.Changed(dstKey, keyspace.EventSet, "sadd")
	}
	c.W.Int(1)
	return nil
}

// setSources looks up the sets at keys, nil for absent ones, failing with
// WRONGTYPE if any key holds another type. forWrite selects the lookup of
// a store command.
func setSources(c *Ctx, keys [][]byte, forWrite bool) ([]*types.Set, error) {
	sets := make([]*types.Set, len(keys))
	for i, k := range keys {
		var e *keyspace.Entry
		if forWrite {
			e = c.DB.LookupWrite(k)
		} else {
			e = c.DB.Lookup(k)
		}
		s, err := asSet(e)
		if err != nil {
			return nil, err
		}
		sets[i] = s
	}
	return sets, nil
}

// storeSet stores result at dst and replies with its size ("event" on
// dst), or, when result is empty, deletes dst ("del" if it existed) and
// replies 0.
func storeSet(c *Ctx, dst []byte, result *types.Set, event string) {
	if result == nil || result.Len() == 0 {
		if c.DB.Delete(dst) {
			c.DB.Changed(dst, keyspace.EventGeneric, "del")
		}
		c.W.Int(0)
		return
	}
	c.DB.Set(dst, result, false)
	c.DB.Changed(dst, keyspace.EventSet, event)
	c.W.Int(int64(result.Len()))
}

// intersect calls fn for every member common to all sets (none nil),
// walking the smallest, until fn returns false.
func intersect(sets []*types.Set, fn func(m []byte) bool) {
	smallest := 0
	for i, s := range sets {
		if s.Len() < sets[smallest].Len() {
			smallest = i
		}
	}
	var scratch [20]byte
	sets[smallest].Range(func(m []byte) bool {
		for i, s := range sets {
			if i != smallest && s != sets[smallest] && !s.Has(m) {
				return true
			}
		}
		return fn(m)
	}, scratch[:0])
}

// hasNil reports whether a source key was absent (an empty set).
func hasNil(sets []*types.Set) bool {
	for _, s := range sets {
		if s == nil {
			return true
		}
	}
	return false
}

// SINTER key [key ...]
func sinter(c *Ctx) error {
	sets, err := setSources(c, c.Args[1:], false)
	if err != nil {
		return err
	}
	if hasNil(sets) {
		c.W.Set(0)
		return nil
	}
	var out memberList
	intersect(sets, func(m []byte) bool {
		out.add(m)
		return true
	})
	out.writeSet(c)
	return nil
}

// SINTERCARD numkeys key [key ...] [LIMIT limit]
//
// Replies with the size of the intersection, counting no further than
// limit when it is positive.
func sintercard(c *Ctx) error {
	numkeys, err := Int(c.Args[1])
	if err != nil || numkeys < 1 {
		return errSetNumkeys
	}
	if numkeys > int64(len(c.Args)-2) {
		return errSetNumkeysArgs
	}
	keys := c.Args[2 : 2+numkeys]
	limit := int64(0)
	for i := 2 + int(numkeys); i < len(c.Args); i += 2 {
		if !Is(c.Args[i], "LIMIT") || i+1 >= len(c.Args) {
			return ErrSyntax
		}
		n, err := Int(c.Args[i+1])
		if err != nil || n < 0 {
			return errSetLimitNegative
		}
		limit = n
	}
	sets, err := setSources(c, keys, false)
	if err != nil {
		return err
	}
	if hasNil(sets) {
		c.W.Int(0)
		return nil
	}
	n := int64(0)
	intersect(sets, func([]byte) bool {
		n++
		return limit == 0 || n < limit
	})
	c.W.Int(n)
	return nil
}

// SINTERSTORE destination key [key ...]
//
// Stores the intersection at destination ("sinterstore" event) and
// replies with its size; an empty one deletes destination ("del").
func sinterstore(c *Ctx) error {
	sets, err := setSources(c, c.Args[2:], true)
	if err != nil {
		return err
	}
	if hasNil(sets) {
		storeSet(c, c.Args[1], nil, "")
		return nil
	}
	lim := setLimits(c)
	result := types.NewIntsetSet()
	intersect(sets, func(m []byte) bool {
		result.Add(m, lim)
		return true
	})
	storeSet(c, c.Args[1], result, "sinterstore")
	return nil
}

// union builds the union of sets (nil ones are empty) as Valkey builds it:
// starting from an intset and converting as members are added.
func union(sets []*types.Set, lim types.SetLimits) *types.Set {
	result := types.NewIntsetSet()
	var scratch [20]byte
	for _, s := range sets {
		if s == nil {
			continue
		}
		s.Range(func(m []byte) bool {
			result.Add(m, lim)
			return true
		}, scratch[:0])
	}
	return result
}

// diff builds the members of sets[0] that no other set has, choosing
// between Valkey's two strategies the same way, since they can end in
// different encodings: checking each member of the first set against the
// others, or copying the first set and removing the others' members.
func diff(sets []*types.Set, lim types.SetLimits) *types.Set {
	result := types.NewIntsetSet()
	first := sets[0]
	if first == nil || first.Len() == 0 {
		return result
	}
	perMember := int64(first.Len()) * int64(len(sets)) / 2
	total := int64(0)
	for _, s := range sets {
		if s != nil {
			total += int64(s.Len())
		}
	}
	var scratch [20]byte
	if perMember <= total {
		first.Range(func(m []byte) bool {
			for _, s := range sets[1:] {
				if s == first {
					return false // the difference with itself is empty
				}
				if s != nil && s.Has(m) {
					return true
				}
			}
			result.Add(m, lim)
			return true
		}, scratch[:0])
		return result
	}
	first.Range(func(m []byte) bool {
		result.Add(m, lim)
		return true
	}, scratch[:0])
	for _, s := range sets[1:] {
		if s == nil {
			continue
		}
		s.Range(func(m []byte) bool {
			result.Remove(m)
			return result.Len() > 0
		}, scratch[:0])
		if result.Len() == 0 {
			break
		}
	}
	return result
}

// SUNION key [key ...]
func sunion(c *Ctx) error {
	sets, err := setSources(c, c.Args[1:], false)
	if err != nil {
		return err
	}
	writeSetMembers(c, union(sets, setLimits(c)))
	return nil
}

// SUNIONSTORE destination key [key ...]
//
// Stores the union at destination ("sunionstore" event) and replies with
// its size; an empty one deletes destination ("del").
func sunionstore(c *Ctx) error {
	sets, err := setSources(c, c.Args[2:], true)
	if err != nil {
		return err
	}
	storeSet(c, c.Args[1], union(sets, setLimits(c)), "sunionstore")
	return nil
}

// SDIFF key [key ...]
func sdiff(c *Ctx) error {
	sets, err := setSources(c, c.Args[1:], false)
	if err != nil {
		return err
	}
	writeSetMembers(c, diff(sets, setLimits(c)))
	return nil
}

// SDIFFSTORE destination key [key ...]
//
// Stores the difference at destination ("sdiffstore" event) and replies
// with its size; an empty one deletes destination ("del").
func sdiffstore(c *Ctx) error {
	sets, err := setSources(c, c.Args[2:], true)
	if err != nil {
		return err
	}
	storeSet(c, c.Args[1], diff(sets, setLimits(c)), "sdiffstore")
	return nil
}

// SSCAN key cursor [MATCH pattern] [COUNT count]
//
// Replies with the next cursor and the members seen from cursor on; a
// compact set comes whole with cursor 0. As in Valkey the options are
// parsed only when the key holds a set.
func sscan(c *Ctx) error {
	cursor, ok := parseCursor(c.Args[2])
	if !ok {
		return errInvalidCursor
	}
	s, err := lookupSet(c, c.Args[1])
	if err != nil {
		return err
	}
	if s == nil {
		c.W.Array(2)
		c.W.BulkString("0")
		c.W.Array(0)
		return nil
	}
	count := int64(10)
	var pattern []byte
	usePattern := false
	for i := 3; i < len(c.Args); i += 2 {
		if i+1 >= len(c.Args) {
			return ErrSyntax
		}
		switch opt := c.Args[i]; {
		case Is(opt, "COUNT"):
			n, err := Int(c.Args[i+1])
			if err != nil {
				return err
			}
			if n < 1 {
				return ErrSyntax
			}
			count = n
		case Is(opt, "MATCH"):
			p := c.Args[i+1]
			pattern, usePattern = p, !(len(p) == 1 && p[0] == '*')
		default:
			return ErrSyntax
		}
	}
	var out memberList
	maxCalls := count
	if maxCalls < math.MaxInt64/10 {
		maxCalls *= 10
	}
	for {
		cursor = s.Scan(cursor, func(m []byte) {
			if !usePattern || glob.Match(pattern, m) {
				out.add(m)
			}
		})
		if cursor == 0 || maxCalls == 0 || int64(len(out.ends)) >= count {
			break
		}
		maxCalls--
	}
	var buf [20]byte
	c.W.Array(2)
	c.W.Bulk(strconv.AppendUint(buf[:0], cursor, 10))
	c.W.Array(len(out.ends))
	out.each(func(m []byte) { c.W.Bulk(m) })
	return nil
}

// memberList collects members in one buffer, for replies whose length is
// known only at the end.
type memberList struct {
	buf  []byte
	ends []int
}

func (l *memberList) add(m []byte) {
	l.buf = append(l.buf, m...)
	l.ends = append(l.ends, len(l.buf))
}

func (l *memberList) each(fn func(m []byte)) {
	start := 0
	for _, end := range l.ends {
		fn(l.buf[start:end])
		start = end
	}
}

func (l *memberList) writeSet(c *Ctx) {
	c.W.Set(len(l.ends))
	l.each(func(m []byte) { c.W.Bulk(m) })
}
