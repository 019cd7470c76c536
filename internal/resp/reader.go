package resp

import (
	"bytes"
	"errors"
	"io"
	"math"

	"github.com/trove-db/trove/internal/num"
)

// Limits of the request grammar that Valkey enforces before it knows which
// command is coming; they are fixed, not configurable.
const (
	// maxHeaderLine bounds an inline request or a "*N"/"$N" line that has not
	// ended yet, so a client cannot grow the buffer with an endless header.
	maxHeaderLine = 64 * 1024
	// maxMultibulk is the largest argument count a request may announce.
	maxMultibulk = 1<<31 - 1
	// minRead is the free space the reader keeps before each read call.
	minRead = 16 * 1024
	// shrinkAbove is the buffer size past which an idle reader returns to a
	// small buffer, so a single large request does not pin memory.
	shrinkAbove = 64 * 1024
	// maxPrealloc bounds the room reserved for a bulk that has not arrived.
	maxPrealloc = 1024 * 1024
	// keepArgs is the argument count whose bookkeeping a reader keeps
	// between requests; a larger request's arrays are dropped after it.
	keepArgs = 1024
	// Valkey's limits for a connection that still has to authenticate.
	maxUnauthArgs    = 10
	maxUnauthBulkLen = 16 * 1024
	// maxEmptyReads is how many (0, nil) reads Fill tolerates in a row.
	maxEmptyReads = 100
)

// ProtocolError is a request that cannot be parsed. The connection replies
// with Reply() and closes, as Valkey does.
type ProtocolError struct{ msg string }

func (e *ProtocolError) Error() string { return "Protocol error: " + e.msg }

// Reply is the error reply text sent to the client before closing.
func (e *ProtocolError) Reply() string { return "ERR Protocol error: " + e.msg }

func protocolError(msg string) error { return &ProtocolError{msg: msg} }

// ErrQueryBufferLimit means one request grew past client-query-buffer-limit.
// Valkey closes such a connection without a reply. (Valkey checks its whole
// input buffer after each read, so when the limit trips there depends on how
// the bytes arrived; the Reader checks each request, which does not.)
var ErrQueryBufferLimit = errors.New("query buffer limit reached")

// Reader parses requests: multibulk arrays of bulk strings, and inline
// commands (a line of space-separated, optionally quoted words).
//
// Parsing is incremental: the state of a half-received request is kept
// between reads, so a request that arrives in many pieces, or announces a
// million arguments, costs time linear in its size.
type Reader struct {
	rd  io.Reader
	buf []byte
	// start is where the request being parsed begins; pos is the parse
	// cursor; end is the end of the bytes read so far.
	start, pos, end int
	// scanned counts the bytes after pos already searched for the end of
	// the header or inline line at pos, so a line that arrives in many
	// pieces is searched once. nul records that a NUL byte came before any
	// line end there (see lineEnd).
	scanned int
	nul     bool

	nargs   int   // arguments announced by the current multibulk, -1 before its header
	bulkLen int   // length of the bulk being read, -1 before its "$N" line
	offs    []int // start and end offsets of the arguments read so far
	args    [][]byte
	want    int // bytes the current bulk still needs, a hint for fill

	perr error // the error that stopped parsing, returned by every later Next
	rerr error // a read error that came with data, returned by the next Fill

	// MaxBulkLen is proto-max-bulk-len. MaxQueryBuffer is
	// client-query-buffer-limit, applied to each request: one larger than
	// this many bytes fails with ErrQueryBufferLimit as soon as the reader
	// sees it will be. Zero means no limit.
	MaxBulkLen     int64
	MaxQueryBuffer int
	// Unauthenticated applies Valkey's limits for a connection that must
	// authenticate and has not yet: a multibulk request may announce at
	// most 10 arguments and 16384-byte bulks.
	Unauthenticated bool
}

// NewReader returns a reader over rd with Valkey's default limits.
func NewReader(rd io.Reader) *Reader {
	return &Reader{
		rd:             rd,
		nargs:          -1,
		bulkLen:        -1,
		MaxBulkLen:     512 * 1024 * 1024,
		MaxQueryBuffer: 1024 * 1024 * 1024,
	}
}

// Reset makes the reader read from rd with an empty buffer.
func (r *Reader) Reset(rd io.Reader) {
	r.rd = rd
	r.start, r.pos, r.end = 0, 0, 0
	r.scanned, r.nul = 0, false
	r.nargs, r.bulkLen, r.want = -1, -1, 0
	r.offs = r.offs[:0]
	r.perr, r.rerr = nil, nil
}

// Buffered is the number of bytes read but not parsed yet.
func (r *Reader) Buffered() int { return r.end - r.pos }

// BufferCap is the size of the buffer, for CLIENT LIST's qbuf fields.
func (r *Reader) BufferCap() int { return cap(r.buf) }

