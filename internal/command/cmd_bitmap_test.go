package command_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/trove-db/trove/internal/testkit"
)

const errBitOffset = "(error) ERR bit offset is not an integer or out of range"

const errBitfieldType = "(error) ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is."

func TestBitmapCommands(t *testing.T) { runScripts(t, bitmapScripts(), nil) }

func bitmapScripts() []script {
	return []script{
		{name: "setbit getbit", steps: []step{
			{"SETBIT k 1 1", "(integer) 0"},
			{"GET k", `"@"`},
			{"SETBIT k 1 0", "(integer) 1"},
			{"GET k", `"\x00"`},
			{"SETBIT k 7 1", "(integer) 0"},
			{"SETBIT k 7 1", "(integer) 1"},
			{"GETBIT k 7", "(integer) 1"},
			{"GETBIT k 6", "(integer) 0"},
			{"GETBIT k 8", "(integer) 0"},
			{"GETBIT k 10000", "(integer) 0"},
			{"GETBIT nk 0", "(integer) 0"},
			{"SETBIT k 20 1", "(integer) 0"},
			{"GET k", `"\x01\x00\b"`},
			{"SET m @", "OK"},
			{"SETBIT m 2 1", "(integer) 0"},
			{"GET m", "\"`\""},
			{"SETBIT m 1 0", "(integer) 1"},
			{"GET m", `" "`},
			{"SET n 1", "OK"},
			{"GETBIT n 2", "(integer) 1"},
			{"SETBIT n 6 1", "(integer) 0"},
			{"GET n", `"3"`},
			{"SETBIT n 2 0", "(integer) 1"},
			{"GET n", `"\x13"`},
			{"SET t v EX 100", "OK"},
			{"SETBIT t 0 1", "(integer) 0"},
			{"TTL t", "(integer) 100"},
		}},
		{name: "setbit getbit errors", steps: []step{
			{"SETBIT k 4294967296 1", errBitOffset},
			{"SETBIT k -1 1", errBitOffset},
			{"SETBIT k x 1", errBitOffset},
			{"SETBIT k #1 1", errBitOffset},
			{`SETBIT k "" 1`, errBitOffset},
			{"SETBIT k 1 2", "(error) ERR bit is not an integer or out of range"},
			{"SETBIT k 1 -1", "(error) ERR bit is not an integer or out of range"},
			{"SETBIT k 1 x", "(error) ERR bit is not an integer or out of range"},
			{"SETBIT k 1 01", "(error) ERR bit is not an integer or out of range"},
			{"GETBIT k 4294967296", errBitOffset},
			{"GETBIT k -1", errBitOffset},
			{"GETBIT nk x", errBitOffset},
			{"GET k", "(nil)"},
			{"SETBIT k 1", errArity("setbit")},
			{"GETBIT k", errArity("getbit")},
		}},
		{name: "bitcount", steps: []step{
			{"SET k foobar", "OK"},
			{"BITCOUNT k", "(integer) 26"},
			{"BITCOUNT k 0 0", "(integer) 4"},
			{"BITCOUNT k 1 1", "(integer) 6"},
			{"BITCOUNT k 1 1 BYTE", "(integer) 6"},
			{"BITCOUNT k 5 30 BIT", "(integer) 17"},
			{"BITCOUNT k 5 30 bit", "(integer) 17"},
			{"BITCOUNT k 0 0 BIT", "(integer) 0"},
			{"BITCOUNT k 1 1 BIT", "(integer) 1"},
			{"BITCOUNT k -1 -1", "(integer) 4"},
			{"BITCOUNT k -2 -1", "(integer) 7"},
			{"BITCOUNT k -1 -2", "(integer) 0"},
			{"BITCOUNT k 10 20", "(integer) 0"},
			{"BITCOUNT k 0 -100", "(integer) 4"},
			{"BITCOUNT k -100 100", "(integer) 26"},
			{"BITCOUNT k -9 -1 BIT", "(integer) 5"},
			{"BITCOUNT k 0 1000 BIT", "(integer) 26"},
			{"BITCOUNT nk", "(integer) 0"},
			{"BITCOUNT nk 0 1", "(integer) 0"},
			{"BITCOUNT k 0 1 2", errSyntax},
			{"BITCOUNT k 0 1 FOO", errSyntax},
			{"BITCOUNT k x 1", errNotInt},
			{"BITCOUNT k 0 x", errNotInt},
			{"BITCOUNT k x 1 FOO", errNotInt},
			{"SET n 12345", "OK"},
			{"BITCOUNT n", "(integer) 17"},
			{`SET e ""`, "OK"},
			{"BITCOUNT e", "(integer) 0"},
			{"BITCOUNT e 0 -1", "(integer) 0"},
			{"BITCOUNT", errArity("bitcount")},
		}},
		{name: "bitcount valkey 8", valkeyOnly: true, steps: []step{
			// Valkey 8 makes end optional and checks the arguments before
			// the key; the 7.0 reference does neither.
			{"SET k foobar", "OK"},
			{"BITCOUNT k 1", "(integer) 22"},
			{"BITCOUNT k -1", "(integer) 4"},
			{"BITCOUNT nk 0", "(integer) 0"},
			{"BITCOUNT nk x 1", errNotInt},
			{"BITCOUNT nk 0 1 FOO", errSyntax},
			// The unit is checked before end (7.0: end first).
			{"BITCOUNT k 0 x FOO", errSyntax},
		}},
		{name: "bitpos", steps: []step{
			{`SET k "\xff\xf0\x00"`, "OK"},
			{"BITPOS k 0", "(integer) 12"},
			{"BITPOS k 1", "(integer) 0"},
			{"BITPOS k 0 2", "(integer) 16"},
			{"BITPOS k 0 2 -1", "(integer) 16"},
			{"BITPOS k 1 2", "(integer) -1"},
			{"BITPOS k 1 7 15 BIT", "(integer) 7"},
			{"BITPOS k 0 7 15 BIT", "(integer) 12"},
			{"BITPOS k 0 0 11 BIT", "(integer) -1"},
			{"BITPOS k 1 -8 -1 BIT", "(integer) -1"},
			{"BITPOS k 0 -8 -1 bit", "(integer) 16"},
			{"BITPOS k 1 3 2", "(integer) -1"},
			{"BITPOS k 1 100 200", "(integer) -1"},
			{`SET z "\x00\x00\x00"`, "OK"},
			{"BITPOS z 1", "(integer) -1"},
			{"BITPOS z 0", "(integer) 0"},
			{"BITPOS z 1 1 BYTE", errNotInt},
			{`SET f "\xff\xff\xff"`, "OK"},
			{"BITPOS f 0", "(integer) 24"},
			{"BITPOS f 0 0", "(integer) 24"},
			{"BITPOS f 0 1", "(integer) 24"},
			{"BITPOS f 0 0 -1", "(integer) -1"},
			{"BITPOS f 0 0 -1 BIT", "(integer) -1"},
			{"BITPOS f 0 0 1 BIT", "(integer) -1"},
			{"BITPOS f 1 9 9 BIT", "(integer) 9"},
			{"BITPOS nk 1", "(integer) -1"},
			{"BITPOS nk 0", "(integer) 0"},
			{"BITPOS nk 0 5 10", "(integer) 0"},
			{`SET e ""`, "OK"},
			{"BITPOS e 0", "(integer) -1"},
			{"BITPOS e 1", "(integer) -1"},
			{"BITPOS k 2", "(error) ERR The bit argument must be 1 or 0."},
			{"BITPOS k -1", "(error) ERR The bit argument must be 1 or 0."},
			{"BITPOS k x", errNotInt},
			{"BITPOS k 1 x", errNotInt},
			{"BITPOS k 1 0 x", errNotInt},
			{"BITPOS k 1 0 1 FOO", errSyntax},
			{"BITPOS k 1 0 1 BIT 5", errSyntax},
			{"SET n 7", "OK"},
			{"BITPOS n 1", "(integer) 2"},
			{"BITPOS k", errArity("bitpos")},
		}},
		{name: "bitpos valkey 8", valkeyOnly: true, steps: []step{
			// Arguments are checked before the key in Valkey 8.
			{"BITPOS nk 1 0 x", errNotInt},
			{"BITPOS nk 1 0 1 FOO", errSyntax},
		}},
		{name: "bitop", steps: []step{
			{"SET key1 foobar", "OK"},
			{"SET key2 abcdef", "OK"},
			{"BITOP AND dest key1 key2", "(integer) 6"},
			{"GET dest", "\"`bc`ab\""},
			{"BITOP or dest key1 key2", "(integer) 6"},
			{"GET dest", `"goofev"`},
			{"BITOP XOR dest key1 key2", "(integer) 6"},
			{"GET dest", `"\a\r\f\x06\x04\x14"`},
			{"BITOP NOT dest key1", "(integer) 6"},
			{"GET dest", `"\x99\x90\x90\x9d\x9e\x8d"`},
			{"OBJECT ENCODING dest", `"raw"`},
			{`SET s1 "\xff"`, "OK"},
			{`SET s2 "\xff\xff"`, "OK"},
			{"BITOP AND d s1 s2", "(integer) 2"},
			{"GET d", `"\xff\x00"`},
			{"BITOP AND d s1 s2 nk", "(integer) 2"},
			{"GET d", `"\x00\x00"`},
			{"BITOP OR d s1 s2 nk", "(integer) 2"},
			{"GET d", `"\xff\xff"`},
			{"BITOP XOR d s2 s1 s1", "(integer) 2"},
			{"GET d", `"\xff\xff"`},
			{"BITOP XOR d s1", "(integer) 1"},
			{"GET d", `"\xff"`},
			{"BITOP NOT s1 s1", "(integer) 1"},
			{"GET s1", `"\x00"`},
			{"SET d x EX 100", "OK"},
			{"BITOP OR d s2", "(integer) 2"},
			{"TTL d", "(integer) -1"},
			{"BITOP AND d nk1 nk2", "(integer) 0"},
			{"GET d", "(nil)"},
			{"SET d x", "OK"},
			{"BITOP NOT d nk", "(integer) 0"},
			{"GET d", "(nil)"},
			{"SET n 12", "OK"},
			{"BITOP NOT d n", "(integer) 2"},
			{"GET d", `"\xce\xcd"`},
			{"BITOP NOT d a b", "(error) ERR BITOP NOT must be called with a single source key."},
			{"BITOP FOO d a", errSyntax},
			{"BITOP ANDX d a", errSyntax},
			{"BITOP AND d", errArity("bitop")},
		}},
		{name: "bitfield", steps: []step{
			{"BITFIELD k SET i8 0 100 GET i8 0", "[(integer) 0, (integer) 100]"},
			{"BITFIELD k INCRBY i8 0 100", "[(integer) -56]"},
			{"BITFIELD k OVERFLOW SAT INCRBY i8 0 -100", "[(integer) -128]"},
			{"BITFIELD k OVERFLOW FAIL INCRBY i8 0 -1", "[(nil)]"},
			{"BITFIELD k OVERFLOW FAIL INCRBY i8 0 1 INCRBY i8 0 1000 OVERFLOW WRAP INCRBY i8 0 1000", "[(integer) -127, (nil), (integer) 105]"},
			{"BITFIELD k GET u8 0", "[(integer) 105]"},
			{"BITFIELD k SET u8 #1 255 GET u8 8 GET u4 #3", "[(integer) 0, (integer) 255, (integer) 15]"},
			{"BITFIELD k GET i64 0 GET u63 0 GET i1 0 GET u1 1", "[(integer) 7637823493043650560, (integer) 3818911746521825280, (integer) 0, (integer) 1]"},
			{"BITFIELD k INCRBY u2 100 1 GET u2 100", "[(integer) 1, (integer) 1]"},
			{"BITFIELD k OVERFLOW WRAP INCRBY u2 100 7", "[(integer) 0]"},
			{"BITFIELD k OVERFLOW SAT INCRBY u2 100 7 INCRBY u2 100 -9", "[(integer) 3, (integer) 0]"},
			{"BITFIELD k", "[]"},
			{"BITFIELD nk GET i8 0 GET u63 5", "[(integer) 0, (integer) 0]"},
			{"BITFIELD nk OVERFLOW WRAP", "[]"},
			{"GET nk", "(nil)"},
			{"BITFIELD new OVERFLOW FAIL INCRBY u2 100 10", "[(nil)]"},
			{"GET new", `"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"`},
			{"BITFIELD b SET u63 0 -1 GET u63 0", "[(integer) 0, (integer) 9223372036854775807]"},
			{"BITFIELD s OVERFLOW SAT SET i8 0 1000 GET i8 0 SET u8 0 -5 GET u8 0", "[(integer) 0, (integer) 127, (integer) 127, (integer) 255]"},
			{"BITFIELD s OVERFLOW FAIL SET i8 0 128 SET i8 0 -129 SET u8 0 256 SET u8 0 255", "[(nil), (nil), (nil), (integer) 255]"},
			{"BITFIELD w SET i64 0 9223372036854775807 INCRBY i64 0 1", "[(integer) 0, (integer) -9223372036854775808]"},
			{"BITFIELD w OVERFLOW SAT INCRBY i64 0 -1 SET i64 0 -9223372036854775808 INCRBY i64 0 -9223372036854775808", "[(integer) -9223372036854775808, (integer) -9223372036854775808, (integer) -9223372036854775808]"},
			{"BITFIELD w OVERFLOW WRAP INCRBY i64 0 -1", "[(integer) 9223372036854775807]"},
			{"BITFIELD w OVERFLOW FAIL INCRBY i64 0 1 INCRBY u63 0 -9223372036854775808", "[(nil), (nil)]"},
			{"BITFIELD w OVERFLOW WRAP INCRBY u63 0 -9223372036854775808", "[(integer) 4611686018427387903]"},
			{"BITFIELD_RO k GET i8 0 GET u8 8", "[(integer) 105, (integer) 255]"},
			{"BITFIELD_RO k OVERFLOW SAT", "[]"},
			{"BITFIELD_RO nk GET i8 0", "[(integer) 0]"},
			{"BITFIELD_RO k", "[]"},
			{"SET n 12", "OK"},
			{"BITFIELD n GET u8 0 GET u16 0", "[(integer) 49, (integer) 12594]"},
			{"BITFIELD n INCRBY u8 0 1", "[(integer) 50]"},
			{"GET n", `"22"`},
		}},
		{name: "bitfield errors", steps: []step{
			{"SET k ab", "OK"},
			{"BITFIELD k GET u64 0", errBitfieldType},
			{"BITFIELD k GET I8 0", errBitfieldType},
			{"BITFIELD k GET i0 0", errBitfieldType},
			{"BITFIELD k GET i65 0", errBitfieldType},
			{"BITFIELD k GET u0 0", errBitfieldType},
			{"BITFIELD k GET i 0", errBitfieldType},
			{"BITFIELD k GET 8 0", errBitfieldType},
			{"BITFIELD k GET i08 0", errBitfieldType},
			{"BITFIELD k OVERFLOW foo GET i8 0", "(error) ERR Invalid OVERFLOW type specified"},
			{"BITFIELD k OVERFLOW", errSyntax},
			{"BITFIELD k FOO", errSyntax},
			{"BITFIELD k GET i8", errSyntax},
			{"BITFIELD k SET i8 0", errSyntax},
			{"BITFIELD k INCRBY i8 0", errSyntax},
			{"BITFIELD k SET i8 0 x", errNotInt},
			{"BITFIELD k INCRBY i8 0 1.5", errNotInt},
			{"BITFIELD k GET i8 -1", errBitOffset},
			{"BITFIELD k GET i8 #-1", errBitOffset},
			{"BITFIELD k GET i8 x", errBitOffset},
			{"BITFIELD k GET i8 #", errBitOffset},
			{"BITFIELD k GET u8 4294967295", "[(integer) 0]"},
			{"BITFIELD k GET u8 4294967296", errBitOffset},
			{"BITFIELD k GET i8 #536870911", "[(integer) 0]"},
			{"BITFIELD k GET i8 #536870912", errBitOffset},
			{"BITFIELD k GET i8 0 SET i8 0 1 GET i8 x", errBitOffset},
			{"GET k", `"ab"`},
			{"BITFIELD_RO k SET i8 0 1", "(error) ERR BITFIELD_RO only supports the GET subcommand"},
			{"BITFIELD_RO k GET i8 0 INCRBY i8 0 1", "(error) ERR BITFIELD_RO only supports the GET subcommand"},
			{"BITFIELD_RO k GET i8 0 GET u64 0", errBitfieldType},
			{"BITFIELD", errArity("bitfield")},
			{"BITFIELD_RO", errArity("bitfield_ro")},
		}},
		{name: "bitmap encodings", steps: []step{
			{"SET k 5", "OK"},
			{"GETBIT k 0", "(integer) 0"},
			{"OBJECT ENCODING k", `"int"`},
			{"BITFIELD k GET u8 0", "[(integer) 53]"},
			{"OBJECT ENCODING k", `"int"`},
			{"BITCOUNT k", "(integer) 4"},
			{"OBJECT ENCODING k", `"int"`},
			{"SETBIT k 0 0", "(integer) 0"},
			{"OBJECT ENCODING k", `"raw"`},
			{"SET k 5", "OK"},
			{"BITFIELD k OVERFLOW FAIL INCRBY u2 0 100", "[(nil)]"},
			{"OBJECT ENCODING k", `"raw"`},
			{"SETBIT nk 0 1", "(integer) 0"},
			{"OBJECT ENCODING nk", `"raw"`},
		}},
	}
}

