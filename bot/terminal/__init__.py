"""The terminal front end: plain-text renderers (answers, films, build and eval reports, pure),
`reelqa eval`'s question-set evaluation, `ask --batch`, and safe output."""
