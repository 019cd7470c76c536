package command

import (
	"bytes"
	"math"

	"github.com/trove-db/trove/internal/keyspace"
	"github.com/trove-db/trove/internal/num"
	"github.com/trove-db/trove/internal/types"
)

// The string family: GET/SET and their variants, counters, ranges and LCS.
// Values are types.String; each command picks the constructor that gives
// the OBJECT ENCODING Valkey would report for what it made.
//
//	get set setnx setex psetex getset getdel getex
//	mget mset msetnx
//	append strlen getrange substr setrange
//	incr decr incrby decrby incrbyfloat
//	lcs
var stringCommands = []*Spec{
	{Name: "get", Arity: 2, Flags: FlagReadonly | FlagFast, Categories: CatString,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: strKSRO,
		Group: "string", Since: "1.0.0", Summary: "Reads the string stored at a key.", Complexity: "O(1)",
		Args:    []Arg{strKeyArg("key", 0)},
		Handler: get},
	{Name: "set", Arity: -3, Flags: FlagWrite | FlagDenyOOM, Categories: CatString,
		FirstKey: 1, LastKey: 1, KeyStep: 1,
		KeySpecs: []KeySpec{{Notes: "RW and ACCESS due to the optional `GET` argument",
			Flags: []string{"RW", "access", "update", "variable_flags"}, Index: 1, LastKey: 0, KeyStep: 1}},
		Group: "string", Since: "1.0.0",
		Summary:    "Stores a string at a key whatever it held before, optionally only under a condition, returning the old value or setting a TTL.",
		Complexity: "O(1)",
		History: [][2]string{
			{"2.6.12", "EX, PX, NX and XX options added."},
			{"6.0.0", "KEEPTTL option added."},
			{"6.2.0", "GET, EXAT and PXAT options added."},
			{"7.0.0", "NX may be combined with GET."},
			{"8.1.0", "IFEQ option added."},
		},
		Args: []Arg{
			strKeyArg("key", 0),
			{Name: "value", Type: "string"},
			{Name: "condition", Type: "oneof", Optional: true, Args: []Arg{
				{Name: "nx", Type: "pure-token", Token: "NX", Since: "2.6.12"},
				{Name: "xx", Type: "pure-token", Token: "XX", Since: "2.6.12"},
				{Name: "comparison-value", Type: "string", Token: "IFEQ", Since: "8.1.0",
					Summary: "Only set the key when its current value equals this one."},
			}},
			{Name: "get", Type: "pure-token", Token: "GET", Since: "6.2.0", Optional: true},
			{Name: "expiration", Type: "oneof", Optional: true, Args: []Arg{
				{Name: "seconds", Type: "integer", Token: "EX", Since: "2.6.12"},
				{Name: "milliseconds", Type: "integer", Token: "PX", Since: "2.6.12"},
				{Name: "unix-time-seconds", Type: "unix-time", Token: "EXAT", Since: "6.2.0"},
				{Name: "unix-time-milliseconds", Type: "unix-time", Token: "PXAT", Since: "6.2.0"},
				{Name: "keepttl", Type: "pure-token", Token: "KEEPTTL", Since: "6.0.0"},
			}},
		},
		Handler: set},
	{Name: "setnx", Arity: 3, Flags: FlagWrite | FlagDenyOOM | FlagFast, Categories: CatString,
		FirstKey: 1, LastKey: 1, KeyStep: 1,
		KeySpecs: []KeySpec{{Flags: []string{"OW", "insert"}, Index: 1, LastKey: 0, KeyStep: 1}},
		Group:    "string", Since: "1.0.0", Summary: "Stores a string at a key only when the key is absent.", Complexity: "O(1)",
		Args:    []Arg{strKeyArg("key", 0), {Name: "value", Type: "string"}},
		Handler: setnx},
	{Name: "setex", Arity: 4, Flags: FlagWrite | FlagDenyOOM, Categories: CatString,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: strKSOWUpdate,
		Group: "string", Since: "2.0.0", Summary: "Stores a string at a key with a TTL in seconds.", Complexity: "O(1)",
		Args:    []Arg{strKeyArg("key", 0), {Name: "seconds", Type: "integer"}, {Name: "value", Type: "string"}},
		Handler: setex},
	{Name: "psetex", Arity: 4, Flags: FlagWrite | FlagDenyOOM, Categories: CatString,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: strKSOWUpdate,
		Group: "string", Since: "2.6.0", Summary: "Stores a string at a key with a TTL in milliseconds.", Complexity: "O(1)",
		Args:    []Arg{strKeyArg("key", 0), {Name: "milliseconds", Type: "integer"}, {Name: "value", Type: "string"}},
		Handler: psetex},
	{Name: "getset", Arity: 3, Flags: FlagWrite | FlagDenyOOM | FlagFast, Categories: CatString,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: strKSRWUpdate,
		Group: "string", Since: "1.0.0", Summary: "Stores a string at a key and returns the string it replaced.", Complexity: "O(1)",
		DocFlags: []string{"deprecated"}, DeprecatedSince: "6.2.0", ReplacedBy: "`SET` with the `!GET` argument",
		Args:    []Arg{strKeyArg("key", 0), {Name: "value", Type: "string"}},
		Handler: getset},
	{Name: "getdel", Arity: 2, Flags: FlagWrite | FlagFast, Categories: CatString,
		FirstKey: 1, LastKey: 1, KeyStep: 1,
		KeySpecs: []KeySpec{{Flags: []string{"RW", "access", "delete"}, Index: 1, LastKey: 0, KeyStep: 1}},
		Group:    "string", Since: "6.2.0", Summary: "Returns the string at a key and removes the key.", Complexity: "O(1)",
		Args:    []Arg{strKeyArg("key", 0)},
		Handler: getdel},
	{Name: "getex", Arity: -2, Flags: FlagWrite | FlagFast, Categories: CatString,
		FirstKey: 1, LastKey: 1, KeyStep: 1,
		KeySpecs: []KeySpec{{Notes: "RW and UPDATE because it changes the TTL",
			Flags: []string{"RW", "access", "update"}, Index: 1, LastKey: 0, KeyStep: 1}},
		Group: "string", Since: "6.2.0", Summary: "Returns the string at a key, optionally changing or removing its TTL.", Complexity: "O(1)",
		Args: []Arg{
			strKeyArg("key", 0),
			{Name: "expiration", Type: "oneof", Optional: true, Args: []Arg{
				{Name: "seconds", Type: "integer", Token: "EX"},
				{Name: "milliseconds", Type: "integer", Token: "PX"},
				{Name: "unix-time-seconds", Type: "unix-time", Token: "EXAT"},
				{Name: "unix-time-milliseconds", Type: "unix-time", Token: "PXAT"},
				{Name: "persist", Type: "pure-token", Token: "PERSIST"},
			}},
		},
		Handler: getex},
	{Name: "mget", Arity: -2, Flags: FlagReadonly | FlagFast, Categories: CatString,
		FirstKey: 1, LastKey: -1, KeyStep: 1,
		KeySpecs: []KeySpec{{Flags: []string{"RO", "access"}, Index: 1, LastKey: -1, KeyStep: 1}},
		Group:    "string", Since: "1.0.0", Summary: "Reads the strings stored at several keys.",
		Complexity: "O(N) where N is the number of keys to retrieve.",
		Tips:       []string{"request_policy:multi_shard"},
		Args:       []Arg{{Name: "key", Type: "key", Multiple: true}},
		Handler:    mget},
	{Name: "mset", Arity: -3, Flags: FlagWrite | FlagDenyOOM, Categories: CatString,
		FirstKey: 1, LastKey: -1, KeyStep: 2,
		KeySpecs: []KeySpec{{Flags: []string{"OW", "update"}, Index: 1, LastKey: -1, KeyStep: 2}},
		Group:    "string", Since: "1.0.1", Summary: "Stores strings at several keys in one atomic step.",
		Complexity: "O(N) where N is the number of keys to set.",
		Tips:       []string{"request_policy:multi_shard", "response_policy:all_succeeded"},
		Args:       []Arg{{Name: "data", Type: "block", Multiple: true, Args: []Arg{strKeyArg("key", 0), {Name: "value", Type: "string"}}}},
		Handler:    mset},
	{Name: "msetnx", Arity: -3, Flags: FlagWrite | FlagDenyOOM, Categories: CatString,
		FirstKey: 1, LastKey: -1, KeyStep: 2,
		KeySpecs: []KeySpec{{Flags: []string{"OW", "insert"}, Index: 1, LastKey: -1, KeyStep: 2}},
		Group:    "string", Since: "1.0.1", Summary: "Stores strings at several keys only when none of them exists.",
		Complexity: "O(N) where N is the number of keys to set.",
		Tips:       []string{"request_policy:multi_shard", "response_policy:agg_min"},
		Args:       []Arg{{Name: "data", Type: "block", Multiple: true, Args: []Arg{strKeyArg("key", 0), {Name: "value", Type: "string"}}}},
		Handler:    msetnx},
	{Name: "append", Arity: 3, Flags: FlagWrite | FlagDenyOOM | FlagFast, Categories: CatString,
		FirstKey: 1, LastKey: 1, KeyStep: 1,
		KeySpecs: []KeySpec{{Flags: []string{"RW", "insert"}, Index: 1, LastKey: 0, KeyStep: 1}},
		Group:    "string", Since: "2.0.0", Summary: "Adds bytes at the end of a string, creating the key if needed.",
		Complexity: "O(1). Amortised O(1) when the appended value is small, as the buffer grows geometrically.",
		Args:       []Arg{strKeyArg("key", 0), {Name: "value", Type: "string"}},
		Handler:    appendCommand},
	{Name: "strlen", Arity: 2, Flags: FlagReadonly | FlagFast, Categories: CatString,
		FirstKey: 1, LastKey: 1, KeyStep: 1,
		KeySpecs: []KeySpec{{Flags: []string{"RO"}, Index: 1, LastKey: 0, KeyStep: 1}},
		Group:    "string", Since: "2.2.0", Summary: "Returns the length in bytes of the string at a key.", Complexity: "O(1)",
		Args:    []Arg{strKeyArg("key", 0)},
		Handler: strlenCommand},
	{Name: "getrange", Arity: 4, Flags: FlagReadonly, Categories: CatString,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: strKSRO,
		Group: "string", Since: "2.4.0", Summary: "Returns a slice of the string at a key.",
		Complexity: strRangeComplexity,
		Args:       []Arg{strKeyArg("key", 0), {Name: "start", Type: "integer"}, {Name: "end", Type: "integer"}},
		Handler:    getrange},
	{Name: "substr", Arity: 4, Flags: FlagReadonly, Categories: CatString,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: strKSRO,
		Group: "string", Since: "1.0.0", Summary: "Returns a slice of the string at a key.",
		Complexity: strRangeComplexity,
		DocFlags:   []string{"deprecated"}, DeprecatedSince: "2.0.0", ReplacedBy: "`GETRANGE`",
		Args:    []Arg{strKeyArg("key", 0), {Name: "start", Type: "integer"}, {Name: "end", Type: "integer"}},
		Handler: getrange},
	{Name: "setrange", Arity: 4, Flags: FlagWrite | FlagDenyOOM, Categories: CatString,
		FirstKey: 1, LastKey: 1, KeyStep: 1,
		KeySpecs: []KeySpec{{Flags: []string{"RW", "update"}, Index: 1, LastKey: 0, KeyStep: 1}},
		Group:    "string", Since: "2.2.0", Summary: "Overwrites part of a string from an offset, zero-padding and creating the key as needed.",
		Complexity: "O(1) apart from copying the value in place, so O(M) for a value of length M.",
		Args:       []Arg{strKeyArg("key", 0), {Name: "offset", Type: "integer"}, {Name: "value", Type: "string"}},
		Handler:    setrange},
	{Name: "incr", Arity: 2, Flags: FlagWrite | FlagDenyOOM | FlagFast, Categories: CatString,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: strKSRWUpdate,
		Group: "string", Since: "1.0.0", Summary: "Adds one to the integer at a key, starting from 0 when absent.", Complexity: "O(1)",
		Args:    []Arg{strKeyArg("key", 0)},
		Handler: incr},
	{Name: "decr", Arity: 2, Flags: FlagWrite | FlagDenyOOM | FlagFast, Categories: CatString,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: strKSRWUpdate,
		Group: "string", Since: "1.0.0", Summary: "Subtracts one from the integer at a key, starting from 0 when absent.", Complexity: "O(1)",
		Args:    []Arg{strKeyArg("key", 0)},
		Handler: decr},
	{Name: "incrby", Arity: 3, Flags: FlagWrite | FlagDenyOOM | FlagFast, Categories: CatString,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: strKSRWUpdate,
		Group: "string", Since: "1.0.0", Summary: "Adds an integer to the integer at a key, starting from 0 when absent.", Complexity: "O(1)",
		Args:    []Arg{strKeyArg("key", 0), {Name: "increment", Type: "integer"}},
		Handler: incrby},
	{Name: "decrby", Arity: 3, Flags: FlagWrite | FlagDenyOOM | FlagFast, Categories: CatString,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: strKSRWUpdate,
		Group: "string", Since: "1.0.0", Summary: "Subtracts an integer from the integer at a key, starting from 0 when absent.", Complexity: "O(1)",
		Args:    []Arg{strKeyArg("key", 0), {Name: "decrement", Type: "integer"}},
		Handler: decrby},
	{Name: "incrbyfloat", Arity: 3, Flags: FlagWrite | FlagDenyOOM | FlagFast, Categories: CatString,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: strKSRWUpdate,
		Group: "string", Since: "2.6.0", Summary: "Adds a floating-point number to the number at a key, starting from 0 when absent.", Complexity: "O(1)",
		Args:    []Arg{strKeyArg("key", 0), {Name: "increment", Type: "double"}},
		Handler: incrbyfloat},
	{Name: "lcs", Arity: -3, Flags: FlagReadonly, Categories: CatString,
		FirstKey: 1, LastKey: 2, KeyStep: 1,
		KeySpecs: []KeySpec{{Flags: []string{"RO", "access"}, Index: 1, LastKey: 1, KeyStep: 1}},
		Group:    "string", Since: "7.0.0", Summary: "Computes the longest common subsequence of two strings.",
		Complexity: "O(N*M), N and M being the lengths of the two strings.",
		Args: []Arg{
			strKeyArg("key1", 0), strKeyArg("key2", 0),
			{Name: "len", Type: "pure-token", Token: "LEN", Optional: true},
			{Name: "idx", Type: "pure-token", Token: "IDX", Optional: true},
			{Name: "min-match-len", Type: "integer", Token: "MINMATCHLEN", Optional: true},
			{Name: "withmatchlen", Type: "pure-token", Token: "WITHMATCHLEN", Optional: true},
		},
		Handler: lcs},
}

