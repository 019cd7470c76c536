package command

import (
	"math"

	"github.com/trove-db/trove/internal/keyspace"
	"github.com/trove-db/trove/internal/types"
)

// The list family. Values are types.List; OBJECT ENCODING follows Valkey 8
// (listpack within list-max-listpack-size, quicklist beyond, back to
// listpack when a quicklist shrinks to half the limit). The blocking
// variants (BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP) are not here yet.
//
//	lpush rpush lpushx rpushx lpop rpop llen lrange lindex lset
//	linsert lrem ltrim lpos lmove rpoplpush lmpop
var listCommands = []*Spec{
	{Name: "lpush", Arity: -3, Flags: FlagWrite | FlagDenyOOM | FlagFast, Categories: CatList,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: listKSInsert,
		Group: "list", Since: "1.0.0", Summary: "Adds elements at the head of a list, creating the list when needed.",
		Complexity: "O(1) per element, so O(N) for N elements.",
		History:    [][2]string{{"2.4.0", "Takes several `element` arguments."}},
		Args:       []Arg{strKeyArg("key", 0), listElementsArg},
		Handler:    lpush},
	{Name: "rpush", Arity: -3, Flags: FlagWrite | FlagDenyOOM | FlagFast, Categories: CatList,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: listKSInsert,
		Group: "list", Since: "1.0.0", Summary: "Adds elements at the tail of a list, creating the list when needed.",
		Complexity: "O(1) per element, so O(N) for N elements.",
		History:    [][2]string{{"2.4.0", "Takes several `element` arguments."}},
		Args:       []Arg{strKeyArg("key", 0), listElementsArg},
		Handler:    rpush},
	{Name: "lpushx", Arity: -3, Flags: FlagWrite | FlagDenyOOM | FlagFast, Categories: CatList,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: listKSInsert,
		Group: "list", Since: "2.2.0", Summary: "Adds elements at the head of a list only when the list already exists.",
		Complexity: "O(1) per element, so O(N) for N elements.",
		History:    [][2]string{{"4.0.0", "Takes several `element` arguments."}},
		Args:       []Arg{strKeyArg("key", 0), listElementsArg},
		Handler:    lpushx},
	{Name: "rpushx", Arity: -3, Flags: FlagWrite | FlagDenyOOM | FlagFast, Categories: CatList,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: listKSInsert,
		Group: "list", Since: "2.2.0", Summary: "Adds elements at the tail of a list only when the list already exists.",
		Complexity: "O(1) per element, so O(N) for N elements.",
		History:    [][2]string{{"4.0.0", "Takes several `element` arguments."}},
		Args:       []Arg{strKeyArg("key", 0), listElementsArg},
		Handler:    rpushx},
	{Name: "lpop", Arity: -2, Flags: FlagWrite | FlagFast, Categories: CatList,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: listKSPop,
		Group: "list", Since: "1.0.0", Summary: "Removes and returns elements from the head of a list, deleting the list when it empties.",
		Complexity: "O(N) for the N elements returned.",
		History:    [][2]string{{"6.2.0", "Gained the optional `count` argument."}},
		Args:       []Arg{strKeyArg("key", 0), {Name: "count", Type: "integer", Since: "6.2.0", Optional: true}},
		Handler:    lpop},
	{Name: "rpop", Arity: -2, Flags: FlagWrite | FlagFast, Categories: CatList,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: listKSPop,
		Group: "list", Since: "1.0.0", Summary: "Removes and returns elements from the tail of a list, deleting the list when it empties.",
		Complexity: "O(N) for the N elements returned.",
		History:    [][2]string{{"6.2.0", "Gained the optional `count` argument."}},
		Args:       []Arg{strKeyArg("key", 0), {Name: "count", Type: "integer", Since: "6.2.0", Optional: true}},
		Handler:    rpop},
	{Name: "llen", Arity: 2, Flags: FlagReadonly | FlagFast, Categories: CatList,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: listKSRO,
		Group: "list", Since: "1.0.0", Summary: "Counts the elements of a list.", Complexity: "O(1)",
		Args:    []Arg{strKeyArg("key", 0)},
		Handler: llen},
	{Name: "lrange", Arity: 4, Flags: FlagReadonly, Categories: CatList,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: strKSRO,
		Group: "list", Since: "1.0.0", Summary: "Returns the elements of a list between two indexes, both included.",
		Complexity: "O(S+N): S to reach the start offset, N for the elements returned.",
		Args:       []Arg{strKeyArg("key", 0), {Name: "start", Type: "integer"}, {Name: "stop", Type: "integer"}},
		Handler:    lrange},
	{Name: "lindex", Arity: 3, Flags: FlagReadonly, Categories: CatList,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: strKSRO,
		Group: "list", Since: "1.0.0", Summary: "Returns the element at an index of a list, counting from the tail when negative.",
		Complexity: "O(N) to walk to the index; the first and last elements are O(1).",
		Args:       []Arg{strKeyArg("key", 0), {Name: "index", Type: "integer"}},
		Handler:    lindex},
	{Name: "lset", Arity: 4, Flags: FlagWrite | FlagDenyOOM, Categories: CatList,
		FirstKey: 1, LastKey: 1, KeyStep: 1,
		KeySpecs: []KeySpec{{Flags: []string{"RW", "update"}, Index: 1, LastKey: 0, KeyStep: 1}},
		Group:    "list", Since: "1.0.0", Summary: "Replaces the element at an index of an existing list.",
		Complexity: "O(N) for a list of N elements; the first and last elements are O(1).",
		Args:       []Arg{strKeyArg("key", 0), {Name: "index", Type: "integer"}, {Name: "element", Type: "string"}},
		Handler:    lset},
	{Name: "linsert", Arity: 5, Flags: FlagWrite | FlagDenyOOM, Categories: CatList,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: listKSInsert,
		Group: "list", Since: "2.2.0", Summary: "Inserts an element just before or just after the first occurrence of a pivot element.",
		Complexity: "O(N) for the N elements walked before the pivot.",
		Args: []Arg{strKeyArg("key", 0),
			{Name: "where", Type: "oneof", Args: []Arg{
				{Name: "before", Type: "pure-token", Token: "BEFORE"},
				{Name: "after", Type: "pure-token", Token: "AFTER"},
			}},
			{Name: "pivot", Type: "string"}, {Name: "element", Type: "string"}},
		Handler: linsert},
	{Name: "lrem", Arity: 4, Flags: FlagWrite, Categories: CatList,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: listKSDelete,
		Group: "list", Since: "1.0.0", Summary: "Removes occurrences of an element from a list, from the head or the tail.",
		Complexity: "O(N+M): N elements walked, M removed.",
		Args:       []Arg{strKeyArg("key", 0), {Name: "count", Type: "integer"}, {Name: "element", Type: "string"}},
		Handler:    lrem},
	{Name: "ltrim", Arity: 4, Flags: FlagWrite, Categories: CatList,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: listKSDelete,
		Group: "list", Since: "1.0.0", Summary: "Keeps only the elements of a list between two indexes and drops the rest.",
		Complexity: "O(N) for the N elements removed.",
		Args:       []Arg{strKeyArg("key", 0), {Name: "start", Type: "integer"}, {Name: "stop", Type: "integer"}},
		Handler:    ltrim},
	{Name: "lpos", Arity: -3, Flags: FlagReadonly, Categories: CatList,
		FirstKey: 1, LastKey: 1, KeyStep: 1, KeySpecs: strKSRO,
		Group: "list", Since: "6.0.6", Summary: "Finds the indexes of the elements of a list equal to a value.",
		Complexity: "O(N) for a list of N elements; less near the ends or with MAXLEN.",
		Args: []Arg{strKeyArg("key", 0), {Name: "element", Type: "string"},
			{Name: "rank", Type: "integer", Token: "RANK", Optional: true},
			{Name: "num-matches", Type: "integer", Token: "COUNT", Optional: true},
			{Name: "len", Type: "integer", Token: "MAXLEN", Optional: true}},
		Handler: lpos},
	{Name: "lmove", Arity: 5, Flags: FlagWrite | FlagDenyOOM, Categories: CatList,
		FirstKey: 1, LastKey: 2, KeyStep: 1, KeySpecs: listKSMove,
		Group: "list", Since: "6.2.0", Summary: "Moves an element from one end of a list to one end of another (or the same) list.",
		Complexity: "O(1)",
		Args: []Arg{strKeyArg("source", 0), strKeyArg("destination", 1),
			{Name: "wherefrom", Type: "oneof", Args: listEndsArgs},
			{Name: "whereto", Type: "oneof", Args: listEndsArgs}},
		Handler: lmove},
	{Name: "rpoplpush", Arity: 3, Flags: FlagWrite | FlagDenyOOM, Categories: CatList,
		FirstKey: 1, LastKey: 2, KeyStep: 1, KeySpecs: listKSMove,
		Group: "list", Since: "1.2.0", Summary: "Moves the tail element of a list to the head of another (or the same) list.",
		Complexity:      "O(1)",
		DocFlags:        []string{"deprecated"},
		DeprecatedSince: "6.2.0",
		ReplacedBy:      "`LMOVE` with `RIGHT` and `LEFT`",
		Args:            []Arg{strKeyArg("source", 0), strKeyArg("destination", 1)},
		Handler:         rpoplpush},
	{Name: "lmpop", Arity: -4, Flags: FlagWrite, Categories: CatList,
		KeySpecs: []KeySpec{{Flags: []string{"RW", "access", "delete"}, Index: 1, KeyNumIdx: 0, KeyNum: true, FirstKey: 1, KeyStep: 1}},
		Group:    "list", Since: "7.0.0", Summary: "Pops elements from the first non-empty list among several keys.",
		Complexity: "O(N+M): N keys looked at, M elements returned.",
		Args: []Arg{{Name: "numkeys", Type: "integer"},
			{Name: "key", Type: "key", KeySpecIndex: 0, Multiple: true},
			{Name: "where", Type: "oneof", Args: listEndsArgs},
			{Name: "count", Type: "integer", Token: "COUNT", Optional: true}},
		Handler: lmpop},
}

