"""Case-conference channels: the message guard (a message with PII becomes a redacted repost), restore,
the roster and staff-name caches.
"""
