package io.hurdvm.storage.nbd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fixed newstyle negotiation (NBD protocol, "Option haggling"): structured replies, the meta
 * contexts asked for, then NBD_OPT_GO for the export. Anything but the replies the protocol allows
 * at each step ends the connection with a one-line error.
 */
final class NbdHandshake {
    static final long NBDMAGIC = 0x4e42444d41474943L;
    static final long IHAVEOPT = 0x49484156454F5054L;
    static final long REPLY_MAGIC = 0x3e889045565a9L;
    static final int FLAG_FIXED_NEWSTYLE = 1;
    static final int FLAG_NO_ZEROES = 2;
    static final int OPT_GO = 7;
    static final int OPT_STRUCTURED_REPLY = 8;
    static final int OPT_SET_META_CONTEXT = 10;
    static final int REP_ACK = 1;
    static final int REP_INFO = 3;
    static final int REP_META_CONTEXT = 4;
    static final int INFO_EXPORT = 0;
    static final int INFO_BLOCK_SIZE = 3;
    /** Option replies are short (names, a few numbers); 64 KiB is generous. */
    private static final int MAX_OPTION_REPLY = 65536;
    private static final int MAX_NAME = 4096;

    /** What NBD_OPT_GO reported, and the meta context ids the server gave. */
    record Export(long size, int transmissionFlags, int maxBlock, Map<String, Integer> contexts) {
    }

    private record Reply(int type, byte[] data) {
    }

    private final NbdWire wire;

    NbdHandshake(NbdWire wire) {
        this.wire = wire;
    }

    Export negotiate(String exportName, List<String> metaContexts) throws IOException {
        if (wire.readLong() != NBDMAGIC) {
            throw new NbdException("the peer is not an NBD server (no NBDMAGIC greeting)");
        }
        if (wire.readLong() != IHAVEOPT) {
            throw new NbdException("the NBD server does not speak the newstyle handshake");
        }
        int serverFlags = wire.readUnsignedShort();
        if ((serverFlags & FLAG_FIXED_NEWSTYLE) == 0) {
            throw new NbdException("the NBD server does not speak the fixed newstyle handshake");
        }
        wire.write(ByteBuffer.allocate(4).putInt(FLAG_FIXED_NEWSTYLE | (serverFlags & FLAG_NO_ZEROES)).flip());
        byte[] name = utf8(exportName, "export name");
        send(OPT_STRUCTURED_REPLY, new byte[0]);
        expectAck(OPT_STRUCTURED_REPLY, "structured replies");
        Map<String, Integer> contexts = metaContexts.isEmpty() ? Map.of() : setMetaContexts(name, metaContexts);
        return go(name, contexts);
    }

    private Map<String, Integer> setMetaContexts(byte[] name, List<String> wanted) throws IOException {
        ByteBuffer data = ByteBuffer.allocate(8 + name.length + wanted.stream().mapToInt(q -> 4 + utf8(q, "meta context").length).sum());
        data.putInt(name.length).put(name).putInt(wanted.size());
        for (String q : wanted) {
            byte[] b = utf8(q, "meta context");
            data.putInt(b.length).put(b);
        }
        send(OPT_SET_META_CONTEXT, data.array());
        Map<String, Integer> ids = new HashMap<>();
        while (true) {
            Reply r = reply(OPT_SET_META_CONTEXT, "meta contexts " + wanted);
            if (r.type == REP_ACK) {
                break;
            }
            if (r.type != REP_META_CONTEXT || r.data.length < 5) {
                throw new NbdException("the NBD server answered the meta context request with reply type " + r.type);
            }
            ByteBuffer b = ByteBuffer.wrap(r.data);
            int id = b.getInt();
            String context = new String(r.data, 4, r.data.length - 4, StandardCharsets.UTF_8);
            if (!wanted.contains(context) || ids.put(context, id) != null) {
                throw new NbdException("the NBD server granted meta context '" + NbdWire.printable(context.getBytes(StandardCharsets.UTF_8)) + "' that was not asked for");
            }
        }
        for (String q : wanted) {
            if (!ids.containsKey(q)) {
                throw new NbdException("the NBD server does not offer meta context '" + q + "' for this export");
            }
        }
        return Map.copyOf(ids);
    }

    private Export go(byte[] name, Map<String, Integer> contexts) throws IOException {
        ByteBuffer data = ByteBuffer.allocate(4 + name.length + 4);
        data.putInt(name.length).put(name).putShort((short) 1).putShort((short) INFO_BLOCK_SIZE);
        send(OPT_GO, data.array());
        long size = -1;
        int flags = 0;
        int maxBlock = 32 << 20; // the protocol's default when the server does not say
        while (true) {
            Reply r = reply(OPT_GO, "export");
            if (r.type == REP_ACK) {
                break;
            }
            if (r.type != REP_INFO || r.data.length < 2) {
                throw new NbdException("the NBD server answered NBD_OPT_GO with reply type " + r.type);
            }
            ByteBuffer b = ByteBuffer.wrap(r.data);
            int info = Short.toUnsignedInt(b.getShort());
            if (info == INFO_EXPORT && r.data.length == 12) {
                size = b.getLong();
                flags = Short.toUnsignedInt(b.getShort());
            } else if (info == INFO_BLOCK_SIZE && r.data.length == 14) {
                b.getInt();
                b.getInt();
                int max = b.getInt();
                if (max > 0) {
                    maxBlock = Math.min(maxBlock, max);
                }
            } else if (info == INFO_EXPORT || info == INFO_BLOCK_SIZE) {
                throw new NbdException("the NBD server sent export information " + info + " of " + r.data.length + " bytes");
            }
        }
        if (size < 0) {
            throw new NbdException("the NBD server gave no (or a negative) export size");
        }
        return new Export(size, flags, Math.max(maxBlock, 4096), contexts);
    }

    private void send(int option, byte[] data) throws IOException {
        wire.write(ByteBuffer.allocate(16).putLong(IHAVEOPT).putInt(option).putInt(data.length).flip(), ByteBuffer.wrap(data));
    }

    private void expectAck(int option, String what) throws IOException {
        Reply r = reply(option, what);
        if (r.type != REP_ACK) {
            throw new NbdException("the NBD server answered the request for " + what + " with reply type " + r.type);
        }
    }

    private Reply reply(int option, String what) throws IOException {
        if (wire.readLong() != REPLY_MAGIC) {
            throw new NbdException("the NBD server sent a malformed option reply (bad magic)");
        }
        int echoed = wire.readInt();
        int type = wire.readInt();
        long length = Integer.toUnsignedLong(wire.readInt());
        if (echoed != option) {
            throw new NbdException("the NBD server answered option " + echoed + " when asked for option " + option);
        }
        byte[] data = wire.readBytes(length, MAX_OPTION_REPLY, "an option reply");
        if (type < 0) { // bit 31: an error reply, data is an optional message
            throw new NbdException("the NBD server refused " + what + " (error " + (type & 0x7fffffff)
                    + (data.length > 0 ? ": " + NbdWire.printable(data) : "") + ")");
        }
        return new Reply(type, data);
    }

    private static byte[] utf8(String s, String what) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > MAX_NAME) {
            throw new IllegalArgumentException("NBD " + what + " longer than " + MAX_NAME + " bytes");
        }
        return b;
    }
}
