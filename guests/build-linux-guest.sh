#!/bin/bash
# Builds $CACHE/linux-guest.qcow2: a small Linux guest that stands in for a Debian GNU/Hurd disk
# image in tests. Like the Hurd image it boots from disk through GRUB on the serial console, offers
# "login:" with an empty root password, runs an sshd that refuses empty passwords, and powers off
# on the ACPI power button. Root filesystem: an initramfs (busybox, bash, dropbear); state that must
# survive reboots (accounts, /root, host key) lives on an ext4 partition of the same disk.
#
#   build-linux-guest.sh [--ignore-acpi | --hurd-like]
#
# --ignore-acpi (or HURDVM_GUEST_IGNORE_ACPI=1) builds $CACHE/linux-guest-noacpi.qcow2 instead, a
# guest that ignores the ACPI power button, for tests of the hard-stop fallback.
# --hurd-like builds $CACHE/linux-guest-hurdlike.qcow2: like Debian GNU/Hurd it ignores the ACPI
# power button (poweroff typed or over SSH still works) and has no SFTP server (dropbear's sftp
# subsystem fails as on a guest without sftp-server), so files must move over exec channels (tar).
# All variants share the initramfs; only the kernel command line differs (hurdvm.acpi=, hurdvm.sftp=).
#
# Disk layout (MBR, 512-byte sectors), fixed so tests can rely on it:
#   p1  LBA 1 ..       < 64 MiB   ISO 9660 with GRUB, kernel, initramfs (type 0xcd)
#   p2  64 MiB .. 128 MiB         ext4 "hurdvm-persist", mounted on /persist  (type 0x83)
#   p3  128 MiB .. 224 MiB        raw scratch space, never read by the guest  (type 0xda)
#       224 MiB .. 256 MiB        unpartitioned, never read by the guest
set -euo pipefail
PROG=build-linux-guest
. "$(dirname "$0")/lib.sh"

MIB=$((1024 * 1024))
ISO_MAX=$((64 * MIB))
P2_START=$((64 * MIB)); P2_SIZE=$((64 * MIB))
P3_START=$((128 * MIB)); P3_SIZE=$((96 * MIB))
DISK_SIZE=$((256 * MIB))

sftp=on
case ${HURDVM_GUEST_IGNORE_ACPI:-0} in
    1|yes|true) acpi=ignore ;;
    0|no|false) acpi=handle ;;
    *) die "HURDVM_GUEST_IGNORE_ACPI must be 1 or 0, not '$HURDVM_GUEST_IGNORE_ACPI'" ;;
esac
for arg in "$@"; do
    case $arg in
        --ignore-acpi) acpi=ignore ;;
        --hurd-like) acpi=ignore; sftp=off ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument '$arg' (usage: $0 [--ignore-acpi | --hurd-like])" ;;
    esac
done
if [ "$sftp" = off ]; then OUT=$CACHE/linux-guest-hurdlike.qcow2
elif [ "$acpi" = ignore ]; then OUT=$CACHE/linux-guest-noacpi.qcow2
else OUT=$CACHE/linux-guest.qcow2
fi

# The kernel is whatever linux-image-amd64 currently depends on, e.g. linux-image-6.1.0-56-amd64.
need_cmd dpkg-query dpkg
KPKG=$(dpkg-query -W -f='${Depends}' linux-image-amd64 2>/dev/null | grep -o '^linux-image-[^ ,]*') \
    || die "cannot find the kernel package; install the Debian package 'linux-image-amd64'"
