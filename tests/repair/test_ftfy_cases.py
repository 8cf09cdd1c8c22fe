"""ftfy's own test cases (../shared/eval/ftfy_test_cases/, Apache-2.0): the stage passes every case
plain ftfy passes, all of negative.json included.

The stage differs from `ftfy.fix_text` by design in four ways, applied to the expected text here:
it keeps curly quotes and full-width forms (normalize decides those: compared after NFKC and
straight quotes), it does no NFC (same folding), it removes U+FFFD (lost for good: removed and
flagged, issue 3) and the control characters left when it is done (normalize would), so the
expected text is compared without those."""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from pipeline.repair.base import CONTROLS  # what the stage removes when it is done

CASES = Path(__file__).resolve().parents[3] / "shared" / "eval" / "ftfy_test_cases"
FILES = ["in-the-wild.json", "synthetic.json", "negative.json", "language-names.json", "known-failures.json"]
QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def fold(text: str) -> str:
    return CONTROLS.sub("", unicodedata.normalize("NFKC", text).translate(QUOTES))


def cases():
    if not CASES.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"{CASES} is absent (../shared is not beside the project)"))]
    out = []
    for name in FILES:
        for n, case in enumerate(json.loads((CASES / name).read_text(encoding="utf-8"))):
            out.append(pytest.param(case, id=f"{name}:{n}:{case['label'][:40]}"))
    return out


@pytest.mark.parametrize("case", cases())
def test_passes_what_ftfy_passes(repaired, case):
    import ftfy

    if ftfy.fix_text(case["original"]) != case["fixed"]:
        pytest.skip("ftfy itself fails this case")
    # `fixed` is fix_text's full result, `fixed-encoding` fix_encoding's alone: the stage runs ftfy's
    # other fixers too (HTML entities, control characters), so either is right
    expected = [fold(case[k]).replace("\ufffd", "") for k in ("fixed", "fixed-encoding") if k in case]
    got = repaired(case["original"])
    assert fold(got.text) in expected
    if "\ufffd" in case["fixed"]:
        assert any("lost" in w for w in got.warnings)
