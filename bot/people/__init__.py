"""A person's access over time: offboarding, reconciliation with Slack, what App Home shows them."""
