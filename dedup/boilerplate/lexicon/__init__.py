"""The stripper's lexicon: data modules, one per kind of boilerplate.

Each module holds regular-expression pieces written in lower case (they are
matched against the lower-cased, NFKC-normalised line with curly quotes and
dashes folded to ASCII), organised per language where the words are.  The
rule tables in :mod:`dedup.boilerplate.rules` put them in decision order.
Languages: English, German, French, Spanish, Italian, Portuguese and Dutch
(stop words: also Swedish, Danish, Polish and Indonesian).
"""
