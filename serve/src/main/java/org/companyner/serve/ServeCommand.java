package org.companyner.serve;

import org.companyner.UserError;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code serve}: the JSON recognition service for every model version, until SIGTERM or Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serves POST /v1/recognize {\"articles\": [...], \"model\": NAME}, GET /v1/models, /health, /metrics.",
                "Binds to 127.0.0.1 unless --host says otherwise. SIGTERM or Ctrl-C stops it after the requests in flight."})
public final class ServeCommand implements Callable<Integer> {
    /** {@code company-ner serve ...}: exit 2 with a one-line message on bad options or models. */
    public static void main(String[] args) throws InterruptedException {
        // ONNX Runtime opens a model with deep native stacks: on the launcher's main thread (1 MB) the JVM
        // died by SIGSEGV while loading the model (exit 139, no hs_err file), so the command gets its own
        int[] exit = {1};
        Thread serve = new Thread(null, () -> exit[0] = commandLine().execute(args), "serve", 16L << 20);
        serve.start();
        serve.join();
        System.exit(exit[0]);
    }

    /** The command with its error handling, as {@link #main} runs it (tests run it the same way). */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new ServeCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof UserError) {
                commandLine.getErr().println("error: " + e.getMessage());
                return 2;
            }
            commandLine.getErr().println("error: internal failure: " + e);
            return 1;
        });
        return cli;
    }

    @Option(names = "--port", defaultValue = "8080", description = "Port (default ${DEFAULT-VALUE}; 0 = any free port).")
    int port;
    @Option(names = "--host", defaultValue = ServerConfig.DEFAULT_HOST, description = "Address to bind (default ${DEFAULT-VALUE}).")
    String host;
    @Option(names = "--models", split = ",", paramLabel = "NAME=DIR",
            description = "Models to serve, e.g. default=models/default,electra=runs/electra-small (default: the shipped model as 'default').")
    List<String> models;
    @Option(names = "--threads", defaultValue = "2", description = "ONNX Runtime threads per model (default ${DEFAULT-VALUE}).")
    int threads;
    @Option(names = "--token-file", paramLabel = "FILE",
            description = "Require 'Authorization: Bearer TOKEN' on /v1/* with the token in FILE (one line; an empty file is an error).")
    Path tokenFile;
    @Option(names = "--body-timeout-seconds", defaultValue = "10", paramLabel = "S",
            description = "A client must send a whole request body within S seconds, or gets 408 (default ${DEFAULT-VALUE}).")
    int bodyTimeoutSeconds;
    @Option(names = "--drain-seconds", defaultValue = "30", paramLabel = "S",
            description = "On SIGTERM/Ctrl-C, refuse new requests and give those in flight up to S seconds to finish (default ${DEFAULT-VALUE}).")
    int drainSeconds;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new UserError("--port must be 0..65535, got " + port);
        }
        checkPortFree(host, port);
        Map<String, Path> dirs = new LinkedHashMap<>();
        if (models == null || models.isEmpty()) {
            dirs.put("default", Path.of(System.getProperty("companyner.home", "."), "models", "default"));
        } else {
            for (String m : models) {
                int eq = m.indexOf('=');
                if (eq <= 0 || eq == m.length() - 1) {
                    throw new UserError("--models takes NAME=DIR pairs, got '" + m + "'");
                }
                dirs.put(m.substring(0, eq), Path.of(m.substring(eq + 1)));
            }
        }
        if (bodyTimeoutSeconds <= 0) {
            throw new UserError("--body-timeout-seconds must be positive, got " + bodyTimeoutSeconds);
        }
        if (drainSeconds < 0) {
            throw new UserError("--drain-seconds must be 0 or more, got " + drainSeconds);
        }
        ServerConfig config = ServerConfig.defaults(port).withHost(host).withThreads(threads)
                .withBodyTimeout(Duration.ofSeconds(bodyTimeoutSeconds)).withDrainTimeout(Duration.ofSeconds(drainSeconds));
        if (tokenFile != null) {
            config = config.withBearerToken(readToken(tokenFile));
        }
        RecognitionServer server = new RecognitionServer(dirs, config);
        server.preload();
        int bound = server.start();
        System.err.println("company-ner serving " + dirs.keySet() + " on http://" + host + ":" + bound + " (Ctrl-C stops)");

        CountDownLatch stop = new CountDownLatch(1);
        // SIGTERM and Ctrl-C are handled here rather than by the JVM's shutdown, so the drain runs on this
        // thread and the process exits 0; the hook covers any other way the JVM is asked to exit
        boolean signals = Signals.onStop(stop::countDown);
        Thread hook = new Thread(server::shutdown, "serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        stop.await();
        System.err.println("company-ner stopping: finishing requests in flight (up to " + drainSeconds + " s)");
        int cut = server.shutdown();
        if (signals) {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        System.err.println(cut == 0 ? "company-ner stopped" : "company-ner stopped, " + cut + " request(s) cut off");
        return 0;
    }

    /**
     * Fails with one line when {@code host:port} cannot be bound, before any model loads. Asked up
     * front because Javalin 6 loses Jetty's {@link java.net.BindException}: the stop that follows a
     * failed start throws over it ("IllegalStateException: STOPPED").
     */
    static void checkPortFree(String host, int port) {
        if (port == 0) {
            return;
        }
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true); // as Jetty's connector does: a port in TIME_WAIT is free
            probe.bind(new java.net.InetSocketAddress(host, port));
        } catch (java.net.BindException e) {
            throw new UserError(String.valueOf(e.getMessage()).contains("in use")
                    ? "port " + port + " is already in use on " + host + "; stop the other server or choose another --port"
                    : "cannot listen on " + host + ":" + port + " (" + e.getMessage() + "); check --host and --port");
        } catch (java.io.IOException e) {
            // anything else (e.g. an unresolvable --host) is left to the server to report
        }
    }

    /** The token in {@code file}: one line of visible ASCII, surrounding whitespace ignored; anything else is a {@link UserError}. */
    static String readToken(Path file) {
        String token;
        try {
            token = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (CharacterCodingException e) {
            throw new UserError("token file " + file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new UserError(Files.exists(file) ? "cannot read token file " + file + ": " + e.getMessage()
                    : "no such token file: " + file);
        }
        if (token.isEmpty()) {
            // an empty token must never mean "no authentication": the operator asked for one
            throw new UserError("token file " + file + " is empty");
        }
        if (!ServerConfig.isToken(token)) {
            throw new UserError("token file " + file + " must hold one token: one line of visible ASCII characters, no spaces");
        }
        return token;
    }
}
