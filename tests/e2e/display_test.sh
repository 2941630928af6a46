#!/usr/bin/env bash
# End-to-end test: nothing from a drive, an image or a file name reaches the terminal raw.
# A fixture stick (tests/support/standard_fixture.cpp) gets a model, vendor, serial and label
# holding terminal escape sequences, CR/LF, a C1 control and invalid UTF-8; an image file's
# name holds ESC too. Human output must show them escaped (\x1b), --json must stay valid JSON.
# Usage: display_test.sh STICKWRIGHT MAKE_FIXTURE
source "$(dirname "$0")/lib.sh"
cd "$SW_TMP" || exit 1
command -v jq >/dev/null || sw_skip "jq is missing (scripts/test installs it)"
command -v mkfs.ext4 >/dev/null || sw_skip "mkfs.ext4 is missing"

"$SW_FIXTURE_BIN" fx "" || { echo "FAIL - could not build the fixture"; exit 1; }
FX="$SW_TMP/fx"
jqe() { jq -e "$@" >/dev/null; }
STICK_DEV="$(readlink -f "$FX/sys/block/sdb/device")"
[[ -f "$STICK_DEV/model" ]] || { echo "FAIL - the fixture's sdb has no model file"; exit 1; }
# Clear the screen, retitle the window, go back over the line, a C1 CSI, an invalid byte.
printf 'Cruzer\e[2J\e]0;owned\a\rFAKE\nLINE\xc2\x9b31m\xff' > "$STICK_DEV/model"
printf 'San\e[8mDisk' > "$STICK_DEV/vendor"
printf '4C53\b\b\b\bXXXX' > "$(dirname "$(dirname "$(dirname "$(dirname "$STICK_DEV")")")")/serial"
mkfs.ext4 -q -F -L $'L\e[1A\r\x7f' "$FX/dev/sdb1" >/dev/null 2>&1 ||
  { echo "FAIL - mkfs.ext4 on the fixture's sdb1"; exit 1; }

# raw_free FILE: no ESC, CR, BS, DEL, C1 control or invalid UTF-8 in FILE (newlines allowed).
raw_free() {
  if LC_ALL=C grep -qP '[\x00-\x09\x0b-\x1f\x7f]' "$1"; then
    echo "     $1 holds a raw control character:"; sed -n l "$1" | sed 's/^/     | /'; return 1
  fi
  if LC_ALL=C grep -qP '\xc2[\x80-\x9f]' "$1"; then echo "     $1 holds a raw C1 control"; return 1; fi
  iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1 || { echo "     $1 is not valid UTF-8"; return 1; }
}

echo "# list --all: the stick's hostile model, vendor, serial and label are shown escaped"
LAST=list; run_sw $LAST list --all --sysroot "$FX"
check "exit 0" rc_is 0
check "stdout holds no raw control character" raw_free list.out
check "stderr holds no raw control character" raw_free list.err
check "the model's ESC is shown as \\x1b" out_has 'Cruzer\\x1b\[2J\\x1b\]0;owned\\x07\\x0dFAKE\\x0aLINE\\u009b31m\\xff'
check "the serial's backspaces are shown" out_has '4C53\\x08\\x08\\x08\\x08XXXX'
check "the label's escapes are shown" out_has 'L\\x1b\[1A\\x0d\\x7f'

echo "# list --all --json: valid JSON, the values escaped by JSON's rules"
LAST=listj; run_sw $LAST list --all --json --sysroot "$FX"
check "exit 0" rc_is 0
check "jq parses it" jqe . listj.out
check "no raw control character" raw_free listj.out
check "the model round-trips with U+FFFD for the invalid byte" test \
  "$(jq -j '.drives[] | select(.name == "sdb") | .model' listj.out | od -An -c | tr -s ' \n' ' ')" == \
  "$(printf 'Cruzer\e[2J\e]0;owned\a\rFAKE\nLINE\xc2\x9b31m\xef\xbf\xbd' | od -An -c | tr -s ' \n' ' ')"

echo "# write to the stick: the confirmation refusal and its messages are escaped"
head -c 300000 /dev/urandom > "$SW_TMP/image.iso"
SHA=$(sha256sum image.iso | cut -d' ' -f1)
LAST=write; run_sw $LAST write image.iso /dev/sdb --hash "$SHA" --sysroot "$FX"
check "exit 3 (no terminal to confirm on)" rc_is 3
check "stderr holds no raw control character" raw_free write.err

echo "# an image whose file name holds ESC: inspect, hash and errors show it escaped"
EVIL=$'evil\e]0;x\a\e[2J\r.iso'
cp image.iso "$EVIL"
LAST=insp; run_sw $LAST inspect "$EVIL"
check "inspect: exit 0" rc_is 0
check "inspect: no raw control character" raw_free insp.out
check "inspect: the name shown escaped" out_has 'evil\\x1b\]0;x\\x07\\x1b\[2J\\x0d.iso'
LAST=inspj; run_sw $LAST inspect "$EVIL" --json
check "inspect --json: jq parses it" jqe . inspj.out
check "inspect --json: no raw control character" raw_free inspj.out
check "inspect --json: the name round-trips" test "$(jq -r .image inspj.out)" == "$EVIL"
LAST=hash; run_sw $LAST hash "$EVIL"
check "hash: exit 0" rc_is 0
check "hash: no raw control character" raw_free hash.out
LAST=missing; run_sw $LAST hash "$EVIL.missing"
check "a missing file: exit 1" rc_is 1
check "the error text holds no raw control character" raw_free missing.err
check "the error names the file, escaped" err_has 'evil\\x1b'
truncate -s 1M target.img
LAST=wrongj; run_sw $LAST write "$EVIL" target.img --hash "${SHA//[0-9]/a}" --yes --json
check "a hash mismatch: exit 2" rc_is 2
check "write --json: jq parses every line" jqe . wrongj.out
check "write --json: no raw control character" raw_free wrongj.out
check "its stderr holds no raw control character" raw_free wrongj.err
check "its message names the image, escaped" err_has 'evil\\x1b\]0;x\\x07'
LAST=wrong; run_sw $LAST write "$EVIL" target.img --hash "${SHA//[0-9]/a}" --yes
check "the same write for a person: exit 2" rc_is 2
check "its stdout holds no raw control character" raw_free wrong.out
check "its stderr holds no raw control character" raw_free wrong.err

sw_summary