KVER=${KPKG#linux-image-}
KERNEL=/boot/vmlinuz-$KVER
MODDIR=/lib/modules/$KVER
need_file "$KERNEL" "$KPKG"
[ -r "$KERNEL" ] || die "$KERNEL is not readable by $(id -un); run as root or make it readable"
need_file "$MODDIR/modules.dep" "$KPKG"
need_file /bin/busybox busybox-static
need_file /usr/sbin/dropbear dropbear-bin
need_file /usr/bin/dropbearkey dropbear-bin
need_file /usr/sbin/haveged haveged
need_file /usr/bin/mkpasswd whois
need_file /usr/lib/openssh/sftp-server openssh-sftp-server
need_file /usr/lib/grub/i386-pc/cdboot.img grub-pc-bin
need_cmd grub-mkrescue grub-common
need_cmd xorriso xorriso
need_cmd cpio cpio
need_cmd mke2fs e2fsprogs
need_cmd qemu-img qemu-utils
need_cmd ldd libc-bin
need_file /bin/bash bash
need_file /lib/terminfo/v/vt100 ncurses-base
/bin/busybox --list-full >/dev/null 2>&1 || die "/bin/busybox is not a working busybox (reinstall busybox-static)"

ROOTFS_SRC=$GUESTS_DIR/linux-rootfs
overlay_digest() {
    (cd "$ROOTFS_SRC" && find . -type f -o -type l | LC_ALL=C sort | while read -r f; do
        printf '%s %s ' "$f" "$(stat -c %a "$f")"
        if [ -L "$f" ]; then readlink "$f"; else sha256sum <"$f"; fi
    done)
}
VERSIONS=$(pkg_versions linux-image-amd64 "$KPKG" busybox-static bash ncurses-base libtinfo6 \
    dropbear-bin haveged libhavege2 whois libc6 libcrypt1 libtomcrypt1 libtommath1 libgmp10 zlib1g \
    grub-pc-bin grub-common xorriso cpio e2fsprogs qemu-utils)
INITRD_KEY=$(inputs_key "$VERSIONS" "$(overlay_digest)")
KEY=$(inputs_key "$INITRD_KEY" "acpi=$acpi" "sftp=$sftp")
INITRD=$CACHE/linux-initramfs.cpio.gz

exit_if_up_to_date "$OUT" "$KEY" linux-guest   # one lock for both variants: they share the initramfs
new_workdir

# copy_elf FILE: FILE and the shared libraries ldd finds for it, at the same paths in the initramfs.
copy_elf() {
    local file=$1 lib libs
    install -D -m 755 "$file" "$ROOT$file"
    libs=$(ldd "$file") || die "ldd $file failed"
    if grep -q 'not found' <<<"$libs"; then
        die "libraries of $file are missing: $(grep 'not found' <<<"$libs" | tr -s ' \t\n' ' ')"
    fi
    while read -r lib; do
        [ -e "$ROOT$lib" ] || install -D -m 755 "$(readlink -f "$lib")" "$ROOT$lib"
    done < <(awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^\//) print $i }' <<<"$libs")
}

# module_files NAME...: NAME's module file and all its dependencies (modules.dep is transitive).
module_files() {
    local name line files
    for name in "$@"; do
        line=$(awk -v n="$name" '{ m = $1; sub(/:$/, "", m); b = m; sub(/.*\//, "", b);
                sub(/\.ko(\.[a-z]+)?$/, "", b); gsub(/-/, "_", b); g = n; gsub(/-/, "_", g);
                if (b == g) { print; exit } }' "$MODDIR/modules.dep")
        [ -n "$line" ] || die "kernel module '$name' not found in $MODDIR/modules.dep"
        read -r -a files <<<"$line"   # "kernel/a.ko: kernel/b.ko ...": the module, then its deps
        printf '%s\n' "${files[@]}" | sed 's/:$//'
    done | LC_ALL=C sort -u
}

build_initramfs() {
    ROOT=$WORK/root
    local m dest applet
    mkdir -p "$ROOT"/{bin,sbin,usr/bin,usr/sbin,lib,dev,proc,sys,run,tmp,var/log,persist}
    install -d -m 700 "$ROOT/root"
    cp -a "$ROOTFS_SRC/." "$ROOT/"
    install -m 755 /bin/busybox "$ROOT/bin/busybox"
    # Applet links, except where the overlay (or whois' mkpasswd) provides the real thing.
    for applet in $(/bin/busybox --list-full); do
        case ${applet##*/} in passwd|chpasswd|poweroff|reboot|halt|mkpasswd) continue ;; esac
        [ -e "$ROOT/$applet" ] || ln -s /bin/busybox "$ROOT/$applet"
    done
    # bash as root's login shell, as on Debian: clients meet the same prompt, echo and
    # bracketed-paste behaviour as on a real Debian GNU/Hurd console.
    copy_elf /bin/bash
    cp -a /lib/terminfo "$ROOT/lib/terminfo"
    copy_elf /usr/sbin/dropbear
    copy_elf /usr/bin/dropbearkey
    copy_elf /usr/bin/mkpasswd
    # Entropy at boot: without it dropbear waits for the kernel's random pool, which under TCG
    # fills from timer jitter in 7 to 12 s depending on what the host does meanwhile. That made
    # the stand-in's time to SSH a measure of host load; a Hurd's random translator does not block.
    copy_elf /usr/sbin/haveged
    # SFTP as on Debian with OpenSSH: dropbear runs the subsystem from /usr/lib/sftp-server
    # (rcS removes it when the kernel command line says hurdvm.sftp=off).
    copy_elf /usr/lib/openssh/sftp-server
    ln -s openssh/sftp-server "$ROOT/usr/lib/sftp-server"
    # Host keys made here, not on first boot: dropbearkey would block for seconds until the
    # guest's entropy pool is ready. Like a prebuilt Debian image, every guest built from this
    # initramfs shares them; first boot copies them to /persist.
    for type in ed25519 ecdsa; do
        dropbearkey -t "$type" -f "$ROOT/usr/share/hurdvm/defaults/dropbear_${type}_host_key" \
            >/dev/null 2>&1 || die "dropbearkey -t $type failed"
    done

    for m in $(module_files ahci ata_piix sd_mod e1000 crc32c_generic ext4 button evdev); do
        dest=$ROOT/lib/modules/$KVER/$m
        mkdir -p "$(dirname "$dest")"
        case $m in
            *.ko) cp "$MODDIR/$m" "$dest" ;;
            *.ko.xz) /bin/busybox xz -dc "$MODDIR/$m" >"${dest%.xz}" ;;
            *) die "unsupported kernel module compression: $m" ;;
        esac
    done
    cp "$MODDIR/modules.order" "$MODDIR/modules.builtin" "$ROOT/lib/modules/$KVER/" 2>/dev/null || true
    /bin/busybox depmod -b "$ROOT" "$KVER" || die "depmod failed for the initramfs modules"

    (cd "$ROOT" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) | gzip -9 -n \
        >"$WORK/initramfs.cpio.gz"
    publish "$WORK/initramfs.cpio.gz" "$INITRD" "$INITRD_KEY"
}

