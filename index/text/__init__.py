"""The text toolkit every stage reads words through: `tokens` (token patterns, folding, stems,
stop words), `sentences` (the one sentence splitter), `names` (the one capitalised-name
pattern), `lexicon` (word lists) and `vocabulary` (the one role vocabulary). It imports
nothing else of reelqa."""
