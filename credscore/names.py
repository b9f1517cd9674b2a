"""File names and text that reach a terminal or a file: one explicit, lossless escape.

A POSIX file name is bytes. Python hands an undecodable one over with ``surrogateescape``
(byte 0xE9 becomes the lone surrogate U+DCE9), which no UTF-8 writer accepts, and a name (or
an article) may hold terminal control sequences (``ESC ] 0 ;`` sets the window title,
``ESC [ 2 J`` clears the screen). credscore keeps the real name for reading files and writes
:func:`escape_path` of it in every report format, like ``ls -b``:

* a byte that is not UTF-8 -> ``\\xNN`` (the byte), a C0 control character or DEL -> ``\\xNN``;
* a C1 control, a bidirectional override or isolate, a line or paragraph separator, any other
  lone surrogate -> ``\\uNNNN``;
* a backslash -> ``\\\\`` (so that the escape can be undone); any other name is written
  exactly as it is.

:func:`unescape_path` reverses it exactly (the round trip is tested), which is how an audit's
HTML report and ``--resume`` find the file of a row again.

:func:`terminal_safe` is for text shown in a terminal (evidence, sentences, messages): control
characters other than white space become visible escapes; nothing else changes.
"""

from __future__ import annotations

import re

from .regex import patterncache

# Compiled on first use: classes with wide ranges (the surrogates) cost sre ~1 ms each, and
# ASCII text (nearly every file name and article) is answered without them (see _ascii_clean).
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_SPECIAL = patterncache.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff" + _BIDI + "]")
_NEEDS_ESCAPE = patterncache.compile(
    "[\\\\\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff" + _BIDI + "]")
_ESCAPE_TOKEN = patterncache.compile(r"\\(?:\\|x[0-9a-f]{2}|u[0-9a-f]{4})")
_TERMINAL = patterncache.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff" + _BIDI + "]")
_ASCII_CONTROL = patterncache.compile("[\x00-\x1f\x7f]")
_ASCII_TERMINAL = patterncache.compile("[\x00-\x08\x0b-\x1f\x7f]")


def _ascii_clean(text: str, controls: re.Pattern[str]) -> bool:
    """True when ``text`` is ASCII without a character of ``controls`` (an ASCII class): then
    none of the wide classes above can match it either (their ASCII part is ``controls``)."""
    return text.isascii() and controls.search(text) is None


def _escape_char(ch: str) -> str:
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x20 or code == 0x7F:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def escape_path(name: str) -> str:
    """``name`` written safely and reversibly (see the module docstring); usually unchanged."""
    if ("\\" not in name and _ascii_clean(name, _ASCII_CONTROL)) or (
            _NEEDS_ESCAPE.search(name) is None):
        return name
    return _NEEDS_ESCAPE.sub(lambda m: "\\\\" if m.group() == "\\" else _escape_char(m.group()),
                             name)


def unescape_path(shown: str) -> str:
    """The name that :func:`escape_path` turned into ``shown``."""
    if "\\" not in shown:
        return shown

    def back(m: re.Match[str]) -> str:
        token = m.group()
        if token == "\\\\":
            return "\\"
        code = int(token[2:], 16)
        if token[1] == "x" and code >= 0x80:
            return chr(0xDC00 + code)
        return chr(code)

    return _ESCAPE_TOKEN.sub(back, shown)


def terminal_safe(text: str) -> str:
    """``text`` with control characters made visible: tab and newline stay, the other white-space
    controls (carriage return, vertical tab, form feed) become spaces, the rest escapes."""
    if _ascii_clean(text, _ASCII_TERMINAL) or _TERMINAL.search(text) is None:
        return text
    return _TERMINAL.sub(lambda m: " " if m.group() in "\r\x0b\x0c" else _escape_char(m.group()),
                         text)


def has_special(text: str) -> bool:
    """Does ``text`` hold a character :func:`escape_path` would escape (backslash aside)?"""
    return not _ascii_clean(text, _ASCII_CONTROL) and _SPECIAL.search(text) is not None