// Key specs and arguments shared by list commands.
var (
	listKSRO     = []KeySpec{{Flags: []string{"RO"}, Index: 1, LastKey: 0, KeyStep: 1}}
	listKSInsert = []KeySpec{{Flags: []string{"RW", "insert"}, Index: 1, LastKey: 0, KeyStep: 1}}
	listKSDelete = []KeySpec{{Flags: []string{"RW", "delete"}, Index: 1, LastKey: 0, KeyStep: 1}}
	listKSPop    = []KeySpec{{Flags: []string{"RW", "access", "delete"}, Index: 1, LastKey: 0, KeyStep: 1}}
	listKSMove   = []KeySpec{
		{Flags: []string{"RW", "access", "delete"}, Index: 1, LastKey: 0, KeyStep: 1},
		{Flags: []string{"RW", "insert"}, Index: 2, LastKey: 0, KeyStep: 1},
	}

	listElementsArg = Arg{Name: "element", Type: "string", Multiple: true}
	listEndsArgs    = []Arg{
		{Name: "left", Type: "pure-token", Token: "LEFT"},
		{Name: "right", Type: "pure-token", Token: "RIGHT"},
	}
)

// Errors only this family replies with.
var (
	errListIndexRange = NewError("ERR index out of range")
	errListRankZero   = NewError("ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list")
	errListCountNeg   = NewError("ERR COUNT can't be negative")
	errListMaxlenNeg  = NewError("ERR MAXLEN can't be negative")
	errListNumkeys    = NewError("ERR numkeys should be greater than 0")
	errListCountPos   = NewError("ERR count should be greater than 0")
)

