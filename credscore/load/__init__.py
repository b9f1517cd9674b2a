"""Turn files, bytes or strings into Documents: plain text, Markdown or HTML."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..segment.document import Document
from .decoding import decode_bytes

FORMATS = ("txt", "md", "html")
SUFFIX_FORMATS = {
    ".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".mdown": "md",
    ".html": "html", ".htm": "html", ".xhtml": "html",
}
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def format_for(path: str | Path) -> str:
    """The input format implied by a file name (plain text when unknown)."""
    return SUFFIX_FORMATS.get(Path(path).suffix.lower(), "txt")


def parse_text(text: str, fmt: str = "txt", path: str | None = None) -> Document:
    """Build a Document from already-decoded text in the given format."""
    if fmt not in FORMATS:
        raise InputError(path or "<text>", f"unknown format {fmt!r} (use txt, md or html)")
    if text.startswith("\ufeff"):
        text = text[1:]
    if fmt == "md":
        from .markdown import parse_markdown

        return parse_markdown(text, path)
    if fmt == "html":
        from .html import parse_html

        return parse_html(text, path)
    return Document(text=text, fmt="txt", path=path)


def parse_bytes(
    data: bytes, fmt: str, path: str, max_bytes: int | None = DEFAULT_MAX_BYTES
) -> Document:
    """Decode and parse raw bytes; raise InputError for binary, oversized or undecodable data.

    Empty or white-space text parses to an empty Document, which is reported as not assessed
    (``credscore.score.assess``), as is any other text without words."""
    if max_bytes is not None and len(data) > max_bytes:
        raise InputError(
            path, f"too large ({len(data):,} bytes; the limit is {max_bytes:,}, see --max-bytes)"
        )
    return parse_text(decode_bytes(data, path), fmt, path)


def read_file(path: str | Path, max_bytes: int | None = DEFAULT_MAX_BYTES) -> bytes:
    """A regular file's bytes (size checked before reading); InputError with a one-line reason.

    Opened without blocking and checked with ``fstat`` before a byte is read: a FIFO, socket or
    device (which could block forever or never end) is refused, whatever its name.
    """
    import os
    import stat

    name = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except IsADirectoryError:
        raise InputError(name, "is a directory") from None
    except PermissionError:
        raise InputError(name, "permission denied") from None
    except OSError as err:
        raise InputError(name, f"cannot read ({err.strerror or err})") from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise InputError(name, "is a directory")
        if not stat.S_ISREG(st.st_mode):
            from .files import file_kind

            raise InputError(name, f"not a regular file ({file_kind(st.st_mode)}); only "
                                   "regular files are read")
        if max_bytes is not None and st.st_size > max_bytes:
            raise InputError(
                name, f"too large ({st.st_size:,} bytes; the limit is {max_bytes:,}, see "
                      "--max-bytes)"
            )
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read() if max_bytes is None else fh.read(max_bytes + 1)
    except OSError as err:
        raise InputError(name, f"cannot read ({err.strerror or err})") from None
    finally:
        os.close(fd)
    if max_bytes is not None and len(data) > max_bytes:  # it grew while being read
        raise InputError(name, f"too large (over {max_bytes:,} bytes, see --max-bytes)")
    return data


def load_path(
    path: str | Path, fmt: str | None = None, max_bytes: int | None = DEFAULT_MAX_BYTES
) -> Document:
    """Read and parse one file; raise InputError with a one-line reason on any failure."""
    data = read_file(path, max_bytes)
    return parse_bytes(data, fmt or format_for(path), str(path), max_bytes)
