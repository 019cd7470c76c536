package command

import (
	"github.com/trove-db/trove/internal/keyspace"
	"github.com/trove-db/trove/internal/types"
)

var stringCommands = []*Spec{
	{Name: "get", Arity: 2, Flags: FlagReadonly | FlagFast, Categories: CatString,
		FirstKey: 1, LastKey: 1, KeyStep: 1,
		KeySpecs: []KeySpec{{Flags: []string{"RO", "access"}, Index: 1, LastKey: 0, KeyStep: 1}},
		Group:    "string", Since: "1.0.0", Summary: "Returns the string value of a key.", Complexity: "O(1)",
		Handler: get},
	{Name: "set", Arity: -3, Flags: FlagWrite | FlagDenyOOM, Categories: CatString,
		FirstKey: 1, LastKey: 1, KeyStep: 1,
		KeySpecs: []KeySpec{{Flags: []string{"RW", "access", "update", "variable_flags"}, Index: 1, LastKey: 0, KeyStep: 1}},
		Group:    "string", Since: "1.0.0", Summary: "Sets the string value of a key, ignoring its type. The key is created if it doesn't exist.",
		Complexity: "O(1)",
		Handler:    set},
}

// lookupString returns the string at key for a read, nil if absent, or
// ErrWrongType.
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

// GET key
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

// SET key value
func set(c *Ctx) error {
	if len(c.Args) != 3 {
		return ErrSyntax // options arrive with the strings family
	}
	key := c.Args[1]
	c.DB.Set(key, types.NewString(Clone(c.Args[2])), false)
	c.DB.Changed(key, keyspace.EventString, "set")
	c.W.OK()
	return nil
}
