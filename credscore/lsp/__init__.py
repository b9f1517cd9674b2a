"""``credscore lsp``: a language server, so that editors show findings while the writer writes.

Nothing here is imported by ``credscore check``: pygls is imported by ``credscore.lsp.server``
only, which the ``lsp`` command loads (install it with ``pip install 'credscore[lsp]'``).
"""
