#!/usr/bin/env python3
"""Write src/numfmt_table.h: the powers of 5 the shortest-digits number
writer (src/numfmt.c) multiplies by, and prove that they are precise enough.

The writer follows Ulf Adams, "Ryu: fast float-to-string conversion", PLDI
2018.  For a double m * 2^e2 (m < 2^55 after the two extra bits that carry
the rounding interval) it needs floor(m * 2^e2 / 10^e10) exactly, computed
as one 64 x 128-bit multiplication and a shift:

  e2 >= 0:  floor(m * INV[q] / 2^j),  INV[q] = floor(2^(b(q) - 1 + B) / 5^q) + 1
  e2 <  0:  floor(m * POW[i] / 2^j),  POW[i] = floor(5^i * 2^(B - b(i)))

with B = 125 bits and b(n) = floor(log2 5^n) + 1.  The products are only
approximations of the exact quotients; the paper's argument (its "minmax
Euclid" section) is that they still have the same floor as long as the
exact quotient never comes closer to an integer than the approximation's
error.  This script checks that inequality for every binary exponent and
every m below 2^55 with an exact Euclid-style minimum of (a * m mod n),
itself checked against brute force on small numbers, and refuses to write
the header if it fails.

It also checks the integer approximations of floor(e * log10 2),
floor(e * log10 5) and floor(e * log2 5) the C code uses.

Run from the repository root: python3 tools/gen_numfmt_table.py
(`--check` compares with the checked-in header instead of writing it; the
test suite runs that.)
"""
import random
import sys

B = 125                     # bits of every table entry (in [2^124, 2^125])
M_MAX = (1 << 55) - 2       # largest m: 4 * (2^53 - 1) + 2
E2_MIN = 1 - 1023 - 52 - 2  # subnormals, with the two interval bits
E2_MAX = 2046 - 1023 - 52 - 2
OUT = "src/numfmt_table.h"


def log10_pow2(e):          # floor(e * log10(2)), as src/numfmt.c computes it
    return (e * 78913) >> 18


def log10_pow5(e):          # floor(e * log10(5))
    return (e * 732923) >> 20


def pow5_bits(e):           # floor(e * log2(5)) + 1: the bit length of 5^e
    return ((e * 1217359) >> 19) + 1


def check_logs():
    """The shifts equal the exact floors over every exponent the writer uses."""
    for e in range(0, 1100):
        p = 1 << e
        assert log10_pow2(e) == len(str(p)) - 1, ("log10_pow2", e)
    for e in range(0, 1100):
        p = 5 ** e
        assert log10_pow5(e) == len(str(p)) - 1, ("log10_pow5", e)
        assert pow5_bits(e) == p.bit_length(), ("pow5_bits", e)


