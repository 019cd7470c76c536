package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// loadText loads content as a config file into a new Config.
func loadText(t *testing.T, content string) (*Config, error) {
	t.Helper()
	c := New()
	err := c.LoadFile(writeTemp(t, content))
	return c, err
}

// TestLoadValues covers every kind's accepted spellings and how CONFIG GET
// then prints them.
func TestLoadValues(t *testing.T) {
	tests := []struct {
		line, name, want string
	}{
		// bool
		{"daemonize yes", "daemonize", "yes"},
		{"daemonize YES", "daemonize", "yes"},
		{"protected-mode No", "protected-mode", "no"},
		// int
		{"hz 20", "hz", "20"},
		{"HZ 20", "hz", "20"},
		{"hz 0", "hz", "1"},        // clamped like the server
		{"hz 100000", "hz", "500"}, // clamped like the server
		{"databases 1", "databases", "1"},
		{"databases 2147483647", "databases", "2147483647"},
		{"list-max-listpack-size -2147483648", "list-max-listpack-size", "-2147483648"},
		{"slowlog-log-slower-than -1", "slowlog-log-slower-than", "-1"},
		{"maxclients 4294967295", "maxclients", "4294967295"},
		{"cluster-node-timeout 9223372036854775807", "cluster-node-timeout", "9223372036854775807"},
		// memory
		{"maxmemory 100", "maxmemory", "100"},
		{"maxmemory 1b", "maxmemory", "1"},
		{"maxmemory 1k", "maxmemory", "1000"},
		{"maxmemory 1kb", "maxmemory", "1024"},
		{"maxmemory 1KB", "maxmemory", "1024"},
		{"maxmemory 1kB", "maxmemory", "1024"},
		{"maxmemory 2m", "maxmemory", "2000000"},
		{"maxmemory 2mb", "maxmemory", "2097152"},
		{"maxmemory 3g", "maxmemory", "3000000000"},
		{"maxmemory 3Gb", "maxmemory", "3221225472"},
		{"maxmemory 010", "maxmemory", "10"},
		{`maxmemory ""`, "maxmemory", "0"},
		{"maxmemory gb", "maxmemory", "0"},
		{"maxmemory 18446744073709551615", "maxmemory", "18446744073709551615"},
		{"maxmemory 99999999999999999999", "maxmemory", "18446744073709551615"}, // saturates
		{"client-query-buffer-limit 1mb", "client-query-buffer-limit", "1048576"},
		{"proto-max-bulk-len 9223372036854775807", "proto-max-bulk-len", "9223372036854775807"},
		{"maxmemory-clients 10%", "maxmemory-clients", "10%"},
		{"maxmemory-clients 100%", "maxmemory-clients", "100%"},
		{"maxmemory-clients 0%", "maxmemory-clients", "0"},
		{"maxmemory-clients 1gb", "maxmemory-clients", "1073741824"},
		// octal
		{"unixsocketperm 700", "unixsocketperm", "700"},
		{"unixsocketperm 0770", "unixsocketperm", "770"},
		// enum
		{"maxmemory-policy allkeys-lru", "maxmemory-policy", "allkeys-lru"},
		{"maxmemory-policy ALLKEYS-LFU", "maxmemory-policy", "allkeys-lfu"},
		{"loglevel nothing", "loglevel", "nothing"},
		{"appendfsync always", "appendfsync", "always"},
		{"oom-score-adj relative", "oom-score-adj", "yes"},
		{"enable-debug-command local", "enable-debug-command", "local"},
		{"shutdown-on-sigterm nosave now", "shutdown-on-sigterm", "nosave now"},
		{"shutdown-on-sigterm now nosave", "shutdown-on-sigterm", "nosave now"},
		{"shutdown-on-sigterm default force", "shutdown-on-sigterm", "force"},
		// string
		{`requirepass "a b\x01"`, "requirepass", "a b\x01"},
		{`requirepass ""`, "requirepass", ""},
		{"syslog-ident valkey", "syslog-ident", "valkey"},
		{"cluster-announce-hostname a-b.c", "cluster-announce-hostname", "a-b.c"},
		{"proc-title-template {title}x", "proc-title-template", "{title}x"},
		// aliases
		{"slaveof 10.0.0.1 6380", "replicaof", "10.0.0.1 6380"},
		{"replicaof no one", "replicaof", ""},
		{"hash-max-ziplist-entries 7", "hash-max-listpack-entries", "7"},
		{"hash-max-listpack-entries 7", "hash-max-ziplist-entries", "7"},
		{"masterauth secret", "primaryauth", "secret"},
		{"server_cpulist 0-3", "server-cpulist", "0-3"},
		{"lua-time-limit 100", "busy-reply-threshold", "100"},
		// special
		{"save 10 1", "save", "10 1"},
		{`save ""`, "save", ""},
		{"save", "save", ""},
		{"save 99999999999999999999 1", "save", "9223372036854775807 1"},
		{"bind 127.0.0.1 -::1", "bind", "127.0.0.1 -::1"},
		{`bind ""`, "bind", ""},
		{"bind", "bind", ""},
		{"client-output-buffer-limit Normal 1kb 1k +5", "client-output-buffer-limit",
			"normal 1024 1000 5 slave 268435456 67108864 60 pubsub 33554432 8388608 60"},
		{"client-output-buffer-limit replica 1 2 3 pubsub 4 5 6", "client-output-buffer-limit",
			"normal 0 0 0 slave 1 2 3 pubsub 4 5 6"},
		{"client-output-buffer-limit", "client-output-buffer-limit",
			"normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60"},
		{"oom-score-adj-values 1 2 3", "oom-score-adj-values", "1 2 3"},
		{"notify-keyspace-events KEA", "notify-keyspace-events", "AKE"},
		{"notify-keyspace-events Kx$", "notify-keyspace-events", "$xK"},
		{"notify-keyspace-events Agn", "notify-keyspace-events", "A"},
		{`notify-keyspace-events ""`, "notify-keyspace-events", ""},
		{"latency-tracking-info-percentiles 99.9999999 1e1 50.5", "latency-tracking-info-percentiles", "100 10 50.5"},
		{"latency-tracking-info-percentiles", "latency-tracking-info-percentiles", ""},
		{`latency-tracking-info-percentiles ""`, "latency-tracking-info-percentiles", ""},
		// not a comment in the middle of a line; trailing spaces trimmed
		{"requirepass a#b   ", "requirepass", "a#b"},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			c, err := loadText(t, tt.line+"\n")
			if err != nil {
				t.Fatal(err)
			}
			if got := c.String(tt.name); got != tt.want {
				t.Errorf("%s = %q, want %q", tt.name, got, tt.want)
			}
		})
	}
}