const strRangeComplexity = "O(N) where N is the length of the returned slice; cheap enough to count as O(1) for small strings."

// Key specs shared by many string and bitmap commands: one key at
// argument 1 with the given flags.
var (
	strKSRO       = []KeySpec{{Flags: []string{"RO", "access"}, Index: 1, LastKey: 0, KeyStep: 1}}
	strKSRWUpdate = []KeySpec{{Flags: []string{"RW", "access", "update"}, Index: 1, LastKey: 0, KeyStep: 1}}
	strKSOWUpdate = []KeySpec{{Flags: []string{"OW", "update"}, Index: 1, LastKey: 0, KeyStep: 1}}
)

// strKeyArg documents a key argument using key spec i.
func strKeyArg(name string, i int) Arg { return Arg{Name: name, Type: "key", KeySpecIndex: i} }

// Errors only this family replies with.
var (
	errDecrOverflow    = NewError("ERR decrement would overflow")
	errLCSIdxAndLen    = NewError("ERR If you want both the length and indexes, please just use IDX.")
	errLCSWrongType    = NewError("ERR The specified keys must contain string values")
	errLCSTooLong      = NewError("ERR String too long for LCS")
	errLCSTooMuchSpace = NewError("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len")
)

// lookupString returns the string at key for a read, nil if absent, or
// ErrWrongType. It counts a keyspace hit or miss.
func lookupString(c *Ctx, key []byte) (*types.String, error) {
	e := c.DB.Lookup(key)
	if e == nil {
		return nil, nil
	}
	s, ok := e.Value.(*types.String)
	if !ok {
		return nil, ErrWrongType
	}
	return s, nil
}

