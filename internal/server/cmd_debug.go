package server

import (
	"fmt"
	"strconv"
	"time"

	"github.com/trove-db/trove/internal/command"
	"github.com/trove-db/trove/internal/types"
)

// debugCommands is DEBUG, with the subcommands tests and tools rely on.
// Like Valkey it is refused unless enable-debug-command allows it.
func (s *Server) debugCommands() []*command.Spec {
	return []*command.Spec{
		{Name: "debug", Arity: -2,
			Flags: command.FlagAdmin | command.FlagNoScript | command.FlagLoading | command.FlagStale | command.FlagProtected,
			Group: "server", Since: "1.0.0", Summary: "Runs a debugging or testing action.", Complexity: "Depends on subcommand.",
			DocFlags: []string{"syscmd"}, Handler: s.debug},
	}
}

// DEBUG subcommand [argument ...]
func (s *Server) debug(c *command.Ctx) error {
	sub := c.Args[1]
	switch {
	case command.Is(sub, "HELP") && len(c.Args) == 2:
		writeHelp(c, "DEBUG",
			"OBJECT <key>",
			"    Show low-level details of the value at <key>.",
			"SET-ACTIVE-EXPIRE <0|1>",
			"    Turn the active expiry of keys off (0) or on (1); keys still expire when read.",
			"SLEEP <seconds>",
			"    Stop the server for <seconds>, which may be fractional.",
		)
		return nil
	case command.Is(sub, "SLEEP") && len(c.Args) == 3:
		// Like Valkey, a value that does not parse sleeps for no time.
		secs, _ := strconv.ParseFloat(string(c.Args[2]), 64)
		if secs > 0 {
			time.Sleep(time.Duration(secs * float64(time.Second)))
		}
		c.W.OK()
		return nil
	case command.Is(sub, "SET-ACTIVE-EXPIRE") && len(c.Args) == 3:
		n, _ := strconv.Atoi(string(c.Args[2]))
		c.KS.ActiveExpire = n != 0
		c.W.OK()
		return nil
	case command.Is(sub, "OBJECT") && len(c.Args) == 3:
		return s.debugObject(c)
	}
	return command.Errorf("ERR unknown subcommand or wrong number of arguments for '%s'. Try DEBUG HELP.", truncate(sub, 128))
}

// DEBUG OBJECT key
//
// Value at:<address> refcount:1 encoding:<encoding> serializedlength:<n>
// lru:<clock> lru_seconds_idle:<seconds>
//
// serializedlength estimates the value's size in an RDB file.
func (s *Server) debugObject(c *command.Ctx) error {
	e := c.DB.Peek(c.Args[2])
	if e == nil {
		return command.ErrNoSuchKey
	}
	refcount := 1
	if str, ok := e.Value.(*types.String); ok {
		// Valkey shares the objects of small integers.
		if n, isInt := str.Int(); isInt && n >= 0 && n < 10000 && str.Encoding() == "int" {
			refcount = 2147483647
		}
	}
	clock := c.KS.LRUClock()
	idle := int64(clock) - int64(e.Access)
	if idle < 0 {
		idle = 0
	}
	line := fmt.Sprintf("Value at:%p refcount:%d encoding:%s serializedlength:%d lru:%d lru_seconds_idle:%d",
		e.Value, refcount, e.Value.Encoding(), serializedLength(e.Value), e.Access&(1<<24-1), idle)
	c.W.Simple(line)
	return nil
}

// serializedLength estimates how many bytes the value takes in an RDB file:
// exact for strings (integers in their compact forms, others as a length
// and the bytes, without compression), a rough figure otherwise.
func serializedLength(v any) int {
	str, ok := v.(*types.String)
	if !ok {
		return 0
	}
	if n, isInt := str.Int(); isInt && str.Encoding() == "int" {
		switch {
		case n >= -1<<7 && n < 1<<7:
			return 2
		case n >= -1<<15 && n < 1<<15:
			return 3
		case n >= -1<<31 && n < 1<<31:
			return 5
		}
	}
	n := str.Len()
	switch {
	case n < 1<<6:
		return n + 1
	case n < 1<<14:
		return n + 2
	case n <= 1<<32-1:
		return n + 5
	}
	return n + 9
}
