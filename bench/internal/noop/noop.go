// Package noop holds the two baseline servers of the benchmark suite: they
// parse requests with internal/resp exactly as trove does and answer without
// touching any data, so their throughput is the ceiling that the connection
// layer alone allows on the machine at hand.
//
// Two shapes are measured: ServeGoroutines runs a goroutine per connection
// over net.Conn (trove's shape), ServeEpoll runs epoll event loops over
// non-blocking sockets (Linux only). Both reply with Reply.
//
// The package is used only by bench/ programs and their tests.
package noop

import (
	"bytes"

	"github.com/trove-db/trove/internal/resp"
)

// Replies that do not depend on the request.
var (
	replyOK   = []byte("+OK\r\n")
	replyNil  = []byte("$-1\r\n")
	replyPong = []byte("+PONG\r\n")
	replyOne  = []byte(":1\r\n")
	replyNone = []byte("*0\r\n")
)

// Reply appends the canned answer to one request: +OK for writes, a null
// bulk for GET, :1 for INCR, +PONG for PING. CONFIG GET of save or appendonly
// answers as a server with persistence off would, because redis-benchmark
// asks for both before it starts. Nothing is stored and nothing allocated.
func Reply(out []byte, args [][]byte) []byte {
	if len(args) == 0 {
		return out
	}
	name := args[0]
	switch {
	case bytes.EqualFold(name, []byte("get")):
		return append(out, replyNil...)
	case bytes.EqualFold(name, []byte("incr")):
		return append(out, replyOne...)
	case bytes.EqualFold(name, []byte("ping")):
		if len(args) > 1 {
			return resp.AppendBulk(out, args[1])
		}
		return append(out, replyPong...)
	case bytes.EqualFold(name, []byte("config")):
		return configGet(out, args)
	}
	// SET, MSET and everything else.
	return append(out, replyOK...)
}

// configGet answers CONFIG GET save / appendonly; any other parameter is
// unknown to a no-op server and gets an empty array.
func configGet(out []byte, args [][]byte) []byte {
	if len(args) != 3 || !bytes.EqualFold(args[1], []byte("get")) {
		return append(out, replyOK...)
	}
	var value string
	switch {
	case bytes.EqualFold(args[2], []byte("save")):
		value = ""
	case bytes.EqualFold(args[2], []byte("appendonly")):
		value = "no"
	default:
		return append(out, replyNone...)
	}
	out = resp.AppendArrayHeader(out, 2)
	out = resp.AppendBulk(out, args[2])
	return resp.AppendBulkString(out, value)
}
