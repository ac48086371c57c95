"""Sharing PII: who is asking (TOTP step-up), the policy, the one door (disclosure), Reveal, by-name
lists.
"""
