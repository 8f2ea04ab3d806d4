"""Ombud: a chat bot that follows a union's activity plan through the year."""
