package org.companyner.library;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The library as a user gets it: {@code mvn install} of this project's artifacts into a temporary local
 * repository (dependencies come from the local repository of the outer build, usually ~/.m2, through a file://
 * repository, else Maven Central; that repository is never written), then a separate ten-line project that depends on
 * {@code org.companyner:company-ner} alone is compiled and run, and its output checked.
 */
class ConsumerProjectTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void aSeparateProjectBuildsAgainstTheInstalledArtifactsAndRuns(@TempDir Path tmp) throws Exception {
        String mvn = onPath(isWindows() ? "mvn.cmd" : "mvn");
        assumeTrue(mvn != null, "mvn is not on the PATH");
        Path repo = tmp.resolve("repo");
        Path settings = tmp.resolve("settings.xml");
        String outer = System.getProperty("companyner.localRepository", "");
        Path userRepo = !outer.isBlank() && !outer.startsWith("${") ? Path.of(outer)
                : Path.of(System.getProperty("user.home"), ".m2", "repository");
        Files.writeString(settings, """
                <settings>
                  <profiles><profile><id>user-cache</id>
                    <repositories><repository><id>user-cache</id><url>%1$s</url></repository></repositories>
                    <pluginRepositories><pluginRepository><id>user-cache</id><url>%1$s</url></pluginRepository></pluginRepositories>
                  </profile></profiles>
                  <activeProfiles><activeProfile>user-cache</activeProfile></activeProfiles>
                </settings>
                """.formatted(userRepo.toUri()));
        List<String> common = List.of("-q", "-B", "-s", settings.toString(), "-Dmaven.repo.local=" + repo);

        run(ROOT, concat(List.of(mvn), common, List.of("install", "-Dmaven.test.skip=true", "-pl", "library", "-am")));
        assertThat(repo.resolve("org/companyner/company-ner/0.1.0/company-ner-0.1.0.jar")).exists();
        assertThat(repo.resolve("org/companyner/company-ner-model-default/0.1.0/company-ner-model-default-0.1.0.jar")).exists();

        Path consumer = tmp.resolve("consumer");
        copyTree(Path.of("src/test/consumer").toAbsolutePath(), consumer);
        run(consumer, concat(List.of(mvn), common, List.of("compile", "dependency:build-classpath", "-Dmdep.outputFile=cp.txt")));
        String cp = consumer.resolve("target/classes") + File.pathSeparator + Files.readString(consumer.resolve("cp.txt")).trim();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String out = run(consumer, List.of(java, "-cp", cp, "demo.Demo"));

        assertThat(out.lines().toList()).contains(
                "0 11 贵州茅台酒股份有限公司 600519",
                "17 19 茅台 600519",
                "26 28 茅台 600519");
    }

    private static String run(Path dir, List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        assertThat(p.exitValue()).as("%s in %s:%n%s", command, dir, out).isZero();
        return out;
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        List<String> out = new ArrayList<>();
        for (List<String> p : parts) {
            out.addAll(p);
        }
        return out;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    private static String onPath(String exe) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String d : path.split(File.pathSeparator)) {
            Path p = Path.of(d, exe);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase().startsWith("windows");
    }
}
