"""`rcheck server`: the lint as a Language Server over stdio (needs the `lsp` extra).

`rcheck.lsp.edits` holds what does not need pygls (positions, the edits of code actions), so
it is tested and used without the extra; `rcheck.lsp.server` is the pygls server.
"""
