"""Character folding by replace_chars is str.translate, only faster."""

from credscore.detectors.promo import _FOLD_KEEP_LINES
from credscore.segment.document import _FOLD, replace_chars


def test_replace_chars_is_translate():
    for table in (_FOLD, _FOLD_KEEP_LINES):
        assert not set(table.values()) & set(table)
        text = "x".join(table) + " plain ascii, 'quotes' \"and\" - dashes\r\n" + "".join(table)
        assert replace_chars(text, table) == text.translate(str.maketrans(table))
    assert replace_chars("no change", _FOLD) == "no change"
