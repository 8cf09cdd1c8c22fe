# Issue 8: the long robustness checks (the short ones run in `make test`).
.PHONY: eval-robustness fuzz

eval-robustness: $(STAMP)  ## SIGKILL at 20 random moments of a 1,000-article run, each rerun compared
	$(BIN)/pytest -q -s -m slow tests/robustness/test_crash_safety.py

fuzz: $(STAMP)  ## the property tests with 10,000 examples each (HYPOTHESIS_PROFILE=nightly)
	HYPOTHESIS_PROFILE=nightly $(BIN)/pytest -q -s tests/robustness/test_properties.py --hypothesis-show-statistics