# mbr_entry DISK N TYPE START_BYTES SIZE_BYTES: writes primary partition entry N (LBA only).
# Partitions 2 and 3 are written here rather than with xorriso's -append_partition, which puts
# them right after the ISO: their offsets would then move whenever the kernel or initramfs grows.
mbr_entry() {
    local disk=$1 n=$2 type=$3 lba=$(($4 / 512)) count=$(($5 / 512)) v bytes=''
    for v in 0 254 255 255 "$type" 254 255 255 \
             $((lba & 255)) $((lba >> 8 & 255)) $((lba >> 16 & 255)) $((lba >> 24 & 255)) \
             $((count & 255)) $((count >> 8 & 255)) $((count >> 16 & 255)) $((count >> 24 & 255)); do
        bytes+=$(printf '\\x%02x' "$v")
    done
    # shellcheck disable=SC2059  # the format is the escaped bytes themselves
    printf "$bytes" | dd of="$disk" bs=1 seek=$((446 + 16 * (n - 1))) conv=notrunc status=none
}

if up_to_date "$INITRD" "$INITRD_KEY"; then
    log "reusing initramfs $INITRD"
else
    log "building initramfs (kernel $KVER)"
    build_initramfs
fi

log "building boot ISO (GRUB, kernel, initramfs; ACPI power button: $acpi; SFTP: $sftp)"
mkdir -p "$WORK/iso/boot/grub"
cp "$KERNEL" "$WORK/iso/boot/vmlinuz"
cp "$INITRD" "$WORK/iso/boot/initrd.gz"
touch "$WORK/iso/boot/hurdvm-linux-guest"
# Loading kernel and initramfs through BIOS int 13h from AHCI costs ~15 s more under TCG than
# GRUB's own AHCI driver. Loading that driver switches off BIOS disk access for good, so it is
# only done when QEMU's AHCI controller (ich9-ahci, 8086:2922) exists, and everything needed
# afterwards is loaded first. Disks on IDE (-machine pc) keep the BIOS path.
{ grub_serial_header; cat <<EOF; } >"$WORK/iso/boot/grub/grub.cfg"
insmod test
insmod echo
insmod linux
insmod setpci
setpci -d 8086:2922 -v ahci_id DEVICE_ID
if [ -n "\$ahci_id" ]; then
    insmod ahci
    set found=no
    for d in ahci0 ahci1 ahci2 ahci3 ahci4 ahci5; do
        if [ -f (\$d)/boot/hurdvm-linux-guest ]; then
            set root=\$d
            set prefix=(\$d)/boot/grub
            set found=yes
            break
        fi
    done
    if [ "\$found" = no ]; then
        echo "hurdvm-test: boot disk not found on an AHCI port; attach it with -device ahci + ide-hd"
    fi
