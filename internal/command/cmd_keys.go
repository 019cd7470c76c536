package command

import (
	"bytes"
	"math"
	"strconv"
	"strings"
	"unsafe"

	"github.com/trove-db/trove/internal/glob"
	"github.com/trove-db/trove/internal/keyspace"
	"github.com/trove-db/trove/internal/types"
)

// The generic keyspace commands: they act on keys whatever their type.
//
//	DEL UNLINK EXISTS TYPE TOUCH KEYS SCAN RANDOMKEY DBSIZE
//	RENAME RENAMENX COPY MOVE SWAPDB FLUSHDB FLUSHALL
//	OBJECT ENCODING|FREQ|IDLETIME|REFCOUNT|HELP
//	MEMORY USAGE|HELP (the server adds the other MEMORY subcommands)
var keyCommands = []*Spec{
	{Name: "del", Arity: -2, Flags: FlagWrite, Categories: CatKeyspace,
		FirstKey: 1, LastKey: -1, KeyStep: 1,
		KeySpecs: []KeySpec{{Flags: []string{"RM", "delete"}, Index: 1, LastKey: -1, KeyStep: 1}},
		Group:    "generic", Since: "1.0.0", Summary: "Removes keys and their values.",
		Complexity: "O(N) for N keys; deleting a collection of M elements costs O(M), a string O(1).",
		Tips:       []string{"request_policy:multi_shard", "response_policy:agg_sum"},
		Args:       []Arg{{Name: "key", Type: "key", KeySpecIndex: 0, Multiple: true}},
		Handler:    del},
	{Name: "unlink", Arity: -2, Flags: FlagWrite | FlagFast, Categories: CatKeyspace,
		FirstKey: 1, LastKey: -1, KeyStep: 1,
		KeySpecs: []KeySpec{{Flags: []string{"RM", "delete"}, Index: 1, LastKey: -1, KeyStep: 1}},
		Group:    "generic", Since: "4.0.0", Summary: "Removes keys, leaving the freeing of their values to the background.",
		Complexity: "O(1) per key removed; freeing a large value happens later.",
		Tips:       []string{"request_policy:multi_shard", "response_policy:agg_sum"},
		Args:       []Arg{{Name: "key", Type: "key", KeySpecIndex: 0, Multiple: true}},
		Handler:    del},
	{Name: "exists", Arity: -2, Flags: FlagReadonly | FlagFast, Categories: CatKeyspace,
		FirstKey: 1, LastKey: -1, KeyStep: 1,
		KeySpecs: []KeySpec{{Flags: []string{"RO"}, Index: 1, LastKey: -1, KeyStep: 1}},
		Group:    "generic", Since: "1.0.0", Summary: "Counts how many of the given keys exist.",
		Complexity: "O(N) for N keys.",
		Tips:       []string{"request_policy:multi_shard", "response_policy:agg_sum"},
		History:    [][2]string{{"3.0.3", "Takes several `key` arguments."}},
		Args:       []Arg{{Name: "key", Type: "key", KeySpecIndex: 0, Multiple: true}},
		Handler:    exists},
	{Name: "type", Arity: 2, Flags: FlagReadonly | FlagFast, Categories: CatKeyspace,
		FirstKey: 1, LastKey: 1, KeyStep: 1,
		KeySpecs: []KeySpec{{Flags: []string{"RO"}, Index: 1, LastKey: 0, KeyStep: 1}},
		Group:    "generic", Since: "1.0.0", Summary: "Names the type of the value at a key.",
		Complexity: "O(1)",
		Args:       []Arg{{Name: "key", Type: "key", KeySpecIndex: 0}},
		Handler:    typeCommand},
	{Name: "touch", Arity: -2, Flags: FlagReadonly | FlagFast, Categories: CatKeyspace,
		FirstKey: 1, LastKey: -1, KeyStep: 1,
		KeySpecs: []KeySpec{{Flags: []string{"RO"}, Index: 1, LastKey: -1, KeyStep: 1}},
		Group:    "generic", Since: "3.2.1", Summary: "Marks keys as just accessed and counts the ones that exist.",
		Complexity: "O(N) for N keys.",
		Tips:       []string{"request_policy:multi_shard", "response_policy:agg_sum"},
		Args:       []Arg{{Name: "key", Type: "key", KeySpecIndex: 0, Multiple: true}},
		Handler:    touch},
	{Name: "keys", Arity: 2, Flags: FlagReadonly, Categories: CatKeyspace | CatDangerous,
		Group: "generic", Since: "1.0.0", Summary: "Lists every key name that matches a glob pattern.",
		Complexity: "O(N) for the N keys of the database, with short names and pattern.",
		Tips:       []string{"request_policy:all_shards", "nondeterministic_output_order"},
		Args:       []Arg{{Name: "pattern", Type: "pattern"}},
		Handler:    keysCommand},
	// Valkey 8 adds the response_policy:special tip to SCAN and RANDOMKEY
	// (Redis 7.0 lacks it) and flags SCAN touches_arbitrary_keys.
	{Name: "scan", Arity: -2, Flags: FlagReadonly | FlagTouchesArbitraryKeys, Categories: CatKeyspace,
		Group: "generic", Since: "2.8.0", Summary: "Walks the key names of the database a few at a time with a cursor.",
		Complexity: "O(1) per call; O(N) over a whole iteration of N keys.",
		Tips:       []string{"nondeterministic_output", "request_policy:special", "response_policy:special"},
		History:    [][2]string{{"6.0.0", "Added the `TYPE` option."}},
		Args: []Arg{
			{Name: "cursor", Type: "integer"},
			{Name: "pattern", Type: "pattern", Token: "MATCH", Optional: true},
			{Name: "count", Type: "integer", Token: "COUNT", Optional: true},
			{Name: "type", Type: "string", Token: "TYPE", Optional: true, Since: "6.0.0"},
		},
		Handler: scan},
	{Name: "randomkey", Arity: 1, Flags: FlagReadonly, Categories: CatKeyspace,
		Group: "generic", Since: "1.0.0", Summary: "Picks a key name at random.",
		Complexity: "O(1)",
		Tips:       []string{"request_policy:all_shards", "response_policy:special", "nondeterministic_output"},
		Handler:    randomKey},
	{Name: "dbsize", Arity: 1, Flags: FlagReadonly | FlagFast, Categories: CatKeyspace,
		Group: "server", Since: "1.0.0", Summary: "Counts the keys of the selected database.",
		Complexity: "O(1)",
		Tips:       []string{"request_policy:all_shards", "response_policy:agg_sum"},
		Handler:    dbSize},
	{Name: "rename", Arity: 3, Flags: FlagWrite, Categories: CatKeyspace,
		FirstKey: 1, LastKey: 2, KeyStep: 1,
		KeySpecs: []KeySpec{
			{Flags: []string{"RW", "access", "delete"}, Index: 1, LastKey: 0, KeyStep: 1},
			{Flags: []string{"OW", "update"}, Index: 2, LastKey: 0, KeyStep: 1},
		},
		Group: "generic", Since: "1.0.0", Summary: "Gives a key a new name, replacing any key of that name.",
		Complexity: "O(1)",
		Args:       []Arg{{Name: "key", Type: "key", KeySpecIndex: 0}, {Name: "newkey", Type: "key", KeySpecIndex: 1}},
		Handler:    rename},
	{Name: "renamenx", Arity: 3, Flags: FlagWrite | FlagFast, Categories: CatKeyspace,
		FirstKey: 1, LastKey: 2, KeyStep: 1,
		KeySpecs: []KeySpec{
			{Flags: []string{"RW", "access", "delete"}, Index: 1, LastKey: 0, KeyStep: 1},
			{Flags: []string{"OW", "insert"}, Index: 2, LastKey: 0, KeyStep: 1},
		},
		Group: "generic", Since: "1.0.0", Summary: "Gives a key a new name unless that name is taken.",
		Complexity: "O(1)",
		History:    [][2]string{{"3.2.0", "Renaming a key to its own name is no longer an error."}},
		Args:       []Arg{{Name: "key", Type: "key", KeySpecIndex: 0}, {Name: "newkey", Type: "key", KeySpecIndex: 1}},
		Handler:    renamenx},
	{Name: "copy", Arity: -3, Flags: FlagWrite | FlagDenyOOM, Categories: CatKeyspace,
		FirstKey: 1, LastKey: 2, KeyStep: 1,
		KeySpecs: []KeySpec{
			{Flags: []string{"RO", "access"}, Index: 1, LastKey: 0, KeyStep: 1},
			{Flags: []string{"OW", "update"}, Index: 2, LastKey: 0, KeyStep: 1},
		},
		Group: "generic", Since: "6.2.0", Summary: "Duplicates the value of a key under another name, possibly in another database.",
		Complexity: "O(1) for strings; O(N) for a collection of N nested elements.",
		Args: []Arg{
			{Name: "source", Type: "key", KeySpecIndex: 0},
			{Name: "destination", Type: "key", KeySpecIndex: 1},
			{Name: "destination-db", Type: "integer", Token: "DB", Optional: true},
			{Name: "replace", Type: "pure-token", Token: "REPLACE", Optional: true},
		},
		Handler: copyCommand},
	{Name: "move", Arity: 3, Flags: FlagWrite | FlagFast, Categories: CatKeyspace,
		FirstKey: 1, LastKey: 1, KeyStep: 1,
		KeySpecs: []KeySpec{{Flags: []string{"RW", "access", "update"}, Index: 1, LastKey: 0, KeyStep: 1}},
		Group:    "generic", Since: "1.0.0", Summary: "Moves a key to another database.",
		Complexity: "O(1)",
		Args:       []Arg{{Name: "key", Type: "key", KeySpecIndex: 0}, {Name: "db", Type: "integer"}},
		Handler:    move},
	{Name: "swapdb", Arity: 3, Flags: FlagWrite | FlagFast, Categories: CatKeyspace | CatDangerous,
		Group: "server", Since: "4.0.0", Summary: "Exchanges the contents of two databases.",
		Complexity: "O(N) for N clients watching or blocked on keys of the two databases; O(1) otherwise.",
		Args:       []Arg{{Name: "index1", Type: "integer"}, {Name: "index2", Type: "integer"}},
		Handler:    swapDB},
	{Name: "flushdb", Arity: -1, Flags: FlagWrite, Categories: CatKeyspace | CatDangerous,
		Group: "server", Since: "1.0.0", Summary: "Removes every key of the selected database.",
		Complexity: "O(N) for the N keys of the database.",
		Tips:       []string{"request_policy:all_shards", "response_policy:all_succeeded"},
		History:    flushHistory, Args: flushArgs,
		Handler: flushDB},
	{Name: "flushall", Arity: -1, Flags: FlagWrite, Categories: CatKeyspace | CatDangerous,
		Group: "server", Since: "1.0.0", Summary: "Removes every key of every database.",
		Complexity: "O(N) for the N keys of all databases.",
		Tips:       []string{"request_policy:all_shards", "response_policy:all_succeeded"},
		History:    flushHistory, Args: flushArgs,
		Handler: flushAll},
	{Name: "object", Arity: -2, Group: "generic", Since: "2.2.3",
		Summary: "Groups the commands that look inside the value of a key.", Complexity: "Depends on the subcommand.",
		Handler: containerOnly,
		Subcommands: []*Spec{
			objectSub("encoding", "2.2.3", "Names the internal representation of the value at a key.", objectEncoding),
			objectSub("freq", "4.0.0", "Reports the logarithmic access-frequency counter of a key.", objectFreq),
			objectSub("idletime", "2.2.3", "Reports the seconds since a key was last accessed.", objectIdleTime),
			objectSub("refcount", "2.2.3", "Reports how many references the value of a key has.", objectRefCount),
			{Name: "help", Arity: 2, Flags: FlagLoading | FlagStale, Categories: CatKeyspace,
				Group: "generic", Since: "6.2.0", Summary: "Describes the OBJECT subcommands.", Complexity: "O(1)",
				Handler: objectHelp},
		}},
	{Name: "memory", Arity: -2, Group: "server", Since: "4.0.0",
		Summary: "Groups the memory diagnostic commands.", Complexity: "Depends on the subcommand.",
		Handler: containerOnly,
		Subcommands: []*Spec{
			{Name: "usage", Arity: -3, Flags: FlagReadonly,
				FirstKey: 2, LastKey: 2, KeyStep: 1,
				KeySpecs: []KeySpec{{Flags: []string{"RO"}, Index: 2, LastKey: 0, KeyStep: 1}},
				Group:    "server", Since: "4.0.0", Summary: "Estimates the bytes a key and its value take in memory.",
				Complexity: "O(N) for N sampled elements.",
				Args: []Arg{
					{Name: "key", Type: "key", KeySpecIndex: 0},
					{Name: "count", Type: "integer", Token: "SAMPLES", Optional: true},
				},
				Handler: memoryUsage},
			{Name: "help", Arity: 2, Flags: FlagLoading | FlagStale,
				Group: "server", Since: "4.0.0", Summary: "Describes the MEMORY subcommands.", Complexity: "O(1)",
				Handler: memoryHelp},
		}},
}

