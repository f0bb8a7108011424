package io.hurdvm.console;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Splits a terminal output byte stream into text, control characters and escape sequences, following
 * the syntax of ECMA-48 as DEC's VT500 parser reads it (see vt100.net/emu/dec_ansi_parser): {@code ESC}
 * sequences, CSI ({@code ESC [} params intermediates final), and the strings OSC ({@code ESC ]}), DCS
 * ({@code ESC P}), SOS, PM and APC, ended by ST ({@code ESC \}) or, for OSC, BEL. It only classifies;
 * {@link TerminalFilters} decide what to keep.
 *
 * <p>Streaming: a sequence split across {@link #feed} calls (serial chunks split anywhere) is put back
 * together; {@link #finish} reports one left open at the end. A C0 control inside a sequence is
 * reported at once and the sequence goes on, as a terminal executes it. CAN and SUB abandon a
 * sequence. Sequences are kept up to {@link #MAX_SEQUENCE_BYTES}; a longer one (a hostile guest can
 * send an endless OSC) is still parsed to its end but reported as truncated.
 *
 * <p>Raw 8-bit C1 bytes are not controls here: in UTF-8 they are continuation bytes. C1 code points
 * written in UTF-8 ({@code C2 80}..{@code C2 9F}), which some terminals act upon, are reported as
 * controls, so a filter can drop them.
 */
public final class TerminalParser {
    public static final int MAX_SEQUENCE_BYTES = 4096;

    private static final int ESC = 0x1b;
    private static final int BEL = 0x07;
    private static final int CAN = 0x18;
    private static final int SUB = 0x1a;
    private static final int DEL = 0x7f;

    /** What kind of sequence: its introducer. */
    public enum Kind { ESC, CSI, OSC, DCS, SOS, PM, APC }

    /**
     * One escape sequence as received, introducer and terminator included.
     *
     * @param complete  false when it was abandoned (CAN, SUB, a new ESC) or left open at the end
     * @param truncated true when it exceeded {@link #MAX_SEQUENCE_BYTES}: {@code bytes} is its start only
     */
    public record Sequence(Kind kind, byte[] bytes, boolean complete, boolean truncated) {
        /** The part between introducer and terminator, e.g. {@code "?6n"} minus the final for CSI: see {@link #parameters()}. */
        public String body() {
            int start = kind == Kind.ESC ? 1 : 2;
            int end = bytes.length;
            if (complete && kind != Kind.ESC && kind != Kind.CSI) {
                end -= bytes[end - 1] == BEL ? 1 : 2; // BEL or ESC \
            }
            return new String(bytes, start, Math.max(0, end - start), StandardCharsets.UTF_8);
        }

        /** The final byte of an ESC or CSI sequence; 0 for strings or an incomplete sequence. */
        public int finalByte() {
            return complete && (kind == Kind.ESC || kind == Kind.CSI) ? bytes[bytes.length - 1] & 0xff : 0;
        }

        /** CSI parameter bytes (0x30-0x3F, e.g. {@code ?6} or {@code >0}); empty for other kinds. */
        public String parameters() {
            return kind == Kind.CSI ? classBytes(0x30, 0x3f) : "";
        }

        /** Intermediate bytes (0x20-0x2F, e.g. {@code $} of DECRQM or {@code (} of a charset ESC). */
        public String intermediates() {
            return kind == Kind.CSI || kind == Kind.ESC ? classBytes(0x20, 0x2f) : "";
        }

        private String classBytes(int lo, int hi) {
            StringBuilder sb = new StringBuilder();
            int end = finalByte() == 0 ? bytes.length : bytes.length - 1;
            for (int i = kind == Kind.CSI ? 2 : 1; i < end; i++) {
                int b = bytes[i] & 0xff;
                if (b >= lo && b <= hi) {
                    sb.append((char) b);
                }
            }
            return sb.toString();
        }
    }

    /** Receives the parts in stream order. */
    public interface Sink {
        /** Printable bytes (UTF-8 passes through as it is). */
        void text(byte[] buf, int off, int len);

        /** A C0 control but ESC (LF, CR, TAB, BEL, ENQ...), DEL, or a C1 control written in UTF-8 (0x80-0x9F). */
        void control(int codePoint);

        void sequence(Sequence sequence);
    }

    private enum State { GROUND, AFTER_C2, ESCAPE, CSI, STRING, STRING_ESC }

    private final Sink sink;
    private final ByteArrayOutputStream current = new ByteArrayOutputStream();
    private State state = State.GROUND;
    private Kind kind;
    private boolean truncated;

    public TerminalParser(Sink sink) {
        this.sink = sink;
    }

    public void feed(byte[] data) {
        feed(data, 0, data.length);
    }

    public void feed(byte[] data, int off, int len) {
        int textStart = -1;
        for (int i = off; i < off + len; i++) {
            int b = data[i] & 0xff;
            if (state == State.GROUND && isText(b)) {
                if (textStart < 0) {
                    textStart = i;
                }
                continue;
            }
            if (textStart >= 0) {
                sink.text(data, textStart, i - textStart);
                textStart = -1;
            }
            step(b);
        }
        if (textStart >= 0) {
            sink.text(data, textStart, off + len - textStart);
        }
    }

    /** The end of the stream: a sequence still open is reported as incomplete. */
    public void finish() {
        if (state == State.AFTER_C2) {
            sink.text(new byte[] {(byte) 0xc2}, 0, 1);
            state = State.GROUND;
        } else if (state != State.GROUND) {
            emit(false);
        }
    }

    private static boolean isText(int b) {
        return b >= 0x20 && b != DEL && b != 0xc2;
    }

    private void step(int b) {
        switch (state) {
            case GROUND -> ground(b);
            case AFTER_C2 -> afterC2(b);
            case ESCAPE -> escape(b);
            case CSI -> csi(b);
            case STRING -> string(b);
            case STRING_ESC -> stringEsc(b);
        }
    }

    private void ground(int b) {
        if (b == ESC) {
            begin(Kind.ESC, b);
        } else if (b == 0xc2) {
            state = State.AFTER_C2;
        } else if (isText(b)) {
            sink.text(new byte[] {(byte) b}, 0, 1);
        } else {
            sink.control(b);
        }
    }

    /** {@code C2} starts U+0080..U+00BF in UTF-8; U+0080..U+009F are the C1 controls. */
    private void afterC2(int b) {
        state = State.GROUND;
        if (b >= 0x80 && b <= 0x9f) {
            sink.control(b);
        } else {
            sink.text(new byte[] {(byte) 0xc2}, 0, 1);
            if (isText(b)) {
                sink.text(new byte[] {(byte) b}, 0, 1);
            } else {
                ground(b);
            }
        }
    }

    private void escape(int b) {
        if (interrupts(b)) {
            return;
        }
        if (b == '[' && current.size() == 1) {
            kind = Kind.CSI;
            state = State.CSI;
            add(b);
        } else if (current.size() == 1 && stringIntroducer(b) != null) {
            kind = stringIntroducer(b);
            state = State.STRING;
            add(b);
        } else if (b >= 0x20 && b <= 0x2f) {
            add(b); // intermediate, e.g. ESC ( B
        } else if (b >= 0x30 && b <= 0x7e) {
            add(b);
            emit(true);
        } else {
            emit(false); // a byte no escape sequence may hold: abandon it, then show the byte
            step(b);
        }
    }

    private static Kind stringIntroducer(int b) {
        return switch (b) {
            case ']' -> Kind.OSC;
            case 'P' -> Kind.DCS;
            case 'X' -> Kind.SOS;
            case '^' -> Kind.PM;
            case '_' -> Kind.APC;
            default -> null;
        };
    }

    private void csi(int b) {
        if (interrupts(b)) {
            return;
        }
        if (b >= 0x20 && b <= 0x3f) {
            add(b);
        } else if (b >= 0x40 && b <= 0x7e) {
            add(b);
            emit(true);
        } else {
            emit(false);
            step(b);
        }
    }

    private void string(int b) {
        if (b == ESC) {
            state = State.STRING_ESC;
        } else if (b == CAN || b == SUB) {
            emit(false);
        } else if (b == BEL && kind == Kind.OSC) {
            add(b);
            emit(true);
        } else {
            add(b);
        }
    }

    private void stringEsc(int b) {
        if (b == '\\') {
            add(ESC);
            add(b);
            emit(true);
        } else {
            // ESC followed by something else ends the string (xterm does the same) and starts a new sequence.
            emit(false);
            begin(Kind.ESC, ESC);
            step(b);
        }
    }

    /**
     * Inside ESC and CSI sequences: ESC starts over, CAN and SUB abandon, another C0 is executed at once.
     * DEL is ignored. Returns true when {@code b} was dealt with.
     */
    private boolean interrupts(int b) {
        if (b == ESC) {
            emit(false);
            begin(Kind.ESC, b);
            return true;
        }
        if (b == CAN || b == SUB) {
            emit(false);
            return true;
        }
        if (b < 0x20) {
            sink.control(b);
            return true;
        }
        return b == DEL;
    }

    private void begin(Kind k, int introducer) {
        kind = k;
        state = State.ESCAPE;
        current.reset();
        truncated = false;
        add(introducer);
    }

    private void add(int b) {
        if (current.size() < MAX_SEQUENCE_BYTES) {
            current.write(b);
        } else {
            truncated = true;
        }
    }

    private void emit(boolean complete) {
        Sequence s = new Sequence(kind, current.toByteArray(), complete && !truncated, truncated);
        current.reset();
        state = State.GROUND;
        sink.sequence(s);
    }
}
