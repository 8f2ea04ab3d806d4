"""The composition root: builds everything from settings; owns start-up and shut-down."""

from __future__ import annotations

from pathlib import Path

from bot.core.i18n import Translator
from config.settings import Settings, load_settings
from storage.engine import Database


def load(config: Path | None = None) -> Settings:
    """Settings, loaded once. Raises ConfigError with one line per problem."""
    return load_settings(config)


def open_database(settings: Settings) -> Database:
    return Database(settings.database_url)


def cli_translator(settings: Settings) -> Translator:
    return Translator(settings.language)