// TestLoadErrors checks the refused values and the exact reasons.
func TestLoadErrors(t *testing.T) {
	tests := []struct {
		content string
		line    int
		text    string
		reason  string
	}{
		{"foo bar\n", 1, "foo bar", "Bad directive or wrong number of arguments"},
		{"\n# comment\n\n  hz   \"abc\"  \n", 4, `hz   "abc"`, "argument couldn't be parsed into an integer"},
		{"hz\n", 1, "hz", "wrong number of arguments"},
		{"hz 1 2\n", 1, "hz 1 2", "wrong number of arguments"},
		{"hz 1 # comment\n", 1, "hz 1 # comment", "wrong number of arguments"},
		{"hz \"1\n", 1, `hz "1`, "Unbalanced quotes in configuration line"},
		// bool
		{"daemonize maybe\n", 1, "daemonize maybe", "argument must be 'yes' or 'no'"},
		{"daemonize 1\n", 1, "daemonize 1", "argument must be 'yes' or 'no'"},
		// int
		{"hz abc\n", 1, "hz abc", "argument couldn't be parsed into an integer"},
		{"hz +5\n", 1, "hz +5", "argument couldn't be parsed into an integer"},
		{"hz 010\n", 1, "hz 010", "argument couldn't be parsed into an integer"},
		{"hz -0\n", 1, "hz -0", "argument couldn't be parsed into an integer"},
		{"hz 5.0\n", 1, "hz 5.0", "argument couldn't be parsed into an integer"},
		{"hz 1k\n", 1, "hz 1k", "argument couldn't be parsed into an integer"},
		{"hz 9223372036854775808\n", 1, "hz 9223372036854775808", "argument couldn't be parsed into an integer"},
		{"hz -1\n", 1, "hz -1", "argument must be between 0 and 2147483647 inclusive"},
		{"hz 2147483648\n", 1, "hz 2147483648", "argument must be between 0 and 2147483647 inclusive"},
		{"port 65536\n", 1, "port 65536", "argument must be between 0 and 65535 inclusive"},
		{"maxclients 0\n", 1, "maxclients 0", "argument must be between 1 and 4294967295 inclusive"},
		{"databases 0\n", 1, "databases 0", "argument must be between 1 and 2147483647 inclusive"},
		{"active-defrag-cycle-max 100\n", 1, "active-defrag-cycle-max 100", "argument must be between 1 and 99 inclusive"},
		{"slowlog-log-slower-than -2\n", 1, "slowlog-log-slower-than -2", "argument must be between -1 and 9223372036854775807 inclusive"},
		{"list-max-listpack-size -2147483649\n", 1, "list-max-listpack-size -2147483649", "argument must be between -2147483648 and 2147483647 inclusive"},
		// memory
		{"maxmemory 1x\n", 1, "maxmemory 1x", "argument must be a memory value"},
		{"maxmemory -1\n", 1, "maxmemory -1", "argument must be a memory value"},
		{"maxmemory 1.5gb\n", 1, "maxmemory 1.5gb", "argument must be a memory value"},
		{"maxmemory 1tb\n", 1, "maxmemory 1tb", "argument must be a memory value"},
		{"maxmemory +5\n", 1, "maxmemory +5", "argument must be a memory value"},
		{"maxmemory 5%\n", 1, "maxmemory 5%", "argument must be a memory value"},
		{"maxmemory 17179869184gb\n", 1, "maxmemory 17179869184gb", "argument must be a memory value"}, // overflow
		{"client-query-buffer-limit 1k\n", 1, "client-query-buffer-limit 1k", "argument must be between 1048576 and 9223372036854775807 inclusive"},
		{"proto-max-bulk-len 9223372036854775808\n", 1, "proto-max-bulk-len 9223372036854775808", "argument must be between 1048576 and 9223372036854775807 inclusive"},
		{"repl-backlog-size 0\n", 1, "repl-backlog-size 0", "argument must be between 1 and 9223372036854775807 inclusive"},
		{"maxmemory-clients 101%\n", 1, "maxmemory-clients 101%", "percentage argument must be less or equal to 100"},
		{"maxmemory-clients -5\n", 1, "maxmemory-clients -5", "argument must be a memory or percent value"},
		{"maxmemory-clients -5%\n", 1, "maxmemory-clients -5%", "argument must be a memory or percent value"},
		{"maxmemory-clients %\n", 1, "maxmemory-clients %", "argument must be a memory or percent value"},
		// octal
		{"unixsocketperm 999\n", 1, "unixsocketperm 999", "argument couldn't be parsed as an octal number"},
		{"unixsocketperm 1000\n", 1, "unixsocketperm 1000", "argument must be between 0 and 777 inclusive"},
		// enum
		{"loglevel loud\n", 1, "loglevel loud", "argument(s) must be one of the following: debug, verbose, notice, warning, nothing"},
		{"appendfsync sometimes\n", 1, "appendfsync sometimes", "argument(s) must be one of the following: everysec, always, no"},
		{"oom-score-adj x\n", 1, "oom-score-adj x", "argument(s) must be one of the following: no, yes, relative, absolute"},
		{"shutdown-on-sigint\n", 1, "shutdown-on-sigint", "argument(s) must be one of the following: default, save, nosave, now, force"},
		{"shutdown-on-sigint save nosave\n", 1, "shutdown-on-sigint save nosave", "shutdown options SAVE and NOSAVE can't be used simultaneously"},
		// string validation
		{"dbfilename a/b\n", 1, "dbfilename a/b", "dbfilename can't be a path, just a filename"},
		{"appendfilename a\\b\n", 1, `appendfilename a\b`, "appendfilename can't be a path, just a filename"},
		{"appenddirname a/b\n", 1, "appenddirname a/b", "appenddirname can't be a path, just a dirname"},
		{`cluster-announce-hostname "a b"` + "\n", 1, `cluster-announce-hostname "a b"`, "Hostnames may only contain alphanumeric characters, hyphens or dots"},
		{"proc-title-template {foo}\n", 1, "proc-title-template {foo}", "template format is invalid or contains unknown variables"},
		{"proc-title-template {title}\n", 1, "proc-title-template {title}", "template format is invalid or contains unknown variables"},
		// special
		{"save 10\n", 1, "save 10", "Invalid save parameters"},
		{"save 0 1\n", 1, "save 0 1", "Invalid save parameters"},
		{"save 1 -1\n", 1, "save 1 -1", "Invalid save parameters"},
		{`save "" 1 2` + "\n", 1, `save "" 1 2`, "Invalid save parameters"},
		{"client-output-buffer-limit normal 1 2\n", 1, "client-output-buffer-limit normal 1 2", "Wrong number of arguments in buffer limit configuration."},
		{"client-output-buffer-limit master 1 2 3\n", 1, "client-output-buffer-limit master 1 2 3", "Invalid client class specified in buffer limit configuration."},
		{"client-output-buffer-limit normal 1 2 x\n", 1, "client-output-buffer-limit normal 1 2 x", "Error in hard, soft or soft_seconds setting in buffer limit configuration."},
		{"oom-score-adj-values 1 2\n", 1, "oom-score-adj-values 1 2", "wrong number of arguments"},
		{"oom-score-adj-values 1 2 2001\n", 1, "oom-score-adj-values 1 2 2001", "Invalid oom-score-adj-values, elements must be between -2000 and 2000."},
		{"notify-keyspace-events\n", 1, "notify-keyspace-events", "wrong number of arguments"},
		{"notify-keyspace-events KEQ\n", 1, "notify-keyspace-events KEQ", "Invalid event class character. Use 'Ag$lshzxeKEtmdn'."},
		{"bind 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17\n", 1, "bind 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17", "Too many bind addresses specified."},
		{"replicaof a\n", 1, "replicaof a", "wrong number of arguments"},
		{"replicaof a b\n", 1, "replicaof a b", "Invalid master port"},
		{"replicaof a 70000\n", 1, "replicaof a 70000", "Invalid master port"},
		{"latency-tracking-info-percentiles 50 abc\n", 1, "latency-tracking-info-percentiles 50 abc", "Invalid latency-tracking-info-percentiles parameters"},
		{"latency-tracking-info-percentiles 100.5\n", 1, "latency-tracking-info-percentiles 100.5", "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]"},
		{"dir /nonexistent-trove-dir\n", 1, "dir /nonexistent-trove-dir", "No such file or directory"},
		{"dir /etc/passwd\n", 1, "dir /etc/passwd", "Not a directory"},
		// other directives
		{"include\n", 1, "include", "Bad directive or wrong number of arguments"},
		{"rename-command a\n", 1, "rename-command a", "Bad directive or wrong number of arguments"},
		{"user\n", 1, "user", "Bad directive or wrong number of arguments"},
		{"loadmodule\n", 1, "loadmodule", "Bad directive or wrong number of arguments"},
		{"sentinel monitor a 1 2 3\n", 1, "sentinel monitor a 1 2 3", "sentinel directive while not in sentinel mode"},
		{"lua-replicate-commands\n", 1, "lua-replicate-commands", "Bad directive or wrong number of arguments"},
		{"list-max-ziplist-entries 1 2\n", 1, "list-max-ziplist-entries 1 2", "Bad directive or wrong number of arguments"},
	}
	for _, tt := range tests {
		t.Run(strings.TrimSpace(tt.content), func(t *testing.T) {
			c, err := loadText(t, tt.content)
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("got %v, want a *ParseError", err)
			}
			if pe.Line != tt.line || pe.Text != tt.text || pe.Reason != tt.reason {
				t.Errorf("got line %d %q %q\nwant line %d %q %q", pe.Line, pe.Text, pe.Reason, tt.line, tt.text, tt.reason)
			}
			if !strings.HasSuffix(pe.File, "test.conf") {
				t.Errorf("File = %q", pe.File)
			}
			// A failed load changes nothing.
			if c.File() != "" || c.String("hz") != "10" {
				t.Errorf("failed load left file %q hz %s", c.File(), c.String("hz"))
			}
		})
	}
}

