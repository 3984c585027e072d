package graphkit.neo4j;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.neo4j.cli.ExecutionContext;
import org.neo4j.commandline.admin.security.SetInitialPasswordCommand;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.SettingValueParsers;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import picocli.CommandLine;

/**
 * graphkit's local Neo4j: an embedded Neo4j Community DBMS with a Bolt connector on
 * 127.0.0.1, authentication on, and a generated password stored in a 0600 {@code auth.json}.
 *
 * <p>Started and stopped by {@code graphkit neo4j start|stop} (graphkit/server.py), which
 * passes the JVM flags (heap, module opens) and reads the "ready" line this prints once Bolt
 * listens. Every option is a {@code --name value} argument, falling back to the system property
 * {@code graphkit.neo4j.<name>}:
 *
 * <ul>
 *   <li>{@code --home DIR}: Neo4j home; the data lives in {@code DIR/data} (required)
 *   <li>{@code --port N}: Bolt port (default 7687); {@code --host H} (default 127.0.0.1)
 *   <li>{@code --pagecache SIZE}: page cache, e.g. 128m (default 128m)
 *   <li>{@code --auth-file FILE}: where the password is kept (default {@code DIR/auth.json})
 *   <li>{@code --config FILE}: optional extra neo4j.conf settings (default {@code DIR/neo4j.conf}
 *       when it exists)
 * </ul>
 *
 * <p>User Cypher reaches this DBMS (through graphkit's read-only sandbox), so it is run so that
 * no query can take the server down: one transaction may hold at most 60% of the heap and all
 * transactions together 70% (Neo4j's own default total; a query over the limit fails with a
 * MemoryPoolOutOfMemory error instead of the JVM exiting on OutOfMemoryError). graphkit's own
 * writes share those limits: one article of 1 MB writes ~10k relationships in one transaction,
 * which needs more than a quarter of the default 512 MB heap. LOAD CSV may not read local
 * files, and its import root is the empty {@code DIR/import}, not the folder holding
 * {@code auth.json}.
 *
 * <p>Exit codes: 0 clean shutdown, 1 start failure, 2 bad argument, 3 port in use, 4 data
 * folder locked by another Neo4j.
 */
public final class GraphkitNeo4j {
  /** Printed (with the Bolt URI after it) once the DBMS is up and Bolt accepts connections. */
  static final String READY = "graphkit-neo4j ready";

  static final String USER = "neo4j";

  private static final ObjectMapper JSON = new ObjectMapper();

  private GraphkitNeo4j() {}

  /** Thrown for a problem the user can fix; carries the process exit code. */
  static final class StartError extends Exception {
    final int code;

    StartError(String message, int code) {
      super(message);
      this.code = code;
    }
  }

  /** The launcher's options, resolved from arguments, then system properties, then defaults. */
  record Options(
      Path home, String host, int port, long pagecache, Path authFile, Path configFile) {

    Path dataDir() {
      return home.resolve("data");
    }

    String uri() {
      return "bolt://" + host + ":" + port;
    }

    static Options parse(String[] args) throws StartError {
      Map<String, String> given = new java.util.HashMap<>();
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        if (!arg.startsWith("--") || i + 1 >= args.length) {
          throw new StartError("bad argument " + arg + " (expected --name value)", 2);
        }
        given.put(arg.substring(2), args[++i]);
      }
      for (String key : given.keySet()) {
        if (!List.of("home", "host", "port", "pagecache", "auth-file", "config").contains(key)) {
          throw new StartError("unknown option --" + key, 2);
        }
      }
      String homeValue = option(given, "home", null);
      if (homeValue == null || homeValue.isBlank()) {
        throw new StartError("--home is required (the folder Neo4j keeps its data in)", 2);
      }
      Path home = Path.of(homeValue).toAbsolutePath().normalize();
      String host = option(given, "host", "127.0.0.1");
      int port;
      try {
        port = Integer.parseInt(option(given, "port", "7687"));
      } catch (NumberFormatException e) {
        throw new StartError("--port must be a number", 2);
      }
      if (port < 1 || port > 65535) {
        throw new StartError("--port must be between 1 and 65535, got " + port, 2);
      }
      String pagecacheValue = option(given, "pagecache", "128m");
      long pagecache;
      try {
        pagecache = SettingValueParsers.BYTES.parse(pagecacheValue);
      } catch (IllegalArgumentException e) {
        throw new StartError("--pagecache is not a size like 128m: " + pagecacheValue, 2);
      }
      Path authFile = Path.of(option(given, "auth-file", home.resolve("auth.json").toString()));
      Path configFile = Path.of(option(given, "config", home.resolve("neo4j.conf").toString()));
      return new Options(home, host, port, pagecache, authFile, configFile);
    }

