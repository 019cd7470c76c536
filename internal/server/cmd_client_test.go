package server_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/trove-db/trove/internal/testkit"
)

var strconvUnquote = strconv.Unquote

func TestClientErrorsMatchReference(t *testing.T) {
	trove, ref := startPair(t)
	sameAsReference(t, trove, ref, [][]string{
		{"CLIENT", "KILL", "ID", "abc"},
		{"CLIENT", "KILL", "ID", "0"},
		{"CLIENT", "KILL", "ID", "-5"},
		{"CLIENT", "KILL", "1.2.3.4:5"},
		{"CLIENT", "KILL", "ID", "99999"},
		{"CLIENT", "KILL", "ID", "1", "SKIPME"},
		{"CLIENT", "KILL", "SKIPME", "maybe"},
		{"CLIENT", "KILL", "TYPE", "foo"},
		{"CLIENT", "KILL", "USER", "foo"},
		{"CLIENT", "KILL", "FOO", "bar"},
		{"CLIENT", "LIST", "ID", "1", "abc"},
		{"CLIENT", "LIST", "TYPE", "foo"},
		{"CLIENT", "LIST", "foo"},
		{"CLIENT", "LIST", "TYPE"},
		{"CLIENT", "PAUSE", "abc"},
		{"CLIENT", "PAUSE", "-1"},
		{"CLIENT", "PAUSE", "10", "foo"},
		{"CLIENT", "PAUSE", "abc", "foo"},
		{"CLIENT", "PAUSE", "10", "all", "extra"},
		{"CLIENT", "NO-EVICT", "maybe"},
		{"CLIENT", "REPLY", "maybe"},
		{"CLIENT", "SETNAME", "a b"},
		{"CLIENT", "SETNAME", "a\nb"},
		{"CLIENT", "GETNAME"},
		{"CLIENT", "SETNAME", "conn1"},
		{"CLIENT", "GETNAME"},
		{"CLIENT", "SETNAME", ""},
		{"CLIENT", "GETNAME"},
		{"CLIENT", "FOO"},
		{"CLIENT"},
		{"CLIENT", "ID", "x"},
		{"CLIENT", "INFO", "x"},
		{"CLIENT", "UNPAUSE"},
		{"CLIENT", "NO-EVICT", "on"},
		{"CLIENT", "NO-EVICT", "OFF"},
	})
}

// Valkey 7.2 and later: CLIENT SETINFO and NO-TOUCH (the reference server
// is 7.0, which lacks them).
func TestClientSetInfoAndNoTouch(t *testing.T) {
	c := testkit.Dial(t, testkit.StartTrove(t))
	runRows(t, c, []row{
		{[]string{"CLIENT", "SETINFO", "lib-name", "a b"}, "(error) ERR lib-name cannot contain spaces, newlines or special characters."},
		{[]string{"CLIENT", "SETINFO", "LIB-VER", "1\n2"}, "(error) ERR LIB-VER cannot contain spaces, newlines or special characters."},
		{[]string{"CLIENT", "SETINFO", "foo", "x"}, "(error) ERR Unrecognized option 'foo'"},
		{[]string{"CLIENT", "SETINFO", "lib-name"}, "(error) ERR wrong number of arguments for 'client|setinfo' command"},
		{[]string{"CLIENT", "SETINFO", "LIB-NAME", "go-redis"}, "OK"},
		{[]string{"CLIENT", "SETINFO", "lib-ver", "9.1"}, "OK"},
		{[]string{"CLIENT", "NO-TOUCH", "maybe"}, "(error) ERR syntax error"},
		{[]string{"CLIENT", "NO-TOUCH", "on"}, "OK"},
		{[]string{"CLIENT", "NO-EVICT", "on"}, "OK"},
	})
	info := unquote(t, c.Do("CLIENT", "INFO"))
	_, v := fields(strings.TrimSpace(info))
	if v["lib-name"] != "go-redis" || v["lib-ver"] != "9.1" || v["flags"] != "eT" {
		t.Errorf("CLIENT INFO = %q: want lib-name=go-redis lib-ver=9.1 flags=eT", info)
	}
	runRows(t, c, []row{
		{[]string{"CLIENT", "SETINFO", "lib-name", ""}, "OK"},
		{[]string{"RESET"}, "RESET"},
	})
	_, v = fields(unquote(t, c.Do("CLIENT", "INFO")))
	if v["lib-name"] != "" || v["flags"] != "N" {
		t.Errorf("after clearing: lib-name=%q flags=%q", v["lib-name"], v["flags"])
	}
}