def min_mod(a, n, m_max):
    """min over 1 <= m <= m_max of (a * m) mod n, by Euclid's algorithm.

    Two steps are kept: `up` = (xu, du), adding xu to m adds du to the
    remainder, and `down` = (xd, dd), adding xd to m takes dd from it.  The
    remainder of up is the smallest seen so far; each round takes as many
    steps of the shorter kind out of the longer as fit (the continued
    fraction of a / n), and up only ever moves by whole down steps, so its
    remainders are the record lows of (a * m mod n) as m grows.
    """
    a %= n
    if a == 0:
        return 0
    xu, du = 1, a           # m = 1: remainder a
    xd, dd = 0, n           # a step of 0 takes n (mod n: nothing)
    while True:
        if du == 0:
            return 0
        if dd > du:
            k = (dd - 1) // du  # as many as leave dd >= 1
            xd += k * xu
            dd -= k * du
        else:
            if xd == 0:
                return du
            k = du // dd
            k = min(k, (m_max - xu) // xd)
            if k == 0:
                return du
            xu += k * xd
            du -= k * dd


def check_min_mod():
    rng = random.Random(20)
    for _ in range(20000):
        n = rng.randint(1, 400)
        a = rng.randint(0, 3 * n)
        m_max = rng.randint(1, 500)
        want = min((a * m) % n for m in range(1, m_max + 1))
        got = min_mod(a, n, m_max)
        assert got == want, (a, n, m_max, got, want)


def pow5_entry(i):
    p = 5 ** i
    s = B - pow5_bits(i)
    return p << s if s >= 0 else p >> -s


def inv_entry(q):
    return (1 << (pow5_bits(q) - 1 + B)) // 5 ** q + 1


def plan():
    """For every binary exponent: which entry it uses and the shift j."""
    inv, pos = {}, {}
    for e2 in range(E2_MIN, E2_MAX + 1):
        if e2 >= 0:
            q = max(0, log10_pow2(e2) - (e2 > 3))
            k = B + pow5_bits(q) - 1
            j = -e2 + q + k
            inv.setdefault(q, []).append((e2, j))
        else:
            q = max(0, log10_pow5(-e2) - (-e2 > 1))
            i = -e2 - q
            k = pow5_bits(i) - B
            j = q - k
            pos.setdefault(i, []).append((e2, q, j))
        assert 64 <= j < 192, ("shift out of range", e2, j)
    return inv, pos


def check_precision(inv, pos):
    """The approximate products floor to the exact quotients for all m."""
    for q, uses in inv.items():
        t = inv_entry(q)
        eps = t * 5 ** q - (1 << (pow5_bits(q) - 1 + B))   # 0 < eps <= 5^q
        for e2, j in uses:
            # exact m * 2^(e2-q) / 5^q; the product adds m * eps / (5^q 2^j)
            if 5 ** q <= M_MAX:
                # a non-integer quotient is at least 1/5^q below the next
                # integer; the error must stay under that
                assert M_MAX * eps < 1 << j, ("inv", q, e2)
            else:
                gap = min_mod(-(1 << (e2 - q)), 5 ** q, M_MAX)
                assert gap > 0 and M_MAX * eps < gap << j, ("inv", q, e2)
    for i, uses in pos.items():
        t = pow5_entry(i)
        for e2, q, j in uses:
            # exact m * 5^i / 2^q; the product takes m * delta / 2^q from it
            k = q - j
            delta = 5 ** i - (t << k) if k >= 0 else 0
            if k < 0:
                assert t == 5 ** i << -k, ("pow5 not exact", i)
            if delta == 0:
                continue
            assert (1 << q) > M_MAX, ("inexact entry where m may divide", i, e2)
            gap = min_mod(5 ** i, 1 << q, M_MAX)
            assert gap >= M_MAX * delta, ("pow5", i, e2)


def words(x):
    assert 0 <= x < 1 << 128
    return "{0x%016xu, 0x%016xu}" % (x & (2 ** 64 - 1), x >> 64)


def header(inv, pos):
    n_inv = max(inv) + 1
    n_pos = max(pos) + 1
    lines = [
        "/*",
        " * numfmt_table.h - powers of 5 for the shortest-digits number writer",
        " * (src/numfmt.c), as {low 64 bits, high 64 bits}.",
        " *",
        " * GENERATED by tools/gen_numfmt_table.py, which also proves the entries",
        " * precise enough; do not edit.  Regenerate from the repository root with",
        " *   python3 tools/gen_numfmt_table.py",
        " */",
        "#ifndef WF_NUMFMT_TABLE_H",
        "#define WF_NUMFMT_TABLE_H",
        "",
        "#include <stdint.h>",
        "",
        "#define WF_NUMFMT_BITS %d /* bits of every entry */" % B,
        "",
        "/* floor(2^(b(q) - 1 + %d) / 5^q) + 1, b(q) the bit length of 5^q */" % B,
        "static const uint64_t wf_numfmt_pow5_inv[%d][2] = {" % n_inv,
    ]
    lines += ["\t%s," % words(inv_entry(q)) for q in range(n_inv)]
    lines += [
        "};",
        "",
        "/* 5^i to %d significant bits: floor(5^i * 2^(%d - b(i))) */" % (B, B),
        "static const uint64_t wf_numfmt_pow5[%d][2] = {" % n_pos,
    ]
    lines += ["\t%s," % words(pow5_entry(i)) for i in range(n_pos)]
    lines += ["};", "", "#endif", ""]
    return "\n".join(lines)


def main():
    check_logs()
    check_min_mod()
    inv, pos = plan()
    check_precision(inv, pos)
    text = header(inv, pos)
    if sys.argv[1:] == ["--check"]:
        with open(OUT) as f:
            if f.read() != text:
                sys.exit("%s is not what tools/gen_numfmt_table.py writes" % OUT)
        return
    with open(OUT, "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
