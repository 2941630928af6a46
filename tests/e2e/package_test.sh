#!/usr/bin/env bash
# The Debian package (scripts/package, cmake/sw_package.cmake), made by CPack from the build under
# test: lintian reports no error; its control fields (Depends from dpkg-shlibdeps with libblkid1
# and libssl3, Recommends grub-pc-bin and exfatprogs, Section, Priority, Maintainer, a short and a
# long Description, the version of project()); exactly the expected files, owned by root, 0755 or
# 0644; the copyright file (machine-readable) in place of LICENSE, a changelog of this version, the
# man page gzipped with -9n, a stripped program that runs; md5sums that match the files.
# Installing it into a fresh Debian 12 is package_install_test.sh's part.
# Usage: SW_CPACK=cpack SW_BUILD_DIR=BUILD SW_EXPECTED_VERSION=X.Y.Z package_test.sh stickwright
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/package_lib.sh"
SRC="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$SW_TMP" || exit 1
sw_package_preconditions
VERSION="$SW_EXPECTED_VERSION"

echo "# the tools (scripts/test installs them: SW_PACKAGE_PACKAGES)"
check "dpkg-shlibdeps is installed (dpkg-dev)" have dpkg-shlibdeps
check "lintian is installed" have lintian

echo "# cpack"
sw_make_deb "$SW_TMP/cpack"

echo "# lintian"
LAST=lintian
lintian --fail-on error "$DEB" > lintian.out 2> lintian.err
RC=$?
sed 's/^/     | /' lintian.out
check "lintian --fail-on error: exit 0" rc_is 0
check "lintian reports no error (E:)" bash -c "! grep -q '^E:' lintian.out"
echo "     lintian: $(grep -c '^W:' lintian.out) warnings, $(grep -c '^E:' lintian.out) errors"

echo "# control fields (dpkg-deb -f)"
field() { dpkg-deb -f "$DEB" "$1"; }
# field_is NAME VALUE / field_has NAME REGEX: the field is VALUE / matches REGEX (grep -E).
field_is() {
  [[ "$(field "$1")" == "$2" ]] || { echo "     $1 is '$(field "$1")', wanted '$2'"; return 1; }
}
field_has() {
  field "$1" | grep -qE -- "$2" || { echo "     $1 ('$(field "$1")') lacks $2"; return 1; }
}
# names FIELD PACKAGE: the relation field FIELD (Depends: "a (>= 1), b") names PACKAGE.
names() {
  field "$1" | tr ',|' '\n\n' | awk '{print $1}' | grep -qxF -- "$2" ||
    { echo "     $1 ('$(field "$1")') does not name $2"; return 1; }
}
check "Package: stickwright" field_is Package stickwright
check "Version: $VERSION (the version of project(), native)" field_is Version "$VERSION"
check "Architecture: $SW_DEB_ARCH" field_is Architecture "$SW_DEB_ARCH"
check "Section: admin" field_is Section admin
check "Priority: optional" field_is Priority optional
check "Maintainer: a name and an address" field_has Maintainer '^[^<]+ <[^@ ]+@[^> ]+\.[^> ]+>$'
# Depends comes from dpkg-shlibdeps: the libraries the program links, each with its package.
for p in libblkid1 libssl3 libc6 libstdc++6 libncursesw6 librnp0 libwim15; do
  check "Depends names $p" names Depends "$p"
done
for p in grub-pc-bin exfatprogs; do
  check "Recommends names $p" names Recommends "$p"
done
dpkg-deb -f "$DEB" Description > description.txt
check "Description: a short line and a long text" \
  bash -c "[[ \$(head -n1 description.txt) == 'write and verify bootable USB sticks' &&
              \$(wc -l < description.txt) -ge 5 ]] ||
           { sed 's/^/     | /' description.txt; exit 1; }"
check "Installed-Size is set" field_has Installed-Size '^[0-9]+$'

