"""Package data: the word lists the name detector reads (see build_lists.py for where they come from)."""
