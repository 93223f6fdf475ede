// Exec and attach: client-go's remotecommand.

package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/moby/spdystream"
)

type execOptions struct {
	stdin               string
	stdinSet, keepStdin bool
	stdout, stderr, tty bool
	resize, until       string
}

type execSummary struct {
	Protocol    string   `json:"protocol"`
	Streams     []string `json:"streams"`
	Stdout      string   `json:"stdout"`
	Stderr      string   `json:"stderr"`
	ErrorStream string   `json:"errorStream"`
	ExitCode    int      `json:"exitCode"`
	Error       string   `json:"error"`
	Detached    bool     `json:"detached"`
	Pings       int      `json:"pings"`
	PingError   string   `json:"pingError,omitempty"`
}

// lockedBuffer collects output and tells a waiter when it shows a text.
type lockedBuffer struct {
	lock    sync.Mutex
	data    []byte
	until   string
	matched chan struct{}
	once    sync.Once
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.lock.Lock()
	defer b.lock.Unlock()
	b.data = append(b.data, p...)
	if b.until != "" && strings.Contains(string(b.data), b.until) {
		b.once.Do(func() { close(b.matched) })
	}
	return len(p), nil
}

func (b *lockedBuffer) String() string {
	b.lock.Lock()
	defer b.lock.Unlock()
	return string(b.data)
}

func execute(target string, options execOptions, pingPeriod time.Duration) execSummary {
	summary := execSummary{ExitCode: -1}
	conn, err := dial(target, remoteCommandProtocols, pingPeriod)
	if err != nil {
		summary.Error = err.Error()
		return summary
	}
	defer conn.close()
	summary.Protocol = conn.protocol
	stdout := &lockedBuffer{until: options.until, matched: make(chan struct{})}
	stderr := &lockedBuffer{}
	err = stream(conn, options, &summary, stdout, stderr)
	summary.Stdout, summary.Stderr = stdout.String(), stderr.String()
	summary.Pings, summary.PingError = conn.pingSummary()
	var exit exitError
	switch {
	case errors.As(err, &exit):
		summary.ExitCode = exit.code
		summary.Error = err.Error()
	case err != nil:
		summary.Error = err.Error()
	case !summary.Detached:
		summary.ExitCode = 0
	}
	return summary
}

// stream is remotecommand's streamProtocolV2/V3/V4 stream(): create the streams (error first), watch the error
// stream, send resizes, copy stdin, copy stdout and stderr, wait for them, then for the error stream.
func stream(conn *connection, options execOptions, summary *execSummary, stdout, stderr *lockedBuffer) error {
	v3 := conn.protocol == "v4.channel.k8s.io" || conn.protocol == "v3.channel.k8s.io"
	hasStdin := options.stdinSet || options.keepStdin
	hasStderr := options.stderr && !options.tty
	hasResize := options.tty && v3
	open := func(streamType string) (*spdystream.Stream, error) {
		headers := http.Header{}
		headers.Set("streamType", streamType)
		summary.Streams = append(summary.Streams, streamType)
		return conn.createStream(headers)
	}
	var errorStream, remoteStdin, remoteStdout, remoteStderr, resizeStream *spdystream.Stream
	var err error
	if errorStream, err = open("error"); err != nil {
		return err
	}
	if hasStdin {
		if remoteStdin, err = open("stdin"); err != nil {
			return err
		}
	}
	if options.stdout {
		if remoteStdout, err = open("stdout"); err != nil {
			return err
		}
	}
	if hasStderr {
		if remoteStderr, err = open("stderr"); err != nil {
			return err
		}
	}
	if hasResize {
		if resizeStream, err = open("resize"); err != nil {
			return err
		}
	}

	errorChan := watchErrorStream(errorStream, conn.protocol)
	if hasResize && options.resize != "" {
		var width, height uint16
		if _, err := fmt.Sscanf(options.resize, "%dx%d", &width, &height); err != nil {
			return fmt.Errorf("resize %q: %v", options.resize, err)
		}
		// remotecommand's handleResizes: one JSON TerminalSize per size, written by json.Encoder
		go json.NewEncoder(resizeStream).Encode(struct{ Width, Height uint16 }{width, height})
	}
	if hasStdin {
		copyStdin(remoteStdin, options)
	}
	var wg sync.WaitGroup
	copyOutput(&wg, stdout, remoteStdout)
	copyOutput(&wg, stderr, remoteStderr)

	if options.until != "" {
		// an attach ends when its user detaches: the executor's context ends and the connection is closed
		finished := make(chan struct{})
		go func() { wg.Wait(); close(finished) }()
		select {
		case <-stdout.matched:
			summary.Detached = true
			return nil
		case <-finished:
		}
	} else {
		wg.Wait()
	}
	result := <-errorChan
	summary.ErrorStream = string(result.message)
	return result.err
}

