"""Build machinery that knows nothing of articles: files, cache, keys, workers, publishing.

Pagefind is run from here too. Nothing here imports from the domain layers
(extract, records, site, commands).
"""
