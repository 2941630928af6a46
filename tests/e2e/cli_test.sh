#!/usr/bin/env bash
# End-to-end tests of the command line through the built binary, on regular files only.
# Usage: cli_test.sh PATH/TO/stickwright
source "$(dirname "$0")/lib.sh"
cd "$SW_TMP"
command -v script >/dev/null || sw_skip "'script' (bsdutils) is missing: it types the confirmation on a terminal (scripts/test installs it)"

head -c $((3 * 1024 * 1024 + 17)) /dev/urandom > image.iso
SHA=$(sha256sum image.iso | cut -d' ' -f1)
MD5=$(md5sum image.iso | cut -d' ' -f1)
WRONG=$(printf '%s' "$SHA" | tr '0-9a-f' '1-9a-f0')
head -c $((8 * 1024 * 1024)) /dev/urandom > drive.orig
fresh_drive() { cp drive.orig drive.img; }

echo "# a correct write to a file-backed drive reads back equal"
fresh_drive; LAST=ok; run_sw $LAST write image.iso drive.img --hash "$SHA" --yes
check "exit 0" rc_is 0
check "target starts with the image" prefix_equals image.iso drive.img
check "bytes after the image untouched" cmp -s -i $((3 * 1024 * 1024 + 17)) drive.orig drive.img -n 1000
check "reports verified" out_has "Verified"
check "says what it wrote" out_has "^Wrote 3.15 MB to drive.img in "
check "says the drive is safe to remove" out_has "^All data is flushed; the drive is safe to remove.\$"

echo "# wrong hash: exit 2, target byte-for-byte unchanged, both digests shown"
fresh_drive; LAST=wrong; run_sw $LAST write image.iso drive.img --hash "$WRONG" --yes
check "exit 2" rc_is 2
check "target unchanged" same_file drive.orig drive.img
check "expected digest shown" err_has "$WRONG"
check "actual digest shown" err_has "$SHA"

echo "# an md5 given as ALG:HEX in upper case"
fresh_drive; LAST=md5; run_sw $LAST write image.iso drive.img --hash "MD5:${MD5^^}" --yes
check "exit 0" rc_is 0
check "target holds the image" prefix_equals image.iso drive.img
check "says md5 is weak" err_has "note: md5 shows the download is intact, not that nobody changed it; prefer SHA256SUMS"

echo "# no expected hash: refused (exit 1) unless --unverified"
fresh_drive; LAST=nohash; run_sw $LAST write image.iso drive.img --yes
check "exit 1" rc_is 1
check "says how to give one" err_has "--unverified"
check "target unchanged" same_file drive.orig drive.img
LAST=unverified; run_sw $LAST write image.iso drive.img --yes --unverified
check "--unverified exit 0" rc_is 0
check "prints the sha256 to compare" err_has "$SHA"
check "target holds the image" prefix_equals image.iso drive.img

echo "# checksum lists found next to the image"
fresh_drive; printf '%s  image.iso\n' "$SHA" > SHA256SUMS
LAST=sums; run_sw $LAST write "$SW_TMP/image.iso" drive.img --yes
check "SHA256SUMS found: exit 0" rc_is 0
check "names its source" out_has "SHA256SUMS"
printf '%s  image.iso\n' "$WRONG" > SHA256SUMS
fresh_drive; LAST=sumsbad; run_sw $LAST write image.iso drive.img --yes
check "a SHA256SUMS that disagrees: exit 2" rc_is 2
check "target unchanged" same_file drive.orig drive.img
rm SHA256SUMS
printf 'SHA256 (image.iso) = %s\n' "$SHA" > list.txt
LAST=checksums; run_sw $LAST write image.iso drive.img --yes --checksums list.txt
check "--checksums FILE (BSD style): exit 0" rc_is 0
printf '%s  other.iso\n' "$SHA" > other.txt
LAST=noentry; run_sw $LAST write image.iso drive.img --yes --checksums other.txt
check "--checksums without the image: exit 1" rc_is 1
check "names the list" err_has "other.txt"

echo "# the target is refused: too small, the image itself, no confirmation"
head -c 1000000 /dev/urandom > small.img; cp small.img small.orig
LAST=small; run_sw $LAST write image.iso small.img --hash "$SHA" --yes
check "too small: exit 3" rc_is 3
check "too small: untouched" same_file small.orig small.img
cp image.iso self.iso; LAST=self; run_sw $LAST write self.iso self.iso --hash "$SHA" --yes
check "image onto itself: exit 3" rc_is 3
fresh_drive; LAST=noyes; run_sw $LAST write image.iso drive.img --hash "$SHA"
check "no terminal and no --yes: exit 3" rc_is 3
check "says to pass --yes" err_has "--yes"
check "untouched" same_file drive.orig drive.img
LAST=chardev; run_sw $LAST write image.iso /dev/null --hash "$SHA" --yes
check "a character device: exit 3" rc_is 3

