"""`site-builder ingest`: raw articles in seeds/ → content/*.md, one step per module.

extract.py   raw text or HTML → article paragraphs, title, dates, outlet, rubric (no NLP)
dates.py     dates as pages print them, French and English
nlp.py       the spaCy model (loaded once) → language, summary, topics, fallback title
places.py    country names, variants, adjectives and demonyms → country mentions
actors.py    people, their roles as worded, and their countries
organisations.py  the organisations an article names (UN, ECOWAS …), one label each
emit.py      the only writer into content/: atomic, never clobbers, three-way --update
pipeline.py  the run: find seeds, skip unchanged ones, analyse (--jobs), write
command.py   the CLI verb;  evaluate.py  the quality table over hand-checked pages
Data: institutions.yaml here; country variants and demonyms in ../data/countries.yaml
(shared with the build), organisations in ../data/organisations.yaml; the topic
vocabulary in ../../topics.yaml.
"""
