#!/usr/bin/python3
"""Renders a `tmux capture-pane -e` capture (text with SGR colour escapes) to a PNG, the way a
dark terminal shows it. Used by scripts/screenshots; needs Debian's python3-pil and
fonts-dejavu-core. Usage: ansi2png.py CAPTURE.ans OUT.png [COLUMNS ROWS]"""
import re
import sys

from PIL import Image, ImageDraw, ImageFont

FONT_DIR = "/usr/share/fonts/truetype/dejavu/"
PALETTE = [(0, 0, 0), (205, 49, 49), (13, 188, 121), (229, 229, 16), (36, 114, 200),
           (188, 63, 188), (17, 168, 205), (229, 229, 229)]
BRIGHT = [(102, 102, 102), (241, 76, 76), (35, 209, 139), (245, 245, 67), (59, 142, 234),
          (214, 112, 214), (41, 184, 219), (255, 255, 255)]
DEFAULT_FG, DEFAULT_BG = (204, 204, 204), (24, 24, 24)
SGR = re.compile(r"\x1b\[([0-9;]*)m")


def parse(line):
    """Yields (text, fg, bg, bold, reverse, dim) runs of one captured line."""
    state = {"fg": None, "bg": None, "bold": False, "rev": False, "dim": False}
    pos = 0
    for m in SGR.finditer(line):
        if m.start() > pos:
            yield line[pos:m.start()], dict(state)
        codes = [int(c) if c else 0 for c in m.group(1).split(";")]
        i = 0
        while i < len(codes):
            c = codes[i]
            if c == 0:
                state = {"fg": None, "bg": None, "bold": False, "rev": False, "dim": False}
            elif c == 1: state["bold"] = True
            elif c == 2: state["dim"] = True
            elif c == 7: state["rev"] = True
            elif c == 22: state["bold"] = state["dim"] = False
            elif c == 27: state["rev"] = False
            elif 30 <= c <= 37: state["fg"] = c - 30
            elif c == 39: state["fg"] = None
            elif 40 <= c <= 47: state["bg"] = c - 40
            elif c == 49: state["bg"] = None
            elif 90 <= c <= 97: state["fg"] = c - 90 + 8
            elif c in (38, 48) and i + 2 < len(codes) and codes[i + 1] == 5:
                state["fg" if c == 38 else "bg"] = codes[i + 2] if codes[i + 2] < 16 else None
                i += 2
            i += 1
        pos = m.end()
    if pos < len(line):
        yield line[pos:], dict(state)


def colour(index, default, bold=False):
    if index is None:
        return default
    if index >= 8:
        return BRIGHT[index - 8]
    return BRIGHT[index] if bold else PALETTE[index]


def main():
    src, out = sys.argv[1], sys.argv[2]
    cols = int(sys.argv[3]) if len(sys.argv) > 3 else 80
    rows = int(sys.argv[4]) if len(sys.argv) > 4 else 24
    regular = ImageFont.truetype(FONT_DIR + "DejaVuSansMono.ttf", 16)
    bold = ImageFont.truetype(FONT_DIR + "DejaVuSansMono-Bold.ttf", 16)
    cw = int(regular.getlength("M"))
    ch = 20
    pad = 12
    img = Image.new("RGB", (cols * cw + 2 * pad, rows * ch + 2 * pad), DEFAULT_BG)
    draw = ImageDraw.Draw(img)
    with open(src, encoding="utf-8", errors="replace") as f:
        lines = f.read().split("\n")[:rows]
    for y, line in enumerate(lines):
        x = 0
        for text, st in parse(line):
            fg = colour(st["fg"], DEFAULT_FG, st["bold"])
            bg = colour(st["bg"], DEFAULT_BG)
            if st["dim"]:
                fg = tuple(int(v * 0.6) for v in fg)
            if st["rev"]:
                fg, bg = bg if bg != DEFAULT_BG else DEFAULT_BG, fg
            for char in text:
                if x >= cols:
                    break
                px, py = pad + x * cw, pad + y * ch
                draw.rectangle([px, py, px + cw - 1, py + ch - 1], fill=bg)
                draw.text((px, py + 1), char, font=bold if st["bold"] else regular, fill=fg)
                x += 1
    img.save(out)


if __name__ == "__main__":
    main()