// lookupList returns the list at key for a read, nil when absent, or
// WRONGTYPE.
func lookupList(c *Ctx, key []byte) (*types.List, error) {
	e := c.DB.Lookup(key)
	if e == nil {
		return nil, nil
	}
	l, ok := e.Value.(*types.List)
	if !ok {
		return nil, ErrWrongType
	}
	return l, nil
}

// lookupListWrite is lookupList for a command about to modify the list.
func lookupListWrite(c *Ctx, key []byte) (*types.List, error) {
	e := c.DB.LookupWrite(key)
	if e == nil {
		return nil, nil
	}
	l, ok := e.Value.(*types.List)
	if !ok {
		return nil, ErrWrongType
	}
	return l, nil
}

// listEnd parses LEFT or RIGHT; left reports which.
func listEnd(arg []byte) (left bool, ok bool) {
	switch {
	case Is(arg, "LEFT"):
		return true, true
	case Is(arg, "RIGHT"):
		return false, true
	}
	return false, false
}

// listRemoved records the removal side of a change: the event on key, and
// the key's deletion when the list emptied; otherwise the list may go back
// to listpack.
func listRemoved(c *Ctx, key []byte, l *types.List, event string) {
	c.DB.Changed(key, keyspace.EventList, event)
	if l.Len() == 0 {
		c.DB.Delete(key)
		c.DB.Changed(key, keyspace.EventGeneric, "del")
		return
	}
	l.Shrunk(c.Settings.ListMaxListpackSize)
}

