"""The tail classifier: what it removes carries its evidence; the guards keep the body."""
from __future__ import annotations

BODY = [
    "The city launched its quality month campaign on Monday, with officials promising stricter checks on food.",
    "During the month, inspectors will visit factories and markets, and companies will open their workshops.",
    "The campaign runs until the end of September, and each district will report its results to the city.",
]


def test_comments_after_the_byline_go_with_their_evidence(stage):
    lines = BODY + ["Reporter 丨 Zhou Lan", "Great news!", "Hope they keep it up."]
    verdicts = stage.tail.classify(lines, [True, True, True, False, True, True], body_end=3, lang="en")
    assert [(v.index, v.kind) for v in verdicts] == [(4, "comment"), (5, "comment")]
    assert all("after the byline" in v.evidence for v in verdicts)


def test_a_teaser_is_cut_off_and_about_something_else(stage):
    lines = BODY + ["During the holiday, the vegetable market in another town was full of shoppers buying..."]
    verdicts = stage.tail.classify(lines, [True] * 4, None, "en")
    assert [(v.index, v.kind) for v in verdicts] == [(3, "teaser")]
    assert "similarity" in verdicts[0].evidence


def test_never_below_the_minimum_body(stage):
    lines = BODY[:1] + ["Reporter 丨 Zhou Lan", "Great news!", "Hope they keep it up.", "Yes!"]
    verdicts = stage.tail.classify(lines, [True, False, True, True, True], body_end=1, lang="en")
    kept = 4 - len(verdicts)
    assert kept >= stage.tail.settings.min_body_paragraphs


def test_never_more_than_max_share(stage):
    long_comment = "I think this is a really good idea and I hope other cities will do the same thing soon. " * 2
    lines = BODY[:2] + ["Reporter 丨 Zhou Lan"] + [long_comment] * 4
    verdicts = stage.tail.classify(lines, [True, True, False] + [True] * 4, body_end=2, lang="en")
    removed = sum(len(lines[v.index]) for v in verdicts)
    total = sum(len(x) for i, x in enumerate(lines) if i != 2)
    assert removed <= stage.tail.settings.max_share * total


def test_flag_edits_say_why(strip):
    doc = strip("\n".join(BODY + [BODY[0], "Reporter 丨 Zhou Lan", "Great news!"]), "en")
    flags = [e for e in doc.edits if e.action == "flag"]
    assert flags and flags[0].rule == "tail_comment" and "after the byline" in flags[0].after


def test_disabled(build):
    stage = build(tail={"enabled": False})
    lines = BODY + ["Great news!"]
    assert stage.tail.classify(lines, [True] * 4, body_end=2, lang="en") == []
