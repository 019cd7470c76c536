package server_test

import (
	"testing"

	"github.com/trove-db/trove/internal/testkit"
)

func TestSmoke(t *testing.T) {
	addr := testkit.StartTrove(t)
	c := testkit.Dial(t, addr)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"PING"}, "PONG"},
		{[]string{"SET", "k", "v"}, "OK"},
		{[]string{"GET", "k"}, `"v"`},
		{[]string{"DEL", "k", "x"}, "(integer) 1"},
		{[]string{"GET", "k"}, "(nil)"},
		{[]string{"nosuch", "a"}, "(error) ERR unknown command 'nosuch', with args beginning with: 'a' "},
		{[]string{"get"}, "(error) ERR wrong number of arguments for 'get' command"},
	} {
		if got := c.Do(tc.args...); got != tc.want {
			t.Errorf("%v = %s, want %s", tc.args, got, tc.want)
		}
	}
}
