"""Judgements made once at index time about reviews and sentences: a review's overall lean
(lean.py), which sentences tell the story (plot.py), which speak of an aspect such as
scariness or the music and which way (aspects.py); sentence polarity is VADER's (polarity.py).

Each module is pure: functions over texts, sentence vectors and small records, with any
trained weights read from plain files in weights/ (written by benchmarks/judge_*.py).
"""
