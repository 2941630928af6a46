source "$(dirname "$0")/lib.sh"; echo "STICKWRIGHT-SKIP: not written yet"; exit 77