var flushHistory = [][2]string{
	{"4.0.0", "Added the `ASYNC` mode."},
	{"6.2.0", "Added the `SYNC` mode."},
}

var flushArgs = []Arg{{Name: "flush-type", Type: "oneof", Optional: true, Args: []Arg{
	{Name: "async", Type: "pure-token", Token: "ASYNC", Since: "4.0.0"},
	{Name: "sync", Type: "pure-token", Token: "SYNC", Since: "6.2.0"},
}}}

// objectSub is the spec of an OBJECT subcommand that inspects one key.
func objectSub(name, since, summary string, h Handler) *Spec {
	return &Spec{Name: name, Arity: 3, Flags: FlagReadonly, Categories: CatKeyspace,
		FirstKey: 2, LastKey: 2, KeyStep: 1,
		KeySpecs: []KeySpec{{Flags: []string{"RO"}, Index: 2, LastKey: 0, KeyStep: 1}},
		Group:    "generic", Since: since, Summary: summary, Complexity: "O(1)",
		Tips:    []string{"nondeterministic_output"},
		Args:    []Arg{{Name: "key", Type: "key", KeySpecIndex: 0}},
		Handler: h}
}

// The error replies of this family that no other family shares.
var (
	errInvalidCursor = NewError("ERR invalid cursor")
	errDBIntRange    = Errorf("ERR value is out of range, value must between %d and %d", math.MinInt32, math.MaxInt32)
	errFirstDB       = NewError("ERR invalid first DB index")
	errSecondDB      = NewError("ERR invalid second DB index")
	errLFUNotSet     = NewError("ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.")
	errLFUSet        = NewError("ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.")
)

