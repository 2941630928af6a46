#!/usr/bin/env bash
# End-to-end tests of authenticity through the built binary, on regular files only: checksum
# lists signed as Debian, Ubuntu, Linux Mint and Fedora sign them, image signatures, keyrings
# from --keyring and the configuration directory, --require-signature, and catalogs of known
# images. Keys are made by tests/support/make_pgp_fixture.sh (gpg in batch mode, in a private
# home under this script's temporary directory; its agent is stopped at the end).
# Usage: signature_test.sh PATH/TO/stickwright
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/lib.sh"
cd "$SW_TMP"
command -v gpg >/dev/null || sw_skip "gpg is missing: it makes the test keys (scripts/test installs gnupg)"
command -v jq >/dev/null || sw_skip "jq is missing (scripts/test installs it)"
K="$SW_TMP/keys"
"$HERE/../support/make_pgp_fixture.sh" "$K" >/dev/null 2>&1 || sw_skip "make_pgp_fixture.sh could not make the test keys"
export GNUPGHOME="$K/gnupg"
on_exit "GNUPGHOME='$K/gnupg' gpgconf --kill gpg-agent"
export XDG_CONFIG_HOME="$SW_TMP/config"  # no keyrings or catalogs of the user running the tests
sign() {  # sign KEY FILE OUT [gpg options]: a detached signature of FILE by fixture key KEY
  local key=$1 file=$2 out=$3
  shift 3
  gpg --batch --quiet --yes --pinentry-mode loopback --passphrase '' -u "$(cat "$K/fpr-$key")" \
    "$@" --output "$out" --detach-sign "$file" 2>/dev/null
}
GOOD=$(cat "$K/fpr-good")
GOOD_GROUPED=$(sed 's/..../& /g; s/ $//' "$K/fpr-good")

mkdir deb && head -c $((2 * 1024 * 1024 + 5)) /dev/urandom >deb/debian-12.5.0-i386-netinst.iso
IMG=deb/debian-12.5.0-i386-netinst.iso
SHA=$(sha256sum "$IMG" | cut -d' ' -f1)
printf '%s  debian-12.5.0-i386-netinst.iso\n%s  debian-edu-12.5.0-i386-netinst.iso\n' "$SHA" "$(printf 'b%.0s' {1..64})" >deb/SHA256SUMS
sign good deb/SHA256SUMS deb/SHA256SUMS.sign
head -c $((4 * 1024 * 1024)) /dev/urandom >drive.orig
fresh_drive() { cp drive.orig drive.img; }

echo "# Debian: SHA256SUMS + SHA256SUMS.sign and the signer's keyring: authentic, with the fingerprint"
fresh_drive; LAST=deb; run_sw $LAST write "$IMG" drive.img --keyring "$K/trusted.gpg" --yes
check "exit 0" rc_is 0
check "says authentic and who signed" out_has "^Authentic: deb/SHA256SUMS is signed by Test good <good@example.org> on "
check "shows the full fingerprint" out_has "key $GOOD_GROUPED"
fresh_drive; LAST=debjson; run_sw $LAST write "$IMG" drive.img --keyring "$K/trusted.gpg" --yes --json
check "JSON: authentic, fingerprint, user ID, signature file" bash -c \
  "tail -n1 $LAST.out | jq -e '.authenticity.status == \"authentic\" and .authenticity.signer_fingerprint == \"$GOOD\" and .authenticity.signer_uid == \"Test good <good@example.org>\" and .authenticity.signature_file == \"deb/SHA256SUMS.sign\" and (.authenticity.signed_at | test(\"^[0-9]{4}-[0-9]{2}-[0-9]{2}T\"))' >/dev/null"
echo "# the same key from the user's keyring directory"
mkdir -p config/stickwright/keyrings && cp "$K/good.asc" config/stickwright/keyrings/
fresh_drive; LAST=xdg; run_sw $LAST write "$IMG" drive.img --yes
check "exit 0, authentic" bash -c "[[ $RC == 0 ]] && grep -q '^Authentic' $LAST.out"
rm config/stickwright/keyrings/good.asc