// lookupStringWrite returns the string at key for a command about to
// change it, nil if absent, or ErrWrongType. It counts no hit or miss.
func lookupStringWrite(c *Ctx, key []byte) (*types.String, error) {
	e := c.DB.LookupWrite(key)
	if e == nil {
		return nil, nil
	}
	s, ok := e.Value.(*types.String)
	if !ok {
		return nil, ErrWrongType
	}
	return s, nil
}

// checkStringLength fails when a string of size bytes grown by add more
// would exceed proto-max-bulk-len (or overflow).
func checkStringLength(c *Ctx, size, add int64) error {
	total := uint64(size) + uint64(add)
	if total > uint64(c.Settings.ProtoMaxBulkLen) || total < uint64(size) || total < uint64(add) {
		return ErrStringTooLong
	}
	return nil
}

// GET key
//
// Replies with the string at key, nil when absent.
func get(c *Ctx) error {
	s, err := lookupString(c, c.Args[1])
	if err != nil {
		return err
	}
	if s == nil {
		c.W.Null()
		return nil
	}
	c.W.Bulk(s.Bytes())
	return nil
}

// The options of SET and GETEX, as bits.
const (
	setOptNX = 1 << iota
	setOptXX
	setOptGet
	setOptKeepTTL
	setOptEX
	setOptPX
	setOptEXAT
	setOptPXAT
	setOptIFEQ
	setOptPersist

	setOptExpire = setOptEX | setOptPX | setOptEXAT | setOptPXAT
)

