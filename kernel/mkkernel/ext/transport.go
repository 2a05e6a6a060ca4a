//go:build ignore

// The sockets' addresses. A notebook server that many users share (the
// classroom hub, docker/classroom) starts kernels with the ipc transport,
// so that their sockets are files in the user's private runtime folder
// instead of ports on 127.0.0.1 that any local user could connect to and,
// on iopub, read every output from.

package main

import (
	"fmt"
	"strings"
)

// endpointFormat is the address of a socket of the connection file, with
// %v for the port: tcp://ip:port, and ipc://ip-port for the ipc transport,
// where ip is a path and port a number appended to it (jupyter_client's
// naming).
func endpointFormat(transport, ip string) string {
	if transport == "ipc" {
		return "ipc://" + strings.ReplaceAll(ip, "%", "%%") + "-%v"
	}
	return fmt.Sprintf("%v://%v:%%v", transport, ip)
}
