"""Slack Web API adapters: the implementations of bot.ports.SlackPort and of the member directory."""