// setOptions is what parseSetOptions found.
type setOptions struct {
	flags  int
	expire []byte // the argument of EX, PX, EXAT or PXAT
	cmp    []byte // the argument of IFEQ
}

// parseSetOptions reads the options of SET (getex false) or GETEX (true)
// as Valkey does: options may repeat (the last expire wins), conflicting
// ones (NX with XX or IFEQ, two different expire forms, an expire with
// KEEPTTL or PERSIST) and unknown ones are a syntax error.
func parseSetOptions(args [][]byte, getex bool) (setOptions, error) {
	var o setOptions
	for i := 0; i < len(args); i++ {
		a := args[i]
		more := i+1 < len(args)
		f := o.flags
		switch {
		case !getex && Is(a, "NX") && f&(setOptXX|setOptIFEQ) == 0:
			o.flags |= setOptNX
		case !getex && Is(a, "XX") && f&(setOptNX|setOptIFEQ) == 0:
			o.flags |= setOptXX
		case !getex && Is(a, "IFEQ") && more && f&(setOptNX|setOptXX) == 0:
			// Valkey 8.1: set only when the current value equals the
			// argument. The reference server (7.0) predates it.
			o.flags |= setOptIFEQ
			o.cmp = args[i+1]
			i++
		case !getex && Is(a, "GET"):
			o.flags |= setOptGet
		case !getex && Is(a, "KEEPTTL") && f&(setOptPersist|setOptExpire) == 0:
			o.flags |= setOptKeepTTL
		case getex && Is(a, "PERSIST") && f&(setOptKeepTTL|setOptExpire) == 0:
			o.flags |= setOptPersist
		case Is(a, "EX") && more && f&(setOptKeepTTL|setOptPersist|setOptExpire&^setOptEX) == 0:
			o.flags |= setOptEX
			o.expire = args[i+1]
			i++
		case Is(a, "PX") && more && f&(setOptKeepTTL|setOptPersist|setOptExpire&^setOptPX) == 0:
			o.flags |= setOptPX
			o.expire = args[i+1]
			i++
		case Is(a, "EXAT") && more && f&(setOptKeepTTL|setOptPersist|setOptExpire&^setOptEXAT) == 0:
			o.flags |= setOptEXAT
			o.expire = args[i+1]
			i++
		case Is(a, "PXAT") && more && f&(setOptKeepTTL|setOptPersist|setOptExpire&^setOptPXAT) == 0:
			o.flags |= setOptPXAT
			o.expire = args[i+1]
			i++
		default:
			return o, ErrSyntax
		}
	}
	return o, nil
}

