package command

import "github.com/trove-db/trove/internal/keyspace"

var keyCommands = []*Spec{
	{Name: "del", Arity: -2, Flags: FlagWrite, Categories: CatKeyspace,
		FirstKey: 1, LastKey: -1, KeyStep: 1,
		KeySpecs: []KeySpec{{Flags: []string{"RM", "delete"}, Index: 1, LastKey: -1, KeyStep: 1}},
		Group:    "generic", Since: "1.0.0", Summary: "Deletes one or more keys.",
		Complexity: "O(N) where N is the number of keys that will be removed. When a key to remove holds a value other than a string, the individual complexity for this key is O(M) where M is the number of elements in the list, set, sorted set or hash. Removing a single key that holds a string value is O(1).",
		Tips:       []string{"request_policy:multi_shard", "response_policy:agg_sum"},
		Handler:    del},
}

// DEL key [key ...]
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
