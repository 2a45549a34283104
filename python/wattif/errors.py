"""wattif.Error: a failure reported by libwattif, with where it happened."""


class Error(Exception):
    """A failure from libwattif: bad input (a typo in a model file, a value
    of the wrong dimension, an unknown id), a missing file, or a numerical
    failure.

    file, line, col -- where the offending text is (line and col start at 1;
                       0 when unknown; file is "" when not from a file)
    code            -- the library's code: -1 EINPUT, -2 EDIM, -3 ENOTFOUND,
                       -4 ENUMERIC, -5 ENOMEM, -6 EIO (code_name says which)
    message         -- what was expected, without the file:line:col prefix
    module          -- the library module that raised it ("model", "quantity")
    source          -- for a scenario given as a dict: the YAML line at fault
    str(error) is "file:line:col: message", as `wattif` prints it.
    """

    def __init__(self, message, file="", line=0, col=0, code=-1, module="", source=None):
        self.message = message
        self.file = file
        self.line = line
        self.col = col
        self.code = code
        self.module = module
        self.source = source
        super().__init__(self.__str__())

    @property
    def code_name(self):
        from ._native import CODES
        return CODES.get(self.code, str(self.code))

    def __str__(self):
        where = ""
        if self.file:
            where = self.file
            if self.line:
                where += ":%d" % self.line
                if self.col:
                    where += ":%d" % self.col
            where += ": "
        s = where + self.message
        if self.source is not None:
            s += "\n  in: " + self.source
        return s

    def __repr__(self):
        return "wattif.Error(%r, file=%r, line=%d, col=%d, code=%d)" % (
            self.message, self.file, self.line, self.col, self.code)


def from_wf(err, rc, source_text=None):
    """An Error from a filled wf_error and the call's return code."""
    from ._native import text
    file = text(err.file)
    line = err.line
    src = None
    if source_text is not None and line > 0:
        lines = source_text.splitlines()
        if line <= len(lines):
            src = lines[line - 1]
    return Error(text(err.message) or "error %d" % rc, file=file, line=line,
                 col=err.col, code=err.code or rc, module=text(err.module), source=src)
