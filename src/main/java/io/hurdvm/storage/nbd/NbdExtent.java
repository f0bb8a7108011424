package io.hurdvm.storage.nbd;

/**
 * One extent of an NBD_CMD_BLOCK_STATUS answer: {@code flags} as the meta context defines them
 * ({@code base:allocation}: {@link #HOLE}, {@link #ZERO}; {@code qemu:dirty-bitmap:*}: {@link #DIRTY}).
 */
public record NbdExtent(long offset, long length, int flags) {
    public static final int HOLE = 1;
    public static final int ZERO = 2;
    public static final int DIRTY = 1;

    public long end() {
        return offset + length;
    }

    /** Reads as zeroes ({@code base:allocation}): need not be read. */
    public boolean zero() {
        return (flags & ZERO) != 0;
    }
}
