"""The installation's registers: agencies, users, consents, MOUs and channels, written by administrators."""
