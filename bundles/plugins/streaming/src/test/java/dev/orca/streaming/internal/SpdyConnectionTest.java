package dev.orca.streaming.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdySynReplyFrame;
import io.netty.handler.codec.spdy.SpdyVersion;
import org.junit.jupiter.api.Test;

class SpdyConnectionTest {

    /** spdystream (the kubelet's client) reads a header count from every SYN_REPLY; Netty writes none for no headers. */
    @Test
    void aStreamsReplyCarriesAHeaderBlock() {
        EmbeddedChannel server = new EmbeddedChannel(new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
        server.writeOutbound(SpdyConnection.reply(7));
        ByteBuf frame = server.readOutbound();
        assertEquals(0x8003_0002, frame.getInt(0), "a SPDY/3 SYN_REPLY");
        int length = frame.getInt(4) & 0xffffff;
        assertTrue(length > 4, "the SYN_REPLY holds a stream ID and no header block: " + length + " bytes");

        EmbeddedChannel client = new EmbeddedChannel(new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
        client.writeInbound(frame);
        SpdySynReplyFrame reply = client.readInbound();
        assertEquals(7, reply.streamId());
        assertEquals("200", reply.headers().getAsString(":status"));
        server.finishAndReleaseAll();
        client.finishAndReleaseAll();
    }
}