// The CLIENT LIST line has Valkey 8's fields in Valkey's order: the
// reference's (Redis 7.0) plus watch, lib-name, lib-ver, tot-net-in,
// tot-net-out and tot-cmds, which arrived later.
func TestClientListFieldsMatchReference(t *testing.T) {
	trove, ref := startPair(t)
	got, _ := fields(unquote(t, trove.Do("CLIENT", "LIST")))
	want, _ := fields(unquote(t, ref.Do("CLIENT", "LIST")))
	added := map[string]bool{"watch": true, "lib-name": true, "lib-ver": true, "tot-net-in": true, "tot-net-out": true, "tot-cmds": true}
	var filtered []string
	for _, f := range got {
		if !added[f] {
			filtered = append(filtered, f)
		}
	}
	if strings.Join(filtered, " ") != strings.Join(want, " ") {
		t.Errorf("CLIENT LIST fields\n got %v\nwant %v (plus Valkey 8's additions)", got, want)
	}
	wantOrder := "id addr laddr fd name age idle flags db sub psub ssub multi watch qbuf qbuf-free argv-mem multi-mem rbs rbp obl oll omem tot-mem events cmd user redir resp lib-name lib-ver tot-net-in tot-net-out tot-cmds"
	if strings.Join(got, " ") != wantOrder {
		t.Errorf("CLIENT LIST fields = %s\nwant %s", strings.Join(got, " "), wantOrder)
	}
}

