package config

import (
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
)

func TestSetErrors(t *testing.T) {
	tests := []struct {
		pairs [][2]string
		want  string
	}{
		{[][2]string{{"foo", "bar"}}, "ERR Unknown option or number of arguments for CONFIG SET - 'foo'"},
		{[][2]string{{"daemonize", "yes"}}, "ERR CONFIG SET failed (possibly related to argument 'daemonize') - can't set immutable config"},
		{[][2]string{{"SlaveOf", "no one"}}, "ERR CONFIG SET failed (possibly related to argument 'SlaveOf') - can't set immutable config"},
		{[][2]string{{"dir", "/tmp"}}, "ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected config"},
		{[][2]string{{"maxmemory", "abc"}}, "ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value"},
		{[][2]string{{"hz", "abc"}}, "ERR CONFIG SET failed (possibly related to argument 'hz') - argument couldn't be parsed into an integer"},
		{[][2]string{{"hz", "-5"}}, "ERR CONFIG SET failed (possibly related to argument 'hz') - argument must be between 0 and 2147483647 inclusive"},
		{[][2]string{{"hz", "10"}, {"hz", "20"}}, "ERR CONFIG SET failed (possibly related to argument 'hz') - duplicate parameter"},
		{[][2]string{{"hz", "10"}, {"HZ", "20"}}, "ERR CONFIG SET failed (possibly related to argument 'HZ') - duplicate parameter"},
		// names are all checked before any value
		{[][2]string{{"hz", "abc"}, {"daemonize", "no"}}, "ERR CONFIG SET failed (possibly related to argument 'daemonize') - can't set immutable config"},
		{[][2]string{{"hz", "abc"}, {"foo", "bar"}}, "ERR Unknown option or number of arguments for CONFIG SET - 'foo'"},
		{[][2]string{{"daemonize", "no"}, {"foo", "bar"}}, "ERR CONFIG SET failed (possibly related to argument 'daemonize') - can't set immutable config"},
		{[][2]string{{"hz", "12"}, {"maxmemory", "abc"}}, "ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value"},
		// multi-argument values are split on single spaces
		{[][2]string{{"save", " 3 3"}}, "ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters"},
		{[][2]string{{"oom-score-adj-values", ""}}, "ERR CONFIG SET failed (possibly related to argument 'oom-score-adj-values') - wrong number of arguments"},
		{[][2]string{{"shutdown-on-sigint", ""}}, "ERR CONFIG SET failed (possibly related to argument 'shutdown-on-sigint') - argument(s) must be one of the following: default, save, nosave, now, force"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.pairs), func(t *testing.T) {
			c := New()
			before := c.Get("*")
			err := c.Set(tt.pairs...)
			var se *SetError
			if !errors.As(err, &se) {
				t.Fatalf("got %v, want a *SetError", err)
			}
			if err.Error() != tt.want {
				t.Errorf("got  %s\nwant %s", err, tt.want)
			}
			if after := c.Get("*"); !reflect.DeepEqual(after, before) {
				t.Error("a failed CONFIG SET changed values")
			}
		})
	}
}

