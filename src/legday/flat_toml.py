"""A reader for the flat TOML that config.toml holds, so the cron path need not import tomllib.

`tomllib` costs about 10 ms to import (it compiles regular expressions and pulls in `typing`),
a large share of `legday remind`. The files legday writes, and most written by hand, are
flat `key = value` lines, which this reader handles: bare keys; basic strings without escapes
and literal strings, each on one line; decimal integers; true and false; arrays of such
strings (over several lines too, as tomli-w writes them); comments, blank lines, LF or CRLF.

For anything else (a table, an escape, a float, a date, a duplicate key, or a syntax error)
it answers None and the caller asks tomllib, so the results and the error messages are
tomllib's whenever this reader is not sure. Whatever it accepts, tomllib reads the same.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    FlatValue = str | int | bool | list[str]

_SPACE = frozenset(" \t")
_BARE_KEY = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
_DIGITS = frozenset("0123456789")
# TOML allows tab but no other control character in strings and comments.
_CONTROL = frozenset(chr(code) for code in (*range(0x00, 0x09), *range(0x0A, 0x20), 0x7F))
_MAX_DIGITS = 18  # well inside the 64-bit integers TOML promises


def parse_flat_toml(text: str) -> dict[str, FlatValue] | None:
    """The table in `text` when it is flat TOML this reader fully understands, else None."""
    try:
        return _Reader(text).document()
    except _NotFlatError:
        return None


class _NotFlatError(Exception):
    """Something this reader does not handle (tomllib will, or will name the error)."""


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def peek(self) -> str:
        """The next character, or "" at the end (which no character set here contains)."""
        return self.text[self.pos : self.pos + 1]

    def document(self) -> dict[str, FlatValue]:
        table: dict[str, FlatValue] = {}
        while self.pos < len(self.text):
            self.skip_space()
            if self.peek() not in ("#", "\n", "\r", ""):
                key = self.bare_key()
                self.skip_space()
                self.expect("=")
                self.skip_space()
                if key in table:
                    raise _NotFlatError
                table[key] = self.value()
            self.line_end()
        return table

    # -- layout

    def skip_space(self) -> None:
        while self.peek() in _SPACE:
            self.pos += 1

    def expect(self, char: str) -> None:
        if self.peek() != char:
            raise _NotFlatError
        self.pos += 1

    def newline(self) -> bool:
        """Step over one LF or CRLF if one is next."""
        if self.text.startswith("\n", self.pos):
            self.pos += 1
        elif self.text.startswith("\r\n", self.pos):
            self.pos += 2
        else:
            return False
        return True

    def comment(self) -> None:
        """Step over a comment up to (not over) the newline that ends it."""
        end = self.text.find("\n", self.pos)
        if end < 0:
            end = len(self.text)
        elif self.text[end - 1] == "\r":
            end -= 1  # the CR of a CRLF
        if not _CONTROL.isdisjoint(self.text[self.pos + 1 : end]):
            raise _NotFlatError
        self.pos = end

    def line_end(self) -> None:
        """Spaces, an optional comment, then a newline or the end of the text."""
        self.skip_space()
        if self.peek() == "#":
            self.comment()
        if self.pos < len(self.text) and not self.newline():
            raise _NotFlatError

    def skip_array_space(self) -> None:
        """Spaces, comments and newlines, all allowed between array items."""
        while True:
            self.skip_space()
            if self.peek() == "#":
                self.comment()
            elif not self.newline():
                return

    # -- keys and values

    def bare_key(self) -> str:
        start = self.pos
        while self.peek() in _BARE_KEY:
            self.pos += 1
        if self.pos == start:
            raise _NotFlatError
        return self.text[start : self.pos]

    def value(self) -> FlatValue:
        char = self.peek()
        if char in ('"', "'"):
            return self.string()
        if char == "[":
            return self.array()
        for word, meaning in (("true", True), ("false", False)):
            if self.text.startswith(word, self.pos):
                self.pos += len(word)
                return meaning
        return self.integer()

    def string(self) -> str:
        quote = self.peek()
        if self.text.startswith(quote * 3, self.pos):
            raise _NotFlatError  # a multi-line string
        end = self.text.find(quote, self.pos + 1)
        if end < 0:
            raise _NotFlatError
        content = self.text[self.pos + 1 : end]
        # A newline is a control character, so a string never spans lines here.
        if not _CONTROL.isdisjoint(content) or (quote == '"' and "\\" in content):
            raise _NotFlatError
        self.pos = end + 1
        return content

    def array(self) -> list[str]:
        self.expect("[")
        items: list[str] = []
        while True:
            self.skip_array_space()
            if self.peek() == "]":
                break
            if self.peek() not in ('"', "'"):
                raise _NotFlatError
            items.append(self.string())
            self.skip_array_space()
            if self.peek() != ",":
                break
            self.pos += 1
        self.expect("]")
        return items

    def integer(self) -> int:
        start = self.pos
        if self.peek() in ("+", "-"):
            self.pos += 1
        digits_start = self.pos
        while self.peek() in _DIGITS:
            self.pos += 1
        digits = self.text[digits_start : self.pos]
        if not digits or len(digits) > _MAX_DIGITS or (digits[0] == "0" and len(digits) > 1):
            raise _NotFlatError
        # What follows must end the line (line_end checks): "1.5", "1_000" or a date is not
        # an integer of this reader.
        return int(self.text[start : self.pos])
