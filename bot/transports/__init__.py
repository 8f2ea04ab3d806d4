"""One adapter per chat platform: translation between platform updates and neutral messages."""
