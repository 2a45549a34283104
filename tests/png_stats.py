#!/usr/bin/env python3
"""png_stats.py - what a screenshot holds, from the PNG alone (standard
library only: the chunks are read with struct, the pixels inflated with
zlib and unfiltered as the PNG specification, section 9, describes).

usage: png_stats.py FILE.png [#rrggbb ...]

Prints one line of key=value pairs:
  width=1200 height=3000 colours=812 ink=0.071 #0072b2=18345 ...
colours: distinct pixel colours; ink: the fraction of pixels that are not
white; then the number of pixels of each colour asked for.
Exit status 2 when the file is not an 8-bit RGB or RGBA PNG.
"""
import struct
import sys
import zlib


def read_png(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    pos, idat, head = 8, [], None
    while pos < len(data):
        (n,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + n]
        pos += 12 + n
        if kind == b"IHDR":
            head = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    if head is None:
        raise ValueError("no IHDR chunk")
    width, height, depth, ctype, _, _, interlace = head
    if depth != 8 or ctype not in (2, 6) or interlace:
        raise ValueError("only 8-bit RGB/RGBA, non-interlaced PNGs are read")
    bpp = 3 if ctype == 2 else 4
    return width, height, bpp, zlib.decompress(b"".join(idat))


def add_bytes(a, b, n):
    """Bytewise (a + b) mod 256 over n bytes at once (SWAR on big ints)."""
    x = int.from_bytes(a, "big")
    y = int.from_bytes(b, "big")
    low = int.from_bytes(b"\x7f" * n, "big")
    high = int.from_bytes(b"\x80" * n, "big")
    return (((x & low) + (y & low)) ^ ((x ^ y) & high)).to_bytes(n, "big")


def unfilter(width, height, bpp, raw):
    stride = width * bpp
    prev = bytes(stride)
    rows = []
    for r in range(height):
        f = raw[r * (stride + 1)]
        line = raw[r * (stride + 1) + 1:(r + 1) * (stride + 1)]
        if f == 0:
            cur = bytes(line)
        elif f == 2:  # Up
            cur = add_bytes(line, prev, stride)
        else:
            cur = bytearray(line)
            for i in range(stride):
                a = cur[i - bpp] if i >= bpp else 0
                b = prev[i]
                if f == 1:  # Sub
                    p = a
                elif f == 3:  # Average
                    p = (a + b) >> 1
                else:  # Paeth
                    c = prev[i - bpp] if i >= bpp else 0
                    pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                    p = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                cur[i] = (cur[i] + p) & 255
            cur = bytes(cur)
        rows.append(cur)
        prev = cur
    return rows


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    try:
        width, height, bpp, raw = read_png(argv[1])
    except (OSError, ValueError, zlib.error, struct.error) as e:
        print("png_stats: %s: %s" % (argv[1], e), file=sys.stderr)
        return 2
    want = {bytes.fromhex(c.lstrip("#")): c.lower() for c in argv[2:]}
    counts = dict.fromkeys(want, 0)
    colours = set()
    white = 0
    for row in unfilter(width, height, bpp, raw):
        px = [row[i:i + 3] for i in range(0, len(row), bpp)]
        colours.update(px)
        white += px.count(b"\xff\xff\xff")
        for c in want:
            counts[c] += px.count(c)
    out = ["width=%d" % width, "height=%d" % height, "colours=%d" % len(colours),
           "ink=%.4f" % (1 - white / float(width * height))]
    out += ["%s=%d" % (want[c], counts[c]) for c in want]
    print(" ".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
