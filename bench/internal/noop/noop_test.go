package noop

import (
	"bufio"
	"io"
	"net"
	"runtime"
	"strings"
	"testing"
	"time"
)

// startServers runs both baselines on free ports and returns their
// addresses by name, stopping them when the test ends.
func startServers(t *testing.T) map[string]string {
	t.Helper()
	addrs := make(map[string]string)

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- ServeGoroutines(ln) }()
	t.Cleanup(func() {
		ln.Close()
		if err := <-done; err != nil {
			t.Errorf("ServeGoroutines: %v", err)
		}
	})
	addrs["goroutines"] = ln.Addr().String()

	if runtime.GOOS == "linux" {
		for _, loops := range []int{1, 2} {
			srv, err := ListenEpoll("127.0.0.1:0", loops)
			if err != nil {
				t.Fatal(err)
			}
			edone := make(chan error, 1)
			go func() { edone <- srv.Serve() }()
			t.Cleanup(func() {
				srv.Close()
				if err := <-edone; err != nil {
					t.Errorf("epoll Serve: %v", err)
				}
			})
			addrs["epoll-"+string(rune('0'+loops))] = srv.Addr()
		}
	}
	return addrs
}

func TestReplies(t *testing.T) {
	tests := []struct {
		name, send, want string
	}{
		{"set", "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n", "+OK\r\n"},
		{"get lower case", "*2\r\n$3\r\nget\r\n$1\r\nk\r\n", "$-1\r\n"},
		{"incr", "*2\r\n$4\r\nINCR\r\n$1\r\nc\r\n", ":1\r\n"},
		{"mset", "*5\r\n$4\r\nMSET\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n", "+OK\r\n"},
		{"ping", "*1\r\n$4\r\nPING\r\n", "+PONG\r\n"},
		{"ping message", "*2\r\n$4\r\nPING\r\n$2\r\nhi\r\n", "$2\r\nhi\r\n"},
		{"inline ping", "PING\r\n", "+PONG\r\n"},
		{"config get save", "*3\r\n$6\r\nCONFIG\r\n$3\r\nGET\r\n$4\r\nsave\r\n", "*2\r\n$4\r\nsave\r\n$0\r\n\r\n"},
		{"config get appendonly", "*3\r\n$6\r\nCONFIG\r\n$3\r\nGET\r\n$10\r\nappendonly\r\n", "*2\r\n$10\r\nappendonly\r\n$2\r\nno\r\n"},
		{"config get other", "*3\r\n$6\r\nCONFIG\r\n$3\r\nGET\r\n$7\r\nmaxmem*\r\n", "*0\r\n"},
		{"pipeline", "*1\r\n$4\r\nPING\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n",
			"+PONG\r\n$-1\r\n+OK\r\n"},
		{"protocol error", "*1\r\n$x\r\n", "-ERR Protocol error: invalid bulk length\r\n"},
	}
	for server, addr := range startServers(t) {
		for _, tt := range tests {
			t.Run(server+"/"+tt.name, func(t *testing.T) {
				c, err := net.DialTimeout("tcp", addr, 2*time.Second)
				if err != nil {
					t.Fatal(err)
				}
				defer c.Close()
				c.SetDeadline(time.Now().Add(5 * time.Second))
				if _, err := io.WriteString(c, tt.send); err != nil {
					t.Fatal(err)
				}
				got := make([]byte, len(tt.want))
				if _, err := io.ReadFull(c, got); err != nil {
					t.Fatalf("reading %q: %v (got %q)", tt.want, err, got)
				}
				if string(got) != tt.want {
					t.Fatalf("got %q, want %q", got, tt.want)
				}
			})
		}
	}
}

// TestSplitAndLargePipelines sends requests in byte-sized pieces and a
// pipeline whose replies exceed socket buffers, read only after all is sent.
func TestSplitAndLargePipelines(t *testing.T) {
	for server, addr := range startServers(t) {
		t.Run(server+"/split", func(t *testing.T) {
			c, err := net.DialTimeout("tcp", addr, 2*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			c.SetDeadline(time.Now().Add(5 * time.Second))
			req := "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n"
			for i := range len(req) {
				if _, err := c.Write([]byte{req[i]}); err != nil {
					t.Fatal(err)
				}
			}
			line, err := bufio.NewReader(c).ReadString('\n')
			if err != nil || line != "+OK\r\n" {
				t.Fatalf("got %q, %v", line, err)
			}
		})
		t.Run(server+"/large", func(t *testing.T) {
			c, err := net.DialTimeout("tcp", addr, 2*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			c.SetDeadline(time.Now().Add(20 * time.Second))
			// Each PING with a 1 KiB message echoes 1 KiB: 8 MiB of replies.
			const n = 8192
			msg := strings.Repeat("m", 1024)
			req := "*2\r\n$4\r\nPING\r\n$1024\r\n" + msg + "\r\n"
			want := "$1024\r\n" + msg + "\r\n"
			errc := make(chan error, 1)
			go func() {
				w := bufio.NewWriter(c)
				for range n {
					if _, err := w.WriteString(req); err != nil {
						errc <- err
						return
					}
				}
				errc <- w.Flush()
			}()
			r := bufio.NewReader(c)
			buf := make([]byte, len(want))
			for i := range n {
				if _, err := io.ReadFull(r, buf); err != nil {
					t.Fatalf("reply %d: %v", i, err)
				}
				if string(buf) != want {
					t.Fatalf("reply %d: got %.40q", i, buf)
				}
			}
			if err := <-errc; err != nil {
				t.Fatal(err)
			}
		})
	}
}