// TestBitmapSizeLimits uses the smallest proto-max-bulk-len, 1 MB, so bit
// offsets are limited to 8 Mi bits.
func TestBitmapSizeLimits(t *testing.T) {
	const bitsMax = 8 << 20
	scripts := []script{{name: "offsets", steps: []step{
		{fmt.Sprintf("SETBIT k %d 1", bitsMax), errBitOffset},
		{fmt.Sprintf("GETBIT k %d", bitsMax), errBitOffset},
		{fmt.Sprintf("SETBIT k %d 1", bitsMax-1), "(integer) 0"},
		{"STRLEN k", fmt.Sprintf("(integer) %d", 1<<20)},
		{fmt.Sprintf("GETBIT k %d", bitsMax-1), "(integer) 1"},
		{fmt.Sprintf("BITFIELD k GET u8 %d", bitsMax), errBitOffset},
		{fmt.Sprintf("BITFIELD k SET u8 %d 255", bitsMax-8), "[(integer) 1]"},
		// A field may start in the last byte and reach past it.
		{fmt.Sprintf("BITFIELD k SET u8 %d 255", bitsMax-4), "[(integer) 240]"},
		{"STRLEN k", fmt.Sprintf("(integer) %d", 1<<20+1)},
		{"BITCOUNT k", "(integer) 12"},
		{fmt.Sprintf("BITPOS k 1 %d", (1<<20)-1), fmt.Sprintf("(integer) %d", bitsMax-8)},
	}}}
	runScripts(t, scripts, []string{"proto-max-bulk-len 1mb"}, "--proto-max-bulk-len", "1mb")
}

