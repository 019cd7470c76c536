// Command goconn is the goroutine-per-connection no-op baseline of the
// benchmark suite: it parses RESP requests with internal/resp and answers
// +OK, a null bulk, :1 or +PONG without storing anything.
//
//	goconn -addr 127.0.0.1:7000
//
// It runs until SIGINT or SIGTERM.
package main

import (
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"syscall"

	"github.com/trove-db/trove/bench/internal/noop"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "address to listen on")
	flag.Parse()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "goconn:", err)
		os.Exit(1)
	}
	fmt.Fprintln(os.Stderr, "goconn: listening on", ln.Addr())
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		<-sig
		ln.Close()
	}()
	if err := noop.ServeGoroutines(ln); err != nil {
		fmt.Fprintln(os.Stderr, "goconn:", err)
		os.Exit(1)
	}
}
