// Package resp reads client requests and writes replies in the Valkey
// serialization protocol (RESP2 and RESP3).
//
// The Reader hands out arguments as slices over its own buffer, valid until
// the next call to Next, so parsing a pipelined stream of commands allocates
// nothing once the buffer has grown to fit. The Writer appends replies to a
// buffer that the connection flushes once per drained batch of commands; the
// Append* functions are the same encoders as plain functions over []byte.
//
// Neither type is safe for concurrent use: each belongs to one connection.
// The package imports only the standard library and internal/num.
package resp