// ---- Differential tests with random inputs ----

func randBytes(r *rand.Rand, n int, alphabet string) string {
	b := make([]byte, n)
	for i := range b {
		if alphabet == "" {
			b[i] = byte(r.IntN(256))
		} else {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
	}
	return string(b)
}

func TestBitfieldDifferential(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var cmds [][]string
	for range 400 {
		cmds = append(cmds, []string{"SET", "k", randBytes(r, r.IntN(12), "")})
		cmd := []string{"BITFIELD", "k"}
		for range 1 + r.IntN(4) {
			if r.IntN(4) == 0 {
				cmd = append(cmd, "OVERFLOW", []string{"WRAP", "SAT", "FAIL"}[r.IntN(3)])
			}
			signed := r.IntN(2) == 0
			width := 1 + r.IntN(64)
			if !signed && width == 64 {
				width = 63
			}
			typ := fmt.Sprintf("u%d", width)
			if signed {
				typ = fmt.Sprintf("i%d", width)
			}
			offset := fmt.Sprint(r.IntN(100))
			if r.IntN(5) == 0 {
				offset = fmt.Sprintf("#%d", r.IntN(4))
			}
			var value int64
			switch r.IntN(4) {
			case 0:
				value = int64(r.IntN(20)) - 10
			case 1:
				value = int64(r.Uint64())
			case 2:
				value = int64(1)<<(width-1) - int64(r.IntN(3))
			default:
				value = -int64(1)<<(width-1) + int64(r.IntN(3)) - 1
			}
			switch r.IntN(3) {
			case 0:
				cmd = append(cmd, "GET", typ, offset)
			case 1:
				cmd = append(cmd, "SET", typ, offset, fmt.Sprint(value))
			default:
				cmd = append(cmd, "INCRBY", typ, offset, fmt.Sprint(value))
			}
		}
		cmds = append(cmds, cmd, []string{"GET", "k"})
	}
	differential(t, cmds)
}

func TestBitcountBitposDifferential(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var cmds [][]string
	for range 300 {
		v := randBytes(r, r.IntN(10), "\x00\xff\x01\x80\x10\xf0\x0f\x55")
		cmds = append(cmds, []string{"SET", "k", v})
		for range 4 {
			start, end := fmt.Sprint(r.IntN(30)-15), fmt.Sprint(r.IntN(30)-15)
			unit := [][]string{nil, {"BYTE"}, {"BIT"}}[r.IntN(3)]
			if unit != nil && unit[0] == "BIT" {
				start, end = fmt.Sprint(r.IntN(100)-50), fmt.Sprint(r.IntN(100)-50)
			}
			bit := fmt.Sprint(r.IntN(2))
			cmds = append(cmds,
				append([]string{"BITCOUNT", "k", start, end}, unit...),
				append([]string{"BITPOS", "k", bit, start, end}, unit...),
				[]string{"BITPOS", "k", bit, start},
				[]string{"BITPOS", "k", bit},
				[]string{"BITCOUNT", "k"},
			)
		}
	}
	differential(t, cmds)
}

func TestBitopDifferential(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	var cmds [][]string
	for range 200 {
		keys := []string{"a", "b", "c"}
		for _, k := range keys {
			if r.IntN(4) == 0 {
				cmds = append(cmds, []string{"DEL", k})
			} else {
				cmds = append(cmds, []string{"SET", k, randBytes(r, r.IntN(40), "")})
			}
		}
		op := []string{"AND", "OR", "XOR", "NOT"}[r.IntN(4)]
		src := keys[:1+r.IntN(3)]
		if op == "NOT" {
			src = keys[:1]
		}
		cmds = append(cmds, append([]string{"BITOP", op, "d"}, src...), []string{"GET", "d"})
	}
	differential(t, cmds)
}

func TestSetbitDifferential(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	var cmds [][]string
	for range 500 {
		off := fmt.Sprint(r.IntN(300))
		if r.IntN(2) == 0 {
			cmds = append(cmds, []string{"SETBIT", "k", off, fmt.Sprint(r.IntN(2))})
		} else {
			cmds = append(cmds, []string{"GETBIT", "k", off})
		}
	}
	cmds = append(cmds, []string{"GET", "k"})
	differential(t, cmds)
}

// differential sends cmds to a fresh trove and to the reference server,
// pipelined, and compares the replies one by one.
func differential(t *testing.T, cmds [][]string) {
	t.Helper()
	if _, ok := testkit.ReferenceBinary(); !ok {
		t.Skip("redis-server not installed: differential tests need the reference server (apt-get install -y redis-server redis-tools)")
	}
	got := pipeline(t, testkit.StartTrove(t), cmds)
	want := pipeline(t, testkit.StartReference(t), cmds)
	bad := 0
	for i := range cmds {
		if got[i] != want[i] {
			prev := ""
			if i > 0 {
				prev = fmt.Sprintf(" (after %s -> %s)", strings.Join(quoteAll(cmds[i-1]), " "), want[i-1])
			}
			t.Errorf("%s%s:\n trove     %s\n reference %s", strings.Join(quoteAll(cmds[i]), " "), prev, got[i], want[i])
			if bad++; bad == 20 {
				t.Fatal("too many differences")
			}
		}
	}
}

// pipeline sends cmds in batches and returns the formatted replies.
func pipeline(t *testing.T, addr string, cmds [][]string) []string {
	t.Helper()
	c := testkit.Dial(t, addr)
	out := make([]string, 0, len(cmds))
	for len(cmds) > 0 {
		n := min(len(cmds), 100)
		var buf []byte
		for _, cmd := range cmds[:n] {
			buf = append(buf, testkit.Encode(cmd...)...)
		}
		c.Write(buf)
		for range n {
			out = append(out, c.Read())
		}
		cmds = cmds[n:]
	}
	return out
}

func quoteAll(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = a
		if a == "" || strings.ContainsAny(a, " \"\\") || strings.IndexFunc(a, func(r rune) bool { return r < 0x20 || r > 0x7e }) >= 0 {
			out[i] = fmt.Sprintf("%q", a)
		}
	}
	return out
}