// Next parses the next complete request from the bytes already read. It
// returns nil, nil when the buffer holds no complete request: call Fill and
// try again. The returned slices alias the reader's buffer and are valid only
// until the next call to Next or Fill.
//
// A *ProtocolError means the stream cannot be parsed further: the
// connection should reply with it and close, as Valkey does.
// ErrQueryBufferLimit means the request is larger than MaxQueryBuffer: the
// connection closes without a reply. After an error every call returns it
// again.
func (r *Reader) Next() ([][]byte, error) {
	if r.perr != nil {
		return nil, r.perr
	}
	args, err := r.next()
	if err != nil {
		r.perr = err
	}
	return args, err
}

func (r *Reader) next() ([][]byte, error) {
	for {
		if r.nargs < 0 {
			r.start = r.pos
			if cap(r.offs) > 2*keepArgs {
				r.offs, r.args = nil, nil // the last request was huge; let it go
			}
			r.offs = r.offs[:0]
			if r.pos >= r.end {
				return nil, nil
			}
			if r.buf[r.pos] != '*' {
				args, done, err := r.inline()
				if err != nil || !done {
					return nil, err
				}
				if len(args) == 0 {
					continue // empty lines are ignored
				}
				return args, nil
			}
			cr, err := r.headerLine("too big mbulk count string")
			if err != nil || cr < 0 {
				return nil, err
			}
			n, ok := num.ParseInt(r.buf[r.pos+1 : cr])
			if !ok || n > maxMultibulk {
				return nil, protocolError("invalid multibulk length")
			}
			if n > maxUnauthArgs && r.Unauthenticated {
				return nil, protocolError("unauthenticated multibulk length")
			}
			r.advance(cr + 2)
			if n <= 0 {
				continue // "*0" and "*-1" are valid empty requests
			}
			r.nargs = int(n)
		}
		for len(r.offs)/2 < r.nargs {
			if r.bulkLen < 0 {
				cr, err := r.headerLine("too big bulk count string")
				if err != nil || cr < 0 {
					return nil, err
				}
				// Valkey checks the type byte only once the whole line is in.
				if c := r.buf[r.pos]; c != '$' {
					return nil, protocolError("expected '$', got '" + replyByte(c) + "'")
				}
				n, ok := num.ParseInt(r.buf[r.pos+1 : cr])
				if !ok || n < 0 || n > r.maxBulk() {
					return nil, protocolError("invalid bulk length")
				}
				if n > maxUnauthBulkLen && r.Unauthenticated {
					return nil, protocolError("unauthenticated bulk length")
				}
				r.advance(cr + 2)
				// n+2 fits in an int64 (maxBulk); pos+n+2 might not.
				if r.MaxQueryBuffer > 0 && n+2 > int64(r.MaxQueryBuffer-(r.pos-r.start)) {
					return nil, ErrQueryBufferLimit
				}
				r.bulkLen = int(n)
			}
			if r.end-r.pos < r.bulkLen+2 {
				r.want = r.bulkLen + 2 - (r.end - r.pos)
				return nil, nil
			}
			// The two bytes after the bulk are taken as CRLF unchecked, as
			// Valkey does.
			r.offs = append(r.offs, r.pos, r.pos+r.bulkLen)
			r.advance(r.pos + r.bulkLen + 2)
			r.bulkLen, r.want = -1, 0
		}
		r.want = 0
		r.nargs = -1
		r.args = r.args[:0]
		for i := 0; i < len(r.offs); i += 2 {
			r.args = append(r.args, r.buf[r.offs[i]:r.offs[i+1]:r.offs[i+1]])
		}
		return r.args, nil
	}
}

// replyByte is c as it appears in an error reply, which may not hold a line
// break: Valkey turns CR and LF into spaces.
func replyByte(c byte) string {
	if c == '\r' || c == '\n' {
		return " "
	}
	return string([]byte{c}) // the raw byte, not its UTF-8 encoding
}

// maxBulk is the largest bulk length accepted, capped so that the length
// plus its CRLF fits in an int.
func (r *Reader) maxBulk() int64 {
	const ceiling = math.MaxInt - 2
	if r.MaxBulkLen <= 0 || r.MaxBulkLen > ceiling {
		return ceiling
	}
	return r.MaxBulkLen
}

// advance moves the parse cursor to pos, past a finished line or bulk.
func (r *Reader) advance(pos int) {
	r.pos = pos
	r.scanned, r.nul = 0, false
}

// lineEnd returns the index of the first delim at or after pos, or -1 when
// the line has not ended yet. Valkey looks for line ends with strchr on its
// NUL-terminated query buffer, so a NUL byte before the delimiter hides it:
// that line never ends, and only the size limit stops it. Bytes searched
// once are not searched again.
func (r *Reader) lineEnd(delim byte) int {
	i, end := r.pos+r.scanned, r.end
	if !r.nul {
		// Header lines are a few bytes long: a plain loop finds their end
		// sooner than starting two vectorized searches.
		for stop := min(end, i+32); i < stop; i++ {
			switch r.buf[i] {
			case delim:
				r.scanned = i - r.pos
				return i
			case 0:
				r.nul = true
				r.scanned = end - r.pos
				return -1
			}
		}
		seg := r.buf[i:end]
		n := bytes.IndexByte(seg, delim)
		if n < 0 {
			n = len(seg)
		}
		if bytes.IndexByte(seg[:n], 0) >= 0 {
			r.nul = true
		} else if n < len(seg) {
			r.scanned = i + n - r.pos
			return i + n
		}
	}
	r.scanned = end - r.pos
	return -1
}