func TestReport(t *testing.T) {
	e := &ParseError{File: "/etc/valkey.conf", Line: 3, Text: "hz abc", Reason: reasonInt}
	want := "\n*** FATAL CONFIG FILE ERROR (trove 1.2.3) ***\n" +
		"Reading the configuration file, at line 3\n" +
		">>> 'hz abc'\n" +
		"argument couldn't be parsed into an integer\n"
	if got := e.Report("1.2.3"); got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func TestLoadRepeatedDirectives(t *testing.T) {
	tests := []struct {
		content   string
		name, val string
	}{
		{"save 1 1\nsave 2 2\n", "save", "1 1 2 2"},
		{"save 1 1 2 2\nsave 3 3\n", "save", "1 1 2 2 3 3"},
		{"save 1 1\nsave \"\"\nsave 3 3\n", "save", "3 3"},
		{"save 1 1\nsave \"\"\n", "save", ""},
		{"hz 11\nhz 12\n", "hz", "12"},
		{"bind 127.0.0.1\nbind 127.0.0.2 ::1\n", "bind", "127.0.0.2 ::1"},
		{"client-output-buffer-limit pubsub 1 2 3\nclient-output-buffer-limit normal 1mb 2mb 3\n",
			"client-output-buffer-limit", "normal 1048576 2097152 3 slave 268435456 67108864 60 pubsub 1 2 3"},
		{"slaveof a 1\nreplicaof b 2\n", "replicaof", "b 2"},
		{"Maxmemory 1mb\nMAXMEMORY 2mb\n", "maxmemory", "2097152"},
	}
	for _, tt := range tests {
		t.Run(tt.content, func(t *testing.T) {
			c, err := loadText(t, tt.content)
			if err != nil {
				t.Fatal(err)
			}
			if got := c.String(tt.name); got != tt.val {
				t.Errorf("%s = %q, want %q", tt.name, got, tt.val)
			}
		})
	}
}

func TestLoadDefaultsKeptWithoutSave(t *testing.T) {
	c, err := loadText(t, "hz 11\n")
	if err != nil {
		t.Fatal(err)
	}
	want := []SavePoint{{3600, 1}, {300, 100}, {60, 10000}}
	if got := c.SaveParams(); !reflect.DeepEqual(got, want) {
		t.Errorf("SaveParams = %v, want %v", got, want)
	}
}

func TestLoadOtherDirectives(t *testing.T) {
	c, err := loadText(t, `rename-command FLUSHALL ""
rename-command CONFIG cfg
user alice on >pw ~* +@all
user bob off
loadmodule /lib/mod.so arg1 "arg 2"
sentinel
list-max-ziplist-entries 5
lua-replicate-commands yes
`)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.RenameCommands(), [][2]string{{"FLUSHALL", ""}, {"CONFIG", "cfg"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("RenameCommands = %q, want %q", got, want)
	}
	if got, want := c.Users(), [][]string{{"alice", "on", ">pw", "~*", "+@all"}, {"bob", "off"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("Users = %q, want %q", got, want)
	}
	if got, want := c.LoadModules(), [][]string{{"/lib/mod.so", "arg1", "arg 2"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("LoadModules = %q, want %q", got, want)
	}
	if got := c.Warnings(); len(got) != 2 || !strings.Contains(got[0], "list-max-ziplist-entries") {
		t.Errorf("Warnings = %q", got)
	}
}

func TestInclude(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a.conf", "hz 20\nmaxmemory 1mb\n")
	writeFile(t, dir, "frag-2.conf", "maxmemory 3mb\n")
	writeFile(t, dir, "frag-1.conf", "maxmemory 2mb\ntimeout 7\n")
	writeFile(t, dir, "bad.conf", "# one\n\nbogus directive\n")
	writeFile(t, dir, "loop.conf", "include "+filepath.Join(dir, "loop.conf")+"\n")

	t.Run("values apply where the include is", func(t *testing.T) {
		main := writeFile(t, dir, "main1.conf", "hz 5\ninclude "+filepath.Join(dir, "a.conf")+"\nmaxmemory 5mb\n")
		c := New()
		if err := c.LoadFile(main); err != nil {
			t.Fatal(err)
		}
		if c.String("hz") != "20" || c.String("maxmemory") != "5242880" {
			t.Errorf("hz %s maxmemory %s", c.String("hz"), c.String("maxmemory"))
		}
		if c.File() != main {
			t.Errorf("File = %q, want the main file %q", c.File(), main)
		}
	})
	t.Run("glob includes in name order", func(t *testing.T) {
		main := writeFile(t, dir, "main2.conf", "include "+filepath.Join(dir, "frag-*.conf")+"\n")
		c := New()
		if err := c.LoadFile(main); err != nil {
			t.Fatal(err)
		}
		if c.String("maxmemory") != "3145728" || c.String("timeout") != "7" {
			t.Errorf("maxmemory %s timeout %s", c.String("maxmemory"), c.String("timeout"))
		}
	})
	t.Run("glob matching nothing is ignored", func(t *testing.T) {
		main := writeFile(t, dir, "main3.conf", "include "+filepath.Join(dir, "none-*.conf")+"\nhz 9\n")
		c := New()
		if err := c.LoadFile(main); err != nil || c.String("hz") != "9" {
			t.Fatalf("err %v hz %s", err, c.String("hz"))
		}
	})
	t.Run("relative paths are relative to the working directory", func(t *testing.T) {
		t.Chdir(dir)
		main := writeFile(t, t.TempDir(), "main.conf", "include a.conf\n")
		c := New()
		if err := c.LoadFile(main); err != nil || c.String("hz") != "20" {
			t.Fatalf("err %v hz %s", err, c.String("hz"))
		}
	})
	t.Run("relative paths follow an earlier dir directive", func(t *testing.T) {
		main := writeFile(t, t.TempDir(), "main.conf", "dir "+dir+"\ninclude a.conf\n")
		c := New()
		if err := c.LoadFile(main); err != nil || c.String("hz") != "20" {
			t.Fatalf("err %v hz %s", err, c.String("hz"))
		}
	})
	t.Run("errors name the included file and its line", func(t *testing.T) {
		main := writeFile(t, dir, "main4.conf", "hz 1\ninclude "+filepath.Join(dir, "bad.conf")+"\n")
		err := New().LoadFile(main)
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Line != 3 || pe.File != filepath.Join(dir, "bad.conf") || pe.Text != "bogus directive" {
			t.Fatalf("got %#v", err)
		}
	})
	t.Run("missing file", func(t *testing.T) {
		missing := filepath.Join(dir, "missing.conf")
		main := writeFile(t, dir, "main5.conf", "include "+missing+"\n")
		err := New().LoadFile(main)
		var oe *OpenError
		if !errors.As(err, &oe) || !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("got %v", err)
		}
		if want := "Fatal error, can't open config file '" + missing + "': No such file or directory"; err.Error() != want {
			t.Errorf("got %q\nwant %q", err, want)
		}
	})
	t.Run("include loop", func(t *testing.T) {
		var oe *OpenError
		if err := New().LoadFile(filepath.Join(dir, "loop.conf")); !errors.As(err, &oe) {
			t.Fatalf("got %v", err)
		}
	})
}

func TestParseCommandLine(t *testing.T) {
	tests := []struct {
		args []string
		want CommandLine
	}{
		{nil, CommandLine{}},
		{[]string{"/etc/valkey.conf"}, CommandLine{File: "/etc/valkey.conf"}},
		{[]string{"/etc/valkey.conf", "--port", "7000"}, CommandLine{File: "/etc/valkey.conf", Options: `port "7000" `}},
		{[]string{"--port", "7000", "--bind", "127.0.0.1", "::1"}, CommandLine{Options: "port \"7000\" \nbind \"127.0.0.1\" \"::1\" "}},
		{[]string{"--save", ""}, CommandLine{Options: `save "" `}},
		{[]string{"--save", "--port", "1"}, CommandLine{Options: "save \"\"\nport \"1\" "}},
		{[]string{"--port", "1", "--save"}, CommandLine{Options: "port \"1\" \nsave \"\""}},
		{[]string{"--requirepass", "--secret"}, CommandLine{Options: `requirepass "--secret" `}},
		{[]string{"--port 7000", "--hz", "5"}, CommandLine{Options: "port 7000 \nhz \"5\" "}},
		{[]string{"-"}, CommandLine{Stdin: true}},
		{[]string{"-", "--hz", "5"}, CommandLine{Stdin: true, Options: `hz "5" `}},
		{[]string{"a.conf", "--hz", "5", "-"}, CommandLine{File: "a.conf", Stdin: true, Options: `hz "5" `}},
		{[]string{"a.conf", "--hz", "5", "-", "x"}, CommandLine{File: "a.conf", Options: `hz "5" "-" "x" `}},
		{[]string{"--hz", "5", "a.conf"}, CommandLine{Options: `hz "5" "a.conf" `}},
		{[]string{"--requirepass", "a\"b\n"}, CommandLine{Options: `requirepass "a\"b\n" `}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			if got := ParseCommandLine(tt.args); got != tt.want {
				t.Errorf("got %#v\nwant %#v", got, tt.want)
			}
		})
	}
}

func TestCommandLineAction(t *testing.T) {
	tests := []struct {
		args []string
		want Action
	}{
		{nil, ActionRun},
		{[]string{"-v"}, ActionVersion},
		{[]string{"--version"}, ActionVersion},
		{[]string{"-h"}, ActionHelp},
		{[]string{"--help"}, ActionHelp},
		{[]string{"--test-memory", "100"}, ActionTestMemory},
		{[]string{"a.conf", "--version"}, ActionRun},
	}
	for _, tt := range tests {
		if got := CommandLineAction(tt.args); got != tt.want {
			t.Errorf("%q: got %v, want %v", tt.args, got, tt.want)
		}
	}
	if err := New().LoadArgs([]string{"--test-memory", "10"}); !errors.Is(err, ErrTestMemory) {
		t.Errorf("--test-memory: %v", err)
	}
	if err := New().LoadArgs([]string{"--version"}); err == nil {
		t.Error("--version loaded")
	}
}

func TestLoadArgs(t *testing.T) {
	dir := t.TempDir()
	file := writeFile(t, dir, "v.conf", "hz 20\nsave 100 1\nmaxmemory 1mb\nport 7000\n")

	t.Run("options override the file", func(t *testing.T) {
		c := New()
		if err := c.LoadArgsFrom([]string{file, "--port", "7001", "--maxmemory", "2mb", "--bind", "127.0.0.1", "-::1"}, nil); err != nil {
			t.Fatal(err)
		}
		got := troveGet(c, "port", "maxmemory", "hz", "bind")
		want := map[string]string{"port": "7001", "maxmemory": "2097152", "hz": "20", "bind": "127.0.0.1 -::1"}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
		if c.File() != file {
			t.Errorf("File = %q", c.File())
		}
	})
	t.Run("save from the command line adds to the file's", func(t *testing.T) {
		c := New()
		if err := c.LoadArgsFrom([]string{file, "--save", "200", "2"}, nil); err != nil {
			t.Fatal(err)
		}
		if got := c.String("save"); got != "100 1 200 2" {
			t.Errorf("save = %q", got)
		}
	})
	for _, args := range [][]string{{file, "--save", ""}, {file, "--save", "--hz", "3"}, {file, "--save"}} {
		t.Run(strings.Join(args[1:], " "), func(t *testing.T) {
			c := New()
			if err := c.LoadArgsFrom(args, nil); err != nil {
				t.Fatal(err)
			}
			if got := c.String("save"); got != "" {
				t.Errorf("save = %q, want none", got)
			}
		})
	}
	t.Run("stdin between file and options", func(t *testing.T) {
		c := New()
		stdin := strings.NewReader("hz 30\ntimeout 9\n")
		if err := c.LoadArgsFrom([]string{file, "--timeout", "8", "-"}, stdin); err != nil {
			t.Fatal(err)
		}
		if c.String("hz") != "30" || c.String("timeout") != "8" {
			t.Errorf("hz %s timeout %s", c.String("hz"), c.String("timeout"))
		}
	})
	t.Run("stdin only", func(t *testing.T) {
		c := New()
		if err := c.LoadArgsFrom([]string{"-", "--hz", "40"}, strings.NewReader("hz 30\nport 1\n")); err != nil {
			t.Fatal(err)
		}
		if c.String("hz") != "40" || c.String("port") != "1" || c.File() != "" {
			t.Errorf("hz %s port %s file %q", c.String("hz"), c.String("port"), c.File())
		}
	})
	t.Run("no file", func(t *testing.T) {
		c := New()
		if err := c.LoadArgs([]string{"--port", "7002", "--requirepass", "--pass word"}); err != nil {
			t.Fatal(err)
		}
		if c.String("port") != "7002" || c.String("requirepass") != "--pass word" || c.File() != "" {
			t.Errorf("port %s requirepass %q file %q", c.String("port"), c.String("requirepass"), c.File())
		}
	})
	t.Run("error line numbers count file, stdin, a blank line, options", func(t *testing.T) {
		stdin := strings.NewReader("timeout 1\n")
		err := New().LoadArgsFrom([]string{file, "--hz", "abc", "-"}, stdin)
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Fatalf("got %v", err)
		}
		// 4 file lines, 1 stdin line, then the empty piece after stdin's
		// newline, the joining newline, and the option.
		if pe.Line != 7 || pe.Text != `hz "abc"` || pe.File != "" || pe.Reason != reasonInt {
			t.Errorf("got %+v", pe)
		}
	})
	t.Run("stdin error names stdin", func(t *testing.T) {
		err := New().LoadArgsFrom([]string{"-"}, strings.NewReader("hz 1\nbogus\n"))
		var pe *ParseError
		if !errors.As(err, &pe) || pe.File != "-" || pe.Line != 2 {
			t.Fatalf("got %#v", err)
		}
	})
	t.Run("missing config file", func(t *testing.T) {
		err := New().LoadArgs([]string{filepath.Join(dir, "nope.conf")})
		var oe *OpenError
		if !errors.As(err, &oe) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("relative file path is kept absolute", func(t *testing.T) {
		t.Chdir(dir)
		c := New()
		if err := c.LoadArgs([]string{"v.conf"}); err != nil {
			t.Fatal(err)
		}
		if c.File() != file {
			t.Errorf("File = %q, want %q", c.File(), file)
		}
	})
}

func TestDirDefaultAndSet(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	c := New()
	if c.Dir() != wd || c.String("dir") != wd {
		t.Fatalf("dir %q, want %q", c.Dir(), wd)
	}
	sub := filepath.Join(t.TempDir(), "data")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := c.LoadArgs([]string{"--dir", filepath.Dir(sub), "--dir", "data"}); err != nil {
		t.Fatal(err)
	}
	if c.Dir() != sub {
		t.Errorf("relative dir resolved to %q, want %q", c.Dir(), sub)
	}
}
