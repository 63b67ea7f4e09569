package org.companyner.serve;

import org.companyner.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServeCommandTest {
    private static final String MODELS = "default=../models/default";

    /** Runs the command as {@code main} does, without exiting; returns the exit code and what it printed on stderr. */
    private static Run run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = ServeCommand.commandLine();
        cli.setErr(new PrintWriter(err, true));
        return new Run(cli.execute(args), err.toString());
    }

    private record Run(int exit, String err) {
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // the old code started serving instead
    void anEmptyOrBlankTokenFileIsAOneLineStartUpErrorNotNoAuthentication(@TempDir Path dir) throws Exception {
        for (String content : List.of("", "  \n\t\n")) {
            Path file = Files.writeString(dir.resolve("token"), content);
            Run r = run("--port", "0", "--models", MODELS, "--token-file", file.toString());
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).isEqualTo("error: token file " + file + " is empty" + System.lineSeparator());
        }
    }

    @Test
    void aTokenFileWithSpacesOrSeveralLinesOrNoFileIsAOneLineError(@TempDir Path dir) throws Exception {
        Path twoLines = Files.writeString(dir.resolve("two"), "abc\ndef\n");
        Run r = run("--port", "0", "--models", MODELS, "--token-file", twoLines.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: token file " + twoLines + " must hold one token").hasLineCount(1);
        Run missing = run("--port", "0", "--models", MODELS, "--token-file", dir.resolve("nope").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("error: no such token file: " + dir.resolve("nope") + System.lineSeparator());
    }

    @Test
    void aTokenFileWithATrailingNewlineIsItsToken(@TempDir Path dir) throws Exception {
        assertThat(ServeCommand.readToken(Files.writeString(dir.resolve("t"), "s3cret\n"))).isEqualTo("s3cret");
    }

    /**
     * The whole path a supervisor takes: a child JVM runs {@code serve}, a request is in flight (its
     * body still arriving), SIGTERM comes; the server refuses new work, lets that request finish well
     * past Jetty's old 5 s stop timeout, and exits 0 without a stack trace.
     */
    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void sigtermLetsASlowRequestInFlightFinishThenExitsZeroQuietly() throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", cp, ServeCommand.class.getName(), "--port", "0",
                "--models", MODELS, "--threads", "1", "--drain-seconds", "30", "--body-timeout-seconds", "30")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        List<String> stderr = new ArrayList<>();
        Thread drain = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    synchronized (stderr) {
                        stderr.add(line);
                        stderr.notifyAll();
                    }
                }
            } catch (java.io.IOException ignored) {
                // the child is gone
            }
        });
        drain.start();
        try {
            int port = awaitPort(stderr, p);
            byte[] body = "{\"articles\": [\"受消息影响，招商银行股价上涨。\"]}".getBytes(StandardCharsets.UTF_8);
            try (Socket inFlight = new Socket("127.0.0.1", port)) {
                inFlight.setSoTimeout(40_000);
                OutputStream out = inFlight.getOutputStream();
                out.write(("POST /v1/recognize HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body, 0, 10);
                out.flush();
                Thread.sleep(500); // the request is in its handler, reading
                long signalled = System.nanoTime();
                p.toHandle().destroy(); // SIGTERM (Process.destroy() would also close our end of its stderr)
                Thread.sleep(1000);
                HttpResponse<String> health = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(health.statusCode()).isEqualTo(503);
                assertThat(health.body()).contains("draining");
                HttpResponse<String> refused = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/recognize")).timeout(Duration.ofSeconds(5))
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(refused.statusCode()).isEqualTo(503);
                assertThat(refused.body()).contains("shutting down");
                long wait = TimeUnit.SECONDS.toNanos(6) - (System.nanoTime() - signalled);
                Thread.sleep(Math.max(0, TimeUnit.NANOSECONDS.toMillis(wait))); // past the old 5 s cut-off
                out.write(body, 10, body.length - 10);
                out.flush();
                String reply = readReply(inFlight);
                assertThat(reply).startsWith("HTTP/1.1 200").contains("招商银行");
            }
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("exits after the drain").isTrue();
            assertThat(p.exitValue()).isEqualTo(0);
        } finally {
            p.destroyForcibly();
            drain.join(5_000);
        }
        String log;
        synchronized (stderr) {
            log = String.join("\n", stderr);
        }
        assertThat(log).contains("company-ner stopped").doesNotContain("\tat ").doesNotContain("Exception")
                .doesNotContain("WARN").doesNotContain("ERROR");
    }

    private static int awaitPort(List<String> stderr, Process p) throws InterruptedException {
        Pattern serving = Pattern.compile("serving .* on http://[^:]+:(\\d+)");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        synchronized (stderr) {
            while (System.nanoTime() < deadline) {
                for (String line : stderr) {
                    Matcher m = serving.matcher(line);
                    if (m.find()) {
                        return Integer.parseInt(m.group(1));
                    }
                }
                if (!p.isAlive()) {
                    stderr.wait(1000); // the rest of its output
                    throw new AssertionError("serve exited early (" + p.exitValue() + "): " + stderr);
                }
                stderr.wait(500);
            }
        }
        throw new AssertionError("serve did not start: " + stderr);
    }

    /** One HTTP/1.1 reply with a Content-Length body. */
    private static String readReply(Socket s) throws Exception {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        var in = s.getInputStream();
        for (int n; (n = in.read(buf)) >= 0; ) {
            got.write(buf, 0, n);
            String text = got.toString(StandardCharsets.UTF_8);
            int head = text.indexOf("\r\n\r\n");
            Matcher len = Pattern.compile("(?i)content-length: (\\d+)").matcher(text);
            if (head >= 0 && len.find()
                    && got.size() >= head + 4 + Integer.parseInt(len.group(1))) {
                break;
            }
        }
        return got.toString(StandardCharsets.UTF_8);
    }

    private static ServeCommand command(int port) {
        ServeCommand c = new ServeCommand();
        c.port = port;
        c.host = ServerConfig.DEFAULT_HOST;
        c.threads = 1;
        c.models = List.of("default=../models/default");
        return c;
    }

    @Test
    void portOutOfRangeIsAUserErrorBeforeAnyModelLoads() {
        ServeCommand c = command(99999);
        c.models = List.of("default=target/no-such-model");
        assertThatThrownBy(c::call).isInstanceOf(UserError.class).hasMessage("--port must be 0..65535, got 99999");
        assertThatThrownBy(command(-1)::call).isInstanceOf(UserError.class).hasMessageContaining("--port must be 0..65535");
    }

    @Test
    void portAlreadyInUseIsAOneLineUserError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(ServerConfig.DEFAULT_HOST))) {
            int port = taken.getLocalPort();
            assertThatThrownBy(command(port)::call).isInstanceOf(UserError.class)
                    .hasMessageStartingWith("port " + port + " is already in use on 127.0.0.1")
                    .satisfies(e -> org.assertj.core.api.Assertions.assertThat(e.getMessage()).doesNotContain("\n"));
        }
    }
}
