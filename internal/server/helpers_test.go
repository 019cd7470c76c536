package server_test

import (
	"strings"
	"testing"

	"github.com/trove-db/trove/internal/testkit"
)

// row is one command and its expected reply in testkit.Format's notation.
type row struct {
	args []string
	want string
}

// runRows sends each row's command on c and checks the reply.
func runRows(t *testing.T, c *testkit.Conn, rows []row) {
	t.Helper()
	for _, r := range rows {
		t.Run(strings.Join(r.args, " "), func(t *testing.T) {
			if got := c.Do(r.args...); got != r.want {
				t.Errorf("%q = %s, want %s", r.args, got, r.want)
			}
		})
	}
}

// sameAsReference sends each command to trove and to the reference server
// and checks the replies are identical.
func sameAsReference(t *testing.T, trove, ref *testkit.Conn, cmds [][]string) {
	t.Helper()
	for _, args := range cmds {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			got, want := trove.Do(args...), ref.Do(args...)
			if got != want {
				t.Errorf("%q: trove %s, reference %s", args, got, want)
			}
		})
	}
}

// startPair starts trove and the reference server with the same extra
// configuration (directive, value pairs) and connects to both.
func startPair(t *testing.T, conf ...string) (trove, ref *testkit.Conn) {
	t.Helper()
	var lines, args []string
	for i := 0; i+1 < len(conf); i += 2 {
		lines = append(lines, conf[i]+" "+conf[i+1])
		args = append(args, "--"+conf[i], conf[i+1])
	}
	ref = testkit.Dial(t, testkit.StartReference(t, args...))
	trove = testkit.Dial(t, testkit.StartTrove(t, lines...))
	return trove, ref
}

// fields parses a CLIENT LIST line into its field names and values.
func fields(line string) (names []string, values map[string]string) {
	values = map[string]string{}
	for _, f := range strings.Fields(line) {
		k, v, _ := strings.Cut(f, "=")
		names = append(names, k)
		values[k] = v
	}
	return names, values
}

// infoFields parses INFO text into section → field names.
func infoFields(text string) map[string][]string {
	out := map[string][]string{}
	section := ""
	for _, line := range strings.Split(text, "\r\n") {
		switch {
		case strings.HasPrefix(line, "# "):
			section = strings.ToLower(strings.TrimPrefix(line, "# "))
			out[section] = out[section][:0:0]
		case line == "":
		default:
			k, _, _ := strings.Cut(line, ":")
			out[section] = append(out[section], k)
		}
	}
	return out
}

// unquote strips testkit.Format's quotes from a bulk reply.
func unquote(t *testing.T, s string) string {
	t.Helper()
	if len(s) < 2 || s[0] != '"' {
		t.Fatalf("not a bulk string: %s", s)
	}
	v, err := strconvUnquote(s)
	if err != nil {
		t.Fatalf("unquote %s: %v", s, err)
	}
	return v
}