// storedBytes returns the bytes of a stored key (a string the keyspace owns)
// without copying, for calls that only read them.
func storedBytes(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }

// containerOnly is the handler of OBJECT and MEMORY themselves. Dispatch
// resolves a subcommand whenever one is given, and arity catches the bare
// name, so it only runs if that changes; it then answers as Valkey does.
func containerOnly(c *Ctx) error { return WrongArity(c.Spec.FullName()) }

// DEL key [key ...]
// UNLINK key [key ...]
//
// Both delete at once: the collector frees the values in the background
// anyway. An expired key is expired ("expired"), not deleted, and not
// counted.
func del(c *Ctx) error {
	var n int64
	for _, key := range c.Args[1:] {
		if c.DB.Delete(key) {
			c.DB.Changed(key, keyspace.EventGeneric, "del")
			n++
		}
	}
	c.W.Int(n)
	return nil
}

// EXISTS key [key ...]
//
// Counts a key as often as it is named. Counts hits and misses but leaves
// the access clock alone.
func exists(c *Ctx) error {
	var n int64
	for _, key := range c.Args[1:] {
		if c.DB.Exists(key) {
			n++
		}
	}
	c.W.Int(n)
	return nil
}

// TOUCH key [key ...]
//
// A read of each key: updates its access clock and counts a hit or miss.
func touch(c *Ctx) error {
	var n int64
	for _, key := range c.Args[1:] {
		if c.DB.Lookup(key) != nil {
			n++
		}
	}
	c.W.Int(n)
	return nil
}

