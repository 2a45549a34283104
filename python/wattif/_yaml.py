"""Python values to YAML text for libwattif's loader.

A scenario given as a dict is written out in block style, one key per
line, so that an error's line and column point at the key that caused it.
The loader reads every scalar as text ("700 W", "tri(1.1, 1.2, 1.4)",
"2026-07-01T00:00Z"), so strings are written plain where YAML allows and
double-quoted otherwise; numbers are written as Python prints them.
"""
import json
import math
import re

# Plain scalars that need no quotes in block context: no leading
# indicator, no ": " or " #", no trailing ':' or space.
_PLAIN = re.compile(r"^[A-Za-z0-9_.+/(][^\n\r\t:#]*$")
_INDICATORS = "-?:,[]{}#&*!|>'\"%@`"


def scalar(v):
    """The YAML text of one scalar value."""
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if not math.isfinite(v):
            raise ValueError("wattif: a scenario value must be finite, got %r" % v)
        return repr(v)
    s = str(v)
    if s and _PLAIN.match(s) and s[0] not in _INDICATORS and not s.endswith(" ") \
            and ": " not in s and " #" not in s:
        return s
    return json.dumps(s, ensure_ascii=False)


def _is_scalar(v):
    return not isinstance(v, (dict, list, tuple))


def _emit(v, indent, out):
    pad = "  " * indent
    if isinstance(v, dict):
        for k, x in v.items():
            key = scalar(k)
            if _is_scalar(x):
                out.append("%s%s: %s" % (pad, key, scalar(x)))
            elif not x:
                out.append("%s%s: %s" % (pad, key, "{}" if isinstance(x, dict) else "[]"))
            else:
                out.append("%s%s:" % (pad, key))
                _emit(x, indent + 1, out)
    else:
        for x in v:
            if _is_scalar(x):
                out.append("%s- %s" % (pad, scalar(x)))
            elif not x:
                out.append("%s- %s" % (pad, "{}" if isinstance(x, dict) else "[]"))
            else:
                sub = []
                _emit(x, indent + 1, sub)
                # the first line of the item goes after "- "
                first = sub[0][len(pad) + 2:]
                out.append("%s- %s" % (pad, first))
                out.extend(sub[1:])


def dump(doc):
    """A dict (or list) as block-style YAML text, ending in a newline."""
    if not isinstance(doc, (dict, list, tuple)):
        raise TypeError("wattif: expected a dict, got %s" % type(doc).__name__)
    out = []
    _emit(doc, 0, out)
    return "\n".join(out) + "\n"


def flow(v):
    """One value as YAML on one line (for --set style assignments)."""
    if _is_scalar(v):
        return scalar(v)
    return json.dumps(v, ensure_ascii=False, allow_nan=False)
