"""Reading captures: bytes to lines, Arabic text, profiles, cleaning, dating, line explanations."""
