"""Settings (`settings`: one `Settings` object, read once at the edge of the program), the
registry of embedding backends the settings accept (`backends`), and the one error type every
stage raises (`errors`). The bottom layer: imports nothing of reelqa."""