func copyStdin(remoteStdin *spdystream.Stream, options execOptions) {
	var once sync.Once
	if !options.keepStdin {
		go func() {
			defer once.Do(func() { remoteStdin.Close() })
			remoteStdin.Write([]byte(options.stdin))
		}()
	}
	// waits for the server to close stdin, then closes this side
	go func() {
		defer once.Do(func() { remoteStdin.Close() })
		io.Copy(io.Discard, remoteStdin)
	}()
}

func copyOutput(wg *sync.WaitGroup, to io.Writer, from *spdystream.Stream) {
	if from == nil {
		return
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer io.Copy(io.Discard, from)
		io.Copy(to, from)
	}()
}

// exitError is client-go's exec.CodeExitError.
type exitError struct {
	err  error
	code int
}

func (e exitError) Error() string { return e.err.Error() }

// errorResult is what the error stream said, raw, and what client-go makes of it.
type errorResult struct {
	message []byte
	err     error
}

// watchErrorStream is remotecommand's: the whole error stream, read to its end, then decoded.
func watchErrorStream(errorStream io.Reader, protocol string) <-chan errorResult {
	errorChan := make(chan errorResult, 1)
	go func() {
		message, err := io.ReadAll(errorStream)
		switch {
		case err != nil && err != io.EOF:
			errorChan <- errorResult{message, fmt.Errorf("error reading from error stream: %s", err)}
		case len(message) > 0 && protocol == "v4.channel.k8s.io":
			errorChan <- errorResult{message, decodeV4(message)}
		case len(message) > 0:
			errorChan <- errorResult{message, fmt.Errorf("error executing remote command: %s", message)}
		default:
			errorChan <- errorResult{}
		}
		close(errorChan)
	}()
	return errorChan
}

// status is the part of metav1.Status the v4 error stream carries.
type status struct {
	Status  string `json:"status"`
	Message string `json:"message"`
	Reason  string `json:"reason"`
	Details *struct {
		Causes []struct {
			Type    string `json:"reason"`
			Message string `json:"message"`
		} `json:"causes"`
	} `json:"details"`
}

// decodeV4 is remotecommand's errorDecoderV4.
func decodeV4(message []byte) error {
	s := status{}
	if err := json.Unmarshal(message, &s); err != nil {
		return fmt.Errorf("error stream protocol error: %v in %q", err, string(message))
	}
	switch s.Status {
	case "Success":
		return nil
	case "Failure":
		if s.Reason == "NonZeroExitCode" {
			if s.Details == nil {
				return errors.New("error stream protocol error: details must be set")
			}
			for _, cause := range s.Details.Causes {
				if cause.Type != "ExitCode" {
					continue
				}
				rc, err := strconv.ParseUint(cause.Message, 10, 8)
				if err != nil {
					return fmt.Errorf("error stream protocol error: invalid exit code value %q", cause.Message)
				}
				return exitError{fmt.Errorf("command terminated with non-zero exit code: %v", s.Message), int(rc)}
			}
			return errors.New("error stream protocol error: no ExitCode cause given")
		}
	default:
		return errors.New("error stream protocol error: unknown error")
	}
	return errors.New(s.Message)
}