echo "# files (dpkg-deb -c)"
dpkg-deb -c "$DEB" > contents.txt
DOC=usr/share/doc/stickwright
{
  echo usr/bin/stickwright
  echo usr/share/man/man1/stickwright.1.gz
  echo usr/share/bash-completion/completions/stickwright
  echo usr/share/zsh/vendor-completions/_stickwright
  echo "$DOC/README.md"
  echo "$DOC/copyright"
  echo "$DOC/changelog.gz"
  for page in "$SRC"/docs/*.md; do echo "$DOC/docs/$(basename "$page")"; done
} | sort > expected.txt
awk '$1 !~ /^d/ {sub(/^\.\//, "", $6); print $6}' contents.txt | sort > files.txt
check "exactly the expected files (no LICENSE: the copyright file says where the GPL is)" \
  bash -c "diff -u expected.txt files.txt > diff.txt || { sed 's/^/     | /' diff.txt; exit 1; }"
check "every entry is owned by root/root" \
  bash -c "! awk '\$2 != \"root/root\"' contents.txt | sed 's/^/     | /' | grep ."
check "directories are 0755" \
  bash -c "! awk '\$1 ~ /^d/ && \$1 != \"drwxr-xr-x\"' contents.txt | grep ."
check "the program is 0755" grep -qE '^-rwxr-xr-x .* \./usr/bin/stickwright$' contents.txt
check "every other file is 0644" bash -c "! awk '\$1 ~ /^-/ && \$6 != \"./usr/bin/stickwright\" &&
                                             \$1 != \"-rw-r--r--\"' contents.txt | grep ."

echo "# the files themselves (dpkg-deb -x)"
dpkg-deb -x "$DEB" root
dpkg-deb -e "$DEB" control
LAST=version
root/usr/bin/stickwright --version > version.out 2> version.err </dev/null
RC=$?
check "the packaged program runs --version (exit 0)" rc_is 0
check "it prints 'stickwright $VERSION'" grep -qx "stickwright $VERSION" version.out
check "the program is stripped (no .symtab)" \
  bash -c "readelf -S root/usr/bin/stickwright > sections.txt && ! grep -q '\.symtab' sections.txt"
check "no .comment section left (dh_strip's rule)" bash -c "! grep -q '\.comment' sections.txt"
# gzip_n FILE: gzip header (RFC 1952) with no file name (FLG 0), no time (MTIME 0), XFL 2 (-9).
gzip_n() {
  local h
  h="$(od -An -tx1 -N10 "$1" | tr -d ' \n')"
  [[ "$h" == 1f8b0800000000000203 ]] || { echo "     $1's gzip header is $h"; return 1; }
}
check "the man page is gzip -9n" gzip_n root/usr/share/man/man1/stickwright.1.gz
check "it is the man page configured for this build" \
  bash -c "zcat root/usr/share/man/man1/stickwright.1.gz | cmp -s - '$SW_BUILD_DIR/stickwright.1'"
check "the changelog is gzip -9n" gzip_n "root/$DOC/changelog.gz"
zcat "root/$DOC/changelog.gz" > changelog 2>/dev/null
check "the changelog is of version $VERSION" \
  bash -c "[[ \$(dpkg-parsechangelog -l changelog -S Version) == '$VERSION' ]]"
check "the changelog's trailer names the Maintainer" \
  bash -c "[[ \$(dpkg-parsechangelog -l changelog -S Maintainer) == '$(field Maintainer)' ]]"
DEP5=https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
check "the copyright file is machine-readable (DEP-5), GPL-3+" \
  bash -c "[[ \$(head -n1 'root/$DOC/copyright') == 'Format: $DEP5' ]] &&
           grep -qx 'License: GPL-3+' 'root/$DOC/copyright'"
BASH_COMPLETION=usr/share/bash-completion/completions/stickwright
check "bash completion is completion/stickwright.bash" \
  same_file "$SRC/completion/stickwright.bash" "root/$BASH_COMPLETION"
check "README.md is the source tree's" same_file "$SRC/README.md" "root/$DOC/README.md"
check "md5sums lists every file and each matches" \
  bash -c "cd root && md5sum --quiet -c ../control/md5sums &&
           [[ \$(wc -l < ../control/md5sums) == \$(wc -l < ../expected.txt) ]]"

sw_summary
