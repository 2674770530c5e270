"""Text made safe for one line of the terminal: the fast paths change nothing."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from reader.markdown import one_line
from reader.text import _CONTROL_PICTURES, visible_controls

# Spaces, other white space, controls, bidi overrides, stray bytes of a name, letters.
CHARACTERS = st.sampled_from(list(" \t\n\r\x0b\x0c\xa0\u2003\x1b\x7f\x85\u202e\udc80ab"))
TEXTS = st.lists(CHARACTERS, max_size=40).map("".join) | st.text(max_size=40)


@given(TEXTS)
def test_visible_controls_is_the_translation(text: str) -> None:
    assert visible_controls(text) == text.translate(_CONTROL_PICTURES)


@given(TEXTS)
def test_one_line_folds_white_space_and_shows_controls(text: str) -> None:
    assert one_line(text) == visible_controls(re.sub(r"\s+", " ", text).strip())