// TYPE key
func typeCommand(c *Ctx) error {
	e := c.DB.LookupRead(c.Args[1], keyspace.NoTouch)
	if e == nil {
		c.W.Simple("none")
		return nil
	}
	c.W.Simple(e.Value.Kind().String())
	return nil
}

// KEYS pattern
//
// Expired keys are skipped but left for the expiry cycle, as in Valkey.
func keysCommand(c *Ctx) error {
	pattern := c.Args[1]
	all := len(pattern) == 1 && pattern[0] == '*'
	var found []string // stored keys: immutable, safe to keep until the reply is written
	c.DB.Range(func(key string, _ *keyspace.Entry) bool {
		if all || glob.Match(pattern, storedBytes(key)) {
			found = append(found, key)
		}
		return true
	})
	c.W.Array(len(found))
	for _, key := range found {
		c.W.BulkString(key)
	}
	return nil
}

// SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]
//
// Visits buckets from cursor until count keys were seen (matching or not)
// or 10*count calls found nothing more, like Valkey. The seen keys that
// match and have expired are expired now and left out of the reply.
func scan(c *Ctx) error {
	cursor, ok := parseCursor(c.Args[1])
	if !ok {
		return errInvalidCursor
	}
	count := int64(10)
	var pattern []byte
	usePattern := false
	var kind types.Kind
	for i := 2; i < len(c.Args); i += 2 {
		if i+1 >= len(c.Args) {
			return ErrSyntax
		}
		opt, val := c.Args[i], c.Args[i+1]
		switch {
		case Is(opt, "COUNT"):
			n, err := Int(val)
			if err != nil {
				return err
			}
			if n < 1 {
				return ErrSyntax
			}
			count = n
		case Is(opt, "MATCH"):
			// "*" matches everything: no need to match at all.
			pattern, usePattern = val, !(len(val) == 1 && val[0] == '*')
		case Is(opt, "TYPE"):
			// Valkey 8 rejects an unknown type name; Redis 7.0 returned
			// nothing for it.
			k, ok := kindByName(val)
			if !ok {
				return Errorf("ERR unknown type name '%s'", val)
			}
			kind = k
		default:
			return ErrSyntax
		}
	}

	var found, expired []string // stored keys, safe to keep
	sampled := int64(0)
	visit := func(key string, e *keyspace.Entry, isExpired bool) {
		sampled++
		if kind != 0 && e.Value.Kind() != kind {
			return
		}
		if usePattern && !glob.Match(pattern, storedBytes(key)) {
			return
		}
		if isExpired {
			expired = append(expired, key)
			return
		}
		found = append(found, key)
	}
	maxCalls := count
	if maxCalls < math.MaxInt64/10 {
		maxCalls *= 10
	}
	for {
		cursor = c.DB.Scan(cursor, visit)
		if cursor == 0 || maxCalls == 0 || sampled >= count {
			break
		}
		maxCalls--
	}
	for _, key := range expired {
		c.DB.Peek(storedBytes(key)) // expires it: event and counter
	}

	var buf [20]byte
	c.W.Array(2)
	c.W.Bulk(strconv.AppendUint(buf[:0], cursor, 10))
	c.W.Array(len(found))
	for _, key := range found {
		c.W.BulkString(key)
	}
	return nil
}

