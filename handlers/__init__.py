"""What the bot does, platform-neutral: onboarding, reminders, answers, commands, digests."""
