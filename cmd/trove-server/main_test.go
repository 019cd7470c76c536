package main

import (
	"bufio"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// binary is the trove-server built once for these tests.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "trove-server-test")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "trove-server")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		os.RemoveAll(dir)
		panic("building trove-server: " + err.Error())
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func TestVersionAndHelp(t *testing.T) {
	out, err := exec.Command(binary, "--version").CombinedOutput()
	if err != nil || !strings.HasPrefix(string(out), "trove server v=") {
		t.Errorf("--version: %v, %q", err, out)
	}
	out, err = exec.Command(binary, "--help").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "Usage: ./trove-server [/path/to/trove.conf] [options] [-]") {
		t.Errorf("--help: %v, %q", err, out)
	}
}

func TestBadConfigStopsStartup(t *testing.T) {
	conf := filepath.Join(t.TempDir(), "bad.conf")
	os.WriteFile(conf, []byte("# comment\nport 7000\nhz abc\n"), 0o644)
	cmd := exec.Command(binary, conf)
	out, err := cmd.CombinedOutput()
	exit, ok := err.(*exec.ExitError)
	if !ok || exit.ExitCode() != 1 {
		t.Fatalf("exit = %v, want status 1; output %q", err, out)
	}
	for _, want := range []string{
		"*** FATAL CONFIG FILE ERROR (trove ",
		"Reading the configuration file, at line 3",
		">>> 'hz abc'",
		"argument couldn't be parsed into an integer",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestServesAndStopsOnSignal(t *testing.T) {
	port := freePort(t)
	conf := filepath.Join(t.TempDir(), "trove.conf")
	os.WriteFile(conf, []byte("bind 127.0.0.1\nport 1\n"), 0o644)
	// The command-line port overrides the file's.
	cmd := exec.Command(binary, conf, "--port", strconv.Itoa(port), "--save", "")
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	lines := bufio.NewScanner(stdout)
	ready := false
	for lines.Scan() {
		if strings.Contains(lines.Text(), "Ready to accept connections tcp") {
			ready = true
			break
		}
	}
	if !ready {
		t.Fatal("server never logged readiness")
	}
	go func() {
		for lines.Scan() {
		}
	}()
	conn, err := net.DialTimeout("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	conn.Write([]byte("PING\r\n"))
	reply, _ := bufio.NewReader(conn).ReadString('\n')
	conn.Close()
	if reply != "+PONG\r\n" {
		t.Errorf("PING = %q", reply)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("exit after SIGTERM: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Error("server did not stop after SIGTERM")
	}
}

func freePort(t *testing.T) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}