// parseCursor reads a SCAN cursor the way Valkey 8 does (string2ull): a
// canonical non-negative integer, or else anything C's strtoull takes
// whole in base 10 (leading white space, a sign, leading zeros; a minus
// negates modulo 2^64), within 64 bits. Redis 7.0 also took "-1".
func parseCursor(arg []byte) (uint64, bool) {
	if i := bytes.IndexByte(arg, 0); i >= 0 {
		arg = arg[:i] // the C string ends at the first NUL
	}
	if n, err := Int(arg); err == nil {
		// A canonical integer decides: negative ones are out of range.
		return uint64(n), n >= 0
	}
	s := arg
	for len(s) > 0 && (s[0] == ' ' || (s[0] >= '\t' && s[0] <= '\r')) {
		s = s[1:]
	}
	neg := false
	if len(s) > 0 && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	if len(s) == 0 {
		return 0, false
	}
	var n uint64
	for _, ch := range s {
		if ch < '0' || ch > '9' {
			return 0, false
		}
		d := uint64(ch - '0')
		if n > (math.MaxUint64-d)/10 {
			return 0, false
		}
		n = n*10 + d
	}
	if neg {
		n = -n
	}
	return n, true
}

// kindByName maps a TYPE name to its kind, ignoring case. Module types
// are not known here yet.
func kindByName(name []byte) (types.Kind, bool) {
	for k := types.KindString; k < types.KindModule; k++ {
		if strings.EqualFold(k.String(), string(name)) {
			return k, true
		}
	}
	return 0, false
}

