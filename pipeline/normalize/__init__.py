"""The normalize stage's rules: script detection and conversion (script.py), punctuation of Chinese
and English lines (punctuation.py), character classes and patterns (chardata.py), and the
evaluation over the government reports (eval.py). The stage itself is pipeline/stages/normalize.py.
"""
