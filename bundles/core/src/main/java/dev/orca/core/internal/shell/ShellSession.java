package dev.orca.core.internal.shell;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.UserPrincipal;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One operator's shell over a unix socket connection: a line, its result, a prompt, until EOF or {@code exit}. */
final class ShellSession implements Runnable {

    static final String PROMPT = "orca> ";
    private static final Logger LOG = LoggerFactory.getLogger(ShellSession.class);

    private final SocketChannel channel;
    private final CommandProcessor processor;

    ShellSession(SocketChannel channel, CommandProcessor processor) {
        this.channel = channel;
        this.processor = processor;
    }

    @Override
    public void run() {
        try (channel) {
            UserPrincipal peer = peer();
            InputStream in = ChannelStreams.input(channel);
            PrintStream out = new PrintStream(ChannelStreams.output(channel), true, StandardCharsets.UTF_8);
            if (!"root".equals(peer.getName())) {
                LOG.warn("shell connection from user {} refused: the shell is for root only", peer.getName());
                out.println("orca shell: only root may use the shell");
                return;
            }
            LOG.info("shell session opened by {}", peer.getName());
            converse(in, out);
            LOG.info("shell session closed");
        } catch (IOException e) {
            LOG.info("shell session ended: {}", e.getMessage());
        }
    }

    private UserPrincipal peer() throws IOException {
        UnixDomainPrincipal principal = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
        return principal.user();
    }

    private void converse(InputStream in, PrintStream out) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        try (CommandSession session = processor.createSession(in, out, out)) {
            out.println("Orca shell. Commands: orca:handlers, orca:pods, orca:containers, orca:images,"
                    + " orca:inspect ID, orca:services, orca:events, lb, scr:list, help; 'exit' leaves.");
            out.print(PROMPT);
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String command = line.strip();
                if (command.equals("exit") || command.equals("quit")) {
                    break;
                }
                if (!command.isEmpty()) {
                    execute(session, command, out);
                }
                out.print(PROMPT);
            }
        }
    }

    private static void execute(CommandSession session, String command, PrintStream out) {
        try {
            Object result = session.execute(command);
            if (result != null) {
                out.println(session.format(result, Converter.INSPECT));
            }
        } catch (Exception e) {
            out.println("error: " + e.getMessage());
        }
    }
}