echo "# a tampered list (another line changed): refused with exit 6, the target untouched"
cp deb/SHA256SUMS deb/SHA256SUMS.orig
sed -i 's/^b/c/' deb/SHA256SUMS
fresh_drive; LAST=tampered; run_sw $LAST write "$IMG" drive.img --keyring "$K/trusted.gpg" --yes
check "exit 6" rc_is 6
check "target untouched" same_file drive.orig drive.img
check "says it may have been tampered with" err_has "the checksum list's signature does not verify: it may have been tampered with"
fresh_drive; LAST=tamperedjson; run_sw $LAST write "$IMG" drive.img --keyring "$K/trusted.gpg" --yes --json
check "JSON: not_authentic, exit 6, bad_signature, nothing written" bash -c \
  "tail -n1 $LAST.out | jq -e '.status == \"not_authentic\" and .exit_code == 6 and .authenticity.status == \"bad_signature\" and .bytes_written == 0' >/dev/null"
cp deb/SHA256SUMS.orig deb/SHA256SUMS

echo "# a signature of other bytes is a bad signature too"
printf 'other bytes\n' >other.txt && sign good other.txt other.sig
fresh_drive; LAST=otherbytes; run_sw $LAST write "$IMG" drive.img --keyring "$K/trusted.gpg" --signature other.sig --yes
check "exit 6" rc_is 6
check "target untouched" same_file drive.orig drive.img

echo "# a key in no keyring: written (the hash matched), verdict and fingerprint stated, how to add the key"
sign other deb/SHA256SUMS deb/SHA256SUMS.sign
fresh_drive; LAST=unknown; run_sw $LAST write "$IMG" drive.img --keyring "$K/good.asc" --yes
check "exit 0" rc_is 0
check "says unknown key" out_has "unknown key: deb/SHA256SUMS is signed on .* by a key in no keyring"
check "shows the key's fingerprint" out_has "key $(sed 's/..../& /g; s/ $//' "$K/fpr-other")"
check "says how to add the publisher's key" out_has "add it with --keyring FILE"
fresh_drive; LAST=unknownreq; run_sw $LAST write "$IMG" drive.img --keyring "$K/good.asc" --require-signature --yes
check "--require-signature: exit 6" rc_is 6
check "--require-signature: target untouched" same_file drive.orig drive.img
check "--require-signature: names the key" err_has "$(cat "$K/fpr-other")"

echo "# expired, revoked, weak: refused with the reason (the fixture's list and its signatures)"
mkdir fx && cp "$K/data" fx/SHA256SUMS && cp "$IMG" fx/
for case in "data.late.sig:expired_key:after the key expired on 2020-01-02" \
            "data.revoked.sig:revoked_key:the key was revoked" \
            "data.sha1.sig:weak_algorithm:digest is SHA1" \
            "data.weak.sig:weak_algorithm:RSA 1024 bits"; do
  IFS=: read -r sig status why <<<"$case"
  cp "$K/$sig" fx/SHA256SUMS.sign
  fresh_drive; LAST=$sig; run_sw $LAST write fx/debian-12.5.0-i386-netinst.iso drive.img --keyring "$K/trusted.gpg" --yes --json
  check "$sig: exit 6, target untouched" bash -c "[[ $RC == 6 ]] && cmp -s drive.orig drive.img"
  check "$sig: status $status and the reason" bash -c \
    "tail -n1 $LAST.out | jq -e '.authenticity.status == \"$status\" and (.message | contains(\"$why\"))' >/dev/null"
done
sign good deb/SHA256SUMS deb/SHA256SUMS.sign

echo "# signed while the key was valid, the key expired since: authentic, with a note"
cp "$K/data.expired.sig" fx/SHA256SUMS.sign
fresh_drive; LAST=expiredsince; run_sw $LAST write fx/debian-12.5.0-i386-netinst.iso drive.img --keyring "$K/trusted.gpg" --yes --json
check "not refused for its signature (the hash then mismatches: exit 2)" rc_is 2
check "JSON: authentic, with the note" bash -c \
  "tail -n1 $LAST.out | jq -e '.authenticity.status == \"authentic\" and .authenticity.note == \"the key expired on 2020-01-02, after it made this signature\"' >/dev/null"