// stringAndBitmapCommands are the commands of the two families.
var stringAndBitmapCommands = []string{
	"get", "set", "setnx", "setex", "psetex", "getset", "getdel", "getex", "mget", "mset", "msetnx",
	"append", "strlen", "getrange", "substr", "setrange", "incr", "decr", "incrby", "decrby", "incrbyfloat", "lcs",
	"setbit", "getbit", "bitcount", "bitpos", "bitop", "bitfield", "bitfield_ro",
}

// TestCommandInfoMatchesReference compares COMMAND INFO (arity, flags, key
// positions, ACL categories, tips, key specs) with the reference server.
func TestCommandInfoMatchesReference(t *testing.T) {
	if _, ok := testkit.ReferenceBinary(); !ok {
		t.Skip("redis-server not installed: the reference's COMMAND INFO is needed")
	}
	trove := testkit.Dial(t, testkit.StartTrove(t))
	ref := testkit.Dial(t, testkit.StartReference(t))
	for _, name := range stringAndBitmapCommands {
		t.Run(name, func(t *testing.T) {
			got, want := trove.Do("COMMAND", "INFO", name), ref.Do("COMMAND", "INFO", name)
			if got != want {
				t.Errorf("COMMAND INFO %s:\n trove     %s\n reference %s", name, got, want)
			}
		})
	}
}
