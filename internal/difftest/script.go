// Package difftest holds trove's differential tests: command scripts that
// run against trove and the reference server with the replies compared,
// protocol-level cases sent as raw bytes, and a command fuzzer.
//
// This file is the small driver the tests share: the script format, the
// normalisations that directives ask for, and the expected-output files.
// The format is described for script writers in testdata/README.md.
//
// Nothing here is safe for concurrent use; each test owns its values.
package difftest

import (
	"bufio"
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/trove-db/trove/internal/resp"
	"github.com/trove-db/trove/internal/testkit"
)

// Step is one line of a script that does something: a command to send
// (with the directives that change how its reply is compared) or a pause.
type Step struct {
	Line int    // 1-based line number in the script
	Text string // the line as written, without surrounding space
	// Args is the command to send; nil for a !sleep.
	Args []string

	Sort          bool // compare with every array, set and map sorted
	Shape         bool // compare only the reply's types and sizes
	ErrorPrefix   bool // compare only the first word of an error reply
	SkipReference bool // trove only, against the stored expectation

	Sleep time.Duration // for !sleep
	// Proto is 2 or 3 when the step switches the protocol (!resp2,
	// !resp3, or a HELLO that succeeds); 0 otherwise.
	Proto int
}

// Compared reports whether the step sends a command and so has an entry in
// the expected-output file.
func (s Step) Compared() bool { return s.Args != nil }

// maxSleep bounds one !sleep, so a typo cannot stall the suite.
const maxSleep = 2 * time.Second

// ParseScript reads a script. Errors name the file and line.
func ParseScript(name string, data []byte) ([]Step, error) {
	var steps []Step
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	for n := 1; sc.Scan(); n++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || text[0] == '#' {
			continue
		}
		st, err := parseLine(text)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %v", name, n, err)
		}
		st.Line, st.Text = n, text
		steps = append(steps, st)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	return steps, nil
}

func parseLine(text string) (Step, error) {
	var st Step
	rest := text
	for strings.HasPrefix(rest, "!") {
		word, after, _ := strings.Cut(rest, " ")
		rest = strings.TrimSpace(after)
		switch word {
		case "!sort":
			st.Sort = true
		case "!type":
			st.Shape = true
		case "!error-prefix":
			st.ErrorPrefix = true
		case "!skip-reference":
			st.SkipReference = true
		case "!sleep":
			ms, err := strconv.Atoi(rest)
			if err != nil || ms <= 0 || time.Duration(ms)*time.Millisecond > maxSleep {
				return st, fmt.Errorf("!sleep wants milliseconds between 1 and %d, got %q", maxSleep.Milliseconds(), rest)
			}
			if st.Sort || st.Shape || st.ErrorPrefix || st.SkipReference {
				return st, fmt.Errorf("!sleep takes no other directive")
			}
			st.Sleep = time.Duration(ms) * time.Millisecond
			return st, nil
		case "!resp2", "!resp3":
			if rest != "" || st.Sort || st.Shape || st.ErrorPrefix || st.SkipReference {
				return st, fmt.Errorf("%s stands alone on its line", word)
			}
			// The HELLO reply names the server and its version, so only
			// its shape is compared.
			st.Proto = int(word[len(word)-1] - '0')
			st.Args = []string{"HELLO", word[len(word)-1:]}
			st.Shape = true
			return st, nil
		default:
			return st, fmt.Errorf("unknown directive %s", word)
		}
	}
	if st.Sort && st.Shape {
		return st, fmt.Errorf("!sort and !type do not combine: !type already ignores order-dependent values")
	}
	// SplitArgs unescapes in place: give it its own copy.
	words, ok := resp.SplitArgs([]byte(rest), nil)
	if !ok {
		return st, fmt.Errorf("unbalanced quotes")
	}
	if len(words) == 0 {
		return st, fmt.Errorf("directive without a command")
	}
	st.Args = make([]string, len(words))
	for i, w := range words {
		st.Args[i] = string(w)
	}
	if strings.EqualFold(st.Args[0], "hello") && len(st.Args) > 1 {
		if v, err := strconv.Atoi(st.Args[1]); err == nil && (v == 2 || v == 3) {
			st.Proto = v
		}
	}
	return st, nil
}

// Normalize renders a reply for comparison as the step's directives ask;
// without directives it is testkit.Format's one-line form.
func Normalize(st Step, v testkit.Value) string {
	switch {
	case st.Shape:
		return Shape(v)
	case st.ErrorPrefix && v.Type == '-':
		code, _, _ := strings.Cut(v.Str, " ")
		return "(error) " + code
	case st.Sort:
		return testkit.Format(Sorted(v))
	}
	return testkit.Format(v)
}

// Sorted returns v with the elements of every array and set sorted by their
// formatted text, and the pairs of every map sorted by key, recursively.
// Sorting a flat RESP2 array of field/value pairs (CONFIG GET) breaks the
// pairs apart, which still compares the two replies as multisets.
func Sorted(v testkit.Value) testkit.Value {
	if len(v.Elems) == 0 {
		return v
	}
	elems := make([]testkit.Value, len(v.Elems))
	for i, e := range v.Elems {
		elems[i] = Sorted(e)
	}
	v.Elems = elems
	switch v.Type {
	case '*', '~':
		sort.SliceStable(elems, func(i, j int) bool { return testkit.Format(elems[i]) < testkit.Format(elems[j]) })
	case '%':
		type pair struct {
			key    string
			kv     [2]testkit.Value
			sorted bool
		}
		pairs := make([]pair, 0, len(elems)/2)
		for i := 0; i+1 < len(elems); i += 2 {
			pairs = append(pairs, pair{key: testkit.Format(elems[i]), kv: [2]testkit.Value{elems[i], elems[i+1]}})
		}
		sort.SliceStable(pairs, func(i, j int) bool { return pairs[i].key < pairs[j].key })
		for i, p := range pairs {
			elems[2*i], elems[2*i+1] = p.kv[0], p.kv[1]
		}
	}
	return v
}