echo "# a list signed by a signing subkey is authentic for its primary key"
sign sub deb/SHA256SUMS deb/SHA256SUMS.sign
fresh_drive; LAST=sub; run_sw $LAST write "$IMG" drive.img --keyring "$K/trusted.gpg" --yes --json
check "subkey: authentic, the primary key's fingerprint" bash -c \
  "tail -n1 $LAST.out | jq -e '.authenticity.status == \"authentic\" and .authenticity.signer_fingerprint == \"$(cat "$K/fpr-sub")\"' >/dev/null"
rm deb/SHA256SUMS.sign

echo "# unsigned: intact only; --require-signature refuses it"
fresh_drive; LAST=unsigned; run_sw $LAST write "$IMG" drive.img --yes --json
check "unsigned: exit 0, status unsigned" bash -c "[[ $RC == 0 ]] && tail -n1 $LAST.out | jq -e '.authenticity.status == \"unsigned\"' >/dev/null"
fresh_drive; LAST=unsignedh; run_sw $LAST write "$IMG" drive.img --yes
check "unsigned: says intact only" out_has "^Intact only: no signature was found"
fresh_drive; LAST=unsignedreq; run_sw $LAST write "$IMG" drive.img --require-signature --yes
check "--require-signature on an unsigned image: exit 6" rc_is 6
check "--require-signature: target untouched" same_file drive.orig drive.img
check "--require-signature: says why" err_has "a trusted signature is required"

echo "# Ubuntu (SHA256SUMS.gpg, armored) and Linux Mint (sha256sum.txt.gpg)"
mkdir ubu mint
cp "$IMG" ubu/ && cp deb/SHA256SUMS ubu/ && sign good ubu/SHA256SUMS ubu/SHA256SUMS.gpg --armor
cp "$IMG" mint/ && cp deb/SHA256SUMS mint/sha256sum.txt && sign good mint/sha256sum.txt mint/sha256sum.txt.gpg
for d in ubu mint; do
  fresh_drive; LAST=$d; run_sw $LAST write "$d/debian-12.5.0-i386-netinst.iso" drive.img --keyring "$K/trusted.gpg" --yes --json
  check "$d: authentic" bash -c "[[ $RC == 0 ]] && tail -n1 $LAST.out | jq -e '.authenticity.status == \"authentic\"' >/dev/null"
done

echo "# Fedora: a clear-signed CHECKSUM; an entry added after the signature is not used"
mkdir fed && cp "$IMG" fed/Fedora-x.iso
printf 'SHA256 (Fedora-x.iso) = %s\n' "$SHA" >fed/body
gpg --batch --quiet --yes --pinentry-mode loopback --passphrase '' -u "$GOOD" --output fed/Fedora-CHECKSUM --clearsign fed/body 2>/dev/null
fresh_drive; LAST=fed; run_sw $LAST write fed/Fedora-x.iso drive.img --keyring "$K/trusted.gpg" --yes --json
check "fedora: authentic" bash -c "[[ $RC == 0 ]] && tail -n1 $LAST.out | jq -e '.authenticity.status == \"authentic\" and .authenticity.signature_file == \"fed/Fedora-CHECKSUM\"' >/dev/null"
cp fed/Fedora-x.iso fed/Evil.iso
printf 'SHA256 (Evil.iso) = %s\n' "$SHA" >>fed/Fedora-CHECKSUM
fresh_drive; LAST=fedevil; run_sw $LAST write fed/Evil.iso drive.img --keyring "$K/trusted.gpg" --yes
check "fedora: an entry outside the signed body gives no expected hash (exit 1)" rc_is 1
check "fedora: target untouched" same_file drive.orig drive.img

