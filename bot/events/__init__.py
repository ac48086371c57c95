"""Slack events between the ack and the work: the stream's worker threads (``workers``)."""
