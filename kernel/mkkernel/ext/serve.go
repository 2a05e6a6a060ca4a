//go:build ignore

// The kernel's message loops. They replace gophernotes' runKernel and
// handleShellMsg (renamed away by fixes.go) so that no client can kill the
// kernel: a reply that cannot be sent (a client closed its connection while
// the kernel wrote to it) is logged and dropped, a malformed or unsigned
// message is logged and ignored, a handler that panics is logged, and
// control requests are answered on the control channel, by their own loop,
// even while a cell runs.

package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/go-zeromq/zmq4"

	interp "github.com/cosmos72/gomacro/fast"
)

// protocolVersion is the Jupyter messaging protocol the kernel implements:
// 5.2 counts cursor_pos in Unicode code points; 5.3 adds the control
// channel's interrupt_request.
const protocolVersion = "5.3"

// runKernel starts the interpreter, binds the sockets of the connection
// file and serves until a shutdown request.
func runKernel(connectionFile string) {
	ir := interp.New()
	// gomacro's own warnings and errors are not the notebook's output;
	// errors reach the notebook as the cell's error.
	ir.Comp.Stdout = io.Discard
	ir.Comp.Stderr = io.Discard

	display := importPackage(ir, "display", "display")
	ir.DeclVar("Display", nil, stubDisplay)
	ir.DeclVar("ClearOutput", nil, clearOutput)

	b, err := os.ReadFile(connectionFile)
	if err != nil {
		log.Fatal(err)
	}
	var conn ConnectionInfo
	if err := json.Unmarshal(b, &conn); err != nil {
		log.Fatalf("connection file %s: %v", connectionFile, err)
	}
	sockets, err := prepareSockets(conn)
	if err != nil {
		log.Fatal(err)
	}
	go serveHeartbeat(sockets.HBSocket.Socket)

	kernel := &Kernel{ir: ir, display: display}
	kernel.initRenderers()
	startInterruptHandler(ir)
	startWarmup(ir)

	// Control gets its own loop and its own sockets' view, in which
	// replies go back on control.
	control := sockets
	control.ShellSocket = sockets.ControlSocket
	go serve(sockets.ControlSocket.Socket, control, kernel.handleControl)
	serve(sockets.ShellSocket.Socket, sockets, kernel.handleShell)
}

// serve receives messages from sck and hands each to handle, one at a time.
// Nothing a peer sends ends the loop.
func serve(sck zmq4.Socket, sockets SocketGroup, handle func(msgReceipt)) {
	for {
		msg, err := sck.Recv()
		if err != nil {
			log.Printf("receive: %v", err)
			time.Sleep(10 * time.Millisecond) // a closed socket must not spin
			continue
		}
		composed, ids, err := decodeMessage(msg.Frames, sockets.Key)
		if err != nil {
			log.Printf("dropped a message: %v", err)
			continue
		}
		handle(msgReceipt{composed, ids, sockets})
	}
}

// decodeMessage checks the wire frames' shape before gophernotes decodes
// and verifies them, so a short or delimiter-less message is an error, not
// an index panic.
func decodeMessage(frames [][]byte, key []byte) (ComposedMsg, [][]byte, error) {
	for i, f := range frames {
		if string(f) != "<IDS|MSG>" {
			continue
		}
		if len(frames) < i+6 {
			return ComposedMsg{}, nil, fmt.Errorf("%d frames after the delimiter, want at least 5", len(frames)-i-1)
		}
		msg, ids, err := WireMsgToComposedMsg(frames, key)
		if err != nil {
			return msg, ids, err
		}
		if msg.Header.MsgType == "" {
			return msg, ids, errors.New("no msg_type in the header")
		}
		return msg, ids, nil
	}
	return ComposedMsg{}, nil, errors.New("no <IDS|MSG> delimiter")
}

// serveHeartbeat echoes every ping. A failed receive or send concerns one
// client's connection, not the kernel.
func serveHeartbeat(sck zmq4.Socket) {
	for {
		msg, err := sck.Recv()
		if err != nil {
			log.Printf("heartbeat: %v", err)
			time.Sleep(10 * time.Millisecond)
			continue
		}
		if err := sck.Send(msg); err != nil {
			log.Printf("heartbeat: %v", err)
		}
	}
}

// around publishes busy and idle around a request's handling and turns a
// panic in a handler into a log line: the kernel outlives any request.
func around(receipt msgReceipt, handle func() error) {
	publish := func(state string) {
		if err := receipt.PublishKernelStatus(state); err != nil {
			log.Printf("publish %s: %v", state, err)
		}
	}
	publish(kernelBusy)
	defer publish(kernelIdle)
	defer func() {
		if r := recover(); r != nil {
			log.Printf("%s: panic: %v\n%s", receipt.Msg.Header.MsgType, r, debug.Stack())
		}
	}()
	if err := handle(); err != nil {
		log.Printf("%s: %v", receipt.Msg.Header.MsgType, err)
	}
}

