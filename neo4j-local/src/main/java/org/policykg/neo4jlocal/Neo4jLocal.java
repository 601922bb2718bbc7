package org.policykg.neo4jlocal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;
import org.neo4j.logging.Level;
import org.neo4j.logging.log4j.Log4jLogProvider;
import org.neo4j.server.configuration.ServerSettings;

/**
 * Local Neo4j for policykg: embedded Neo4j Community with only a Bolt listener on 127.0.0.1
 * (auth disabled) plus a tiny JDK HTTP server on 127.0.0.1 that serves Neo4j Browser's static
 * files under /browser/ and a discovery document at / (the same JSON a real Neo4j server answers
 * there), which Neo4j Browser fetches from its own host at start-up to pre-fill the Bolt URL.
 *
 * <p>It also serves policykg's Browser files (the guide and the graph style, {@code queries/browser/}
 * of the repository, or {@code --guides DIR}) under /guides/, lets Browser fetch content from this
 * host, and has Browser play the guide once it connects. In a served .html file {@code {{base}}}
 * stands for this server's address, so a guide can link to the style file beside it.
 *
 * <p>Usage: {@code Neo4jLocal --data DIR [--port 7687] [--http-port 7474] [--page-cache 256m] [--guides DIR]}.
 * Prints {@code READY bolt://127.0.0.1:<port> browser http://127.0.0.1:<httpPort>/browser/}
 * once Bolt accepts connections; shuts down cleanly on SIGTERM.
 */