// expireAt turns the argument of an expire option into an absolute Unix
// time in milliseconds, failing as Valkey does: not an integer, not
// positive, or overflowing once converted (the error names the command).
func setExpireAt(c *Ctx, arg []byte, flags int) (int64, error) {
	n, err := Int(arg)
	if err != nil {
		return 0, err
	}
	seconds := flags&(setOptEX|setOptEXAT) != 0
	if n <= 0 || (seconds && n > math.MaxInt64/1000) {
		return 0, InvalidExpire(c.Spec.Name)
	}
	if seconds {
		n *= 1000
	}
	if flags&(setOptEX|setOptPX) != 0 {
		n += c.KS.Now() // wraps on overflow, caught just below
	}
	if n <= 0 {
		return 0, InvalidExpire(c.Spec.Name)
	}
	return n, nil
}

// deleteExpiredNow removes key because the expiry time a command just gave it
// has already passed. Since Valkey 8.1 this counts as an expiry: the
// expired_keys counter and an "expired" event rather than "del".
func deleteExpiredNow(c *Ctx, key []byte) {
	if c.DB.Delete(key) {
		c.KS.Stats.ExpiredKeys++
		c.DB.Changed(key, keyspace.EventExpired, "expired")
	}
}

// The replies of setGeneric: SET's +OK and nil, or SETNX's 1 and 0.
const (
	replyOKNil = iota
	replyOneZero
)

// setGeneric is SET with its options parsed; SETNX, SETEX and PSETEX use
// it too. Side effects: the "set" event, and "expire" when a TTL is given;
// a TTL already in the past deletes the key instead (see deleteExpiredNow).
func setGeneric(c *Ctx, o *setOptions, key, val []byte, reply int) error {
	var at int64
	if o.expire != nil {
		var err error
		if at, err = setExpireAt(c, o.expire, o.flags); err != nil {
			return err
		}
	}
	var old *types.String // GET: the previous value, read with hit/miss accounting
	if o.flags&setOptGet != 0 {
		var err error
		if old, err = lookupString(c, key); err != nil {
			return err
		}
	}
	e := c.DB.LookupWrite(key)
	found := e != nil
	aborted := false
	switch {
	case o.flags&setOptIFEQ != 0 && found:
		cur, ok := e.Value.(*types.String)
		if !ok {
			return ErrWrongType // with GET the lookup above already failed
		}
		aborted = !bytes.Equal(cur.Bytes(), o.cmp)
	case o.flags&setOptIFEQ != 0:
		aborted = true
	}
	if o.flags&setOptNX != 0 && found || o.flags&setOptXX != 0 && !found {
		aborted = true
	}

	// Every check passed: from here on nothing fails.
	switch {
	case o.flags&setOptGet != 0 && old != nil:
		c.W.Bulk(old.Bytes()) // copied into the reply before the value changes
	case o.flags&setOptGet != 0:
		c.W.Null()
	case aborted && reply == replyOneZero:
		c.W.Int(0)
	case aborted:
		c.W.Null()
	case reply == replyOneZero:
		c.W.Int(1)
	default:
		c.W.OK()
	}
	if aborted {
		return nil
	}
	if o.expire != nil && at <= c.KS.Now() {
		// Valkey 8 does not store a value that is born expired.
		if found {
			deleteExpiredNow(c, key)
		}
		return nil
	}
	storeString(c, key, val, e, o.flags&setOptKeepTTL != 0 || o.expire != nil)
	if o.expire != nil {
		c.DB.SetExpire(key, at)
	}
	c.DB.Changed(key, keyspace.EventString, "set")
	if o.expire != nil {
		c.DB.Changed(key, keyspace.EventGeneric, "expire")
	}
	return nil
}

// storeString stores a copy of val at key, replacing any value of any
// type and, unless keepTTL, its TTL. e is the key's entry from LookupWrite
// (nil when absent). A string being overwritten keeps its value object and,
// when it fits, its buffer, so overwriting allocates nothing.
func storeString(c *Ctx, key, val []byte, e *keyspace.Entry, keepTTL bool) {
	if e != nil {
		if cur, ok := e.Value.(*types.String); ok {
			cur.SetCopy(val)
			if !keepTTL && e.ExpireAt != 0 {
				c.DB.Persist(key)
			}
			return
		}
	}
	// Args alias the read buffer; the keyspace keeps its own copy.
	c.DB.Set(key, types.NewString(Clone(val)), keepTTL)
}

