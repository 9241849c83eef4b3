"""Chinese text as every layer reads it: widths, tokens, sentences and figures (pure functions)."""