echo "# confirmation typed on a terminal"
fresh_drive
printf 'drive.img\n' | script -qec "'$SW_BIN' write image.iso drive.img --hash $SHA" /dev/null >typed.log 2>&1
RC=$?; LAST=typed; cp typed.log typed.err
check "typing the name goes on: exit 0" rc_is 0
check "the prompt named the target" err_has "Type 'drive.img'"
check "written" prefix_equals image.iso drive.img
fresh_drive
printf 'sdb\n' | script -qec "'$SW_BIN' write image.iso drive.img --hash $SHA" /dev/null >typed2.log 2>&1
RC=$?; LAST=typed2; cp typed2.log typed2.err
check "typing another name refuses: exit 3" rc_is 3
check "untouched" same_file drive.orig drive.img

echo "# several targets: the number of drives first, then each name"
fresh_drive; cp drive.orig drive2.img
printf '2\ndrive.img\ndrive2.img\n' | script -qec "'$SW_BIN' write image.iso drive.img drive2.img --hash $SHA" /dev/null >many.log 2>&1
RC=$?; LAST=many; cp many.log many.err
check "count then names: exit 0" rc_is 0
check "asked for the number of drives" err_has "Type the number of drives (2)"
check "then for each name" bash -c "grep -q \"Type 'drive.img'\" many.err && grep -q \"Type 'drive2.img'\" many.err"
check "both written" bash -c "cmp -s -n \$(stat -c %s image.iso) image.iso drive.img && cmp -s -n \$(stat -c %s image.iso) image.iso drive2.img"
check "the summary names both" err_has "2 of 2 sticks good: drive.img, drive2.img"
fresh_drive; cp drive.orig drive2.img
printf '3\n' | script -qec "'$SW_BIN' write image.iso drive.img drive2.img --hash $SHA" /dev/null >many2.log 2>&1
RC=$?; LAST=many2; cp many2.log many2.err
check "a wrong count refuses: exit 3" rc_is 3
check "both untouched" bash -c "cmp -s drive.orig drive.img && cmp -s drive.orig drive2.img"

echo "# bad input"
: > empty.iso
LAST=empty; run_sw $LAST write empty.iso drive.img --unverified --yes
check "empty image: exit 1" rc_is 1
check "says empty" err_has "empty"
LAST=missing; run_sw $LAST write nope.iso drive.img --unverified --yes
check "missing image: exit 1" rc_is 1
check "names it" err_has "nope.iso"
LAST=usage; run_sw $LAST write image.iso
check "missing operand: exit 1" rc_is 1
LAST=badhash; run_sw $LAST write image.iso drive.img --hash xyz --yes
check "malformed --hash: exit 1" rc_is 1
LAST=notarget; run_sw $LAST write image.iso /nonexistent/drive --hash "$SHA" --yes
check "missing target: exit 1" rc_is 1
mkdir -p adir.iso
fresh_drive; LAST=dirimage; run_sw $LAST write adir.iso drive.img --unverified --yes
check "a directory as image: exit 1" rc_is 1
check "a directory as image: says so" err_has "not a regular file"
mkfifo fifo.iso
LAST=fifoimage; run_sw $LAST write fifo.iso drive.img --unverified --yes
check "a FIFO as image: exit 1" rc_is 1
check "a FIFO as image: says so" err_has "not a regular file"
check "untouched" same_file drive.orig drive.img
head -c 1000000 image.iso > truncated.iso
LAST=truncated; run_sw $LAST write truncated.iso drive.img --hash "$SHA" --yes
check "a truncated download: hash mismatch, exit 2" rc_is 2
check "untouched" same_file drive.orig drive.img
printf 'garbage\n\x00\xff not a list\n' > bad.sums
LAST=badsums; run_sw $LAST write image.iso drive.img --checksums bad.sums --yes
check "a malformed checksum file: exit 1" rc_is 1
check "names it and counts what it could not read" err_has "lines not understood"

echo "# odd sizes"
for size in 1 511 512 $((4 * 1024 * 1024 + 1)); do
  head -c $size /dev/urandom > odd.iso
  fresh_drive; LAST=odd$size; run_sw $LAST write odd.iso drive.img --hash "$(sha256sum odd.iso | cut -d' ' -f1)" --yes
  check "$size bytes: exit 0" rc_is 0
  check "$size bytes: written" prefix_equals odd.iso drive.img
  check "$size bytes: the byte after is untouched" cmp -s -i $size drive.orig drive.img -n 1
done
: > grow.img
LAST=grow; run_sw $LAST write image.iso grow.img --hash "$SHA" --yes
check "an empty file grows to the image: exit 0" rc_is 0
check "an empty file grows to the image: equal" same_file image.iso grow.img

