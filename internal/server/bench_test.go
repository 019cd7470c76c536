package server

import (
	"bufio"
	"io"
	"net"
	"testing"

	"github.com/trove-db/trove/internal/config"
)

// BenchmarkDispatch pushes pipelined SET and GET through a connection's
// serve loop over net.Pipe: parsing, dispatch with its accounting
// (command stats, latency histogram, slowlog check), the handler and the
// reply. One op is one command; allocs/op should be 0 for GET and about 1
// for SET (the stored copy of the value).
func BenchmarkDispatch(b *testing.B) {
	for _, tc := range []struct {
		name string
		cmd  string
	}{
		{"GET", "*2\r\n$3\r\nGET\r\n$3\r\nkey\r\n"},
		{"SET", "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n"},
	} {
		b.Run(tc.name, func(b *testing.B) {
			s, err := New(config.New(), io.Discard)
			if err != nil {
				b.Fatal(err)
			}
			client, server := net.Pipe()
			c := s.newConn(server)
			if s.register(c) != nil {
				b.Fatal("register")
			}
			go c.serve()
			defer client.Close()

			const depth = 16
			var batch []byte
			for range depth {
				batch = append(batch, tc.cmd...)
			}
			replyLen := len("+OK\r\n")
			if tc.name == "GET" {
				replyLen = len("$-1\r\n")
			}
			// Warm up: first calls allocate the histogram and buffers.
			br := bufio.NewReaderSize(client, 64<<10)
			buf := make([]byte, replyLen*depth)
			roundTrip := func() {
				go client.Write(batch)
				if _, err := io.ReadFull(br, buf); err != nil {
					b.Fatal(err)
				}
			}
			roundTrip()
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i += depth {
				if _, err := client.Write(batch); err != nil {
					b.Fatal(err)
				}
				if _, err := io.ReadFull(br, buf); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
