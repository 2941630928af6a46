#!/usr/bin/env bash
# The demo's stick boots. `stickwright --demo` is run as a newcomer runs it (tmux drives the
# terminal UI from the image to a verified write of its virtual drive), then QEMU boots the
# virtual drive it wrote as a USB stick on legacy BIOS (SeaBIOS), with a 64-bit and a 32-bit CPU,
# and the demo's boot program must print its message on the VGA text screen. The control is a
# blank virtual drive, which SeaBIOS must find nothing to boot on; the command line then writes
# the demo image onto it (write IMAGE FILE --yes, checked against the demo's SHA256SUMS), and it
# must hold the same bytes as the drive the demo wrote. The drives are regular files: no root and
# no loop device needed. Skipped (exit 77) without QEMU or tmux, and under the sanitizers.
# Usage: demo_boot_test.sh STICKWRIGHT
source "$(dirname "$0")/../e2e/lib.sh"
source "$(dirname "$0")/boot_lib.sh"
boot_skip_under_sanitizers
for tool in qemu-system-x86_64 qemu-system-i386 perl jq; do
  command -v "$tool" >/dev/null || sw_skip "$tool is missing (scripts/test installs it)"
done
source "$(dirname "$0")/../e2e/tui_lib.sh"
cd "$SW_TMP"

# The first line the demo's boot program prints (writer/demo/demo_image.h, kDemoBootMessage).
MARKER="stickwright demo: this stick boots."

echo "# the demo, from its image browser to a verified write of its virtual drive"
demo_to_verified
IMAGE="$DEMO_DIR/stickwright-demo.img"
LAST=inspect; run_sw $LAST inspect "$IMAGE" --json
check "inspect: a disk image that boots on BIOS" \
  jq -e '.kind == "disk_image" and .boot.bios' "$LAST.out"
check "inspect: its one partition is active, FAT32" \
  jq -e '[.partitions[] | select(.active and .filesystem == "vfat")] | length == 1' \
  "$LAST.out"
check "inspect: no note that no partition is marked active" \
  bash -c "! grep -q 'no partition is marked active' '$LAST.out'"

echo "# control: a blank virtual drive does not boot"
truncate -s 64M cli.drive
check "BIOS: SeaBIOS finds nothing to boot" boot_fails cli.drive bios x86_64 "$MARKER" 60 control

echo "# the drive the demo wrote boots on BIOS and prints the demo's message"
check "BIOS: the demo's message on the screen" \
  boot_check "$DEMO_DIR/demo-stick.drive" bios x86_64 "$MARKER" 60 demo
check "BIOS: and the lines after it" \
  grep -qF "It was written and verified by stickwright." demo.vga.txt
check "BIOS, 32-bit CPU: the demo's message on the screen" \
  boot_check "$DEMO_DIR/demo-stick.drive" bios i386 "$MARKER" 60 demo-i386

echo "# the command line writes the same bytes: write IMAGE FILE --yes finds the demo's SHA256SUMS"
LAST=write; run_sw $LAST write "$IMAGE" cli.drive --yes --json
check "write: exit 0" rc_is 0
check "write: checked against the demo's SHA256SUMS" \
  jq -e 'select(.event == "result") | .expected.matched
         and (.expected.source | endswith("/SHA256SUMS"))' "$LAST.out"
check "write: verified" out_has '"verified":true'
check "the drive holds what the demo wrote on its own" \
  same_file cli.drive "$DEMO_DIR/demo-stick.drive"

sw_summary