// SET key value [NX | XX | IFEQ comparison-value] [GET]
// [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | KEEPTTL]
//
// Stores value at key, replacing any value of any type and its TTL unless
// KEEPTTL. NX/XX/IFEQ make it conditional (nil when not done); GET replies
// with the previous string instead of OK.
func set(c *Ctx) error {
	o, err := parseSetOptions(c.Args[3:], false)
	if err != nil {
		return err
	}
	return setGeneric(c, &o, c.Args[1], c.Args[2], replyOKNil)
}

// SETNX key value
//
// SET NX replying 1 when set and 0 when the key existed.
func setnx(c *Ctx) error {
	o := setOptions{flags: setOptNX}
	return setGeneric(c, &o, c.Args[1], c.Args[2], replyOneZero)
}

// SETEX key seconds value
func setex(c *Ctx) error {
	o := setOptions{flags: setOptEX, expire: c.Args[2]}
	return setGeneric(c, &o, c.Args[1], c.Args[3], replyOKNil)
}

// PSETEX key milliseconds value
func psetex(c *Ctx) error {
	o := setOptions{flags: setOptPX, expire: c.Args[2]}
	return setGeneric(c, &o, c.Args[1], c.Args[3], replyOKNil)
}

// GETSET key value
//
// Stores value at key (dropping any TTL) and replies with the string it
// replaced, nil when the key was absent.
func getset(c *Ctx) error {
	key := c.Args[1]
	old, err := lookupString(c, key)
	if err != nil {
		return err
	}
	if old != nil {
		c.W.Bulk(old.Bytes())
	} else {
		c.W.Null()
	}
	c.DB.Set(key, types.NewString(Clone(c.Args[2])), false)
	c.DB.Changed(key, keyspace.EventString, "set")
	return nil
}

// GETDEL key
//
// Replies with the string at key and deletes the key ("del" event).
func getdel(c *Ctx) error {
	key := c.Args[1]
	s, err := lookupString(c, key)
	if err != nil {
		return err
	}
	if s == nil {
		c.W.Null()
		return nil
	}
	c.W.Bulk(s.Bytes())
	c.DB.Delete(key)
	c.DB.Changed(key, keyspace.EventGeneric, "del")
	return nil
}

// GETEX key [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | PERSIST]
//
// Replies with the string at key and then sets ("expire" event) or removes
// ("persist" event) its TTL. An absolute time already past deletes the key.
// Valkey 8 validates the expire time before looking at the key; the 7.0
// reference replies nil for a missing key whatever the time.
func getex(c *Ctx) error {
	key := c.Args[1]
	o, err := parseSetOptions(c.Args[2:], true)
	if err != nil {
		return err
	}
	var at int64
	if o.expire != nil {
		if at, err = setExpireAt(c, o.expire, o.flags); err != nil {
			return err
		}
	}
	s, err := lookupString(c, key)
	if err != nil {
		return err
	}
	if s == nil {
		c.W.Null()
		return nil
	}
	c.W.Bulk(s.Bytes())
	switch {
	case o.flags&(setOptEXAT|setOptPXAT) != 0 && at <= c.KS.Now():
		deleteExpiredNow(c, key)
	case o.expire != nil:
		c.DB.SetExpire(key, at)
		c.DB.Changed(key, keyspace.EventGeneric, "expire")
	case o.flags&setOptPersist != 0:
		if c.DB.Persist(key) {
			c.DB.Changed(key, keyspace.EventGeneric, "persist")
		}
	}
	return nil
}

// MGET key [key ...]
//
// Replies with the string at each key; nil for absent keys and for keys
// holding another type.
func mget(c *Ctx) error {
	c.W.Array(len(c.Args) - 1)
	for _, key := range c.Args[1:] {
		e := c.DB.Lookup(key)
		if e == nil {
			c.W.Null()
			continue
		}
		if s, ok := e.Value.(*types.String); ok {
			c.W.Bulk(s.Bytes())
		} else {
			c.W.Null()
		}
	}
	return nil
}

// MSET key value [key value ...]
func mset(c *Ctx) error {
	if len(c.Args)%2 == 0 {
		return WrongArity(c.Spec.FullName())
	}
	msetAll(c)
	c.W.OK()
	return nil
}

// MSETNX key value [key value ...]
//
// Sets every pair and replies 1, or sets nothing and replies 0 when any
// of the keys exists.
func msetnx(c *Ctx) error {
	if len(c.Args)%2 == 0 {
		return WrongArity(c.Spec.FullName())
	}
	for i := 1; i < len(c.Args); i += 2 {
		if c.DB.LookupWrite(c.Args[i]) != nil {
			c.W.Int(0)
			return nil
		}
	}
	msetAll(c)
	c.W.Int(1)
	return nil
}

func msetAll(c *Ctx) {
	for i := 1; i < len(c.Args); i += 2 {
		key := c.Args[i]
		storeString(c, key, c.Args[i+1], c.DB.LookupWrite(key), false)
		c.DB.Changed(key, keyspace.EventString, "set")
	}
}