// LPUSH key element [element ...]
func lpush(c *Ctx) error { return pushGeneric(c, true, false) }

// RPUSH key element [element ...]
func rpush(c *Ctx) error { return pushGeneric(c, false, false) }

// LPUSHX key element [element ...]
func lpushx(c *Ctx) error { return pushGeneric(c, true, true) }

// RPUSHX key element [element ...]
func rpushx(c *Ctx) error { return pushGeneric(c, false, true) }

// pushGeneric adds the elements one by one at the head (left) or tail,
// creating the list unless onlyExisting. Replies with the new length.
func pushGeneric(c *Ctx, left, onlyExisting bool) error {
	key := c.Args[1]
	l, err := lookupListWrite(c, key)
	if err != nil {
		return err
	}
	if l == nil {
		if onlyExisting {
			c.W.Int(0)
			return nil
		}
		l = types.NewList()
		c.DB.Add(key, l)
	}
	elems := c.Args[2:]
	addBytes := 0
	for _, e := range elems {
		addBytes += len(e)
	}
	l.WillGrow(c.Settings.ListMaxListpackSize, addBytes, len(elems))
	for _, e := range elems {
		if left {
			l.PushLeft(Clone(e))
		} else {
			l.PushRight(Clone(e))
		}
	}
	event := "rpush"
	if left {
		event = "lpush"
	}
	c.DB.Changed(key, keyspace.EventList, event)
	c.W.Int(int64(l.Len()))
	return nil
}

// LPOP key [count]
func lpop(c *Ctx) error { return popGeneric(c, true) }

// RPOP key [count]
func rpop(c *Ctx) error { return popGeneric(c, false) }

