"""The site: the page model, renderer, sanitising and the writers of every kind of page."""
