#!/bin/bash
# Builds $CACHE/gnumach.iso: a GRUB (BIOS) ISO that boots the Debian GNU Mach kernel with its
# console on the first serial port. Without Hurd servers Mach prints its banner and panics, which
# is exactly what tests need: a real multiboot kernel that talks on the serial console.
set -euo pipefail
PROG=build-gnumach-iso
. "$(dirname "$0")/lib.sh"

GNUMACH=/boot/gnumach-1.8-486.gz
OUT=$CACHE/gnumach.iso

need_file "$GNUMACH" gnumach-image-1.8-486
need_file /usr/lib/grub/i386-pc/cdboot.img grub-pc-bin
need_cmd grub-mkrescue grub-common
need_cmd xorriso xorriso

KEY=$(inputs_key "$(pkg_versions gnumach-image-1.8-486 grub-pc-bin grub-common xorriso)")
exit_if_up_to_date "$OUT" "$KEY" gnumach.iso
new_workdir

log "building $OUT"
mkdir -p "$WORK/iso/boot/grub"
cp "$GNUMACH" "$WORK/iso/boot/gnumach.gz"
# GRUB's multiboot loader decompresses gzip transparently once gzio is loaded.
{ grub_serial_header; cat <<'EOF'; } >"$WORK/iso/boot/grub/grub.cfg"
insmod gzio
menuentry "GNU Mach (serial console)" {
    multiboot /boot/gnumach.gz console=com0
}
EOF

# -d limits grub-mkrescue to the BIOS platform, so no EFI image (and no mtools) is needed.
grub-mkrescue -d /usr/lib/grub/i386-pc -o "$WORK/gnumach.iso" "$WORK/iso" \
    >"$WORK/mkrescue.log" 2>&1 \
    || { cat "$WORK/mkrescue.log" >&2; die "grub-mkrescue failed (log above)"; }

publish "$WORK/gnumach.iso" "$OUT" "$KEY"
log "built $OUT ($(du -k "$OUT" | cut -f1) KiB)"
