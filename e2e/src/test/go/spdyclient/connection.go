package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/moby/spdystream"
)

type connection struct {
	conn      *spdystream.Connection
	protocol  string
	lock      sync.Mutex
	streams   []*spdystream.Stream
	pings     int
	pingError string
}

// dial does what SpdyRoundTripper.Dial and spdy.Negotiate do: a POST with the upgrade headers and one
// X-Stream-Protocol-Version per protocol offered, the response read through a bufio.Reader, then the raw socket
// handed to spdystream.
func dial(target string, protocols []string, pingPeriod time.Duration) (*connection, error) {
	location, err := url.Parse(target)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequest("POST", target, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Add("Connection", "Upgrade")
	req.Header.Add("Upgrade", "SPDY/3.1")
	for _, protocol := range protocols {
		req.Header.Add(headerProtocolVersion, protocol)
	}
	req.Header.Set("User-Agent", "spdyclient (client-go's SPDY framing, moby/spdystream)")
	raw, err := net.DialTimeout("tcp", location.Host, 10*time.Second)
	if err != nil {
		return nil, err
	}
	trace("connected to %s", location.Host)
	if err := req.Write(raw); err != nil {
		raw.Close()
		return nil, err
	}
	resp, err := http.ReadResponse(bufio.NewReader(raw), req)
	if err != nil {
		raw.Close()
		return nil, fmt.Errorf("error reading the upgrade response: %v", err)
	}
	trace("upgrade answered %s, %s %q", resp.Status, headerProtocolVersion, resp.Header.Get(headerProtocolVersion))
	connectionHeader := strings.ToLower(resp.Header.Get("Connection"))
	upgradeHeader := strings.ToLower(resp.Header.Get("Upgrade"))
	if resp.StatusCode != http.StatusSwitchingProtocols || !strings.Contains(connectionHeader, "upgrade") ||
		!strings.Contains(upgradeHeader, "spdy/3.1") {
		defer raw.Close()
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
		return nil, fmt.Errorf("unable to upgrade connection: %d %s", resp.StatusCode, strings.TrimSpace(string(body)))
	}
	spdyConn, err := spdystream.NewConnection(raw, false)
	if err != nil {
		raw.Close()
		return nil, err
	}
	c := &connection{conn: spdyConn, protocol: resp.Header.Get(headerProtocolVersion)}
	go spdyConn.Serve(c.newStream)
	if pingPeriod > 0 {
		go c.sendPings(pingPeriod)
	}
	return c, nil
}

// newStream accepts what the server opens, as NoOpNewStreamHandler does (servers here open none).
func (c *connection) newStream(stream *spdystream.Stream) {
	c.register(stream)
	stream.SendReply(http.Header{}, false)
}

func (c *connection) register(stream *spdystream.Stream) {
	c.lock.Lock()
	c.streams = append(c.streams, stream)
	c.lock.Unlock()
}

func (c *connection) sendPings(period time.Duration) {
	ticker := time.NewTicker(period)
	defer ticker.Stop()
	for {
		select {
		case <-c.conn.CloseChan():
			return
		case <-ticker.C:
		}
		if _, err := c.conn.Ping(); err != nil {
			c.lock.Lock()
			c.pingError = err.Error()
			c.lock.Unlock()
			return
		}
		c.lock.Lock()
		c.pings++
		c.lock.Unlock()
	}
}

// createStream opens a stream and waits for its SYN_REPLY, one stream at a time.
func (c *connection) createStream(headers http.Header) (*spdystream.Stream, error) {
	stream, err := c.conn.CreateStream(headers, nil, false)
	if err != nil {
		return nil, err
	}
	trace("stream %d %v sent", stream.Identifier(), headers)
	if err := stream.WaitTimeout(streamCreateTimeout); err != nil {
		return nil, fmt.Errorf("stream %v: %v", headers, err)
	}
	trace("stream %d replied", stream.Identifier())
	c.register(stream)
	return stream, nil
}

// close resets every stream, then closes the connection (GOAWAY), as httpstream/spdy's Close does.
func (c *connection) close() {
	c.lock.Lock()
	for _, s := range c.streams {
		s.Reset()
	}
	c.streams = nil
	c.lock.Unlock()
	c.conn.Close()
}

func (c *connection) pingSummary() (int, string) {
	c.lock.Lock()
	defer c.lock.Unlock()
	return c.pings, c.pingError
}
