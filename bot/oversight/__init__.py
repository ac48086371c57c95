"""Oversight: suspicion rules, supervisor escalations, the incident register and the audit service."""
