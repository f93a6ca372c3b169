"""Article records in `articles/`: the record format, seeds-to-articles sync, topics."""