func TestClientListAndKill(t *testing.T) {
	addr := testkit.StartTrove(t)
	a, b := testkit.Dial(t, addr), testkit.Dial(t, addr)
	idA, idB := a.Do("CLIENT", "ID"), b.Do("CLIENT", "ID")
	idA, idB = strings.TrimPrefix(idA, "(integer) "), strings.TrimPrefix(idB, "(integer) ")
	b.Do("CLIENT", "SETNAME", "bee")
	b.Do("SELECT", "3")

	list := unquote(t, a.Do("CLIENT", "LIST"))
	lines := strings.Split(strings.TrimSuffix(list, "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("CLIENT LIST has %d lines:\n%s", len(lines), list)
	}
	_, va := fields(lines[0])
	_, vb := fields(lines[1])
	if va["id"] != idA || va["cmd"] != "client|list" || va["flags"] != "N" || va["resp"] != "2" {
		t.Errorf("own line: %s", lines[0])
	}
	if vb["id"] != idB || vb["name"] != "bee" || vb["db"] != "3" || vb["cmd"] != "select" || vb["tot-cmds"] != "3" {
		t.Errorf("other line: %s", lines[1])
	}

	only := unquote(t, a.Do("CLIENT", "LIST", "ID", idB, "12345"))
	if _, v := fields(only); v["id"] != idB || strings.Count(only, "\n") != 1 {
		t.Errorf("CLIENT LIST ID %s = %q", idB, only)
	}
	if got := unquote(t, a.Do("CLIENT", "LIST", "TYPE", "pubsub")); got != "" {
		t.Errorf("CLIENT LIST TYPE pubsub = %q, want empty", got)
	}

	// The filter form skips the caller unless SKIPME no.
	runRows(t, a, []row{
		{[]string{"CLIENT", "KILL", "ID", idA}, "(integer) 0"},
		{[]string{"CLIENT", "KILL", "ADDR", "1.2.3.4:5", "ID", idB}, "(integer) 0"},
		{[]string{"CLIENT", "KILL", "MAXAGE", "0"}, "(error) ERR maxage should be greater than 0"},
		{[]string{"CLIENT", "KILL", "MAXAGE", "x"}, "(error) ERR maxage is not an integer or out of range"},
		{[]string{"CLIENT", "KILL", "MAXAGE", "1000"}, "(integer) 0"},
		{[]string{"CLIENT", "KILL", "USER", "default", "ID", idB}, "(integer) 1"},
	})
	if !b.Closed() {
		t.Error("killed client still connected")
	}
	// The old form may kill the caller; it replies first.
	_, va = fields(unquote(t, a.Do("CLIENT", "INFO")))
	if got := a.Do("CLIENT", "KILL", va["addr"]); got != "OK" {
		t.Errorf("CLIENT KILL own address = %s", got)
	}
	if !a.Closed() {
		t.Error("client that killed itself still connected")
	}
}

func TestClientReply(t *testing.T) {
	c := testkit.Dial(t, testkit.StartTrove(t))
	c.Write(testkit.Encode("CLIENT", "REPLY", "OFF"))
	c.Write(testkit.Encode("SET", "k", "1"))
	c.Write(testkit.Encode("GET"))                   // an error, silenced too
	c.Write(testkit.Encode("CLIENT", "REPLY", "ON")) // replies OK
	if got := c.Read(); got != "OK" {
		t.Fatalf("after REPLY ON: %s", got)
	}
	c.Write(testkit.Encode("CLIENT", "REPLY", "SKIP"))
	c.Write(testkit.Encode("GET", "k")) // skipped
	if got := c.Do("GET", "k"); got != `"1"` {
		t.Fatalf("after SKIP: %s", got)
	}
}

func TestClientPause(t *testing.T) {
	addr := testkit.StartTrove(t)
	admin, other := testkit.Dial(t, addr), testkit.Dial(t, addr)
	if got := admin.Do("CLIENT", "PAUSE", "300", "WRITE"); got != "OK" {
		t.Fatal(got)
	}
	start := time.Now()
	if got := other.Do("GET", "k"); got != "(nil)" {
		t.Fatal(got)
	}
	if d := time.Since(start); d > 200*time.Millisecond {
		t.Errorf("a read waited %v under PAUSE WRITE", d)
	}
	if got := other.Do("SET", "k", "v"); got != "OK" {
		t.Fatal(got)
	}
	if d := time.Since(start); d < 250*time.Millisecond {
		t.Errorf("a write waited only %v under a 300 ms PAUSE WRITE", d)
	}

	// ALL holds back every command, CLIENT UNPAUSE included, until the
	// pause ends.
	admin.Do("CLIENT", "PAUSE", "500", "ALL")
	start = time.Now()
	other.Write(testkit.Encode("PING"))
	admin.Write(testkit.Encode("CLIENT", "UNPAUSE"))
	done := make(chan string, 1)
	go func() { done <- other.Read() }()
	select {
	case got := <-done:
		t.Fatalf("PING answered during PAUSE ALL: %s", got)
	case <-time.After(250 * time.Millisecond):
	}
	if got := <-done; got != "PONG" {
		t.Fatalf("PING after the pause = %s", got)
	}
	if got := admin.Read(); got != "OK" {
		t.Fatalf("UNPAUSE after the pause = %s", got)
	}
	if d := time.Since(start); d < 450*time.Millisecond {
		t.Errorf("PAUSE 500 ALL held commands back for only %v", d)
	}
}

func TestClientPauseUnpause(t *testing.T) {
	addr := testkit.StartTrove(t)
	admin, other := testkit.Dial(t, addr), testkit.Dial(t, addr)
	admin.Do("CLIENT", "PAUSE", "10000", "WRITE")
	other.Write(testkit.Encode("SET", "k", "v"))
	time.Sleep(50 * time.Millisecond)
	start := time.Now()
	if got := admin.Do("CLIENT", "UNPAUSE"); got != "OK" {
		t.Fatal(got)
	}
	if got := other.Read(); got != "OK" {
		t.Fatal(got)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("the write waited %v after UNPAUSE", d)
	}
}

func TestClientGoRedisRESP3(t *testing.T) {
	addr := testkit.StartTrove(t)
	ctx := context.Background()
	rdb := redis.NewClient(&redis.Options{Addr: addr, Protocol: 3, ClientName: "gr"})
	t.Cleanup(func() { rdb.Close() })
	if err := rdb.Ping(ctx).Err(); err != nil {
		t.Fatal(err)
	}
	name, err := rdb.ClientGetName(ctx).Result()
	if err != nil || name != "gr" {
		t.Fatalf("CLIENT GETNAME = %q, %v", name, err)
	}
	info, err := rdb.ClientInfo(ctx).Result()
	if err != nil {
		t.Fatal(err)
	}
	if info.Name != "gr" || info.Resp != 3 || info.LibName == "" {
		t.Errorf("CLIENT INFO parsed as %+v", info)
	}
	list, err := rdb.ClientList(ctx).Result()
	if err != nil || !strings.Contains(list, "name=gr") {
		t.Errorf("CLIENT LIST = %q, %v", list, err)
	}
	id, err := rdb.ClientID(ctx).Result()
	if err != nil || id <= 0 {
		t.Errorf("CLIENT ID = %d, %v", id, err)
	}
}
