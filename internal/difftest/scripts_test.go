package difftest

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trove-db/trove/internal/testkit"
)

var (
	rewrite = flag.Bool("rewrite", false, "regenerate testdata/scripts/*.out from the reference server")
	offline = flag.Bool("offline", false, "compare trove with the .out files even when redis-server is installed")
)

// TestScripts runs every testdata/scripts/*.txt against a fresh trove and,
// when it is installed, a fresh reference server, and compares the replies
// line by line. Without the reference (or with -offline) trove is compared
// with the stored replies in the matching .out file. All mismatches of a
// script are reported together, with file:line, the command and both
// replies.
func TestScripts(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "scripts", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no scripts in testdata/scripts (%v)", err)
	}
	_, live := testkit.ReferenceBinary()
	switch {
	case *rewrite && (!live || *offline):
		t.Fatal("-rewrite needs the reference server: apt-get install -y redis-server redis-tools")
	case *offline:
		t.Log("-offline: comparing trove with the stored .out files, not with a live reference server")
		live = false
	case !live:
		t.Log("redis-server is not installed, so the live reference is unavailable: comparing trove with the stored .out files")
	}
	// The scripts run one after another, not in parallel: the trove
	// servers of one process share the command specs that command.Table.Add
	// annotates and dispatch counts calls in, so two at once race.
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".txt")
		t.Run(name, func(t *testing.T) { runScript(t, file, live) })
	}
}

// mismatch is one line where trove's reply differs from the expected one.
type mismatch struct {
	where, text, trove, want string
}

func runScript(t *testing.T, file string, live bool) {
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	base := filepath.Base(file)
	steps, err := ParseScript(base, data)
	if err != nil {
		t.Fatal(err)
	}
	outFile := strings.TrimSuffix(file, ".txt") + ".out"
	outName := filepath.Base(outFile)
	var stored []Entry // in step order; nil when missing or stale
	var storedErr error
	var old []Entry
	if odata, err := os.ReadFile(outFile); err != nil {
		storedErr = err
	} else if old, err = ParseExpected(outName, odata); err != nil {
		storedErr = err
	} else if stored, err = Align(steps, old); err != nil {
		storedErr = fmt.Errorf("%s is stale: %v; run go test ./internal/difftest -rewrite", outName, err)
	}
	if !live && storedErr != nil {
		t.Fatalf("no live reference and no usable expected output: %v", storedErr)
	}
	if storedErr != nil && !*rewrite {
		t.Errorf("%v", storedErr)
	}

	tr := newPeer(t, "trove", testkit.StartTrove(t))
	var ref *peer
	if live {
		ref = newPeer(t, "reference", testkit.StartReference(t))
	}
	for _, p := range []*peer{tr, ref} {
		if p == nil {
			continue
		}
		if got := p.do([]string{"FLUSHALL"}); got != "OK" {
			t.Logf("FLUSHALL on %s: %s", p.name, got)
		}
	}

	kept := KeptReplies(old)
	var (
		mismatches []mismatch
		fresh      []Entry // the new expected output, for -rewrite
		stale      []string
		compared   int
	)
	k := 0 // index into stored
	for _, st := range steps {
		if st.Sleep > 0 {
			time.Sleep(st.Sleep)
			continue
		}
		got, gotRaw := tr.step(st)
		var want, wantFrom, wantRaw string
		switch {
		case st.SkipReference:
			wantFrom = outName
			if stored != nil {
				want = stored[k].Reply
			} else if r := kept[st.Text]; len(r) > 0 {
				want = r[0]
			} else {
				want = NoExpectation
			}
			if r := kept[st.Text]; len(r) > 0 {
				kept[st.Text] = r[1:]
			}
		case ref != nil:
			want, wantRaw = ref.step(st)
			wantFrom = "reference"
			if stored != nil && stored[k].Reply != want {
				stale = append(stale, fmt.Sprintf("%s:%d: %s\n\treference: %s\n\t%s: %s", base, st.Line, st.Text, want, outName, stored[k].Reply))
			}
		default:
			want, wantFrom = stored[k].Reply, outName
		}
		compared++
		fresh = append(fresh, Entry{Text: st.Text, Reply: want})
		if got != want {
			mismatches = append(mismatches, mismatch{
				where: fmt.Sprintf("%s:%d", base, st.Line), text: st.Text,
				trove: withRaw(got, gotRaw), want: wantFrom + ": " + withRaw(want, wantRaw),
			})
		}
		k++
	}

	if *rewrite {
		if err := os.WriteFile(outFile, FormatExpected(fresh), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("rewrote %s (%d commands)", outName, len(fresh))
	} else if len(stale) > 0 {
		t.Errorf("%d replies of %s differ from the live reference; run go test ./internal/difftest -rewrite:\n%s",
			len(stale), outName, strings.Join(stale, "\n"))
	}
	if len(mismatches) > 0 {
		var b strings.Builder
		fmt.Fprintf(&b, "%d of %d commands of %s differ:\n", len(mismatches), compared, base)
		for _, m := range mismatches {
			fmt.Fprintf(&b, "%s: %s\n\ttrove:     %s\n\t%s\n", m.where, m.text, m.trove, m.want)
		}
		t.Error(b.String())
	}
}

// peer is one server under test and the connection the script runs on. It
// remembers the protocol and database the script selected, so that after a
// dropped connection (reported as a mismatch) the script can go on with a
// new connection in the same state.
type peer struct {
	t     *testing.T
	name  string
	addr  string
	c     *testkit.Conn
	proto int
	db    string
}

func newPeer(t *testing.T, name, addr string) *peer {
	return &peer{t: t, name: name, addr: addr, c: testkit.Dial(t, addr), proto: 2, db: "0"}
}

// step sends a step's command and returns its reply normalised as the
// step's directives say, and as testkit.Format shows it (for reports).
func (p *peer) step(st Step) (norm, raw string) {
	p.c.Write(testkit.Encode(st.Args...))
	v, err := p.c.ReadValue()
	if err != nil {
		p.reconnect()
		msg := fmt.Sprintf("(no reply: %v)", err)
		return msg, msg
	}
	if v.Type != '-' {
		switch {
		case st.Proto != 0:
			p.proto = st.Proto
		case strings.EqualFold(st.Args[0], "select") && len(st.Args) == 2:
			p.db = st.Args[1]
		case strings.EqualFold(st.Args[0], "reset"):
			p.proto, p.db = 2, "0"
		}
	}
	return Normalize(st, v), testkit.Format(v)
}

// do sends a command outside the script and formats its reply.
func (p *peer) do(args []string) string {
	_, raw := p.step(Step{Args: args})
	return raw
}

// withRaw shows a normalised reply, followed by the reply as it came when
// the two differ, so a report of a !type or !sort line shows the values.
func withRaw(norm, raw string) string {
	if raw == "" || raw == norm {
		return norm
	}
	return norm + "    (as sent: " + raw + ")"
}

// reconnect replaces a connection the server dropped, restoring the
// protocol and database the script had chosen.
func (p *peer) reconnect() {
	p.c = testkit.Dial(p.t, p.addr)
	if p.proto == 3 {
		p.c.Write(testkit.Encode("HELLO", "3"))
		p.c.ReadValue()
	}
	if p.db != "0" {
		p.c.Write(testkit.Encode("SELECT", p.db))
		p.c.ReadValue()
	}
}
