# The boot harness: boots a drive (a loop device) in QEMU as a USB stick, on legacy BIOS or UEFI,
# and waits for a marker on the serial console or in VGA text memory. Reusable by every boot
# test (source it after tests/e2e/lib.sh).

# What the firmware shows when it found nothing to boot on the stick (seen here: SeaBIOS 1.16.2
# on the VGA text screen; Debian's OVMF on the serial console, when it falls back to its shell).
BOOT_NOTHING_BIOS="No bootable device"
BOOT_NOTHING_UEFI='starting Boot0002 "EFI Internal Shell"'

# boot_wait DEVICE FIRMWARE CPU TIMEOUT NAME MARKER...
#   FIRMWARE: bios | uefi;  CPU: i386 (no long mode: qemu-system-i386) | x86_64
#   Boots DEVICE and polls the serial console and the VGA text screen until one of the MARKERs
#   shows or TIMEOUT seconds pass. Sets BOOT_SEEN to the marker seen (empty if none). Leaves
#   NAME.serial and NAME.vga.txt in the current directory. QEMU is killed by its PID on every
#   path.
boot_wait() {
  local dev="$1" firmware="$2" cpu="$3" timeout="$4" name="$5"
  shift 5
  local markers=("$@") marker
  BOOT_SEEN=""
  local qemu=qemu-system-x86_64 machine=() fw=()
  [[ "$cpu" == i386 ]] && qemu=qemu-system-i386
  if [[ "$firmware" == uefi ]]; then
    cp /usr/share/OVMF/OVMF_VARS_4M.fd "$name.vars.fd"
    machine=(-machine q35)
    fw=(-drive "if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd"
        -drive "if=pflash,format=raw,file=$name.vars.fd")
  fi
  rm -f "$name.mon.in" "$name.mon.out" "$name.serial" "$name.vga.bin" "$name.vga.txt"
  mkfifo "$name.mon.in" "$name.mon.out"
  # Keep the monitor's output drained so QEMU never blocks writing to it.
  cat "$name.mon.out" > /dev/null &
  local drain=$!
  # /dev/kvm here is nested and fails in BIOS code: always TCG.
  "$qemu" -accel tcg "${machine[@]}" "${fw[@]}" -m 512 -nic none -display none -no-reboot \
    -device usb-ehci,id=ehci -drive "if=none,id=stick,format=raw,file=$dev" \
    -device usb-storage,bus=ehci.0,drive=stick,bootindex=0 \
    -serial "file:$name.serial" -monitor "pipe:$name.mon" > "$name.qemu.log" 2>&1 &
  local qpid=$!
  exec {mon}> "$name.mon.in"
  local deadline=$(( $(date +%s) + timeout ))
  while [[ -z "$BOOT_SEEN" ]] && (( $(date +%s) < deadline )) && kill -0 "$qpid" 2>/dev/null; do
    sleep 2
    echo "pmemsave 0xb8000 4000 \"$PWD/$name.vga.bin\"" >&"$mon"
    sleep 0.5
    # VGA text memory: even bytes are CP437 characters, odd bytes their attributes.
    [[ -f "$name.vga.bin" ]] && perl -e 'local $/; my $d = <STDIN>; my $t = join "", map { substr($_, 0, 1) } unpack("(a2)*", $d); $t =~ s/[^\x20-\x7e]/ /g; print join("\n", unpack("(a80)*", $t)), "\n"' < "$name.vga.bin" > "$name.vga.txt"
    for marker in "${markers[@]}"; do
      if grep -aqF -- "$marker" "$name.serial" "$name.vga.txt" 2>/dev/null; then
        BOOT_SEEN="$marker"
        break
      fi
    done
  done
  exec {mon}>&-
  kill "$qpid" 2>/dev/null; wait "$qpid" 2>/dev/null
  kill "$drain" 2>/dev/null; wait "$drain" 2>/dev/null
  return 0
}

# boot_check DEVICE FIRMWARE CPU MARKER TIMEOUT NAME: 0 when MARKER shows within TIMEOUT seconds.
boot_check() {
  boot_wait "$1" "$2" "$3" "$5" "$6" "$4"
  [[ -n "$BOOT_SEEN" ]]
}

# boot_fails DEVICE FIRMWARE CPU MARKER TIMEOUT NAME: 0 when the firmware says it found nothing to
# boot (BOOT_NOTHING_*) before MARKER shows. A screen that shows neither (QEMU did not start, the
# firmware hung) fails too: a negative control must see the firmware give up.
boot_fails() {
  local nothing="$BOOT_NOTHING_BIOS"
  [[ "$2" == uefi ]] && nothing="$BOOT_NOTHING_UEFI"
  boot_wait "$1" "$2" "$3" "$5" "$6" "$4" "$nothing"
  if [[ "$BOOT_SEEN" == "$nothing" ]]; then return 0; fi
  echo "     the firmware did not say '$nothing' within $5 s (saw: '${BOOT_SEEN:-nothing}'); screen:"
  sed 's/^/     | /' "$6.vga.txt" 2>/dev/null | grep -v '^     | *$' | tail -n 8
  return 1
}

# boot_skip_under_sanitizers: the boot tests run in the ci preset only (not under the sanitizers). They check what the
# written bytes do in a firmware; the code that writes them runs under ASan+UBSan in the unit and
# e2e tests. Skipping here keeps CI about 3 minutes shorter. STICKWRIGHT_SANITIZE comes from
# tests/CMakeLists.txt.
boot_skip_under_sanitizers() {
  if [[ "${STICKWRIGHT_SANITIZE:-0}" =~ ^(1|ON|TRUE|YES)$ ]]; then
    sw_skip "boot tests run in the ci preset only (ASan+UBSan check the code that writes the sticks in the unit and e2e tests)"
  fi
}