echo "# --json: progress lines, then one result object"
fresh_drive; LAST=json; run_sw $LAST write image.iso drive.img --hash "$SHA" --yes --json
check "exit 0" rc_is 0
check "progress events" out_has '"event":"progress","phase":"write"'
check "verify events" out_has '"phase":"verify"'
check "result ok" bash -c "tail -n1 '$LAST.out' | grep -q '\"status\":\"ok\"'"
check "result verified" bash -c "tail -n1 '$LAST.out' | grep -q '\"verified\":true'"
check "result sha256" bash -c "tail -n1 '$LAST.out' | grep -q '\"sha256\":\"$SHA\"'"
check "every stdout line is JSON" bash -c "[[ -s '$LAST.out' ]] && ! grep -qv '^{.*}\$' '$LAST.out'"
LAST=jsonbad; run_sw $LAST write image.iso drive.img --hash "$WRONG" --yes --json
check "mismatch in JSON: exit 2" rc_is 2
check "mismatch status" out_has '"status":"hash_mismatch"'

echo "# hash_strength in the JSON results: weak for md5 and sha1, strong for sha256"
SHA1=$(sha1sum image.iso | cut -d' ' -f1)
result_has() { tail -n1 "$LAST.out" | grep -q -- "$1" || { echo "     result lacks '$1':"; tail -n1 "$LAST.out" | sed 's/^/     | /'; return 1; }; }
LAST=json; check "write sha256: strong" result_has '"hash_strength":"strong"'
check "write: the result names the command" result_has '"command":"write"'
fresh_drive; LAST=jsonmd5; run_sw $LAST write image.iso drive.img --hash "md5:$MD5" --yes --json
check "write md5: exit 0" rc_is 0
check "write md5: weak" result_has '"hash_strength":"weak"'
LAST=verifysha1; run_sw $LAST verify image.iso drive.img --hash "$SHA1" --json
check "verify sha1: exit 0" rc_is 0
check "verify sha1: weak" result_has '"hash_strength":"weak"'
check "verify sha1: note on stderr" err_has "note: sha1 shows the download is intact, not that nobody changed it; prefer SHA256SUMS"
LAST=verifysha256; run_sw $LAST verify image.iso drive.img --hash "$SHA" --json
check "verify sha256: strong" result_has '"hash_strength":"strong"'
check "verify: the result names the command" result_has '"command":"verify"'
check "verify sha256: no weak note" bash -c "! grep -q 'shows the download is intact' '$LAST.err'"
LAST=hashjsonmd5; run_sw $LAST hash image.iso --algo md5 --json
check "hash md5: weak" result_has '"hash_strength":"weak"'
LAST=hashjson; run_sw $LAST hash image.iso --json
check "hash sha256: strong" result_has '"hash_strength":"strong"'

echo "# a clear-signed list: only the signed body counts"
{ printf '%s  image.iso\n' "$SHA"
  printf -- '-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n%s  other.iso\n' "$SHA"
  printf -- '-----BEGIN PGP SIGNATURE-----\n\niQIzBAEBCAAd\n-----END PGP SIGNATURE-----\n'
  printf '%s  image.iso\n' "$SHA"; } > SIGNED.asc
fresh_drive; LAST=pgpoutside; run_sw $LAST write image.iso drive.img --yes --checksums SIGNED.asc
check "entries before the armor and after the signature: exit 1" rc_is 1
check "not found in the list" err_has "SIGNED.asc has no checksum for image.iso"
check "target unchanged" same_file drive.orig drive.img
sed -i "s/other\.iso/image.iso/" SIGNED.asc
fresh_drive; LAST=pgpbody; run_sw $LAST write image.iso drive.img --yes --checksums SIGNED.asc
# The entry is in the body, but the signature block is no signature: refused as one that does not
# verify (tests/e2e/signature_test.sh has lists with real signatures).
check "an entry in the signed body, a signature that cannot be checked: exit 6" rc_is 6
check "says the signature does not verify" err_has "the checksum list's signature does not verify"
check "target unchanged" same_file drive.orig drive.img

echo "# --no-verify warns"
fresh_drive; LAST=noverify; run_sw $LAST write image.iso drive.img --hash "$SHA" --yes --no-verify
check "exit 0" rc_is 0
check "warns" err_has "will not be read back"

