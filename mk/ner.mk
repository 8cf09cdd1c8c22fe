# Issue 6: entities and officials. `train-ner` trains the Chinese tagger (fixed data, fixed order:
# the same weights each time); `eval-ner` measures it on the People's Daily and MSRA test splits,
# beside the jieba-posseg floor, and prints the stages' speed and the seed checks.
.PHONY: train-ner eval-ner ner-clusters

NER_WORK ?= $(WORK)/ner
NER_MODEL ?= models/ner_zh.npz
NER_ITERATIONS ?= 100
NER_GOLD_RANGE ?=

train-ner: $(STAMP)  ## train the Chinese entity tagger from PFR 1998 and the PD NER dev split -> models/ner_zh.npz (needs the train extra)
	@$(BIN)/python -c "import pycrfsuite" 2>/dev/null || $(BIN)/pip install -q -e '.[train]'
	$(BIN)/python -m pipeline.ner.train --shared $(SHARED) --out $(NER_MODEL) --iterations $(NER_ITERATIONS) $(if $(NER_GOLD_RANGE),--gold-range $(NER_GOLD_RANGE))

ner-clusters: $(STAMP)  ## distributional clusters of characters and words from unlabelled text -> configs/entities/zh_clusters.tsv (committed; train-ner reads it)
	$(BIN)/python -m pipeline.ner.clusters --shared $(SHARED) --out configs/entities/zh_clusters.tsv

eval-ner: $(STAMP)  ## Chinese NER F1 (PD, MSRA test) beside the jieba-posseg floor; stage speed; seed checks
	rm -rf $(NER_WORK) && mkdir -p $(NER_WORK)
	@for set in pd msra; do \
	  $(BIN)/python $(SHARED)/tools/eval_ner.py prepare $(NER_WORK)/$$set --set $$set >/dev/null || exit 1; \
	  $(BIN)/newsclean process $(NER_WORK)/$$set/raw $(NER_WORK)/$$set/out -q --force -j 1; test $$? -le 3 || exit 1; \
	  $(BIN)/python -m pipeline.ner.floor $(NER_WORK)/$$set/raw $(NER_WORK)/$$set/floor.jsonl || exit 1; \
	  echo "== $$set: jieba-posseg floor"; \
	  $(BIN)/python $(SHARED)/tools/eval_ner.py score $(NER_WORK)/$$set/gold.json $(NER_WORK)/$$set/floor.jsonl | tail -1; \
	  echo "== $$set: newsclean (targets: pd micro >= 0.88 and PERSON >= 0.92; msra micro >= 0.80)"; \
	  $(BIN)/python $(SHARED)/tools/eval_ner.py score $(NER_WORK)/$$set/gold.json $(NER_WORK)/$$set/out/articles.jsonl; \
	done
	@echo "== pd again, the boilerplate stage off (what it removes holds gold entities)"
	$(BIN)/newsclean process $(NER_WORK)/pd/raw $(NER_WORK)/pd/out-no-boilerplate -q --force -j 1 --config tests/entities/no_boilerplate.toml; test $$? -le 3
	$(BIN)/python $(SHARED)/tools/eval_ner.py score $(NER_WORK)/pd/gold.json $(NER_WORK)/pd/out-no-boilerplate/articles.jsonl | tail -1
	@echo "== speed (CPU seconds per MB, one core)"
	$(BIN)/python -m pipeline.ner.speed --shared $(SHARED)
	@echo "== seed checks of entities and officials"
	$(BIN)/newsclean process raw $(NER_WORK)/seeds -q --force -j 1; test $$? -le 3
	@$(BIN)/python $(SHARED)/tools/score_seeds.py $(NER_WORK)/seeds/articles.jsonl | grep -E '^FAIL .*(official|entity)|^officials' || true
