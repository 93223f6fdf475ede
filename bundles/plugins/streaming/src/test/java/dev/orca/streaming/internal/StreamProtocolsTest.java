package dev.orca.streaming.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StreamProtocolsTest {

    @Test
    void theClientsFirstSupportedChoiceWins() {
        assertEquals(Optional.of(StreamProtocols.V4), StreamProtocols.negotiate(List.of("v9.channel.k8s.io",
                StreamProtocols.V4, StreamProtocols.V3), StreamProtocols.SPDY_REMOTE_COMMAND, StreamProtocols.V1));
    }

    @Test
    void commaSeparatedOffersCount() {
        assertEquals(Optional.of(StreamProtocols.V3), StreamProtocols.negotiate(List.of("v3.channel.k8s.io, "
                + "v2.channel.k8s.io"), StreamProtocols.SPDY_REMOTE_COMMAND, StreamProtocols.V1));
    }

    @Test
    void noOfferMeansTheFallbackAndNoCommonOneMeansNone() {
        assertEquals(Optional.of(StreamProtocols.PORT_FORWARD), StreamProtocols.negotiate(List.of(),
                StreamProtocols.SPDY_PORT_FORWARD, StreamProtocols.PORT_FORWARD));
        assertEquals(Optional.empty(), StreamProtocols.negotiate(List.of("v9.channel.k8s.io"),
                StreamProtocols.SPDY_REMOTE_COMMAND, StreamProtocols.V1));
    }
}