// RANDOMKEY
func randomKey(c *Ctx) error {
	key, ok := c.DB.RandomKey()
	if !ok {
		c.W.Null()
		return nil
	}
	c.W.BulkString(key)
	return nil
}

// DBSIZE
//
// Counts expired keys not yet removed, as Valkey does.
func dbSize(c *Ctx) error {
	c.W.Int(int64(c.DB.Len()))
	return nil
}

// RENAME key newkey
func rename(c *Ctx) error { return renameGeneric(c, false) }

// RENAMENX key newkey
func renamenx(c *Ctx) error { return renameGeneric(c, true) }

// renameGeneric moves key to newkey with its TTL; newkey starts with a
// fresh access clock, as a new key does in Valkey.
func renameGeneric(c *Ctx, nx bool) error {
	src, dst := c.Args[1], c.Args[2]
	if c.DB.LookupWrite(src) == nil {
		return ErrNoSuchKey
	}
	if bytes.Equal(src, dst) {
		if nx {
			c.W.Int(0)
		} else {
			c.W.OK()
		}
		return nil
	}
	if c.DB.LookupWrite(dst) != nil && nx {
		c.W.Int(0)
		return nil
	}
	c.DB.Rename(src, dst)
	c.DB.Changed(src, keyspace.EventGeneric, "rename_from")
	c.DB.Changed(dst, keyspace.EventGeneric, "rename_to")
	if nx {
		c.W.Int(1)
	} else {
		c.W.OK()
	}
	return nil
}

// parseDBIndex parses a database number as Valkey's getIntFromObjectOrReply
// does, then checks it is in range.
func parseDBIndex(c *Ctx, arg []byte) (int, error) {
	n, err := Int(arg)
	if err != nil {
		return 0, err
	}
	if n < math.MinInt32 || n > math.MaxInt32 {
		return 0, errDBIntRange
	}
	if n < 0 || n >= int64(c.KS.Len()) {
		return 0, ErrDBIndex
	}
	return int(n), nil
}

