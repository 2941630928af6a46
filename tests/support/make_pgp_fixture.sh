#!/usr/bin/env bash
# Makes OpenPGP keys and signatures for the signature tests (tests/writer/signature_test.cpp,
# tests/e2e/signature_test.sh), with gpg in batch mode in a private home under OUT: nothing is
# read from or written to the caller's ~/.gnupg, and the gpg-agent started for OUT/gnupg is
# stopped before the script ends (gpgconf --kill, which reaches only that home's agent).
# Usage: make_pgp_fixture.sh OUT
# Makes, in OUT:
#   trusted.gpg    binary keyring: the keys good, rsa, weak, expired, late, revoked, sub (public)
#   good.asc       armored keyring: good only
#   other.asc      armored keyring: other, a key the tests do not trust
#   fpr-NAME       the full fingerprint of key NAME (primary key), one line
#   data           some bytes to sign (a two-line SHA256SUMS-like list)
#   data.NAME.sig  binary detached signatures of data by key NAME; data.good.asc armored;
#                  data.sha1.sig by rsa with a SHA-1 digest; data.sub.sig by sub's signing
#                  subkey; data.expired.sig made while the expired key was still valid (2020);
#                  data.late.sig made by late after it had expired
#   clear.good.asc data clear-signed by good; clear.other.asc by other
# Keys: good, other, expired, revoked, sub: ed25519; rsa: RSA 3072; weak: RSA 1024. sub is a
# certify-only primary key with an ed25519 signing subkey. expired was valid for one day in
# 2020; revoked is revoked by its own revocation certificate after signing (no reason given).
# late was made on 2020-01-01 to last 10 days and signed on 2020-01-05; then a newer
# self-signature (dated 2020-01-01 06:00) cut its life to one day, so that signature was made
# after the key expired (gpg will not sign with an expired key otherwise).
# Exit status: 0 made; 3 gpg is missing; anything else: a step failed.
set -euo pipefail
out=${1:?usage: make_pgp_fixture.sh OUT}
command -v gpg >/dev/null || { echo "make_pgp_fixture.sh: missing gpg" >&2; exit 3; }
mkdir -p "$out/gnupg"
chmod 700 "$out/gnupg"
export GNUPGHOME="$out/gnupg"
trap 'gpgconf --kill gpg-agent >/dev/null 2>&1 || true' EXIT
g() { gpg --batch --quiet --no-tty --pinentry-mode loopback --passphrase '' "$@" 2>/dev/null; }
fpr_of() { gpg --batch --with-colons --list-keys "$1" 2>/dev/null | awk -F: '/^fpr/ {print $10; exit}'; }

gen() {  # gen NAME ALGO USAGE EXPIRY [faked time]
  local extra=()
  [[ -n ${5:-} ]] && extra=(--faked-system-time "$5")
  g "${extra[@]}" --quick-gen-key "Test $1 <$1@example.org>" "$2" "$3" "$4"
  fpr_of "$1@example.org" >"$out/fpr-$1"
}
gen good ed25519 sign never
gen other ed25519 sign never
gen rsa rsa3072 sign never
gen weak rsa1024 sign never
gen expired ed25519 sign 1d 20200101T000000
gen revoked ed25519 sign never
gen late ed25519 sign 10d 20200101T000000
gen sub ed25519 cert never
g --quick-add-key "$(cat "$out/fpr-sub")" ed25519 sign never

printf '%s  debian-12.5.0-i386-netinst.iso\n%s  other.iso\n' \
  "$(printf a%.0s {1..64})" "$(printf b%.0s {1..64})" >"$out/data"
sign() {  # sign KEY OUTNAME [gpg options]
  local key=$1 name=$2
  shift 2
  g -u "$(cat "$out/fpr-$key")" "$@" --output "$out/$name" --detach-sign "$out/data"
}
for k in good other rsa weak revoked sub; do sign "$k" "data.$k.sig"; done
sign good data.good.asc --armor
sign rsa data.sha1.sig --digest-algo SHA1
g --faked-system-time 20200101T120000 -u "$(cat "$out/fpr-expired")" --output "$out/data.expired.sig" \
  --detach-sign "$out/data"
g --faked-system-time 20200105T000000 -u "$(cat "$out/fpr-late")" --output "$out/data.late.sig" \
  --detach-sign "$out/data"
g --faked-system-time 20200101T060000 --quick-set-expire "$(cat "$out/fpr-late")" 1d
for k in good other; do
  g -u "$(cat "$out/fpr-$k")" --output "$out/clear.$k.asc" --clearsign "$out/data"
done

# Revoke "revoked" with the certificate gpg stored when it made the key (its first line is
# guarded with ':' so that it is not imported by accident).
sed 's/^:-----BEGIN/-----BEGIN/' "$GNUPGHOME/openpgp-revocs.d/$(cat "$out/fpr-revoked").rev" \
  >"$out/revoke.asc"
g --import "$out/revoke.asc"

fprs=()
for k in good rsa weak expired late revoked sub; do fprs+=("$(cat "$out/fpr-$k")"); done
g --export "${fprs[@]}" >"$out/trusted.gpg"
g --armor --export "$(cat "$out/fpr-good")" >"$out/good.asc"
g --armor --export "$(cat "$out/fpr-other")" >"$out/other.asc"
