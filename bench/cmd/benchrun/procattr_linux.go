package main

import "syscall"

// procAttr puts a child in a process group of its own, and has the kernel
// kill it should this program die without stopping it.
func procAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
