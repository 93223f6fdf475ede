// Command spdyclient drives a Kubernetes streaming server (exec, attach, port-forward over SPDY/3.1) the way the
// kubelet's and crictl's client-go does, on the same SPDY library: github.com/moby/spdystream, from Debian's
// golang-github-docker-spdystream-dev. It follows apimachinery's SpdyRoundTripper (the HTTP/1.1 upgrade),
// httpstream/spdy's connection (streams created one at a time, each awaited; pings), client-go's remotecommand
// (v4 down to v1) and tools/portforward, then prints one JSON summary on stdout for the e2e test to check.
//
// Built in GOPATH mode, offline:
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o spdyclient .
//
// Usage:
//
//	spdyclient exec URL [-stdin TEXT] [-keep-stdin] [-stdout] [-stderr] [-tty] [-resize WxH] [-until TEXT]
//	spdyclient portforward URL -port N [-send TEXT] [-repeat N] [-connections N]
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sync"
	"time"
)

const (
	headerProtocolVersion = "X-Stream-Protocol-Version"
	streamCreateTimeout   = 30 * time.Second // httpstream/spdy's createStreamResponseTimeout
)

// The protocols client-go offers over SPDY, in its order.
var (
	remoteCommandProtocols = []string{"v4.channel.k8s.io", "v3.channel.k8s.io", "v2.channel.k8s.io",
		"channel.k8s.io"}
	portForwardProtocols = []string{"portforward.k8s.io"}
)

func main() {
	if len(os.Args) < 3 {
		fail("usage: spdyclient exec|portforward URL [flags]")
	}
	mode, target := os.Args[1], os.Args[2]
	flags := flag.NewFlagSet(mode, flag.ExitOnError)
	timeout := flags.Duration("timeout", 20*time.Second, "give up after this long")
	pingPeriod := flags.Duration("ping", 5*time.Second, "SPDY ping period (client-go's RoundTripperFor: 5 s)")
	var summary interface{}
	switch mode {
	case "exec":
		options := execOptions{}
		flags.StringVar(&options.stdin, "stdin", "", "send this on stdin, then close it")
		flags.BoolVar(&options.keepStdin, "keep-stdin", false, "open stdin and keep it open, as a terminal does")
		flags.BoolVar(&options.stdout, "stdout", true, "open stdout")
		flags.BoolVar(&options.stderr, "stderr", false, "open stderr")
		flags.BoolVar(&options.tty, "tty", false, "a terminal: no stderr stream, a resize stream")
		flags.StringVar(&options.resize, "resize", "", "terminal size WIDTHxHEIGHT, sent as soon as the streams exist")
		flags.StringVar(&options.until, "until", "", "detach (close the connection) once stdout shows this")
		flags.Parse(os.Args[3:])
		options.stdinSet = isSet(flags, "stdin")
		summary = runWithTimeout(*timeout, func() interface{} { return execute(target, options, *pingPeriod) })
	case "portforward":
		options := forwardOptions{}
		flags.IntVar(&options.port, "port", 0, "the pod's port")
		flags.StringVar(&options.send, "send", "", "what each local connection sends before closing its side")
		flags.IntVar(&options.repeat, "repeat", 1, "send the text this many times")
		flags.IntVar(&options.connections, "connections", 1, "local connections, one after the other")
		flags.Parse(os.Args[3:])
		summary = runWithTimeout(*timeout, func() interface{} { return forward(target, options, *pingPeriod) })
	default:
		fail("unknown mode " + mode)
	}
	out, _ := json.Marshal(summary)
	fmt.Println(string(out))
}

func isSet(flags *flag.FlagSet, name string) bool {
	set := false
	flags.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

func runWithTimeout(timeout time.Duration, run func() interface{}) interface{} {
	done := make(chan interface{}, 1)
	go func() { done <- run() }()
	select {
	case summary := <-done:
		return summary
	case <-time.After(timeout):
		traceLock.Lock()
		defer traceLock.Unlock()
		return map[string]interface{}{"error": fmt.Sprintf("timed out after %s", timeout), "trace": traced}
	}
}

var (
	started   = time.Now()
	traceLock sync.Mutex
	traced    []string
)

// trace notes a step, reported when the client times out.
func trace(format string, args ...interface{}) {
	traceLock.Lock()
	defer traceLock.Unlock()
	traced = append(traced, fmt.Sprintf("%4dms ", time.Since(started).Milliseconds())+fmt.Sprintf(format, args...))
}

func fail(message string) {
	fmt.Fprintln(os.Stderr, message)
	os.Exit(2)
}

// connection is httpstream/spdy's connection: a spdystream.Connection, its streams, and pings.
