// Package num parses and formats numbers exactly as Valkey does in
// arguments and replies: canonical integers, doubles with inf, and the
// long-double style used by INCRBYFLOAT. It imports only the standard library.
package num