// COPY source destination [DB destination-db] [REPLACE]
func copyCommand(c *Ctx) error {
	src, dstKey := c.Args[1], c.Args[2]
	dst := c.DB
	replace := false
	for i := 3; i < len(c.Args); i++ {
		switch {
		case Is(c.Args[i], "REPLACE"):
			replace = true
		case Is(c.Args[i], "DB") && i+1 < len(c.Args):
			idx, err := parseDBIndex(c, c.Args[i+1])
			if err != nil {
				return err
			}
			dst = c.KS.DB(idx)
			i++
		default:
			return ErrSyntax
		}
	}
	if dst == c.DB && bytes.Equal(src, dstKey) {
		return ErrSameObject
	}
	e := c.DB.Lookup(src)
	if e == nil {
		c.W.Int(0)
		return nil
	}
	taken := dst.LookupWrite(dstKey) != nil
	if taken && !replace {
		c.W.Int(0)
		return nil
	}
	v, at := e.Value.Copy(), e.ExpireAt
	if taken {
		dst.Delete(dstKey)
	}
	dst.Put(dstKey, v, at)
	dst.Changed(dstKey, keyspace.EventGeneric, "copy_to")
	c.W.Int(1)
	return nil
}

// MOVE key db
func move(c *Ctx) error {
	key := c.Args[1]
	idx, err := parseDBIndex(c, c.Args[2])
	if err != nil {
		return err
	}
	dst := c.KS.DB(idx)
	if dst == c.DB {
		return ErrSameObject
	}
	if c.DB.LookupWrite(key) == nil || dst.LookupWrite(key) != nil {
		c.W.Int(0)
		return nil
	}
	c.DB.MoveTo(key, dst)
	c.DB.Changed(key, keyspace.EventGeneric, "move_from")
	dst.Changed(key, keyspace.EventGeneric, "move_to")
	c.W.Int(1)
	return nil
}

// SWAPDB index1 index2
func swapDB(c *Ctx) error {
	i, err := Int(c.Args[1])
	if err != nil || i < math.MinInt32 || i > math.MaxInt32 {
		return errFirstDB
	}
	j, err := Int(c.Args[2])
	if err != nil || j < math.MinInt32 || j > math.MaxInt32 {
		return errSecondDB
	}
	n := int64(c.KS.Len())
	if i < 0 || i >= n || j < 0 || j >= n {
		return ErrDBIndex
	}
	c.KS.Swap(int(i), int(j))
	c.W.OK()
	return nil
}

// checkFlushMode accepts FLUSHDB and FLUSHALL's optional ASYNC or SYNC.
// Both flush at once: the collector frees the memory in the background.
func checkFlushMode(c *Ctx) error {
	switch {
	case len(c.Args) == 1:
		return nil
	case len(c.Args) == 2 && (Is(c.Args[1], "ASYNC") || Is(c.Args[1], "SYNC")):
		return nil
	}
	return ErrSyntax
}

// FLUSHDB [ASYNC | SYNC]
func flushDB(c *Ctx) error {
	if err := checkFlushMode(c); err != nil {
		return err
	}
	c.DB.Flush()
	c.W.OK()
	return nil
}

// FLUSHALL [ASYNC | SYNC]
//
// Valkey also saves a snapshot afterwards when save points are configured;
// that belongs to the server's persistence, which sees the dirty counter.
func flushAll(c *Ctx) error {
	if err := checkFlushMode(c); err != nil {
		return err
	}
	c.KS.FlushAll()
	c.W.OK()
	return nil
}

// lookupObject is the lookup of the OBJECT subcommands: a read that leaves
// the access clock alone and fires no keymiss, but counts a hit or a miss.
// A missing key answers null.
func lookupObject(c *Ctx) *keyspace.Entry {
	e := c.DB.LookupRead(c.Args[2], keyspace.NoTouch|keyspace.NoNotify)
	if e == nil {
		c.W.Null()
	}
	return e
}

// OBJECT ENCODING key
func objectEncoding(c *Ctx) error {
	if e := lookupObject(c); e != nil {
		c.W.BulkString(e.Value.Encoding())
	}
	return nil
}

