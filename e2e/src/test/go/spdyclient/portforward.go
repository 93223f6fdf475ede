// Port-forward: client-go's tools/portforward.

package main

import (
	"crypto/sha256"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"time"
)

type forwardOptions struct {
	port, connections, repeat int
	send                      string
}

type forwardedConnection struct {
	RequestID      int    `json:"requestID"`
	Received       string `json:"received,omitempty"` // up to 4 KiB
	ReceivedBytes  int    `json:"receivedBytes"`
	ReceivedSha256 string `json:"receivedSha256"`
	Error          string `json:"error,omitempty"`
}

type forwardSummary struct {
	Protocol    string                `json:"protocol"`
	Connections []forwardedConnection `json:"connections"`
	Error       string                `json:"error,omitempty"`
	Pings       int                   `json:"pings"`
	PingError   string                `json:"pingError,omitempty"`
}

// forward listens locally as kubectl port-forward does, connects to itself once per connection (the user's
// side: send, half-close, read to the end), and hands each accepted socket to handleConnection.
func forward(target string, options forwardOptions, pingPeriod time.Duration) forwardSummary {
	summary := forwardSummary{}
	conn, err := dial(target, portForwardProtocols, pingPeriod)
	if err != nil {
		summary.Error = err.Error()
		return summary
	}
	defer conn.close()
	summary.Protocol = conn.protocol
	if summary.Protocol != "portforward.k8s.io" {
		summary.Error = fmt.Sprintf("unable to negotiate protocol: server answered %q", summary.Protocol)
		return summary
	}
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		summary.Error = err.Error()
		return summary
	}
	defer listener.Close()
	for requestID := 0; requestID < options.connections; requestID++ {
		result := forwardedConnection{RequestID: requestID}
		handled := make(chan error, 1)
		go func(requestID int) {
			local, err := listener.Accept()
			if err != nil {
				handled <- err
				return
			}
			handled <- handleConnection(conn, local, options.port, requestID)
		}(requestID)
		user, err := net.Dial("tcp", listener.Addr().String())
		if err != nil {
			summary.Error = err.Error()
			return summary
		}
		go func() {
			// the user sends while reading, as curl or a database client would
			for i := 0; i < options.repeat; i++ {
				user.Write([]byte(options.send))
			}
			user.(*net.TCPConn).CloseWrite()
		}()
		received, _ := io.ReadAll(user)
		user.Close()
		if len(received) <= 4096 {
			result.Received = string(received)
		}
		result.ReceivedBytes = len(received)
		result.ReceivedSha256 = fmt.Sprintf("%x", sha256.Sum256(received))
		if err := <-handled; err != nil {
			result.Error = err.Error()
		}
		summary.Connections = append(summary.Connections, result)
	}
	summary.Pings, summary.PingError = conn.pingSummary()
	return summary
}

// handleConnection is PortForwarder.handleConnection: an error stream (closed at once: nothing is written to it)
// and a data stream, both with the port and request ID; copies both ways; once the remote side is done, resets
// the data stream and waits for the error stream to end.
func handleConnection(conn *connection, local net.Conn, port int, requestID int) error {
	defer local.Close()
	headers := http.Header{}
	headers.Set("streamType", "error")
	headers.Set("port", strconv.Itoa(port))
	headers.Set("requestID", strconv.Itoa(requestID))
	errorStream, err := conn.createStream(headers)
	if err != nil {
		return fmt.Errorf("error creating error stream for port %d: %v", port, err)
	}
	errorStream.Close()
	type readAllResult struct {
		message []byte
		err     error
	}
	errorChan := make(chan readAllResult, 1)
	go func() {
		message, err := io.ReadAll(errorStream)
		errorChan <- readAllResult{message, err}
	}()

	headers.Set("streamType", "data")
	dataStream, err := conn.createStream(headers)
	if err != nil {
		return fmt.Errorf("error creating forwarding stream for port %d: %v", port, err)
	}
	localError := make(chan struct{})
	remoteDone := make(chan struct{})
	go func() {
		io.Copy(local, dataStream)
		close(remoteDone)
	}()
	go func() {
		defer dataStream.Close()
		if _, err := io.Copy(dataStream, local); err != nil {
			close(localError)
		}
	}()
	select {
	case <-remoteDone:
	case <-localError:
	}
	dataStream.Reset()
	var result readAllResult
	select {
	case result = <-errorChan:
	case <-time.After(10 * time.Second):
		// client-go waits for ever here: a server that never ends the error stream hangs kubectl port-forward
		return fmt.Errorf("port %d: the error stream did not end within 10 s of the data stream", port)
	}
	switch {
	case result.err != nil && result.err != io.EOF:
		conn.close()
		return fmt.Errorf("error reading from error stream for port %d: %v", port, result.err)
	case len(result.message) > 0:
		conn.close()
		return fmt.Errorf("an error occurred forwarding %d: %s", port, result.message)
	}
	return nil
}
