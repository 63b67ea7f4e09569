package org.companyner.serve;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.companyner.UserError;
import org.junit.jupiter.api.Test;

class ServeCommandTest {
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
