// Command epoll is the event-loop no-op baseline of the benchmark suite:
// epoll loops over non-blocking sockets (Linux only) that parse RESP
// requests with internal/resp and answer +OK, a null bulk, :1 or +PONG
// without storing anything.
//
//	epoll -addr 127.0.0.1:7000 [-loops N]
//
// Each loop is a goroutine locked to its own thread with its own epoll
// instance and its own SO_REUSEPORT listener. It runs until SIGINT or
// SIGTERM.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/trove-db/trove/bench/internal/noop"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "IPv4 address to listen on")
	loops := flag.Int("loops", 1, "number of event loops")
	flag.Parse()
	srv, err := noop.ListenEpoll(*addr, *loops)
	if err != nil {
		fmt.Fprintln(os.Stderr, "epoll:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "epoll: %d loop(s) listening on %s\n", *loops, srv.Addr())
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		<-sig
		srv.Close()
	}()
	if err := srv.Serve(); err != nil {
		fmt.Fprintln(os.Stderr, "epoll:", err)
		os.Exit(1)
	}
}
