package command

import (
	"math"

	"github.com/trove-db/trove/internal/keyspace"
)

// The expiry commands: setting, reading and removing a key's TTL.
//
//	EXPIRE PEXPIRE EXPIREAT PEXPIREAT
//	TTL PTTL EXPIRETIME PEXPIRETIME PERSIST
var expireCommands = []*Spec{
	expireSpec("expire", "1.0.0", "seconds", "integer", "Sets a key's time to live in seconds."),
	expireSpec("pexpire", "2.6.0", "milliseconds", "integer", "Sets a key's time to live in milliseconds."),
	expireSpec("expireat", "1.2.0", "unix-time-seconds", "unix-time", "Sets the moment a key expires, as a Unix time in seconds."),
	expireSpec("pexpireat", "2.6.0", "unix-time-milliseconds", "unix-time", "Sets the moment a key expires, as a Unix time in milliseconds."),
	ttlSpec("ttl", "1.0.0", "Reports the seconds a key has left to live.", ttl, true),
	ttlSpec("pttl", "2.6.0", "Reports the milliseconds a key has left to live.", pttl, true),
	ttlSpec("expiretime", "7.0.0", "Reports the Unix time in seconds at which a key expires.", expireTime, false),
	ttlSpec("pexpiretime", "7.0.0", "Reports the Unix time in milliseconds at which a key expires.", pexpireTime, false),
	{Name: "persist", Arity: 2, Flags: FlagWrite | FlagFast, Categories: CatKeyspace,
		FirstKey: 1, LastKey: 1, KeyStep: 1,
		KeySpecs: []KeySpec{{Flags: []string{"RW", "update"}, Index: 1, LastKey: 0, KeyStep: 1}},
		Group:    "generic", Since: "2.2.0", Summary: "Removes the time to live of a key, so it no longer expires.",
		Complexity: "O(1)",
		Args:       []Arg{{Name: "key", Type: "key", KeySpecIndex: 0}},
		Handler:    persist},
}

// expireSpec is the spec of one of the four commands that set a TTL.
func expireSpec(name, since, argName, argType, summary string) *Spec {
	handlers := map[string]Handler{"expire": expire, "pexpire": pexpire, "expireat": expireAt, "pexpireat": pexpireAt}
	return &Spec{Name: name, Arity: -3, Flags: FlagWrite | FlagFast, Categories: CatKeyspace,
		FirstKey: 1, LastKey: 1, KeyStep: 1,
		KeySpecs: []KeySpec{{Flags: []string{"RW", "update"}, Index: 1, LastKey: 0, KeyStep: 1}},
		Group:    "generic", Since: since, Summary: summary, Complexity: "O(1)",
		History: [][2]string{{"7.0.0", "Added the `NX`, `XX`, `GT` and `LT` conditions."}},
		Args: []Arg{
			{Name: "key", Type: "key", KeySpecIndex: 0},
			{Name: argName, Type: argType},
			{Name: "condition", Type: "oneof", Optional: true, Since: "7.0.0", Args: []Arg{
				{Name: "nx", Type: "pure-token", Token: "NX"},
				{Name: "xx", Type: "pure-token", Token: "XX"},
				{Name: "gt", Type: "pure-token", Token: "GT"},
				{Name: "lt", Type: "pure-token", Token: "LT"},
			}},
		},
		Handler: handlers[name]}
}

// ttlSpec is the spec of one of the four commands that read a TTL.
func ttlSpec(name, since, summary string, h Handler, relative bool) *Spec {
	s := &Spec{Name: name, Arity: 2, Flags: FlagReadonly | FlagFast, Categories: CatKeyspace,
		FirstKey: 1, LastKey: 1, KeyStep: 1,
		KeySpecs: []KeySpec{{Flags: []string{"RO", "access"}, Index: 1, LastKey: 0, KeyStep: 1}},
		Group:    "generic", Since: since, Summary: summary, Complexity: "O(1)",
		Args:    []Arg{{Name: "key", Type: "key", KeySpecIndex: 0}},
		Handler: h}
	if relative {
		// The remaining time changes from call to call.
		s.Tips = []string{"nondeterministic_output"}
		s.History = [][2]string{{"2.8.0", "Answers -2 for a missing key."}}
	}
	return s
}

var (
	errExpireNX   = NewError("ERR NX and XX, GT or LT options at the same time are not compatible")
	errExpireGTLT = NewError("ERR GT and LT options at the same time are not compatible")
)