public final class Neo4jLocal {
    private static final String HOST = "127.0.0.1";
    private static final String BROWSER_RESOURCES = "browser/";
    private static final String GUIDES = "/guides/";
    private static final String GUIDE = "policykg.html";
    private static final String BASE_PLACEHOLDER = "{{base}}";
    private static final Map<String, String> CONTENT_TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json; charset=utf-8"),
            Map.entry("map", "application/json; charset=utf-8"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("grass", "text/plain; charset=utf-8"),
            Map.entry("xml", "application/xml; charset=utf-8"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("webp", "image/webp"),
            Map.entry("woff", "font/woff"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("ttf", "font/ttf"),
            Map.entry("otf", "font/otf"),
            Map.entry("eot", "application/vnd.ms-fontobject"),
            Map.entry("mp4", "video/mp4"),
            Map.entry("wasm", "application/wasm"),
            Map.entry("webmanifest", "application/manifest+json"));

    private final Path dataDir;
    private final int boltPort;
    private final int httpPort;
    private final long pageCacheBytes;
    private final Path guidesDir;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile DatabaseManagementService managementService;
    private volatile HttpServer httpServer;
    private String discoveryJson = "{}";

    private Neo4jLocal(Path dataDir, int boltPort, int httpPort, long pageCacheBytes, Path guidesDir) {
        this.dataDir = dataDir;
        this.boltPort = boltPort;
        this.httpPort = httpPort;
        this.pageCacheBytes = pageCacheBytes;
        this.guidesDir = guidesDir;
    }

    public static void main(String[] args) {
        Path data = null;
        int port = 7687;
        int httpPort = 7474;
        long pageCache = ByteUnit.mebiBytes(256);
        Path guides = null;
        try {
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--data" -> data = Path.of(require(args[i], value));
                    case "--port" -> port = Integer.parseInt(require(args[i], value));
                    case "--http-port" -> httpPort = Integer.parseInt(require(args[i], value));
                    case "--page-cache" -> pageCache = parseBytes(require(args[i], value));
                    case "--guides" -> guides = Path.of(require(args[i], value));
                    default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
                }
                i++;
            }
            if (data == null) {
                throw new IllegalArgumentException("--data DIR is required");
            }
            guides = guides != null ? guides : repositoryGuides();
            if (guides != null && !Files.isDirectory(guides)) {
                throw new IllegalArgumentException("--guides " + guides + " is not a folder");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("neo4j-local: " + e.getMessage());
            System.err.println("usage: Neo4jLocal --data DIR [--port 7687] [--http-port 7474] [--page-cache 256m] [--guides DIR]");
            System.exit(64);
            return;
        }

        Neo4jLocal server = new Neo4jLocal(data.toAbsolutePath().normalize(), port, httpPort, pageCache,
                guides == null ? null : guides.toAbsolutePath().normalize());
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "neo4j-local-shutdown"));
        try {
            server.start();
        } catch (Throwable t) {
            System.err.println("neo4j-local: start-up failed: " + t);
            t.printStackTrace();
            System.exit(1); // runs the shutdown hook, which closes whatever did start
            return;
        }
        System.out.println("READY bolt://" + HOST + ":" + port + " browser http://" + HOST + ":" + httpPort + "/browser/");
        System.out.flush();
        try {
            new CountDownLatch(1).await(); // live until SIGTERM/SIGINT runs the shutdown hook
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void start() throws Exception {
        Files.createDirectories(dataDir);
        SocketAddress bolt = new SocketAddress(HOST, boltPort);
        managementService = new DatabaseManagementServiceBuilder(dataDir)
                // Neo4j's user log (start/stop messages) on stdout; debug.log stays in DIR/logs/.
                .setUserLogProvider(new Log4jLogProvider(System.out, Level.INFO))
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                // Read by Neo4j Browser via dbms.clientConfig(): no product analytics sent.
                .setConfig(ServerSettings.allow_telemetry, false)
                // Browser may fetch guides and styles from this launcher (it only listens on HOST).
                .setConfig(ServerSettings.browser_remote_content_hostname_whitelist,
                        "guides.neo4j.com,localhost," + HOST)
                .setConfig(GraphDatabaseSettings.pagecache_memory, pageCacheBytes)
                // Transaction log files are otherwise pre-allocated at 256 MiB each.
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.default_listen_address, new SocketAddress(HOST))
                .setConfig(GraphDatabaseSettings.default_advertised_address, new SocketAddress(HOST))
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, bolt)
                // neo4j:// routing tables hand this address back to clients (Python driver, Browser).
                .setConfig(BoltConnector.advertised_address, bolt)
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                // No server-side routing listener (it would open a second port, 7688).
                .setConfig(GraphDatabaseSettings.routing_enabled, false)
                // The Bolt server otherwise waits 2 x 5 s on shutdown although databases are stopped by then.
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                // A newcomer's first view: the policykg guide, with the first queries to click.
                .setConfig(ServerSettings.browser_post_connect_cmd,
                        guidesDir != null && Files.isRegularFile(guidesDir.resolve(GUIDE)) ? "play " + guideUrl() : "")
                .build();
        if (guidesDir != null && Files.isRegularFile(guidesDir.resolve(GUIDE))) {
            System.out.println("neo4j-local: Browser guide " + guideUrl());
        }
        GraphDatabaseService db = managementService.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        while (!db.isAvailable(1000)) {
            System.out.println("neo4j-local: waiting for database " + db.databaseName());
        }
        String[] versionAndEdition = db.executeTransactionally(
                "CALL dbms.components() YIELD versions, edition RETURN versions[0] AS v, edition AS e",
                Map.of(),
                r -> {
                    Map<String, Object> row = r.next();
                    return new String[] {String.valueOf(row.get("v")), String.valueOf(row.get("e"))};
                });
        discoveryJson = "{"
                + "\"bolt_routing\":\"neo4j://" + HOST + ":" + boltPort + "\","
                + "\"bolt_direct\":\"bolt://" + HOST + ":" + boltPort + "\","
                + "\"neo4j_version\":\"" + versionAndEdition[0] + "\","
                + "\"neo4j_edition\":\"" + versionAndEdition[1] + "\","
                + "\"auth_config\":{\"oidc_providers\":[]}"
                + "}";
        startHttp();
        waitForBolt();
        System.out.println("neo4j-local: Neo4j " + versionAndEdition[0] + " " + versionAndEdition[1]
                + ", data " + dataDir);
    }

    private void startHttp() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(HOST, httpPort), 0);
        ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "neo4j-local-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
        httpServer = server;
    }

    /** The Bolt connector is started by build(); this only double-checks the socket answers. */
    private void waitForBolt() throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(HOST, boltPort), 1000);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Bolt is not accepting connections on " + HOST + ":" + boltPort, e);
                }
                Thread.sleep(100);
            }
        }
    }

    private void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        PrintStream out = System.out;
        out.println("neo4j-local: shutting down");
        out.flush();
        HttpServer server = httpServer;
        if (server != null) {
            server.stop(0);
        }
        DatabaseManagementService service = managementService;
        if (service != null) {
            service.shutdown();
        }
        out.println("neo4j-local: stopped");
        out.flush();
    }

    // ---------------------------------------------------------------- HTTP

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            boolean head = "HEAD".equals(method);
            String path = ex.getRequestURI().getPath();
            boolean guides = path != null && path.startsWith(GUIDES);
            if (guides) {
                // Browser opened as localhost fetches these from 127.0.0.1: a cross-origin request.
                ex.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
                ex.getResponseHeaders().set("Access-Control-Allow-Headers", "*");
                ex.getResponseHeaders().set("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
                if ("OPTIONS".equals(method)) {
                    ex.sendResponseHeaders(204, -1);
                    return;
                }
            }
            if (!head && !"GET".equals(method)) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                sendText(ex, 405, "method not allowed\n", false);
                return;
            }
            String query = ex.getRequestURI().getRawQuery();
            if (path == null || path.isEmpty() || path.equals("/")) {
                root(ex, head);
            } else if (path.equals("/browser")) {
                redirect(ex, "/browser/" + (query == null ? "" : "?" + query));
            } else if (path.startsWith("/browser/")) {
                browserFile(ex, path, query, head);
            } else if (guides) {
                guideFile(ex, path.substring(GUIDES.length()), head);
            } else {
                sendText(ex, 404, "not found\n", head);
            }
        }
    }

    /**
     * Same contract as Neo4j server's discovery service: a JSON client (Neo4j Browser fetches
     * its host's "/" with Accept: application/json or * / *) gets the discovery document; a
     * person typing the address gets redirected to a Browser URL that connects without auth.
     */
    private void root(HttpExchange ex, boolean head) throws IOException {
        ex.getResponseHeaders().set("Vary", "Accept");
        String accept = ex.getRequestHeaders().getFirst("Accept");
        accept = accept == null ? "" : accept.toLowerCase(Locale.ROOT);
        if (accept.contains("text/html") && !accept.contains("application/json")) {
            redirect(ex, "/browser/?preselectAuthMethod=NO_AUTH&dbms=bolt://" + HOST + ":" + boltPort);
            return;
        }
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        send(ex, 200, "application/json; charset=utf-8", discoveryJson.getBytes(StandardCharsets.UTF_8), head);
    }

    private void browserFile(HttpExchange ex, String path, String query, boolean head) throws IOException {
        String rel = path.substring("/browser/".length());
        for (String segment : rel.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".") || segment.contains("\\") || segment.indexOf('\0') >= 0) {
                sendText(ex, 404, "not found\n", head);
                return;
            }
        }
        ClassLoader loader = Neo4jLocal.class.getClassLoader();
        boolean folder = rel.isEmpty() || rel.endsWith("/");
        if (!folder && loader.getResource(BROWSER_RESOURCES + rel + "/") != null) {
            // A folder inside the jar asked for without its slash: relative links need the slash.
            redirect(ex, path + "/" + (query == null ? "" : "?" + query));
            return;
        }
        String name = BROWSER_RESOURCES + (folder ? rel + "index.html" : rel);
        URL url = loader.getResource(name);
        if (url == null) {
            sendText(ex, 404, "not found\n", head);
            return;
        }
        byte[] body;
        try (InputStream in = url.openStream()) {
            body = in.readAllBytes();
        }
        String file = name.substring(name.lastIndexOf('/') + 1);
        int dot = file.lastIndexOf('.');
        String ext = dot < 0 ? "" : file.substring(dot + 1).toLowerCase(Locale.ROOT);
        String type = CONTENT_TYPES.getOrDefault(ext, dot < 0 ? "text/plain; charset=utf-8" : "application/octet-stream");
        // index.html names content-hashed bundles, so only it must be revalidated every time.
        ex.getResponseHeaders().set("Cache-Control", ext.equals("html") ? "no-cache" : "public, max-age=86400");
        send(ex, 200, type, body, head);
    }

    /** A file of the guides folder (no subfolders); {{base}} in .html files becomes this server's address. */
    private void guideFile(HttpExchange ex, String name, boolean head) throws IOException {
        Path file = guidesDir == null || name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".")
                ? null : guidesDir.resolve(name);
        if (file == null || !Files.isRegularFile(file)) {
            sendText(ex, 404, "not found\n", head);
            return;
        }
        byte[] body = Files.readAllBytes(file);
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        if (ext.equals("html")) {
            body = new String(body, StandardCharsets.UTF_8).replace(BASE_PLACEHOLDER, base()).getBytes(StandardCharsets.UTF_8);
        }
        // Edited in place while the server runs: always revalidate.
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        send(ex, 200, CONTENT_TYPES.getOrDefault(ext, "application/octet-stream"), body, head);
    }

    private String base() {
        return "http://" + HOST + ":" + httpPort;
    }

    private String guideUrl() {
        return base() + GUIDES + GUIDE;
    }

    /** queries/browser/ of the repository this launcher was built in, found upwards from its jar. */
    private static Path repositoryGuides() {
        try {
            Path here = Path.of(Neo4jLocal.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path dir = here; dir != null; dir = dir.getParent()) {
                Path guides = dir.resolve("queries").resolve("browser");
                if (Files.isDirectory(guides)) {
                    return guides;
                }
            }
        } catch (Exception e) {
            System.out.println("neo4j-local: no guides folder found: " + e);
        }
        return null;
    }

    private static void redirect(HttpExchange ex, String location) throws IOException {
        ex.getResponseHeaders().set("Location", location);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(302, -1);
    }

    private static void sendText(HttpExchange ex, int status, String text, boolean head) throws IOException {
        send(ex, status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), head);
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body, boolean head) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        if (head) {
            ex.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    // ---------------------------------------------------------------- arguments

    private static String require(String flag, String value) {
        if (value == null || value.startsWith("--")) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return value;
    }

    /** Parses sizes such as 256m, 1g, 512k or a plain byte count. */
    private static long parseBytes(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        long factor = 1;
        char last = s.isEmpty() ? ' ' : s.charAt(s.length() - 1);
        if (last == 'k' || last == 'm' || last == 'g') {
            factor = last == 'k' ? 1024L : last == 'm' ? 1024L * 1024 : 1024L * 1024 * 1024;
            s = s.substring(0, s.length() - 1);
        }
        try {
            return Long.parseLong(s) * factor;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad size: " + text);
        }
    }
}
