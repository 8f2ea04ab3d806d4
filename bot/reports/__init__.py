"""Report files: answer exports, the year-end report and the progress chart (bot.core only)."""
