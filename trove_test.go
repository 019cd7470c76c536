package trove_test

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/trove-db/trove"
)

func TestStartAppliesConfigLines(t *testing.T) {
	srv, err := trove.Start(trove.Options{Config: []string{"databases 4"}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	if !strings.HasPrefix(srv.Addr(), "127.0.0.1:") {
		t.Errorf("Addr = %q, want a 127.0.0.1 address", srv.Addr())
	}
	conn, err := net.Dial("tcp", srv.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	conn.Write([]byte("SELECT 4\r\n"))
	buf := make([]byte, 64)
	n, _ := conn.Read(buf)
	if got := string(buf[:n]); got != "-ERR DB index is out of range\r\n" {
		t.Errorf("SELECT 4 with databases 4 = %q", got)
	}
}

func TestStartRejectsBadConfig(t *testing.T) {
	_, err := trove.Start(trove.Options{Config: []string{"no-such-directive yes"}})
	if err == nil {
		t.Fatal("Start accepted an unknown directive")
	}
}

func TestShutdownClosesClientsAndIsIdempotent(t *testing.T) {
	srv, err := trove.Start(trove.Options{})
	if err != nil {
		t.Fatal(err)
	}
	conn, err := net.Dial("tcp", srv.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	if err := srv.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := conn.Read(make([]byte, 1)); err == nil {
		t.Error("client connection still open after Shutdown")
	}
	if c, err := net.DialTimeout("tcp", srv.Addr(), time.Second); err == nil {
		c.Close()
		t.Error("listener still accepting after Shutdown")
	}
}
