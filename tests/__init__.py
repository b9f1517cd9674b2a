"""credscore tests (a package, so tests import shared helpers with `from .conftest import ...`)."""
