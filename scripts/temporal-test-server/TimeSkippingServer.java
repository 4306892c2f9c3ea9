import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import java.time.Instant;

/**
 * The Temporal Java time-skipping test server with a settable start instant, so tests that depend on the
 * calendar (month ends, due dates, reminders) run the same on any date: `<port> [--enable-time-skipping]
 * [--initial-time 2026-11-29T00:00:00Z] [--start-locked]`. Without --initial-time the server starts at the wall clock, as
 * io.temporal.testserver.TestServer does (whose main has no such flag; this is its createPortBoundServer with
 * the initial time TestServicesStarter already accepts).
 */
public final class TimeSkippingServer {
  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("Usage: <port> [--enable-time-skipping] [--initial-time <ISO-8601 instant>] [--start-locked]");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    boolean lockTimeSkipping = true; // as TestServer.main: skipping stays locked unless the flag is given
    boolean startLocked = false;
    long initialTimeMillis = 0; // 0: the server reads the wall clock
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--enable-time-skipping" -> lockTimeSkipping = false;
        case "--start-locked" -> startLocked = true;
        case "--initial-time" -> initialTimeMillis = Instant.parse(args[++i]).toEpochMilli();
        default -> {
          System.err.println("unknown argument: " + args[i]);
          System.exit(2);
        }
      }
    }
    // --start-locked wins over --enable-time-skipping (which the TypeScript SDK always passes): skipping then
    // happens only inside a client's sleep or result wait, as in the Java SDK's own test environment.
    TestServicesStarter starter = new TestServicesStarter(lockTimeSkipping || startLocked, initialTimeMillis);
    ServerBuilder<?> builder = Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create());
    GRPCServerHelper.registerServicesAndHealthChecks(starter.getServices(), builder);
    Server server = builder.build().start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.shutdownNow();
      starter.close();
    }));
    server.awaitTermination();
  }
}