// popGeneric pops one element (a bulk reply, nil when absent) or, with a
// count, up to count elements (an array, a null array when absent).
func popGeneric(c *Ctx, left bool) error {
	if len(c.Args) > 3 {
		return WrongArity(c.Spec.FullName())
	}
	hasCount := len(c.Args) == 3
	var count int64 = 1
	if hasCount {
		n, err := Int(c.Args[2])
		if err != nil || n < 0 {
			return ErrNotPositive
		}
		count = n
	}
	key := c.Args[1]
	l, err := lookupListWrite(c, key)
	if err != nil {
		return err
	}
	if l == nil {
		if hasCount {
			c.W.NullArray()
		} else {
			c.W.Null()
		}
		return nil
	}
	if hasCount && count == 0 {
		c.W.Array(0)
		return nil
	}
	if !hasCount {
		c.W.Bulk(listPop(l, left))
	} else {
		if count > int64(l.Len()) {
			count = int64(l.Len())
		}
		c.W.Array(int(count))
		for range count {
			c.W.Bulk(listPop(l, left))
		}
	}
	event := "rpop"
	if left {
		event = "lpop"
	}
	listRemoved(c, key, l, event)
	return nil
}

func listPop(l *types.List, left bool) []byte {
	if left {
		return l.PopLeft()
	}
	return l.PopRight()
}

// LLEN key
func llen(c *Ctx) error {
	l, err := lookupList(c, c.Args[1])
	if err != nil {
		return err
	}
	n := 0
	if l != nil {
		n = l.Len()
	}
	c.W.Int(int64(n))
	return nil
}

// listRange clamps start and stop (negative counting from the tail) to a
// list of n elements, as LRANGE and LTRIM do; ok is false for an empty
// range.
func listRange(start, stop int64, n int) (int, int, bool) {
	ln := int64(n)
	if start < 0 {
		start += ln
	}
	if stop < 0 {
		stop += ln
	}
	if start < 0 {
		start = 0
	}
	if start > stop || start >= ln {
		return 0, 0, false
	}
	if stop >= ln {
		stop = ln - 1
	}
	return int(start), int(stop), true
}

// LRANGE key start stop
func lrange(c *Ctx) error {
	start, err := Int(c.Args[2])
	if err != nil {
		return err
	}
	stop, err := Int(c.Args[3])
	if err != nil {
		return err
	}
	l, err := lookupList(c, c.Args[1])
	if err != nil {
		return err
	}
	if l == nil {
		c.W.Array(0)
		return nil
	}
	from, to, ok := listRange(start, stop, l.Len())
	if !ok {
		c.W.Array(0)
		return nil
	}
	c.W.Array(to - from + 1)
	for i := from; i <= to; i++ {
		c.W.Bulk(l.At(i))
	}
	return nil
}

// listIndex resolves index (negative from the tail) in a list of n
// elements.
func listIndex(index int64, n int) (int, bool) {
	if index < 0 {
		index += int64(n)
	}
	if index < 0 || index >= int64(n) {
		return 0, false
	}
	return int(index), true
}

// LINDEX key index
func lindex(c *Ctx) error {
	// Like Valkey, the key is looked up before the index is parsed.
	l, err := lookupList(c, c.Args[1])
	if err != nil {
		return err
	}
	if l == nil {
		c.W.Null()
		return nil
	}
	index, err := Int(c.Args[2])
	if err != nil {
		return err
	}
	i, ok := listIndex(index, l.Len())
	if !ok {
		c.W.Null()
		return nil
	}
	c.W.Bulk(l.At(i))
	return nil
}

// LSET key index element
func lset(c *Ctx) error {
	key := c.Args[1]
	l, err := lookupListWrite(c, key)
	if err != nil {
		return err
	}
	if l == nil {
		return ErrNoSuchKey
	}
	index, err := Int(c.Args[2])
	if err != nil {
		return err
	}
	// Valkey judges the encoding as for adding one element, and before
	// it checks the index, so even a failed LSET can convert.
	fill := c.Settings.ListMaxListpackSize
	l.WillGrow(fill, len(c.Args[3]), 1)
	i, ok := listIndex(index, l.Len())
	if !ok {
		return errListIndexRange
	}
	l.Set(i, Clone(c.Args[3]))
	// A smaller element may bring a quicklist back to listpack.
	l.Shrunk(fill)
	c.DB.Changed(key, keyspace.EventList, "lset")
	c.W.OK()
	return nil
}

