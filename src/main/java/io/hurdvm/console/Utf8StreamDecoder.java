package io.hurdvm.console;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a byte stream that arrives in arbitrary chunks as UTF-8: a multi-byte character split
 * across two reads is kept until its last byte arrives. Invalid bytes (a guest printing Latin-1, line
 * noise on the serial port) become U+FFFD instead of failing. Not thread-safe: one per reader.
 */
final class Utf8StreamDecoder {
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    /** Bytes of an incomplete character from the previous chunk (at most 3). */
    private byte[] carry = new byte[0];

    String decode(byte[] data, int offset, int length) {
        ByteBuffer in = ByteBuffer.allocate(carry.length + length);
        in.put(carry).put(data, offset, length).flip();
        CharBuffer out = CharBuffer.allocate(in.remaining() + 1);
        decoder.decode(in, out, false);
        carry = new byte[in.remaining()];
        in.get(carry);
        return out.flip().toString();
    }
}
