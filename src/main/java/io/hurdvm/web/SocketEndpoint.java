package io.hurdvm.web;

import io.hurdvm.api.ApiContext;
import io.hurdvm.api.ApiException;
import io.hurdvm.console.UnixSocketConnector;
import io.hurdvm.instance.InstancePaths;
import io.hurdvm.instance.InstanceView;
import io.hurdvm.vm.InstanceName;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WebSocket endpoint that joins browsers to a Unix socket of an instance: the serial console (the
 * supervisor's {@code console.sock}, which fans the console out to any number of clients) or the
 * screen (QEMU's VNC display server on {@code vnc.sock}, which takes several clients). The upgrade
 * is refused with an HTTP error unless it comes from the page's own origin with a live session;
 * afterwards problems are told by close codes ({@link CloseCodes}) the page explains.
 */
final class SocketEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(SocketEndpoint.class);
    /** Idle consoles print nothing for hours: pings keep proxies and browsers from closing them. */
    private static final long PING_SECONDS = 15;
    /** States with a supervisor whose console (and a QEMU whose display) may be reached. */
    private static final Set<String> ACTIVE = Set.of("starting", "booting", "running", "restarting");

    /** What the endpoint bridges to. */
    enum Kind {
        /** Any session may watch; only an operator's input reaches the guest. */
        CONSOLE("console", InstancePaths::consoleSocket, 16, true),
        /** Operators only: VNC carries keyboard and mouse in the same stream as the picture. */
        SCREEN("screen", InstancePaths::vncSocket, 4, false);

        final String noun;
        final Function<InstancePaths, Path> socket;
        final int maxPerInstance;
        final boolean viewersAllowed;

        Kind(String noun, Function<InstancePaths, Path> socket, int maxPerInstance, boolean viewersAllowed) {
            this.noun = noun;
            this.socket = socket;
            this.maxPerInstance = maxPerInstance;
            this.viewersAllowed = viewersAllowed;
        }
    }

    private final Kind kind;
    private final String path;
    private final WebConsole web;
    private final ApiContext api;
    private final Map<String, SocketBridge> bridges = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> perInstance = new ConcurrentHashMap<>();

    SocketEndpoint(Kind kind, String path, WebConsole web, ApiContext api) {
        this.kind = kind;
        this.path = path;
        this.web = web;
        this.api = api;
    }

    void register(RoutesConfig routes) {
        routes.wsBeforeUpgrade(path, this::beforeUpgrade);
        routes.ws(path, ws -> {
            ws.onConnect(this::connect);
            ws.onMessage(ctx -> toSocket(ctx, ByteBuffer.wrap(ctx.message().getBytes(StandardCharsets.UTF_8))));
            ws.onBinaryMessage(ctx -> toSocket(ctx, ctx.data()));
            ws.onClose(ctx -> closed(ctx, "the browser closed it"));
            ws.onError(ctx -> closed(ctx, "WebSocket error"));
        });
    }

    /**
     * Before the handshake: a WebSocket is exempt from the browser's same-origin rules, so any page
     * the user opens could try one with the user's cookie (SameSite=Strict stops that too, but only
     * in browsers that implement it). The Origin must be ours and the session alive.
     */
    private void beforeUpgrade(Context ctx) {
        if (!SameOrigin.matches(ctx.header("Origin"), ctx.header("Host"))) {
            throw new ApiException(403, "WebSocket refused: it must come from this server's own pages (Origin "
                    + (ctx.header("Origin") == null ? "missing" : "of another site") + ")");
        }
        WebSession session = web.sessionOf(ctx.cookie(web.cookie().name()))
                .orElseThrow(() -> new ApiException(401, WebConsole.NO_SESSION));
        if (!kind.viewersAllowed && !session.role().mayChange()) {
            throw new ApiException(403, "the " + kind.noun + " is for operators: this session logged in with the viewer token");
        }
    }

    private void connect(WsConnectContext ctx) {
        Optional<WebSession> session = web.sessionOf(ctx.cookie(web.cookie().name()));
        if (session.isEmpty()) {
            CloseCodes.close(ctx, CloseCodes.SESSION_ENDED, WebConsole.NO_SESSION);
            return;
        }
        InstanceName name;
        try {
            name = InstanceName.of(ctx.pathParam("name"));
        } catch (IllegalArgumentException e) {
            CloseCodes.close(ctx, CloseCodes.BAD_REQUEST, oneLine(e.getMessage()));
            return;
        }
        Optional<Refusal> refusal = refusal(name);
        if (refusal.isPresent()) {
            CloseCodes.close(ctx, refusal.get().code(), refusal.get().reason());
            return;
        }
        AtomicInteger count = perInstance.computeIfAbsent(name.value(), k -> new AtomicInteger());
        if (count.incrementAndGet() > kind.maxPerInstance) {
            count.decrementAndGet();
            CloseCodes.close(ctx, CloseCodes.BUSY, "the " + kind.noun + " of " + name + " is busy: " + kind.maxPerInstance
                    + " browsers have it open already; close one and try again");
            return;
        }
        InstancePaths paths = api.service().store().paths(name);
        SocketChannel channel;
        try {
            channel = UnixSocketConnector.connect(kind.socket.apply(paths));
        } catch (IOException e) {
            count.decrementAndGet();
            CloseCodes.close(ctx, CloseCodes.NOT_RUNNING, "cannot reach the " + kind.noun + " of " + name
                    + ": it is not running (or still starting); start it and try again");
            return;
        }
        WebSession s = session.get();
        boolean mayWrite = s.role().mayChange() && !"1".equals(ctx.queryParam("readonly"));
        String id = ctx.sessionId();
        String what = "the " + kind.noun + " of " + name;
        SocketBridge[] self = new SocketBridge[1];
        // The page learns from the server whether its keys reach the guest: a text message is control,
        // binary messages are the console's bytes. noVNC expects binary only: the screen gets none.
        Optional<String> greeting = kind == Kind.CONSOLE ? Optional.of("{\"readOnly\":" + !mayWrite + "}") : Optional.empty();
        SocketBridge bridge = new SocketBridge(what, greeting, ctx, channel, mayWrite, () -> {
            bridges.remove(id);
            count.decrementAndGet();
            s.detach(self[0]);
        });
        self[0] = bridge;
        bridges.put(id, bridge);
        s.attach(bridge);
        ctx.enableAutomaticPings(PING_SECONDS, TimeUnit.SECONDS);
        LOG.info("web {}: {} attached ({})", kind.noun, name, mayWrite ? "read-write" : "read-only");
        bridge.start();
    }

    /** Why a browser cannot have the socket now, as the close code and reason it is told. */
    private record Refusal(int code, String reason) {
    }

    private Optional<Refusal> refusal(InstanceName name) {
        if (!api.service().store().exists(name)) {
            return Optional.of(new Refusal(CloseCodes.NOT_FOUND, "no instance named '" + name + "'"));
        }
        InstanceView view = api.view(name);
        if (kind == Kind.SCREEN && !view.vnc()) {
            return Optional.of(new Refusal(CloseCodes.NO_DISPLAY, name + " has no screen: VNC is off; start it with 'hurdvm up "
                    + name + " --vnc' (or ENABLE_VNC=1) to see it here"));
        }
        if (!ACTIVE.contains(view.state()) || !view.supervisorAlive()) {
            return Optional.of(new Refusal(CloseCodes.NOT_RUNNING, name + " is " + view.state() + ": start it to see its " + kind.noun));
        }
        return Optional.empty();
    }

    private void toSocket(WsContext ctx, ByteBuffer data) {
        SocketBridge bridge = bridges.get(ctx.sessionId());
        if (bridge != null) {
            bridge.fromBrowser(data);
        }
    }

    private void closed(WsContext ctx, String why) {
        SocketBridge bridge = bridges.remove(ctx.sessionId());
        if (bridge != null) {
            bridge.close(CloseCodes.ENDED, why);
        }
    }

    void closeAll() {
        bridges.values().forEach(b -> b.close(CloseCodes.ENDED, "the server is stopping"));
    }

    private static String oneLine(String s) {
        return s == null ? "bad request" : s.replace('\n', ' ');
    }
}