    private static String option(Map<String, String> given, String name, String fallback) {
      String value = given.get(name);
      return value != null ? value : System.getProperty("graphkit.neo4j." + name, fallback);
    }
  }

  /**
   * Runs the DBMS until the JVM is asked to stop.
   *
   * @param args {@code --name value} options, see the class comment
   */
  public static void main(String[] args) {
    PrintStream out = System.out;
    try {
      run(Options.parse(args), out);
    } catch (StartError e) {
      System.err.println("graphkit-neo4j: error: " + e.getMessage());
      System.err.flush();
      System.exit(e.code);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void run(Options options, PrintStream out) throws StartError, InterruptedException {
    Instant began = Instant.now();
    try {
      Files.createDirectories(options.home());
    } catch (IOException e) {
      throw new StartError("cannot create " + options.home() + ": " + e.getMessage(), 1);
    }
    String password = readPassword(options.authFile());
    boolean freshStore = !Files.isDirectory(options.dataDir().resolve("databases").resolve("system"));
    String initial = null;
    if (freshStore) {
      // First start: hand the password to the DBMS before it ever boots, the way
      // `neo4j-admin dbms set-initial-password` does, so Bolt never serves neo4j/neo4j.
      initial = password != null ? password : newPassword();
      setInitialPassword(options, initial);
    } else if (password == null) {
      // auth.json was deleted: reset the password with Bolt off, then start normally.
      String chosen = newPassword();
      DatabaseManagementService setup = open(options, false);
      try {
        setPassword(setup, chosen);
      } finally {
        setup.shutdown();
      }
      writeAuthFile(options, chosen);
      password = chosen;
      out.println("graphkit-neo4j: password reset, stored in " + options.authFile());
    } else {
      writeAuthFile(options, password); // keeps "uri" right when the port changed
    }

    DatabaseManagementService dbms = open(options, true);
    if (initial != null) {
      if (passwordChangeRequired(dbms)) {
        // The initial password was not applied (should not happen): set it now.
        System.err.println("graphkit-neo4j: initial password not applied, setting it directly");
        setPassword(dbms, initial);
      }
      // Written only once the DBMS holds the password: a crash before this leaves no
      // auth.json, and the next start sets a fresh one.
      writeAuthFile(options, initial);
      password = initial;
      try {
        // Applied and no longer needed: do not leave the password hash lying around.
        Files.deleteIfExists(options.dataDir().resolve("dbms").resolve("auth.ini"));
      } catch (IOException e) {
        System.err.println("graphkit-neo4j: could not delete data/dbms/auth.ini: " + e);
      }
      out.println("graphkit-neo4j: initial password set, stored in " + options.authFile());
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("graphkit-neo4j: shutting down");
                  dbms.shutdown();
                  System.out.println("graphkit-neo4j: stopped cleanly");
                  System.out.flush();
                  stopped.countDown();
                },
                "graphkit-neo4j-shutdown"));
    GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
    if (!db.isAvailable(Duration.ofMinutes(2).toMillis())) {
      throw new StartError("the neo4j database did not become available; see logs/debug.log", 1);
    }
    long millis = Duration.between(began, Instant.now()).toMillis();
    out.println(
        READY
            + " "
            + options.uri()
            + " version="
            + neo4jVersion()
            + " pid="
            + ProcessHandle.current().pid()
            + " startup_ms="
            + millis);
    out.flush();
    stopped.await();
  }

  /** Builds and starts the DBMS; Bolt only when {@code bolt} is true. */
  static DatabaseManagementService open(Options options, boolean bolt) throws StartError {
    Path importDir = options.home().resolve("import");
    try {
      Files.createDirectories(importDir);
    } catch (IOException e) {
      throw new StartError("cannot create " + importDir + ": " + e.getMessage(), 1);
    }
    long heap = Runtime.getRuntime().maxMemory();
    DatabaseManagementServiceBuilder builder =
        new DatabaseManagementServiceBuilder(options.home())
            .setConfig(GraphDatabaseSettings.auth_enabled, true)
            .setConfig(GraphDatabaseSettings.pagecache_memory, options.pagecache())
            // Preallocating 256 MB transaction log files wastes disk on a small local graph.
            .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
            // This machine must not phone home (usage reports).
            .setConfig(GraphDatabaseSettings.udc_enabled, false)
            .setConfig(GraphDatabaseInternalSettings.udc_network_enabled, false)
            // A fresh graph's first plans assume empty labels (scans instead of seeks) and
            // were kept for the default 10 s while ingestion grew the graph: a second of
            // planning is cheap next to a batch run with a scan.
            .setConfig(GraphDatabaseSettings.cypher_min_replan_interval, Duration.ofSeconds(1))
            // No single query may exhaust the heap (see the class comment).
            .setConfig(GraphDatabaseSettings.memory_transaction_max_size, heap / 10 * 6)
            .setConfig(GraphDatabaseSettings.memory_transaction_database_max_size, heap / 10 * 7)
            .setConfig(GraphDatabaseSettings.memory_transaction_global_max_size, heap / 10 * 7)
            .setConfig(GraphDatabaseSettings.allow_file_urls, false)
            .setConfig(GraphDatabaseSettings.load_csv_file_url_root, importDir)
            // Bolt's worker pools wait 5 s each at shutdown (two connectors: 10 s) for jobs
            // that cannot exist then: the databases have stopped before Bolt does.
            .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
            .setConfig(BoltConnector.enabled, bolt)
            .setConfig(
                BoltConnector.listen_address, new SocketAddress(options.host(), options.port()));
    if (Files.isRegularFile(options.configFile())) {
      builder.loadPropertiesFromFile(options.configFile());
    }
    try {
      return builder.build();
    } catch (RuntimeException e) {
      throw explain(e, options);
    }
  }

  /** Turns the usual start failures into one line the user can act on. */
  static StartError explain(Throwable error, Options options) {
    List<String> chain = new ArrayList<>();
    for (Throwable t = error; t != null && chain.size() < 20; t = t.getCause()) {
      if (t instanceof BindException || t.getClass().getSimpleName().equals("PortBindException")) {
        return new StartError(
            "Bolt port " + options.port() + " on " + options.host() + " is already in use", 3);
      }
      if (t.getClass().getSimpleName().equals("FileLockException")) {
        return new StartError(
            "the data folder " + options.dataDir() + " is locked by another running Neo4j", 4);
      }
      chain.add(t.getClass().getName() + ": " + t.getMessage());
    }
    error.printStackTrace();
    return new StartError("Neo4j failed to start: " + String.join(" <- ", chain), 1);
  }

  /** Gives the built-in admin user our password; the embedded API runs with full rights. */
  static void setPassword(DatabaseManagementService dbms, String password) {
    GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
    system.executeTransactionally(
        "ALTER USER neo4j SET PLAINTEXT PASSWORD $password CHANGE NOT REQUIRED",
        Map.of("password", password));
  }

  /** Writes {@code data/dbms/auth.ini}, which a new DBMS reads once to set neo4j's password. */
  static void setInitialPassword(Options options, String password) throws StartError {
    ExecutionContext context = new ExecutionContext(options.home(), options.home());
    // "--" ends the options: a password may start with "-" (a generated one did, 1 in 64
    // times, and picocli took it for an option)
    int code = new CommandLine(new SetInitialPasswordCommand(context)).execute("--", password);
    if (code != 0) {
      throw new StartError("could not set the initial password (exit " + code + ")", 1);
    }
  }

  /** True while the built-in admin user still has the default, must-change password. */
  static boolean passwordChangeRequired(DatabaseManagementService dbms) {
    GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
    return system.executeTransactionally(
        "SHOW USERS YIELD user, passwordChangeRequired WHERE user = $user"
            + " RETURN passwordChangeRequired",
        Map.of("user", USER),
        result ->
            !result.hasNext() || Boolean.TRUE.equals(result.next().get("passwordChangeRequired")));
  }

  static String newPassword() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The stored password, or null when there is none yet. */
  static String readPassword(Path authFile) throws StartError {
    if (!Files.isRegularFile(authFile)) {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(authFile.toFile());
      JsonNode password = node == null ? null : node.get("password");
      if (password == null || !password.isTextual() || password.asText().isEmpty()) {
        return null;
      }
      return password.asText();
    } catch (IOException e) {
      throw new StartError(
          authFile + " is not valid JSON (" + e.getMessage() + "); delete it to reset", 2);
    }
  }

  /** Writes auth.json atomically with mode 0600 (never world-readable, even briefly). */
  static void writeAuthFile(Options options, String password) throws StartError {
    ObjectNode node = JSON.createObjectNode();
    node.put("uri", options.uri());
    node.put("user", USER);
    node.put("password", password);
    Path target = options.authFile().toAbsolutePath();
    try {
      Files.createDirectories(target.getParent());
      Path tmp =
          Files.createTempFile(
              target.getParent(),
              ".auth",
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n");
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new StartError("cannot write " + target + ": " + e.getMessage(), 1);
    }
  }

  static String neo4jVersion() {
    String version = GraphDatabaseService.class.getPackage().getImplementationVersion();
    return version != null ? version : "unknown";
  }
}