// OBJECT FREQ key
//
// trove keeps no access-frequency counter yet: under an LFU policy it
// reports the counter Valkey gives a new key.
func objectFreq(c *Ctx) error {
	e := c.DB.LookupRead(c.Args[2], keyspace.NoTouch|keyspace.NoNotify)
	if e == nil {
		c.W.Null()
		return nil
	}
	if !c.Settings.LFU() {
		return errLFUNotSet
	}
	c.W.Int(lfuInitVal)
	return nil
}

// OBJECT IDLETIME key
func objectIdleTime(c *Ctx) error {
	e := c.DB.LookupRead(c.Args[2], keyspace.NoTouch|keyspace.NoNotify)
	if e == nil {
		c.W.Null()
		return nil
	}
	if c.Settings.LFU() {
		return errLFUSet
	}
	idle := int64(c.KS.LRUClock()) - int64(e.Access)
	c.W.Int(max(idle, 0))
	return nil
}

// Values Valkey reports that trove does not track itself.
const (
	// lfuInitVal is the access-frequency counter of a new key.
	lfuInitVal = 5
	// sharedIntegers is how many small integers Valkey keeps as shared
	// objects: a string holding one in int encoding reports refcount
	// sharedRefcount.
	sharedIntegers = 10000
	sharedRefcount = math.MaxInt32
)

// OBJECT REFCOUNT key
//
// trove shares no values, but reports what Valkey would: its shared small
// integers have the maximal count, every other value one.
func objectRefCount(c *Ctx) error {
	e := lookupObject(c)
	if e == nil {
		return nil
	}
	n := int64(1)
	if s, ok := e.Value.(*types.String); ok && s.Encoding() == "int" {
		if v, ok := s.Int(); ok && v >= 0 && v < sharedIntegers {
			n = sharedRefcount
		}
	}
	c.W.Int(n)
	return nil
}

// writeSubcommandHelp replies with a container's help: a heading, the given lines,
// and the HELP entry, each a status line, as Valkey's HELP replies are.
func writeSubcommandHelp(c *Ctx, container string, lines []string) {
	c.W.Array(len(lines) + 3)
	c.W.Simple(container + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:")
	for _, l := range lines {
		c.W.Simple(l)
	}
	c.W.Simple("HELP")
	c.W.Simple("    Print this help.")
}

var objectHelpLines = []string{
	"ENCODING <key>",
	"    Name the internal representation of the value stored at <key>.",
	"FREQ <key>",
	"    Report the access frequency counter of <key>, which grows with the",
	"    logarithm of how often the key was read recently (LFU policies only).",
	"IDLETIME <key>",
	"    Report roughly how many seconds passed since <key> was last accessed.",
	"REFCOUNT <key>",
	"    Report how many references the value of <key> has.",
}

// OBJECT HELP
func objectHelp(c *Ctx) error {
	writeSubcommandHelp(c, "OBJECT", objectHelpLines)
	return nil
}

var memoryHelpLines = []string{
	"USAGE <key> [SAMPLES <count>]",
	"    Estimate the bytes <key> and its value take. Collections are measured",
	"    on <count> elements (default 5; 0 measures them all).",
}

// MEMORY HELP
func memoryHelp(c *Ctx) error {
	writeSubcommandHelp(c, "MEMORY", memoryHelpLines)
	return nil
}

// MEMORY USAGE key [SAMPLES count]
//
// Estimates what the key costs in trove (see keyspace.DB.MemoryUsage).
// Unlike Valkey, a key whose TTL has passed is expired and answers null.
func memoryUsage(c *Ctx) error {
	samples := 5
	for i := 3; i < len(c.Args); i++ {
		if !Is(c.Args[i], "SAMPLES") || i+1 >= len(c.Args) {
			return ErrSyntax
		}
		n, err := Int(c.Args[i+1])
		if err != nil {
			return err
		}
		if n < 0 {
			return ErrSyntax
		}
		samples = int(min(n, math.MaxInt32)) // 0: every element
		i++
	}
	n, ok := c.DB.MemoryUsage(c.Args[2], samples)
	if !ok {
		c.W.Null()
		return nil
	}
	c.W.Int(n)
	return nil
}