// APPEND key value
//
// Appends value to the string at key, creating the key if needed, and
// replies with the new length. An existing value becomes raw, even when
// nothing is appended.
func appendCommand(c *Ctx) error {
	key, suffix := c.Args[1], c.Args[2]
	s, err := lookupStringWrite(c, key)
	if err != nil {
		return err
	}
	if s == nil {
		// Args alias the connection buffer; the keyspace keeps its own copy.
		c.DB.Add(key, types.NewString(Clone(suffix)))
		c.DB.Changed(key, keyspace.EventString, "append")
		c.W.Int(int64(len(suffix)))
		return nil
	}
	// Check before mutating: a rejected APPEND leaves the value untouched.
	if err := checkStringLength(c, int64(s.Len()), int64(len(suffix))); err != nil {
		return err
	}
	n := s.Append(suffix)
	c.DB.Changed(key, keyspace.EventString, "append")
	c.W.Int(int64(n))
	return nil
}

// STRLEN key
func strlenCommand(c *Ctx) error {
	s, err := lookupString(c, c.Args[1])
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

// GETRANGE key start end (and the deprecated SUBSTR)
//
// Replies with the bytes from start to end inclusive; negative indexes
// count from the end, and the range is clipped to the string.
func getrange(c *Ctx) error {
	start, err := Int(c.Args[2])
	if err != nil {
		return err
	}
	end, err := Int(c.Args[3])
	if err != nil {
		return err
	}
	s, err := lookupString(c, c.Args[1])
	if err != nil {
		return err
	}
	if s == nil {
		c.W.Bulk(nil)
		return nil
	}
	b := s.Bytes()
	n := int64(len(b))
	if start < 0 && end < 0 && start > end {
		c.W.Bulk(nil)
		return nil
	}
	if start < 0 {
		start += n
	}
	if end < 0 {
		end += n
	}
	start, end = max(start, 0), max(end, 0)
	if end >= n {
		end = n - 1
	}
	if start > end || n == 0 {
		c.W.Bulk(nil)
		return nil
	}
	c.W.Bulk(b[start : end+1])
	return nil
}

// SETRANGE key offset value
//
// Writes value over the string at key from offset, zero-padding as needed
// and creating the key, and replies with the new length. An empty value
// changes nothing (and creates no key).
func setrange(c *Ctx) error {
	key, value := c.Args[1], c.Args[3]
	offset, err := Int(c.Args[2])
	if err != nil {
		return err
	}
	if offset < 0 {
		return ErrOffsetRange
	}
	s, err := lookupStringWrite(c, key)
	if err != nil {
		return err
	}
	if len(value) == 0 {
		if s == nil {
			c.W.Int(0)
		} else {
			c.W.Int(int64(s.Len()))
		}
		return nil
	}
	if err := checkStringLength(c, offset, int64(len(value))); err != nil {
		return err
	}
	n := int(offset) + len(value)
	if s == nil {
		b := make([]byte, n)
		copy(b[offset:], value)
		c.DB.Add(key, types.NewStringRaw(b))
	} else {
		copy(s.Grow(n)[offset:], value)
		n = s.Len()
	}
	c.DB.Changed(key, keyspace.EventString, "setrange")
	c.W.Int(int64(n))
	return nil
}

// INCR key
func incr(c *Ctx) error { return incrDecr(c, 1) }

// DECR key
func decr(c *Ctx) error { return incrDecr(c, -1) }

// INCRBY key increment
func incrby(c *Ctx) error {
	n, err := Int(c.Args[2])
	if err != nil {
		return err
	}
	return incrDecr(c, n)
}

// DECRBY key decrement
func decrby(c *Ctx) error {
	n, err := Int(c.Args[2])
	if err != nil {
		return err
	}
	if n == math.MinInt64 {
		return errDecrOverflow
	}
	return incrDecr(c, -n)
}

// incrDecr adds delta to the integer at key (0 when absent), keeps any
// TTL, stores the result int encoded and replies with it ("incrby" event).
func incrDecr(c *Ctx, delta int64) error {
	key := c.Args[1]
	s, err := lookupStringWrite(c, key)
	if err != nil {
		return err
	}
	var cur int64
	if s != nil {
		var ok bool
		if cur, ok = s.Int(); !ok {
			return ErrNotInt
		}
	}
	if delta < 0 && cur < 0 && delta < math.MinInt64-cur || delta > 0 && cur > 0 && delta > math.MaxInt64-cur {
		return ErrOverflow
	}
	n := cur + delta
	if s != nil {
		s.SetInt(n)
	} else {
		c.DB.Add(key, types.NewStringInt(n))
	}
	c.DB.Changed(key, keyspace.EventString, "incrby")
	c.W.Int(n)
	return nil
}

// INCRBYFLOAT key increment
//
// Adds increment to the number at key (0 when absent) in long double
// arithmetic, keeps any TTL, and stores and replies with the sum printed
// in fixed notation ("incrbyfloat" event). The result is never int
// encoded, as in Valkey.
func incrbyfloat(c *Ctx) error {
	key := c.Args[1]
	s, err := lookupStringWrite(c, key)
	if err != nil {
		return err
	}
	cur := num.LongDoubleFromInt(0)
	if s != nil {
		var ok bool
		if cur, ok = num.ParseLongDouble(s.Bytes()); !ok {
			return ErrNotFloat
		}
	}
	inc, ok := num.ParseLongDouble(c.Args[2])
	if !ok {
		return ErrNotFloat
	}
	sum, ok := cur.Add(inc)
	if !ok {
		return ErrIncrNaNOrInf
	}
	var buf [64]byte
	out := sum.AppendHuman(buf[:0])
	if s != nil {
		s.SetPlain(out)
	} else {
		c.DB.Add(key, types.NewStringPlain(bytes.Clone(out)))
	}
	c.DB.Changed(key, keyspace.EventString, "incrbyfloat")
	c.W.Bulk(out)
	return nil
}

// LCS key1 key2 [LEN] [IDX] [MINMATCHLEN min-match-len] [WITHMATCHLEN]
//
// Replies with the longest common subsequence of the two strings (absent
// keys are empty), its length with LEN, or with IDX the matching ranges,
// walked from the end of the strings, and the length.
func lcs(c *Ctx) error {
	ea, eb := c.DB.Lookup(c.Args[1]), c.DB.Lookup(c.Args[2])
	var a, b []byte
	for i, e := range [2]*keyspace.Entry{ea, eb} {
		if e == nil {
			continue
		}
		s, ok := e.Value.(*types.String)
		if !ok {
			return errLCSWrongType
		}
		if i == 0 {
			a = s.Bytes()
		} else {
			b = s.Bytes()
		}
	}
	var getLen, getIdx, withMatchLen bool
	var minMatchLen int64
	for i := 3; i < len(c.Args); i++ {
		opt := c.Args[i]
		switch {
		case Is(opt, "IDX"):
			getIdx = true
		case Is(opt, "LEN"):
			getLen = true
		case Is(opt, "WITHMATCHLEN"):
			withMatchLen = true
		case Is(opt, "MINMATCHLEN") && i+1 < len(c.Args):
			n, err := Int(c.Args[i+1])
			if err != nil {
				return err
			}
			minMatchLen = max(n, 0)
			i++
		default:
			return ErrSyntax
		}
	}
	if getLen && getIdx {
		return errLCSIdxAndLen
	}
	if len(a) >= math.MaxUint32-1 || len(b) >= math.MaxUint32-1 {
		return errLCSTooLong
	}
	cells := uint64(len(a)+1) * uint64(len(b)+1)
	if cells*4 > uint64(c.Settings.ProtoMaxBulkLen) {
		return errLCSTooMuchSpace
	}

	// table[i*(len(b)+1)+j] is the LCS length of a[:i] and b[:j].
	w := len(b) + 1
	table := make([]uint32, cells)
	for i := 1; i <= len(a); i++ {
		row, prev := table[i*w:(i+1)*w], table[(i-1)*w:i*w]
		for j := 1; j <= len(b); j++ {
			switch {
			case a[i-1] == b[j-1]:
				row[j] = prev[j-1] + 1
			case prev[j] > row[j-1]:
				row[j] = prev[j]
			default:
				row[j] = row[j-1]
			}
		}
	}
	total := table[len(a)*w+len(b)]
	if getLen {
		c.W.Int(int64(total))
		return nil
	}

	// Walk back from the end, building the subsequence and the ranges of
	// contiguous matches. Ties between going up and going left go left, as
	// in Valkey, so the same ranges come out.
	result := make([]byte, total)
	type lcsRange struct{ aStart, aEnd, bStart, bEnd int }
	var ranges []lcsRange
	idx := total
	i, j := len(a), len(b)
	cur, active := lcsRange{}, false
	for i > 0 && j > 0 {
		emit := false
		if a[i-1] == b[j-1] {
			result[idx-1] = a[i-1]
			switch {
			case !active:
				cur, active = lcsRange{i - 1, i - 1, j - 1, j - 1}, true
			case cur.aStart == i && cur.bStart == j:
				cur.aStart--
				cur.bStart--
			default:
				emit = true
			}
			if cur.aStart == 0 || cur.bStart == 0 {
				emit = true
			}
			idx--
			i--
			j--
		} else {
			if table[(i-1)*w+j] > table[i*w+j-1] {
				i--
			} else {
				j--
			}
			emit = active
		}
		if emit {
			if n := cur.aEnd - cur.aStart + 1; getIdx && (minMatchLen == 0 || int64(n) >= minMatchLen) {
				ranges = append(ranges, cur)
			}
			active = false
		}
	}
	if !getIdx {
		c.W.Bulk(result)
		return nil
	}
	c.W.Map(2)
	c.W.BulkString("matches")
	c.W.Array(len(ranges))
	for _, r := range ranges {
		if withMatchLen {
			c.W.Array(3)
		} else {
			c.W.Array(2)
		}
		c.W.Array(2)
		c.W.Int(int64(r.aStart))
		c.W.Int(int64(r.aEnd))
		c.W.Array(2)
		c.W.Int(int64(r.bStart))
		c.W.Int(int64(r.bEnd))
		if withMatchLen {
			c.W.Int(int64(r.aEnd - r.aStart + 1))
		}
	}
	c.W.BulkString("len")
	c.W.Int(int64(total))
	return nil
}