func TestSetApplies(t *testing.T) {
	c := New()
	err := c.Set([2]string{"hz", "20"}, [2]string{"maxmemory", "1gb"}, [2]string{"save", ""},
		[2]string{"slave-read-only", "no"}, [2]string{"client-output-buffer-limit", "pubsub 1mb 1mb 0"},
		[2]string{"bind", "127.0.0.1 ::1"}, [2]string{"maxmemory-clients", "5%"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"hz": "20", "maxmemory": "1073741824", "save": "", "replica-read-only": "no",
		"client-output-buffer-limit": "normal 0 0 0 slave 268435456 67108864 60 pubsub 1048576 1048576 0",
		"bind":                       "127.0.0.1 ::1", "maxmemory-clients": "5%",
	}
	for n, v := range want {
		if got := c.String(n); got != v {
			t.Errorf("%s = %q, want %q", n, got, v)
		}
	}
	// CONFIG SET save replaces the rules rather than adding to them.
	if err := c.Set([2]string{"save", "10 1"}); err != nil {
		t.Fatal(err)
	}
	if err := c.Set([2]string{"save", "20 2"}); err != nil {
		t.Fatal(err)
	}
	if got := c.String("save"); got != "20 2" {
		t.Errorf("save = %q", got)
	}
	// A name and its alias are not duplicates; the later one wins.
	if err := c.Set([2]string{"slave-read-only", "yes"}, [2]string{"replica-read-only", "no"}); err != nil {
		t.Fatal(err)
	}
	if c.Bool("replica-read-only") {
		t.Error("alias pair: want the later value")
	}
}

func TestSetAtomic(t *testing.T) {
	c := New()
	err := c.Set([2]string{"hz", "20"}, [2]string{"maxmemory", "1mb"}, [2]string{"timeout", "abc"})
	if err == nil {
		t.Fatal("accepted")
	}
	if c.String("hz") != "10" || c.String("maxmemory") != "0" {
		t.Errorf("first pairs applied: hz %s maxmemory %s", c.String("hz"), c.String("maxmemory"))
	}
}

func TestSetProtected(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct {
		mode          string
		local, remote bool // allowed for a local / remote client
	}{
		{"no", false, false},
		{"yes", true, true},
		{"local", true, false},
	} {
		t.Run(tt.mode, func(t *testing.T) {
			c := New()
			if err := c.LoadArgs([]string{"--enable-protected-configs", tt.mode}); err != nil {
				t.Fatal(err)
			}
			errLocal := c.SetWith(SetOptions{LocalClient: true}, [2]string{"dir", dir})
			errRemote := c.Set([2]string{"dbfilename", "x.rdb"})
			if (errLocal == nil) != tt.local || (errRemote == nil) != tt.remote {
				t.Errorf("local %v, remote %v", errLocal, errRemote)
			}
			if tt.local && c.Dir() != dir {
				t.Errorf("dir %q", c.Dir())
			}
		})
	}
	c := New()
	c.LoadArgs([]string{"--enable-protected-configs", "yes"})
	err := c.Set([2]string{"dir", "/nonexistent-trove-dir"})
	if err == nil || err.Error() != "ERR CONFIG SET failed (possibly related to argument 'dir') - No such file or directory" {
		t.Errorf("got %v", err)
	}
}

func TestOnChange(t *testing.T) {
	c := New()
	var calls []string
	c.OnChange("maxmemory", func(v string) error {
		calls = append(calls, "maxmemory="+v)
		// The new value is visible while the hook runs.
		if got := c.String("maxmemory"); got != v {
			t.Errorf("hook sees %s, got %s", got, v)
		}
		return nil
	})
	c.OnChange("hz", func(v string) error {
		calls = append(calls, "hz="+v)
		if v == "99" {
			return errors.New("hz 99 is not allowed here")
		}
		return nil
	})
	c.OnChange("lua-time-limit", func(v string) error { // alias of busy-reply-threshold
		calls = append(calls, "busy="+v)
		return nil
	})

	if err := c.Set([2]string{"maxmemory", "1mb"}, [2]string{"hz", "20"}); err != nil {
		t.Fatal(err)
	}
	if want := []string{"maxmemory=1048576", "hz=20"}; !reflect.DeepEqual(calls, want) {
		t.Errorf("calls %q, want %q", calls, want)
	}

	// Unchanged values run no hook.
	calls = nil
	if err := c.Set([2]string{"maxmemory", "1024kb"}, [2]string{"hz", "20"}); err != nil {
		t.Fatal(err)
	}
	if len(calls) != 0 {
		t.Errorf("calls %q for unchanged values", calls)
	}

	// A failing hook fails the SET, restores every value and re-runs the
	// hooks that already ran with the old values.
	calls = nil
	err := c.Set([2]string{"maxmemory", "2mb"}, [2]string{"busy-reply-threshold", "100"}, [2]string{"hz", "99"}, [2]string{"timeout", "5"})
	if err == nil || err.Error() != "ERR CONFIG SET failed (possibly related to argument 'hz') - hz 99 is not allowed here" {
		t.Fatalf("got %v", err)
	}
	if c.String("maxmemory") != "1048576" || c.String("hz") != "20" || c.String("busy-reply-threshold") != "5000" || c.String("timeout") != "0" {
		t.Errorf("not restored: %v", c.Get("maxmemory", "hz", "busy-reply-threshold", "timeout"))
	}
	want := []string{"maxmemory=2097152", "busy=100", "hz=99", "maxmemory=1048576", "busy=5000", "hz=20"}
	if !reflect.DeepEqual(calls, want) {
		t.Errorf("calls %q\nwant  %q", calls, want)
	}

	// Loading runs no hooks.
	calls = nil
	if err := c.LoadArgs([]string{"--maxmemory", "5mb"}); err != nil {
		t.Fatal(err)
	}
	if len(calls) != 0 {
		t.Errorf("load ran hooks %q", calls)
	}
}

func TestResetStat(t *testing.T) {
	c := New()
	n := 0
	c.OnResetStat(func() { n++ })
	c.OnResetStat(func() { n += 10 })
	c.ResetStat()
	if n != 11 {
		t.Errorf("n = %d", n)
	}
}

// TestConcurrentReadsAndSets runs readers against CONFIG SETs; run with -race.
// A multi-parameter SET must be seen whole: hz and timeout always change
// together here.
func TestConcurrentReadsAndSets(t *testing.T) {
	c := New()
	if err := c.Set([2]string{"timeout", "10"}); err != nil {
		t.Fatal(err)
	}
	hz, timeout := c.Var("hz"), c.Var("timeout")
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for r := 0; r < 4; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				snap := c.cur.Load()
				if a, b := snap.v[hz.i].n, snap.v[timeout.i].n; a != b {
					t.Errorf("torn snapshot: hz %d timeout %d", a, b)
					return
				}
				_ = hz.Int() + timeout.Int()
				_ = c.Get("h*")
				_ = c.SaveParams()
			}
		}()
	}
	for i := 0; i < 2000; i++ {
		v := fmt.Sprint(10 + i%400)
		if err := c.Set([2]string{"hz", v}, [2]string{"timeout", v}); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
}
