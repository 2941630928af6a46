// The --help text: every command, its flags, and the exit codes.

#include <string>

#include "tui/cli/args.h"

namespace sw::tui {

std::string usage_text() {
  return R"(stickwright - write OS images to USB drives: hash first, write, read back to verify

Usage:
  stickwright [IMAGE] [--demo] [--sysroot DIR] [--allow-non-removable]
                    [--require-signature] [--keyring FILE] [--catalog FILE]
                    [--log FILE]
                    the terminal UI: choose, check, write and verify a stick
  stickwright list [--all] [--json] [--sysroot DIR]
  stickwright write IMAGE TARGET...
                    [--hash [ALG:]HEX | --checksums FILE | --unverified]
                    [--yes] [--json] [--no-verify] [--allow-non-removable]
                    [--allow-hard-disk] [--mode auto|raw|windows] [--sysroot DIR]
                    [--signature FILE] [--keyring FILE]... [--catalog FILE]...
                    [--require-signature] [--log FILE] [--check]
  stickwright inspect IMAGE [--json]
  stickwright hash IMAGE [--algo md5|sha1|sha256|sha512] [--json]
                    [--keyring FILE]... [--catalog FILE]...
  stickwright verify IMAGE TARGET [--hash [ALG:]HEX | --checksums FILE] [--json]
                    [--signature FILE] [--keyring FILE]... [--catalog FILE]...
  stickwright station IMAGE [--hash [ALG:]HEX | --checksums FILE | --unverified]
                    [--yes] [--json] [--count N] [--min-size SIZE]
                    [--max-size SIZE] [--mode auto|raw] [--sysroot DIR]
                    [--signature FILE] [--keyring FILE]... [--catalog FILE]...
                    [--require-signature] [--log FILE]
  stickwright restore TARGET [--label NAME] [--fs fat32|exfat] [--yes] [--json]
                    [--allow-non-removable] [--allow-hard-disk] [--sysroot DIR]
                    [--log FILE]
  stickwright read TARGET IMAGE [--size SIZE | --used] [--yes] [--json]
                    [--allow-non-removable] [--sysroot DIR]
  stickwright check TARGET [--destructive] [--yes] [--json] [--sysroot DIR]
                    [--allow-non-removable] [--allow-hard-disk]
  stickwright log [--log FILE] [--csv] [--since DATE]
  stickwright --help | --version

inspect tells what an image is and whether, written raw, it boots from USB on
BIOS and UEFI, and which CPU it needs (docs/inspect-schema.md for --json).
write inspects first: an ISO that cannot boot from USB, or a Windows installer
ISO, is refused (exit 3) unless --mode raw; an image with no PC boot path is
written with a warning.

list shows the USB drives and SD cards that may be written; --all adds every
other disk with the reasons it is not offered.

The expected hash comes from --hash (algorithm from the length: 32 md5, 40 sha1,
64 sha256, 128 sha512), else --checksums FILE, else a list next to the image
(IMAGE.sha256, .sha256sum, .sha1, .sha512, .md5, SHA256SUMS, SHA512SUMS,
SHA1SUMS, MD5SUMS, sha256sum.txt, *CHECKSUM). Without one, write refuses unless
--unverified is given. The image is hashed before the target is opened.

Authenticity: a list's OpenPGP signature (LIST.sign, .gpg, .asc, .sig, or a
clear-signed list; --signature FILE names one) is checked against keyring files
only: --keyring FILE, ~/.config/stickwright/keyrings/, for root also
/etc/stickwright/keyrings/, and /usr/share/keyrings/debian-role-keys.gpg
(Debian's CD signing keys). With no list, the image's signature (IMAGE.sig,
IMAGE.asc) is checked over the image. The verdict:
authentic (signer and fingerprint shown), unknown key, unsigned (intact only);
a signature that does not verify, made after its key expired, by a revoked key,
or with a weak algorithm, is refused (exit 6). --require-signature refuses
anything but authentic (exit 6). Catalogs of known images (--catalog FILE,
~/.config/stickwright/catalogs/) are matched by digest, whatever the file is
called; a signed catalog makes a match authentic.

write takes several TARGETs to write one image to several sticks at once: the
hash is checked once, the image read once for all, each stick written and read
back on its own; one failing stick does not stop the others (exit: the highest
of the failed sticks' codes). In Windows mode, targets of one size share one
generated stick, prepared and read once.

station hashes the image once, asks once (type 'station'; --yes accepts), then
writes and reads back every USB drive or SD card plugged in from then on, each
in its own row, and logs each; drives there at the start are never written, nor
any disk that is not a USB drive or SD card, whatever the flags. --max-size
(default 128GB) and --min-size bound the sticks (SIZE: 32G, 32GB, 512MiB,
bytes); --count N stops after N sticks. Ctrl-C stops watching and lets sticks
being written finish; a second Ctrl-C stops them (left unusable, exit 130).

restore gives a stick back as a normal one: it wipes every signature (the first
and last MiB, and wherever libblkid finds one), writes an MBR with one partition
from 1 MiB to the end and a FAT32 file system labelled --label (default STICK,
11 characters at most, upper-cased), or exFAT with --fs exfat (needs mkfs.exfat,
from exfatprogs); then reads the new metadata back. The same safety rules,
confirmation and audit log as write (mode "restore", no image).

read captures a stick as IMAGE: the whole drive, its first SIZE bytes (--size),
or up to the end of its last partition (--used, from the MBR or GPT). IMAGE
ending .zst or .xz is compressed, anything else raw; IMAGE.sha256 is written
next to it (the digest of the file, as write looks for it). The drive is read
twice (the second time past the cache) and the image kept only when both reads
agree (else exit 5). The drive is never written; it is chosen by the same rules
as a write's target. An existing IMAGE is replaced only with --yes.

check finds out how much a stick really holds and whether it keeps what is
written, in seconds: it writes stamped blocks at about 50 places spread over the
stick (and where a counterfeit one would wrap them to) and reads them back, then
measures write and read speed on its first 64 MiB. It must write: a fake stick
answers reads of blocks it never stored with whatever it likes. Everything it
overwrites is saved first and put back (and read back), unless --destructive.
Verdicts: genuine (exit 0), counterfeit (announces more than it holds: exit 7),
failing (lost blocks: exit 7). write --check checks each stick first and
refuses a counterfeit or failing one before the image is written.

TARGET is a whole disk (/dev/sdX) or an existing regular file (written in place;
an empty file grows to the image's size). The system disk, disks with swap,
LVM/RAID/encrypted disks, the disk holding the image, read-only disks and
partitions are never written. Disks that are not USB drives or SD cards (SATA,
NVMe, eMMC, loop) need --allow-non-removable; a disk that looks like a hard disk
(rotational or over 128 GB) needs a second confirmation, or --allow-hard-disk
with --yes. Mounted partitions of the target are unmounted once you confirm.

Every stick written (by write or the terminal UI) gets a line in the audit log:
--log FILE, else $STICKWRIGHT_LOG, else ~/.local/state/stickwright/writes.jsonl
(root: /var/log/stickwright/writes.jsonl). 'stickwright log' lists the records
(--csv for a spreadsheet; --since 2026-12-01 for those from that day on).

Without --yes, write asks you to type the drive's name (e.g. sdb) on the terminal.
--json prints one JSON object per line on stdout (progress, then the result).
--sysroot DIR reads /sys, /proc and /dev under DIR (for tests and fixtures).

Exit codes:
  0    success
  1    bad usage, unreadable image or checksum file, no expected hash
  2    hash mismatch (nothing was written)
  3    target refused (safety: system disk, not a USB drive without the flag,
       too small, in use, changed since chosen, not confirmed), or an image
       that cannot boot from USB written raw without --mode raw
  4    I/O error on the target
  5    verification failed (the target does not hold the image)
  6    not authentic: a signature does not verify or cannot be trusted, or
       --require-signature and no trusted signature (nothing was written)
  7    the stick is counterfeit (holds less than it announces) or failing
  130  interrupted (Ctrl-C or SIGTERM; the target is incomplete)
)";
  ;
}

}  // namespace sw::tui