// handleShell answers a request of the shell channel.
func (kernel *Kernel) handleShell(receipt msgReceipt) {
	msgType := receipt.Msg.Header.MsgType
	around(receipt, func() error {
		switch msgType {
		case "kernel_info_request":
			return replyKernelInfo(receipt)
		case "is_complete_request":
			return handleIsComplete(receipt)
		case "comm_info_request":
			return handleCommInfo(receipt)
		case "history_request":
			return handleHistory(receipt)
		case "comm_open":
			return handleCommOpen(receipt)
		case "comm_msg", "comm_close":
			return nil // no comm is ever open
		case "shutdown_request":
			return handleShutdown(receipt)
		}
		// The rest use the interpreter, whose start-up import must be done.
		<-warm
		switch msgType {
		case "execute_request":
			if isExitCommand(receipt) {
				return replyAskExit(receipt)
			}
			current.Lock()
			current.receipt = &receipt
			current.Unlock()
			defer func() {
				current.Lock()
				current.receipt = nil
				current.Unlock()
			}()
			return kernel.handleExecuteRequest(receipt)
		case "complete_request":
			return kernel.handleComplete(receipt)
		case "inspect_request":
			return kernel.handleInspect(receipt)
		}
		log.Printf("unhandled shell message %q", msgType)
		return nil
	})
}

// handleControl answers a request of the control channel.
func (kernel *Kernel) handleControl(receipt msgReceipt) {
	msgType := receipt.Msg.Header.MsgType
	around(receipt, func() error {
		switch msgType {
		case "kernel_info_request":
			return replyKernelInfo(receipt)
		case "interrupt_request":
			interruptCell(kernel.ir)
			return receipt.Reply("interrupt_reply", map[string]interface{}{"status": "ok"})
		case "shutdown_request":
			return handleShutdown(receipt)
		}
		// Debugging (debug_request) and anything newer: the spec's reply
		// for an unsupported request is an error status.
		reply := strings.TrimSuffix(msgType, "_request") + "_reply"
		if reply == msgType {
			log.Printf("unhandled control message %q", msgType)
			return nil
		}
		return receipt.Reply(reply, map[string]interface{}{
			"status": "error", "ename": "NotImplemented",
			"evalue": msgType + " is not supported by this kernel", "traceback": []string{},
		})
	})
}

// kernelInfoReply is the content of kernel_info_reply (spec 5.3).
type kernelInfoReply struct {
	Status                string             `json:"status"`
	ProtocolVersion       string             `json:"protocol_version"`
	Implementation        string             `json:"implementation"`
	ImplementationVersion string             `json:"implementation_version"`
	LanguageInfo          kernelLanguageInfo `json:"language_info"`
	Banner                string             `json:"banner"`
	HelpLinks             []helpLink         `json:"help_links"`
}

func replyKernelInfo(receipt msgReceipt) error {
	return receipt.Reply("kernel_info_reply", kernelInfoReply{
		Status:                "ok",
		ProtocolVersion:       protocolVersion,
		Implementation:        "sgdminima",
		ImplementationVersion: Version,
		Banner:                "Go (sgdminima): gophernotes " + Version + " with the sgdtheory library prebuilt, " + runtime.Version(),
		LanguageInfo: kernelLanguageInfo{
			Name:           "go",
			Version:        runtime.Version(),
			MIMEType:       "text/x-go",
			FileExtension:  ".go",
			PygmentsLexer:  "go",
			CodeMirrorMode: "go",
		},
		HelpLinks: []helpLink{
			{Text: "Go", URL: "https://go.dev/doc/"},
			{Text: "gonum", URL: "https://pkg.go.dev/gonum.org/v1/gonum"},
		},
	})
}

func handleShutdown(receipt msgReceipt) error {
	content, _ := receipt.Msg.Content.(map[string]interface{})
	restart, _ := content["restart"].(bool)
	err := receipt.Reply("shutdown_reply", map[string]interface{}{"status": "ok", "restart": restart})
	if err != nil {
		log.Printf("shutdown_reply: %v", err)
	}
	receipt.PublishKernelStatus(kernelIdle)
	// go-zeromq's PUB socket writes from its own goroutine and has no
	// linger: exiting at once can lose the idle just queued. A server
	// that saw this request's busy but not its idle thinks the restarted
	// kernel is still busy, skips its check that iopub is connected again,
	// and the first outputs after a restart are lost.
	time.Sleep(publishLinger)
	os.Exit(0)
	return nil
}

// publishLinger is how long a kernel that exits waits for its last status
// to leave the PUB socket's queue.
const publishLinger = 200 * time.Millisecond

// handleCommOpen closes every comm a front end opens: the kernel registers
// no comm targets, and the spec asks for a comm_close on unknown targets.
func handleCommOpen(receipt msgReceipt) error {
	content, _ := receipt.Msg.Content.(map[string]interface{})
	id, _ := content["comm_id"].(string)
	return receipt.Publish("comm_close", map[string]interface{}{
		"comm_id": id,
		"data":    map[string]interface{}{},
	})
}

func handleCommInfo(receipt msgReceipt) error {
	return receipt.Reply("comm_info_reply", map[string]interface{}{
		"status": "ok",
		"comms":  map[string]interface{}{},
	})
}

// isExitCommand reports whether an execute request asks to end the session
// (exit or quit, as jupyter-console users type), which is not Go code.
func isExitCommand(receipt msgReceipt) bool {
	content, _ := receipt.Msg.Content.(map[string]interface{})
	code, _ := content["code"].(string)
	switch strings.TrimSpace(code) {
	case "exit", "quit", "exit()", "quit()":
		return true
	}
	return false
}

// replyAskExit answers exit or quit with the ask_exit payload, on which
// jupyter-console ends the session.
func replyAskExit(receipt msgReceipt) error {
	return receipt.Reply("execute_reply", map[string]interface{}{
		"status":           "ok",
		"execution_count":  ExecCounter,
		"user_expressions": map[string]interface{}{},
		"payload":          []interface{}{map[string]interface{}{"source": "ask_exit", "keepkernel": false}},
	})
}
