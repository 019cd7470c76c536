package command

import "fmt"

// Error is a reply error: its text is exactly what goes on the wire after
// the '-', starting with the error code clients branch on.
type Error struct{ msg string }

func (e *Error) Error() string { return e.msg }

// Code is the first word of the message (ERR, WRONGTYPE, ...), the key of
// INFO errorstats.
func (e *Error) Code() string {
	for i := 0; i < len(e.msg); i++ {
		if e.msg[i] == ' ' {
			return e.msg[:i]
		}
	}
	return e.msg
}

// NewError returns an error reply with the given wire text.
func NewError(msg string) *Error { return &Error{msg: msg} }

// Errorf formats an error reply; the format starts with the error code.
func Errorf(format string, args ...any) *Error {
	return &Error{msg: fmt.Sprintf(format, args...)}
}

// The error replies shared by many commands, worded as Valkey words them.
var (
	ErrSyntax        = NewError("ERR syntax error")
	ErrWrongType     = NewError("WRONGTYPE Operation against a key holding the wrong kind of value")
	ErrNotInt        = NewError("ERR value is not an integer or out of range")
	ErrNotFloat      = NewError("ERR value is not a valid float")
	ErrOverflow      = NewError("ERR increment or decrement would overflow")
	ErrIncrNaNOrInf  = NewError("ERR increment would produce NaN or Infinity")
	ErrNoSuchKey     = NewError("ERR no such key")
	ErrDBIndex       = NewError("ERR DB index is out of range")
	ErrSameObject    = NewError("ERR source and destination objects are the same")
	ErrStringTooLong = NewError("ERR string exceeds maximum allowed size (proto-max-bulk-len)")
	ErrBitOffset     = NewError("ERR bit offset is not an integer or out of range")
	ErrBitValue      = NewError("ERR bit is not an integer or out of range")
	ErrOffsetRange   = NewError("ERR offset is out of range")
	ErrNotPositive   = NewError("ERR value is out of range, must be positive")
	ErrNoAuth        = NewError("NOAUTH Authentication required.")
	ErrWrongPass     = NewError("WRONGPASS invalid username-password pair or user is disabled.")
	ErrAuthNoPass    = NewError("ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?")
	ErrTimeout       = NewError("ERR timeout is not a float or out of range")
	ErrTimeoutNeg    = NewError("ERR timeout is negative")
	ErrNoProto       = NewError("NOPROTO unsupported protocol version")
	ErrMultiNested   = NewError("ERR MULTI calls can not be nested")
	ErrExecNoMulti   = NewError("ERR EXEC without MULTI")
	ErrDiscardNoMult = NewError("ERR DISCARD without MULTI")
	ErrExecAbort     = NewError("EXECABORT Transaction discarded because of previous errors.")
	ErrWatchInMulti  = NewError("ERR WATCH inside MULTI is not allowed")
	ErrMaxClients    = NewError("ERR max number of clients reached")
	ErrCrossDB       = NewError("ERR Copying to another database is not allowed in cluster mode")
	// ErrInt64Range is for counts and ranks whose negation must fit
	// (HRANDFIELD, SRANDMEMBER, ZRANDMEMBER counts, LPOS RANK).
	ErrInt64Range = NewError("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807")
)

// WrongArity is the error for a command called with a bad argument count.
// name is the command as the table knows it, "config|get" for subcommands.
func WrongArity(name string) *Error {
	return Errorf("ERR wrong number of arguments for '%s' command", name)
}

// InvalidExpire is the error for a non-positive or overflowing TTL.
func InvalidExpire(cmd string) *Error {
	return Errorf("ERR invalid expire time in '%s' command", cmd)
}

// UnknownSubcommand is the error for a container command (CONFIG, CLIENT,
// OBJECT, ...) given a subcommand it does not have.
func UnknownSubcommand(container, sub []byte) *Error {
	return Errorf("ERR unknown subcommand '%s'. Try %s HELP.", truncateArg(sub, 128), upper(container))
}

// UnknownCommand is the error for a name not in the table. Like Valkey it
// quotes the name (cut to 128 bytes) and as many arguments as fit in 128
// bytes of preview.
func UnknownCommand(args [][]byte) *Error {
	preview := make([]byte, 0, 160)
	for _, a := range args[1:] {
		if len(preview) >= 128 {
			break
		}
		preview = append(preview, '\'')
		preview = append(preview, truncateArg(a, 128-len(preview)+1)...)
		preview = append(preview, "' "...)
	}
	return Errorf("ERR unknown command '%s', with args beginning with: %s", truncateArg(args[0], 128), preview)
}

func truncateArg(a []byte, n int) []byte {
	if len(a) > n {
		return a[:n]
	}
	return a
}

func upper(b []byte) string {
	out := make([]byte, len(b))
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		out[i] = c
	}
	return string(out)
}
