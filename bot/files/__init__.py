"""Shared files: read every format casebot knows, scan it like a message, and build a de-identified copy.

``read`` turns bytes into structured content (sheets of cells, text segments)
or a reason code; ``scan`` runs the redactor over it with a spreadsheet's
header row as context; ``deidentify`` writes the copy; ``flow`` is what
happens in the channel (remove, re-post the copy, quarantine, audit).
"""
