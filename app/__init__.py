"""The composition root: the Slack app, `casebot serve`, the CLI and the demo. The only package that
imports handlers/.
"""