// headerLine finds the "*N" or "$N" line at pos and returns the index of its
// '\r', or -1 while the line is incomplete. Like Valkey it needs one byte
// after the '\r' and takes it as the '\n' without looking at it. A line
// still without '\r' after 64KB is an error.
func (r *Reader) headerLine(tooBig string) (int, error) {
	cr := r.lineEnd('\r')
	switch {
	case cr >= 0 && r.overLimit(int64(cr)+2):
		return -1, ErrQueryBufferLimit
	case cr >= 0 && cr+1 < r.end:
		return cr, nil
	case r.overLimit(int64(r.end)):
		return -1, ErrQueryBufferLimit
	case cr < 0 && r.end-r.pos > maxHeaderLine:
		return -1, protocolError(tooBig)
	}
	return -1, nil
}

// overLimit reports whether a request that reaches at least up to end (an
// offset in buf) is larger than MaxQueryBuffer. The reader checks every line
// and bulk before parsing it, so the outcome does not depend on how the
// bytes were split into reads.
func (r *Reader) overLimit(end int64) bool {
	return r.MaxQueryBuffer > 0 && end-int64(r.start) > int64(r.MaxQueryBuffer)
}

// inline parses one inline request line, unescaping the words in place.
func (r *Reader) inline() ([][]byte, bool, error) {
	nl := r.lineEnd('\n')
	if nl < 0 {
		switch {
		case r.overLimit(int64(r.end)):
			return nil, false, ErrQueryBufferLimit
		case r.end-r.pos > maxHeaderLine:
			return nil, false, protocolError("too big inline request")
		}
		return nil, false, nil
	}
	if r.overLimit(int64(nl) + 1) {
		return nil, false, ErrQueryBufferLimit
	}
	line := r.buf[r.pos:nl]
	if len(line) > 0 && line[len(line)-1] == '\r' {
		line = line[:len(line)-1]
	}
	args, ok := SplitArgs(line, r.args[:0])
	if !ok {
		return nil, false, protocolError("unbalanced quotes in request")
	}
	r.args = args
	r.advance(nl + 1)
	return args, true, nil
}

// Fill reads more bytes from the connection, making room first, and returns
// the read error. Data that arrives together with an error is kept, and the
// error is returned by the next call. Next has already refused a request
// larger than MaxQueryBuffer, so the buffer holds at most that plus one read.
func (r *Reader) Fill() error {
	r.compact()
	if r.rerr != nil {
		err := r.rerr
		r.rerr = nil
		return err
	}
	// A large announced bulk grows the buffer towards its size, but never
	// by more than maxPrealloc ahead of the bytes that actually arrive.
	need := minRead
	if r.want > need {
		need = min(r.want, maxPrealloc)
	}
	if cap(r.buf)-r.end < need {
		grown := make([]byte, r.end, growCap(cap(r.buf), r.end+need))
		copy(grown, r.buf[:r.end])
		r.buf = grown
	}
	for range maxEmptyReads {
		n, err := r.rd.Read(r.buf[r.end:cap(r.buf)])
		if n < 0 || n > cap(r.buf)-r.end {
			return errors.New("resp: reader returned an impossible count")
		}
		r.end += n
		r.buf = r.buf[:r.end]
		if n > 0 {
			r.rerr = err
			return nil
		}
		if err != nil {
			return err
		}
	}
	return io.ErrNoProgress
}

func growCap(old, need int) int {
	c := old * 2
	if c < 4096 {
		c = 4096
	}
	if c < need {
		c = need
	}
	return c
}

// compact moves the unparsed tail to the front of the buffer, and trades a
// large buffer for a small one once nothing big is pending.
func (r *Reader) compact() {
	if r.start == 0 {
		return
	}
	pending := r.end - r.start
	if cap(r.buf) > shrinkAbove && pending < shrinkAbove/2 && r.want < shrinkAbove/2 {
		// Room for the pending bytes and a full read, still under shrinkAbove.
		small := make([]byte, pending, shrinkAbove/2+minRead)
		copy(small, r.buf[r.start:r.end])
		r.buf = small
	} else {
		copy(r.buf, r.buf[r.start:r.end])
		r.buf = r.buf[:pending]
	}
	shift := r.start
	for i := range r.offs {
		r.offs[i] -= shift
	}
	r.pos -= shift
	r.end -= shift
	r.start = 0
}
