# Boilerplate and HTML extraction (issue 5): the measured targets of the issue.
.PHONY: eval-extraction eval-boilerplate

EXTRACTION_WORK ?= $(WORK)/extraction
BOILERPLATE_WORK ?= $(WORK)/boilerplate

# 69 Chinese web pages with hand-labelled text, author and date: the pipeline, then two naive floors
# (trafilatura's defaults and metadata with no boilerplate rules; every visible line of the page).
eval-extraction: $(STAMP)  ## HTML main text, author, date on 69 Chinese pages, beside naive floors
	rm -rf $(EXTRACTION_WORK) && mkdir -p $(EXTRACTION_WORK)
	$(BIN)/python $(SHARED)/tools/eval_extraction.py prepare $(EXTRACTION_WORK)
	$(BIN)/newsclean process $(EXTRACTION_WORK)/raw $(EXTRACTION_WORK)/out -q --force; test $$? -le 3
	$(BIN)/newsclean process $(EXTRACTION_WORK)/raw $(EXTRACTION_WORK)/floor -q --force --config tests/boilerplate/extraction_floor.toml; test $$? -le 3
	$(BIN)/python -m pipeline.boilerplate.eval --shared $(SHARED) visible-floor $(EXTRACTION_WORK)/raw $(EXTRACTION_WORK)/visible.jsonl
	@echo "== floor: every visible line"
	@$(BIN)/python $(SHARED)/tools/eval_extraction.py score $(EXTRACTION_WORK)/gold.json $(EXTRACTION_WORK)/visible.jsonl | tail -1
	@echo "== floor: trafilatura defaults and its metadata, no boilerplate rules"
	@$(BIN)/python $(SHARED)/tools/eval_extraction.py score $(EXTRACTION_WORK)/gold.json $(EXTRACTION_WORK)/floor/articles.jsonl | tail -1
	@echo "== newsclean (targets: text F1 >= 0.90, date >= 0.85, author >= 0.60)"
	$(BIN)/python $(SHARED)/tools/eval_extraction.py score $(EXTRACTION_WORK)/gold.json $(EXTRACTION_WORK)/out/articles.jsonl --min-f1 0.90

# The seed checks that are the stage's (title, published, byline, text), the 20 People's Daily
# Online pages checked by hand, false removals on clean text, and the stage's speed.
eval-boilerplate: $(STAMP)  ## boilerplate: seed checks, 20 hand-checked English pages, false removals, speed
	rm -rf $(BOILERPLATE_WORK) && mkdir -p $(BOILERPLATE_WORK)
	$(BIN)/newsclean process raw $(BOILERPLATE_WORK)/seeds -q --force; test $$? -le 3
	@echo "== seed checks of title, published, byline and text (the rest belong to other stages)"
	@$(BIN)/python $(SHARED)/tools/score_seeds.py $(BOILERPLATE_WORK)/seeds/articles.jsonl | grep -E '^FAIL .*: (title|published|byline|text)' || echo "all pass"
	$(BIN)/newsclean process $(SHARED)/eval/en_china_news/peoples_daily_online_en_2020-11 $(BOILERPLATE_WORK)/en -q --force; test $$? -le 3
	$(BIN)/python -m pipeline.boilerplate.eval --shared $(SHARED) en-review $(BOILERPLATE_WORK)/en/articles.jsonl 20 | tail -1
	$(BIN)/pytest -q tests/boilerplate/test_pages.py
	$(BIN)/python -m pipeline.boilerplate.eval --shared $(SHARED) false-removals | tail -1
	$(BIN)/python -m pipeline.boilerplate.eval --shared $(SHARED) speed
