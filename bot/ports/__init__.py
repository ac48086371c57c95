"""The rules' side of Slack: the ``SlackPort`` protocol (``bot.ports.slack``) and the values it carries.

Each carried value has a module named for what it holds (``places``, ``disclosure``, ``listing``,
``meetings``, ``escalations``); the domains build them and import them from there. The protocol's own
names are re-exported here so ``from bot.ports import SlackPort, Place, Member`` keeps working for code
written when ``bot.ports`` was one module.
"""

from bot.ports.places import Place
from bot.ports.slack import FileBytes, MeetingNotice, Member, Notice, SlackPort, SlackResult

__all__ = ["FileBytes", "MeetingNotice", "Member", "Notice", "Place", "SlackPort", "SlackResult"]
