#!/usr/bin/env bash
# End-to-end test of the terminal UI's authenticity verdicts (tmux, an 80x24 pane, the fixture
# machine's stick): a checksum list signed by a trusted key shows "Authentic" with the signer and
# its fingerprint on the hash screen and the result screen; a key in no keyring shows "unknown
# key", and the S toggle (require a trusted signature) then blocks the way to the drives.
# Usage: tui_signature_test.sh PATH/TO/stickwright PATH/TO/make_fixture
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/lib.sh"
source "$HERE/tui_lib.sh"
cd "$SW_TMP"
command -v gpg >/dev/null || sw_skip "gpg is missing: it makes the test keys (scripts/test installs gnupg)"
K="$SW_TMP/keys"
"$HERE/../support/make_pgp_fixture.sh" "$K" >/dev/null 2>&1 || sw_skip "make_pgp_fixture.sh could not make the test keys"
on_exit "GNUPGHOME='$K/gnupg' gpgconf --kill gpg-agent"
export XDG_CONFIG_HOME="$SW_TMP/config"
sign() {  # sign KEY FILE OUT
  GNUPGHOME="$K/gnupg" gpg --batch --quiet --yes --pinentry-mode loopback --passphrase '' \
    -u "$(cat "$K/fpr-$1")" --output "$3" --detach-sign "$2" 2>/dev/null
}
mkdir -p img
head -c 3000000 /dev/urandom >img/debian.iso
(cd img && sha256sum debian.iso >SHA256SUMS)
"$SW_FIXTURE_BIN" fx "" 2048 || { echo "FAIL - could not build the fixture"; exit 1; }
FX="$SW_TMP/fx"
GROUPED=$(sed 's/..../& /g; s/ $//' "$K/fpr-good")

echo "# a list signed by a trusted key: Authentic, on the hash screen and the result screen"
sign good img/SHA256SUMS img/SHA256SUMS.sign
start_ui "--sysroot '$FX' --keyring '$K/trusted.gpg' img/debian.iso"
check "hash screen: MATCH" pane_has "MATCH - the image is exactly" 60
check "hash screen: Authentic and the signer" pane_has "Authentic: img/SHA256SUMS is signed by Test good <good@example.org>"
check "hash screen: the fingerprint" pane_has "key $GROUPED"
shot authentic
T send-keys -t sw Enter
check "drive screen" pane_has "SanDisk Cruzer Blade"
check "the stick can be selected" select_drive sdb
T send-keys -t sw Enter
check "confirm screen" pane_has "Type the drive's name, sdb"
T send-keys -t sw -l sdb
T send-keys -t sw Enter
check "success screen" pane_has "SUCCESS - written and verified" 60
check "result screen: Authentic" pane_has "Authentic: img/SHA256SUMS is signed by Test good"
check "result screen: the sticks verified today, from the audit log" pane_has "Sticks verified today on this machine: 1 (log:"
check "the audit log has the stick, by its serial" bash -c "jq -e '.result == \"verified\" and .target == \"/dev/sdb\" and .serial != null' '$STICKWRIGHT_LOG' >/dev/null"
T send-keys -t sw q
check "exits 0" pane_has "EXITED rc=0"

echo "# a key in no keyring: unknown key; S requires a trusted signature and blocks the drives"
"$SW_FIXTURE_BIN" fx "" 2048 >/dev/null 2>&1
sign other img/SHA256SUMS img/SHA256SUMS.sign
start_ui "--sysroot '$FX' --keyring '$K/good.asc' img/debian.iso"
check "hash screen: MATCH" pane_has "MATCH - the image is exactly" 60
check "hash screen: unknown key" pane_has "unknown key: img/SHA256SUMS is signed on"
check "hash screen: the key's fingerprint" pane_has "key $(sed 's/..../& /g; s/ $//' "$K/fpr-other")"
shot unknown_key
T send-keys -t sw S
check "S: writing is blocked" pane_has "A trusted signature is required and this image has none"
T send-keys -t sw Enter
sleep 0.5
check "Enter does not go on to the drives" pane_lacks "SanDisk Cruzer Blade"
T send-keys -t sw S
check "S again: no longer required" pane_lacks "A trusted signature is required"
T send-keys -t sw Enter
check "then Enter goes on to the drives" pane_has "SanDisk Cruzer Blade"
T send-keys -t sw q
check "exits 0" pane_has "EXITED rc=0"

sw_summary
