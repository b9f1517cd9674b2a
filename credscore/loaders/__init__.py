"""Turn files, bytes or strings into Documents: plain text, Markdown or HTML."""

from __future__ import annotations

from pathlib import Path

from ..document import Document
from ..errors import InputError
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
    """Decode and parse raw bytes; raise InputError for empty, binary, oversized or undecodable."""
    if max_bytes is not None and len(data) > max_bytes:
        raise InputError(
            path, f"too large ({len(data):,} bytes; the limit is {max_bytes:,}, see --max-bytes)"
        )
    text = decode_bytes(data, path)
    if not text.strip():
        raise InputError(path, "empty file (nothing to score)")
    return parse_text(text, fmt, path)


def read_file(path: str | Path, max_bytes: int | None = DEFAULT_MAX_BYTES) -> bytes:
    """A file's bytes (size checked before reading); InputError with a one-line reason."""
    name = str(path)
    p = Path(path)
    try:
        size = p.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise InputError(
                name, f"too large ({size:,} bytes; the limit is {max_bytes:,}, see --max-bytes)"
            )
        return p.read_bytes()
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except IsADirectoryError:
        raise InputError(name, "is a directory") from None
    except PermissionError:
        raise InputError(name, "permission denied") from None
    except OSError as err:
        raise InputError(name, f"cannot read ({err.strerror or err})") from None


def load_path(
    path: str | Path, fmt: str | None = None, max_bytes: int | None = DEFAULT_MAX_BYTES
) -> Document:
    """Read and parse one file; raise InputError with a one-line reason on any failure."""
    data = read_file(path, max_bytes)
    return parse_bytes(data, fmt or format_for(path), str(path), max_bytes)
