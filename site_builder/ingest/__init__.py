"""`site-builder ingest`: raw articles in seeds/ → content/*.md, one step per module.

extract.py   raw text or HTML → article paragraphs, title, dates, outlet, rubric (no NLP)
dates.py     dates as pages print them, French and English
nlp.py       the spaCy model (loaded once) → language, summary, topics, fallback title
places.py    country names, variants, adjectives and demonyms → country mentions
actors.py    people, their roles as worded, and their countries
emit.py      the only writer into content/: atomic, never clobbers, three-way --update
pipeline.py  the run: find seeds, skip unchanged ones, analyse (--jobs), write
command.py   the CLI verb;  evaluate.py  the quality table over hand-checked pages
Data: demonyms.yaml, institutions.yaml here; the topic vocabulary in ../../topics.yaml.
"""