// Shape renders only what does not vary between runs or servers: the type
// of each value, the error code of an error, the size of aggregates, and
// the keys of maps (field names such as HELLO's "server" and "proto" are
// part of the shape; their values are not).
func Shape(v testkit.Value) string {
	var b strings.Builder
	writeShape(&b, v)
	return b.String()
}

func writeShape(b *strings.Builder, v testkit.Value) {
	if v.Null {
		b.WriteString("(nil)")
		return
	}
	switch v.Type {
	case '+':
		b.WriteString("(status)")
	case '-':
		code, _, _ := strings.Cut(v.Str, " ")
		b.WriteString("(error) " + code)
	case ':':
		b.WriteString("(integer)")
	case '$':
		b.WriteString("(bulk)")
	case '=':
		b.WriteString("(verbatim)")
	case ',':
		b.WriteString("(double)")
	case '#':
		b.WriteString("(boolean)")
	case '(':
		b.WriteString("(big)")
	case '_':
		b.WriteString("(nil)")
	case '%':
		b.WriteString("{")
		for i := 0; i+1 < len(v.Elems); i += 2 {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(testkit.Format(v.Elems[i]))
			b.WriteString(": ")
			writeShape(b, v.Elems[i+1])
		}
		b.WriteString("}")
	case '*', '~', '>':
		switch v.Type {
		case '~':
			b.WriteString("~")
		case '>':
			b.WriteString(">")
		}
		b.WriteString("[")
		for i, e := range v.Elems {
			if i > 0 {
				b.WriteString(", ")
			}
			writeShape(b, e)
		}
		b.WriteString("]")
	default:
		fmt.Fprintf(b, "(unknown %q)", v.Type)
	}
}

// Entry is one command of an expected-output file with its reply.
type Entry struct {
	Text  string // the script line, directives included
	Reply string // the normalised reply
}

// replyMark starts the reply line of an entry in an expected-output file.
const replyMark = "  -> "

// NoExpectation is what a rewrite writes for a !skip-reference line that
// has no hand-written reply yet. It never matches a reply, so the test fails
// until someone writes Valkey 8's reply in its place.
const NoExpectation = "(no expectation: replace this with Valkey 8's reply, written by hand)"

// outHeader opens every expected-output file.
const outHeader = `# Replies of the reference server to the script of the same name, side by
# side with each command, as the test compares them (after the line's
# directives). Regenerate with: go test ./internal/difftest -rewrite
# The replies of !skip-reference lines come from Valkey 8's documentation
# and behaviour, not from the reference: they are written by hand here and
# the rewrite keeps them.
`

// ParseExpected reads an expected-output file.
func ParseExpected(name string, data []byte) ([]Entry, error) {
	var out []Entry
	pending := false // the last entry still waits for its reply line
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, replyMark):
			if !pending {
				return nil, fmt.Errorf("%s:%d: reply without a command", name, n)
			}
			out[len(out)-1].Reply = line[len(replyMark):]
			pending = false
		case strings.TrimSpace(line) == "" || line[0] == '#':
		default:
			if pending {
				return nil, fmt.Errorf("%s:%d: command without a reply", name, n-1)
			}
			out = append(out, Entry{Text: strings.TrimSpace(line)})
			pending = true
		}
	}
	if pending {
		return nil, fmt.Errorf("%s:%d: last command has no reply", name, n)
	}
	return out, sc.Err()
}

// FormatExpected renders an expected-output file.
func FormatExpected(entries []Entry) []byte {
	var b bytes.Buffer
	b.WriteString(outHeader)
	for _, e := range entries {
		b.WriteString("\n")
		b.WriteString(e.Text)
		b.WriteString("\n")
		b.WriteString(replyMark)
		b.WriteString(e.Reply)
		b.WriteString("\n")
	}
	return b.Bytes()
}

// Align matches the compared steps of a script with the entries of its
// expected-output file. It returns the entries in step order, or an error
// saying where the two part ways (the script changed without a rewrite).
func Align(steps []Step, entries []Entry) ([]Entry, error) {
	var out []Entry
	i := 0
	for _, st := range steps {
		if !st.Compared() {
			continue
		}
		if i >= len(entries) {
			return nil, fmt.Errorf("line %d %q has no entry in the expected output (it has %d)", st.Line, st.Text, len(entries))
		}
		if entries[i].Text != st.Text {
			return nil, fmt.Errorf("line %d %q meets entry %d %q of the expected output", st.Line, st.Text, i+1, entries[i].Text)
		}
		out = append(out, entries[i])
		i++
	}
	if i != len(entries) {
		return nil, fmt.Errorf("the expected output has %d entries more than the script's commands", len(entries)-i)
	}
	return out, nil
}

// KeptReplies collects the hand-written replies of !skip-reference entries
// from an old expected-output file, by line text in order of appearance,
// so a rewrite can keep them even after lines moved.
func KeptReplies(entries []Entry) map[string][]string {
	kept := make(map[string][]string)
	for _, e := range entries {
		if strings.Contains(e.Text, "!skip-reference") && e.Reply != NoExpectation {
			kept[e.Text] = append(kept[e.Text], e.Reply)
		}
	}
	return kept
}
