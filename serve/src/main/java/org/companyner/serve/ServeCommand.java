package org.companyner.serve;

import org.companyner.UserError;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code serve}: the JSON recognition service for every model version, until Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serves POST /v1/recognize {\"articles\": [...], \"model\": NAME}, GET /v1/models, /health, /metrics.",
                "Binds to 127.0.0.1 unless --host says otherwise."})
public final class ServeCommand implements Callable<Integer> {
    /** {@code company-ner serve ...}: exit 2 with a one-line message on bad options or models. */
    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new ServeCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof UserError) {
                commandLine.getErr().println("error: " + e.getMessage());
                return 2;
            }
            commandLine.getErr().println("error: internal failure: " + e);
            return 1;
        });
        System.exit(cli.execute(args));
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
    @Option(names = "--token-file", paramLabel = "FILE", description = "Require 'Authorization: Bearer TOKEN' with the token in FILE.")
    Path tokenFile;

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
        ServerConfig config = ServerConfig.defaults(port).withHost(host).withThreads(threads);
        if (tokenFile != null) {
            if (!Files.isRegularFile(tokenFile)) {
                throw new UserError("no such file: " + tokenFile);
            }
            config = config.withBearerToken(Files.readString(tokenFile, StandardCharsets.UTF_8).strip());
        }
        RecognitionServer server = new RecognitionServer(dirs, config);
        server.preload();
        int bound = server.start();
        System.err.println("company-ner serving " + dirs.keySet() + " on http://" + host + ":" + bound + " (Ctrl-C stops)");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close(); // finishes in-flight requests, then closes the models
            stopped.countDown();
        }));
        stopped.await();
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
}