echo "# the image's own signature (Arch, Tails: IMAGE.sig)"
mkdir arch && cp "$IMG" arch/archlinux.iso && sign good arch/archlinux.iso arch/archlinux.iso.sig
fresh_drive; LAST=arch; run_sw $LAST write arch/archlinux.iso drive.img --hash "$SHA" --keyring "$K/trusted.gpg" --yes --json
check "image signature: authentic" bash -c "[[ $RC == 0 ]] && tail -n1 $LAST.out | jq -e '.authenticity.status == \"authentic\" and .authenticity.signature_file == \"arch/archlinux.iso.sig\"' >/dev/null"
# A compressed image: the signature covers the file as downloaded, checked in the same pass.
xz -T1 -1 -k -c arch/archlinux.iso >arch/archlinux.iso.xz && sign good arch/archlinux.iso.xz arch/archlinux.iso.xz.sig
fresh_drive; LAST=archxz; run_sw $LAST write arch/archlinux.iso.xz drive.img --hash "$SHA" --keyring "$K/trusted.gpg" --yes --json
check "compressed image's signature: authentic, written" bash -c "[[ $RC == 0 ]] && tail -n1 $LAST.out | jq -e '.authenticity.status == \"authentic\" and .authenticity.signature_file == \"arch/archlinux.iso.xz.sig\"' >/dev/null && cmp -s -n $(stat -c %s arch/archlinux.iso) arch/archlinux.iso drive.img"
printf 'x' | dd of=arch/archlinux.iso bs=1 seek=1000 conv=notrunc 2>/dev/null
fresh_drive; LAST=archbad; run_sw $LAST write arch/archlinux.iso drive.img --unverified --keyring "$K/trusted.gpg" --yes
check "changed image: exit 6, target untouched" bash -c "[[ $RC == 6 ]] && cmp -s drive.orig drive.img"
check "changed image: says the image's signature does not verify" err_has "the image's signature does not verify"

echo "# catalogs: a renamed image is found by digest; signed catalogs make it authentic"
mkdir win && head -c $((1024 * 1024)) /dev/urandom >win/win7.iso
SHA1=$(sha1sum win/win7.iso | cut -d' ' -f1)
printf '%s  en_windows_7_professional_with_sp1_x86_dvd_u_677056.iso\n%s  en_windows_7_ultimate_x64.iso\n' "$SHA1" "$(printf 'd%.0s' {1..40})" >catalog.txt
fresh_drive; LAST=cat; run_sw $LAST write win/win7.iso drive.img --catalog catalog.txt --mode raw --yes --json
check "catalog: exit 0, the known name, unsigned" bash -c \
  "[[ $RC == 0 ]] && tail -n1 $LAST.out | jq -e '.catalog.name == \"en_windows_7_professional_with_sp1_x86_dvd_u_677056.iso\" and .catalog.algorithm == \"sha1\" and .catalog.signed == false and .expected.hex == \"$SHA1\" and .authenticity.status == \"unsigned\"' >/dev/null"
fresh_drive; LAST=catreq; run_sw $LAST write win/win7.iso drive.img --catalog catalog.txt --mode raw --require-signature --yes
check "unsigned catalog with --require-signature: exit 6" rc_is 6
sign good catalog.txt catalog.txt.sig
fresh_drive; LAST=catsig; run_sw $LAST write win/win7.iso drive.img --catalog catalog.txt --keyring "$K/trusted.gpg" --mode raw --require-signature --yes
check "signed catalog: exit 0" rc_is 0
check "signed catalog: known image, authentic" bash -c "grep -q '^Authentic: catalog.txt is signed by Test good' $LAST.out && grep -q '^Known image: en_windows_7_professional_with_sp1_x86_dvd_u_677056.iso (sha1 in catalog.txt, a catalog signed by a trusted key)' $LAST.out"
mkdir -p config/stickwright/catalogs && cp catalog.txt catalog.txt.sig config/stickwright/catalogs/
LAST=hash; run_sw $LAST hash win/win7.iso --keyring "$K/trusted.gpg"
check "hash: names the catalog entry from the config directory" err_has "^Known image: en_windows_7_professional_with_sp1_x86_dvd_u_677056.iso"
echo tampered >>config/stickwright/catalogs/catalog.txt
LAST=hashbad; run_sw $LAST hash win/win7.iso --keyring "$K/trusted.gpg"
check "a tampered catalog is refused (exit 6)" rc_is 6
rm -r config/stickwright/catalogs
printf 'not in any catalog' >win/other.iso
fresh_drive; LAST=nocat; run_sw $LAST write win/other.iso drive.img --catalog catalog.txt --mode raw --yes
check "in no catalog and no other hash: exit 1, target untouched" bash -c "[[ $RC == 1 ]] && cmp -s drive.orig drive.img"
check "in no catalog: says so" err_has "no catalog of known images lists its digest"

sw_summary
