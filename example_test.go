package trove_test

import (
	"bufio"
	"fmt"
	"net"
	"strings"

	"github.com/trove-db/trove"
)

// An embedded server listens on a free loopback port; any Valkey or Redis
// client can connect to Addr. This example speaks RESP by hand to stay
// dependency-free.
func Example() {
	srv, err := trove.Start(trove.Options{})
	if err != nil {
		fmt.Println("start:", err)
		return
	}
	defer srv.Close()

	conn, err := net.Dial("tcp", srv.Addr())
	if err != nil {
		fmt.Println("dial:", err)
		return
	}
	defer conn.Close()
	fmt.Fprint(conn, "SET greeting hello\r\nGET greeting\r\n")
	r := bufio.NewReader(conn)
	for range 3 { // +OK, then $5 and the value
		line, _ := r.ReadString('\n')
		fmt.Println(strings.TrimSpace(line))
	}
	// Output:
	// +OK
	// $5
	// hello
}
