package server

import (
	"bufio"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/trove-db/trove/internal/command"
	"github.com/trove-db/trove/internal/config"
)

// startInternal starts a server whose table the test can extend.
func startInternal(t *testing.T, extra ...*command.Spec) *Server {
	t.Helper()
	cfg := config.New()
	if err := cfg.LoadArgs([]string{"--port", "0", "--bind", "127.0.0.1", "--save", ""}); err != nil {
		t.Fatal(err)
	}
	s, err := New(cfg, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	s.table.Add(extra...)
	if err := s.Listen(); err != nil {
		t.Fatal(err)
	}
	go s.Serve()
	t.Cleanup(func() { s.Shutdown(t.Context()) })
	return s
}

func TestHandlerPanicIsContained(t *testing.T) {
	boom := &command.Spec{Name: "test.boom", Arity: 1, Flags: command.FlagWrite,
		Handler: func(c *command.Ctx) error {
			c.W.Array(3) // a half-written reply must not reach the client
			c.W.Int(1)
			var m map[string]int
			m["x"] = 1 // nil map write: a runtime panic
			return nil
		}}
	s := startInternal(t, boom)
	nc, err := net.Dial("tcp", s.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	nc.SetDeadline(time.Now().Add(5 * time.Second))
	nc.Write([]byte("test.boom\r\nPING\r\n"))
	r := bufio.NewReader(nc)
	first, _ := r.ReadString('\n')
	second, _ := r.ReadString('\n')
	if !strings.HasPrefix(first, "-ERR internal error while running 'test.boom'") {
		t.Errorf("reply to the panicking command = %q", first)
	}
	if second != "+PONG\r\n" {
		t.Errorf("the connection did not keep serving: %q", second)
	}
	s.mu.Lock()
	panics := s.stats.commandPanics
	s.mu.Unlock()
	if panics != 1 {
		t.Errorf("commandPanics = %d, want 1", panics)
	}
}
