# Builds the boot test images from Debian's packages (sourced by boot_test.sh).

DI_DIR=/usr/lib/debian-installer/images/12/i386/text/debian-installer/i386

# make_debian_i386_iso OUT: a hybrid ISO (isolinux, isohybrid MBR) around the 32-bit Debian
# installer kernel, with console=ttyS0 so the kernel's boot messages reach the serial port.
make_debian_i386_iso() {
  local out="$1" dir
  dir=$(mktemp -d "$SW_TMP/di.XXXXXX")
  mkdir -p "$dir/isolinux"
  cp /usr/lib/ISOLINUX/isolinux.bin /usr/lib/syslinux/modules/bios/ldlinux.c32 "$dir/isolinux/"
  cp "$DI_DIR/linux" "$DI_DIR/initrd.gz" "$dir/"
  cat > "$dir/isolinux/isolinux.cfg" <<CFG
SERIAL 0 115200
DEFAULT linux
PROMPT 0
TIMEOUT 1
LABEL linux
  KERNEL /linux
  APPEND initrd=/initrd.gz console=ttyS0,115200 priority=critical
CFG
  xorriso -as mkisofs -quiet -o "$out" -V STICKWRIGHT_DI -isohybrid-mbr /usr/lib/ISOLINUX/isohdpfx.bin \
    -c isolinux/boot.cat -b isolinux/isolinux.bin -no-emul-boot -boot-load-size 4 -boot-info-table \
    "$dir" 2>/dev/null
}

# make_grub_rescue_uefi OUT: grub-mkrescue's hybrid image (BIOS and x86_64 UEFI) whose GRUB
# prints a marker on the serial console.
GRUB_MARKER=STICKWRIGHT-GRUB-BOOTED
make_grub_rescue_uefi() {
  local out="$1" dir
  dir=$(mktemp -d "$SW_TMP/grub.XXXXXX")
  mkdir -p "$dir/boot/grub"
  cat > "$dir/boot/grub/grub.cfg" <<CFG
serial --unit=0 --speed=115200
terminal_output serial console
echo $GRUB_MARKER
sleep 120
CFG
  grub-mkrescue -o "$out" "$dir" >/dev/null 2>&1
}
