//go:build !linux

package main

import "syscall"

// procAttr puts a child in a process group of its own. (The suite reads
// /proc for memory and is meant for Linux; elsewhere it builds but the
// memory phase fails.)
func procAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}