echo "# hash and verify commands"
LAST=hash; run_sw $LAST hash image.iso
check "hash: exit 0" rc_is 0
check "hash: same as sha256sum" out_has "^$SHA  image.iso\$"
LAST=hashmd5; run_sw $LAST hash image.iso --algo md5
check "hash --algo md5" out_has "^$MD5  "
fresh_drive; "$SW_BIN" write image.iso drive.img --hash "$SHA" --yes >/dev/null 2>&1
LAST=verify; run_sw $LAST verify image.iso drive.img --hash "$SHA"
check "verify: exit 0" rc_is 0
check "verify: says what it verified" out_has "^Verified: drive.img holds exactly the image"
check "verify: no write lines" bash -c "! grep -q -e '^Wrote ' -e 'safe to remove' '$LAST.out'"
# One byte of the written stick is flipped (XOR 0xff), so it differs from the image whatever the
# random image holds there.
flipped=$(( 0x$(dd if=drive.img bs=1 skip=1234567 count=1 status=none | od -An -tx1 | tr -d ' \n') ^ 0xff ))
printf "\\x$(printf %02x "$flipped")" | dd of=drive.img bs=1 seek=1234567 conv=notrunc status=none
LAST=verifybad; run_sw $LAST verify image.iso drive.img --hash "$SHA"
check "verify after corruption: exit 5" rc_is 5
check "names the offset" err_has "1234567"

truncate -s 1536M big.iso
BIGSHA=$(sha256sum big.iso | cut -d' ' -f1)
# SIGHUP is what a closed SSH session sends: it must stop like Ctrl-C, not kill (exit 129).
for SIG in INT HUP; do
  echo "# SIG$SIG mid-write: exit 130, reported incomplete"
  rm -f bigdrive.img; truncate -s 1536M bigdrive.img
  LAST=sig$SIG
  "$SW_BIN" write big.iso bigdrive.img --hash "$BIGSHA" --yes --json >$LAST.out 2>$LAST.err </dev/null &
  PID=$!
  for _ in $(seq 1 600); do grep -q '"phase":"write"' $LAST.out 2>/dev/null && break; sleep 0.05; done
  kill -$SIG "$PID"
  wait "$PID"; RC=$?
  check "SIG$SIG: the signal arrived before the write finished" bash -c "! grep -q '\"status\":\"ok\"' $LAST.out"
  check "exit 130" rc_is 130
  check "says incomplete" err_has "incomplete"
  check "JSON status interrupted" out_has '"status":"interrupted"'
done

echo "# SIGTERM during the hash check: exit 130, nothing written"
rm -f bigdrive.img; truncate -s 1536M bigdrive.img
"$SW_BIN" write big.iso bigdrive.img --hash "$BIGSHA" --yes --json >term.out 2>term.err </dev/null &
PID=$!
for _ in $(seq 1 600); do grep -q '"phase":"hash"' term.out 2>/dev/null && break; sleep 0.05; done
kill -TERM "$PID"
wait "$PID"; RC=$?; LAST=term
check "the signal arrived during the hash check" bash -c "! grep -q '\"phase\":\"write\"' term.out"
check "exit 130" rc_is 130
check "says nothing was written" err_has "nothing was written"
check "target still all zeros (sparse, never written)" bash -c "[[ \$(du -k bigdrive.img | cut -f1) -lt 1024 ]]"

echo "# a closed stdout (write --json | head -1) stops cleanly: exit 130, message on stderr"
rm -f bigdrive.img; truncate -s 1536M bigdrive.img
"$SW_BIN" write big.iso bigdrive.img --hash "$BIGSHA" --yes --json 2>pipe.err </dev/null |
  head -1 >pipe.out
RC=${PIPESTATUS[0]}; LAST=pipe
check "exit 130, not a death by SIGPIPE (141)" rc_is 130
check "stderr says the output was closed" err_has "the output was closed (broken pipe)"
check "stderr says where it stopped" err_has "^stickwright: stopped"
check "head got the first progress line" out_has '"event":"progress"'
check "not a crash" bash -c "! grep -q 'internal error' pipe.err"
rm -f big.iso bigdrive.img

echo "# read: usage and refusals that need no drive"
LAST=readgz; run_sw $LAST read /dev/sdx stick.img.gz
check "read to .gz: exit 1" rc_is 1
check "read to .gz: says which endings" err_has "compressed as .zst or .xz"
LAST=readone; run_sw $LAST read /dev/sdx
check "read with one operand: exit 1" rc_is 1
check "read with one operand: says what it needs" err_has "'read' needs TARGET and IMAGE"
echo data > notadrive.img
LAST=readfile; run_sw $LAST read notadrive.img out.img
check "read from a file: exit 3" rc_is 3
check "read from a file: not a drive" err_has "is not a drive"
check "read from a file: no image" test ! -e out.img
LAST=readexists; run_sw $LAST read /dev/sdx notadrive.img
check "read over an existing file without --yes: exit 3" rc_is 3
check "read over an existing file: says so" err_has "exists already; give --yes"
check "the existing file is untouched" grep -q data notadrive.img
rm -f notadrive.img

sw_summary