// LINSERT key <BEFORE | AFTER> pivot element
func linsert(c *Ctx) error {
	var after bool
	switch {
	case Is(c.Args[2], "BEFORE"):
	case Is(c.Args[2], "AFTER"):
		after = true
	default:
		return ErrSyntax
	}
	key := c.Args[1]
	l, err := lookupListWrite(c, key)
	if err != nil {
		return err
	}
	if l == nil {
		c.W.Int(0)
		return nil
	}
	// Valkey converts before it looks for the pivot, so a missing pivot
	// can still turn the list into a quicklist.
	l.WillGrow(c.Settings.ListMaxListpackSize, len(c.Args[4]), 1)
	i := l.Index(c.Args[3])
	if i < 0 {
		c.W.Int(-1)
		return nil
	}
	if after {
		i++
	}
	l.Insert(i, Clone(c.Args[4]))
	c.DB.Changed(key, keyspace.EventList, "linsert")
	c.W.Int(int64(l.Len()))
	return nil
}

// LREM key count element
func lrem(c *Ctx) error {
	count, err := Int(c.Args[2])
	if err != nil {
		return err
	}
	key := c.Args[1]
	l, err := lookupListWrite(c, key)
	if err != nil {
		return err
	}
	if l == nil {
		c.W.Int(0)
		return nil
	}
	removed := l.Remove(count, c.Args[3])
	if removed > 0 {
		listRemoved(c, key, l, "lrem")
	}
	c.W.Int(removed)
	return nil
}

// LTRIM key start stop
func ltrim(c *Ctx) error {
	start, err := Int(c.Args[2])
	if err != nil {
		return err
	}
	stop, err := Int(c.Args[3])
	if err != nil {
		return err
	}
	key := c.Args[1]
	l, err := lookupListWrite(c, key)
	if err != nil {
		return err
	}
	if l == nil {
		c.W.OK()
		return nil
	}
	from, to, ok := listRange(start, stop, l.Len())
	l.Trim(from, to, ok)
	// Valkey records the trim even when it removed nothing.
	listRemoved(c, key, l, "ltrim")
	c.W.OK()
	return nil
}

// LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]
func lpos(c *Ctx) error {
	var rank, count, maxlen int64 = 1, 0, 0
	hasCount := false
	args := c.Args[3:]
	for len(args) > 0 {
		if len(args) < 2 {
			return ErrSyntax
		}
		opt := args[0]
		if !Is(opt, "RANK") && !Is(opt, "COUNT") && !Is(opt, "MAXLEN") {
			return ErrSyntax
		}
		n, err := Int(args[1])
		switch {
		case Is(opt, "RANK"):
			if err != nil {
				return err
			}
			if n == 0 {
				return errListRankZero
			}
			// Valkey 7.2+ (so Valkey 8) refuses the one rank it cannot
			// negate; the 7.0 reference accepts it.
			if n == math.MinInt64 {
				return ErrInt64Range
			}
			rank = n
		case Is(opt, "COUNT"):
			// A non-integer COUNT or MAXLEN gets the "negative" error.
			if err != nil || n < 0 {
				return errListCountNeg
			}
			count, hasCount = n, true
		default:
			if err != nil || n < 0 {
				return errListMaxlenNeg
			}
			maxlen = n
		}
		args = args[2:]
	}
	l, err := lookupList(c, c.Args[1])
	if err != nil {
		return err
	}
	if l == nil {
		if hasCount {
			c.W.Array(0)
		} else {
			c.W.Null()
		}
		return nil
	}
	elem := c.Args[2]
	n := l.Len()
	skip := rank - 1
	step, i := 1, 0
	if rank < 0 {
		skip = -rank - 1
		step, i = -1, n-1
	}
	limit := count
	if !hasCount {
		limit = 1
	}
	var found []int64
	var one [1]int64
	if !hasCount || count == 1 {
		found = one[:0]
	}
	for seen := int64(0); i >= 0 && i < n && (maxlen == 0 || seen < maxlen); i, seen = i+step, seen+1 {
		if string(l.At(i)) != string(elem) {
			continue
		}
		if skip > 0 {
			skip--
			continue
		}
		found = append(found, int64(i))
		if limit > 0 && int64(len(found)) == limit {
			break
		}
	}
	if !hasCount {
		if len(found) == 0 {
			c.W.Null()
		} else {
			c.W.Int(found[0])
		}
		return nil
	}
	c.W.Array(len(found))
	for _, f := range found {
		c.W.Int(f)
	}
	return nil
}