// EXPIRE key seconds [NX | XX | GT | LT]
func expire(c *Ctx) error { return expireGeneric(c, c.KS.Now(), true) }

// PEXPIRE key milliseconds [NX | XX | GT | LT]
func pexpire(c *Ctx) error { return expireGeneric(c, c.KS.Now(), false) }

// EXPIREAT key unix-time-seconds [NX | XX | GT | LT]
func expireAt(c *Ctx) error { return expireGeneric(c, 0, true) }

// PEXPIREAT key unix-time-milliseconds [NX | XX | GT | LT]
func pexpireAt(c *Ctx) error { return expireGeneric(c, 0, false) }

// expireGeneric sets the TTL of key to base + the time argument (in seconds
// when seconds is set), under the NX/XX/GT/LT condition; no TTL counts as
// infinite for GT and LT. A time not in the future deletes the key with a
// "del" event (not counted as an expiry). Replies 1 when it set or deleted,
// 0 when the key is missing or the condition failed.
func expireGeneric(c *Ctx, base int64, seconds bool) error {
	var nx, xx, gt, lt bool
	for _, opt := range c.Args[3:] {
		switch {
		case Is(opt, "NX"):
			nx = true
		case Is(opt, "XX"):
			xx = true
		case Is(opt, "GT"):
			gt = true
		case Is(opt, "LT"):
			lt = true
		default:
			return Errorf("ERR Unsupported option %s", opt)
		}
	}
	if nx && (xx || gt || lt) {
		return errExpireNX
	}
	if gt && lt {
		return errExpireGTLT
	}
	when, err := Int(c.Args[2])
	if err != nil {
		return err
	}
	// Negative times are allowed (they delete the key); only an overflow of
	// the unit conversion or of the addition is an error.
	if seconds {
		if when > math.MaxInt64/1000 || when < math.MinInt64/1000 {
			return InvalidExpire(c.Spec.FullName())
		}
		when *= 1000
	}
	if when > math.MaxInt64-base {
		return InvalidExpire(c.Spec.FullName())
	}
	when += base

	key := c.Args[1]
	e := c.DB.LookupWrite(key)
	if e == nil {
		c.W.Int(0)
		return nil
	}
	cur := e.ExpireAt // 0: no TTL
	if (nx && cur != 0) || (xx && cur == 0) ||
		(gt && (cur == 0 || when <= cur)) || (lt && cur != 0 && when >= cur) {
		c.W.Int(0)
		return nil
	}
	if c.DB.SetExpire(key, when) {
		c.DB.Changed(key, keyspace.EventGeneric, "del")
	} else {
		c.DB.Changed(key, keyspace.EventGeneric, "expire")
	}
	c.W.Int(1)
	return nil
}

// TTL key
func ttl(c *Ctx) error { return ttlGeneric(c, false, false) }

// PTTL key
func pttl(c *Ctx) error { return ttlGeneric(c, true, false) }

// EXPIRETIME key
func expireTime(c *Ctx) error { return ttlGeneric(c, false, true) }

// PEXPIRETIME key
func pexpireTime(c *Ctx) error { return ttlGeneric(c, true, true) }

// ttlGeneric replies -2 for a missing key, -1 for a key without TTL, and
// otherwise the time left (or, with absolute, the expiry time), in
// milliseconds or in seconds rounded to the nearest. A read: it counts a
// hit or miss, leaving the access clock alone.
func ttlGeneric(c *Ctx, ms, absolute bool) error {
	e := c.DB.LookupRead(c.Args[1], keyspace.NoTouch)
	switch {
	case e == nil:
		c.W.Int(-2)
		return nil
	case e.ExpireAt == 0:
		c.W.Int(-1)
		return nil
	}
	t := e.ExpireAt
	if !absolute {
		t = max(t-c.KS.Now(), 0)
	}
	if !ms && t >= 0 {
		// Rounded without overflow near the int64 limit, where Valkey's
		// arithmetic also gives the exact quotient.
		t = int64((uint64(t) + 500) / 1000)
	}
	c.W.Int(t)
	return nil
}

// PERSIST key
func persist(c *Ctx) error {
	key := c.Args[1]
	if c.DB.LookupWrite(key) == nil || !c.DB.Persist(key) {
		c.W.Int(0)
		return nil
	}
	c.DB.Changed(key, keyspace.EventGeneric, "persist")
	c.W.Int(1)
	return nil
}