fi
menuentry "hurdvm-test (Linux stand-in for Debian GNU/Hurd)" {
    linux /boot/vmlinuz console=ttyS0,115200 loglevel=6 mitigations=off hurdvm.acpi=$acpi hurdvm.sftp=$sftp
    initrd /boot/initrd.gz
}
EOF
grub-mkrescue -d /usr/lib/grub/i386-pc -o "$WORK/boot.iso" "$WORK/iso" >"$WORK/mkrescue.log" 2>&1 \
    || { cat "$WORK/mkrescue.log" >&2; die "grub-mkrescue failed (log above)"; }
iso_size=$(stat -c %s "$WORK/boot.iso")
[ "$iso_size" -le "$ISO_MAX" ] \
    || die "boot ISO is $((iso_size / MIB)) MiB, more than the $((ISO_MAX / MIB)) MiB reserved for partition 1"

log "building persistent ext4 partition"
# Empty on purpose: the guest fills it from its defaults on first boot.
truncate -s "$P2_SIZE" "$WORK/persist.img"
mke2fs -q -F -t ext4 -L hurdvm-persist -E root_owner=0:0 "$WORK/persist.img" \
    || die "mke2fs failed"

log "assembling disk image"
truncate -s "$DISK_SIZE" "$WORK/disk.raw"
dd if="$WORK/boot.iso" of="$WORK/disk.raw" conv=notrunc status=none
dd if="$WORK/persist.img" of="$WORK/disk.raw" bs=1M seek=$((P2_START / MIB)) conv=notrunc,sparse status=none
mbr_entry "$WORK/disk.raw" 2 $((0x83)) "$P2_START" "$P2_SIZE"
mbr_entry "$WORK/disk.raw" 3 $((0xda)) "$P3_START" "$P3_SIZE"
qemu-img convert -q -f raw -O qcow2 "$WORK/disk.raw" "$WORK/guest.qcow2" || die "qemu-img convert failed"

publish "$WORK/guest.qcow2" "$OUT" "$KEY"
log "built $OUT ($(du -k "$OUT" | cut -f1) KiB on disk, $((DISK_SIZE / MIB)) MiB virtual)"