// LMOVE source destination <LEFT | RIGHT> <LEFT | RIGHT>
func lmove(c *Ctx) error {
	from, ok := listEnd(c.Args[3])
	if !ok {
		return ErrSyntax
	}
	to, ok := listEnd(c.Args[4])
	if !ok {
		return ErrSyntax
	}
	return moveGeneric(c, from, to)
}

// RPOPLPUSH source destination
func rpoplpush(c *Ctx) error { return moveGeneric(c, false, true) }

// moveGeneric pops from one end of source and pushes onto one end of
// destination (which may be the same list), replying with the element or
// nil when source is absent.
func moveGeneric(c *Ctx, fromLeft, toLeft bool) error {
	src, dst := c.Args[1], c.Args[2]
	sl, err := lookupListWrite(c, src)
	if err != nil {
		return err
	}
	if sl == nil {
		c.W.Null()
		return nil
	}
	dl, err := lookupListWrite(c, dst)
	if err != nil {
		return err
	}
	fill := c.Settings.ListMaxListpackSize
	v := listPop(sl, fromLeft)
	if dl == nil {
		dl = types.NewList()
		c.DB.Add(dst, dl)
	}
	dl.WillGrowMoved(fill, v)
	if toLeft {
		dl.PushLeft(v)
	} else {
		dl.PushRight(v)
	}
	c.W.Bulk(v)
	pushEvent, popEvent := "rpush", "rpop"
	if toLeft {
		pushEvent = "lpush"
	}
	if fromLeft {
		popEvent = "lpop"
	}
	c.DB.Changed(dst, keyspace.EventList, pushEvent)
	listRemoved(c, src, sl, popEvent)
	return nil
}

// LMPOP numkeys key [key ...] <LEFT | RIGHT> [COUNT count]
func lmpop(c *Ctx) error {
	numkeys, err := Int(c.Args[1])
	if err != nil || numkeys <= 0 {
		return errListNumkeys
	}
	if numkeys > int64(len(c.Args)-3) {
		return ErrSyntax
	}
	keys := c.Args[2 : 2+numkeys]
	rest := c.Args[2+numkeys:]
	left, ok := listEnd(rest[0])
	if !ok {
		return ErrSyntax
	}
	var count int64 = 1
	rest = rest[1:]
	if len(rest) > 0 {
		if len(rest) != 2 || !Is(rest[0], "COUNT") {
			return ErrSyntax
		}
		n, err := Int(rest[1])
		if err != nil || n <= 0 {
			return errListCountPos
		}
		count = n
	}
	for _, key := range keys {
		l, err := lookupListWrite(c, key)
		if err != nil {
			return err
		}
		if l == nil {
			continue
		}
		if count > int64(l.Len()) {
			count = int64(l.Len())
		}
		c.W.Array(2)
		c.W.Bulk(key)
		c.W.Array(int(count))
		for range count {
			c.W.Bulk(listPop(l, left))
		}
		event := "rpop"
		if left {
			event = "lpop"
		}
		listRemoved(c, key, l, event)
		return nil
	}
	c.W.NullArray()
	return nil
}
