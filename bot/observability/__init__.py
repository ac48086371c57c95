"""What casebot tells its operator about itself: Prometheus metrics (``metrics``)."""
