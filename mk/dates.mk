# Issue 6, dates: the Recognizers-Text measurement, the seed dates and the stage's speed.
.PHONY: eval-dates

DATES_WORK ?= $(WORK)/dates

eval-dates: $(STAMP)  ## dates: Recognizers-Text Chinese cases (F1), seed dates, throughput of the stage
	rm -rf $(DATES_WORK) && mkdir -p $(DATES_WORK)
	$(BIN)/python $(SHARED)/tools/eval_dates.py prepare $(DATES_WORK)/rt
	$(BIN)/newsclean process $(DATES_WORK)/rt/raw $(DATES_WORK)/rt/out -q; test $$? -le 3
	$(BIN)/python $(SHARED)/tools/eval_dates.py score $(DATES_WORK)/rt/gold.json $(DATES_WORK)/rt/out/articles.jsonl --min-f1 0.90
	$(BIN)/newsclean process raw $(DATES_WORK)/seeds -q; test $$? -le 3
	$(BIN)/python $(SHARED)/tools/score_seeds.py $(DATES_WORK)/seeds/articles.jsonl | grep -E '^(FAIL .*day/month dates|dates:)' || true
	$(BIN)/python tests/dates/speed.py $(SHARED)
