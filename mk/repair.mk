# Issue 3, repair: the corruption suite (whole pipeline, then read+repair+normalize only), the real
# SogouCA spans, ftfy's own cases, the stage's speed vs ftfy, and the repair checks of the samples.
.PHONY: eval-repair

REPAIR_EVAL ?= $(WORK)/eval-repair
REPAIR_SPREAD_SEEDS ?= 1 2 3 4 5 6 7 8 9 10  # make_corruptions.py seeds besides the default 0

eval-repair: $(STAMP)  ## repair: corruption suite per type, real misaligned spans, ftfy cases, speed vs ftfy
	rm -rf $(REPAIR_EVAL) && mkdir -p $(REPAIR_EVAL)
	$(BIN)/python $(SHARED)/tools/make_corruptions.py prepare $(REPAIR_EVAL)/suite
	$(BIN)/newsclean process $(REPAIR_EVAL)/suite/raw $(REPAIR_EVAL)/out -q -j 2; test $$? -le 3
	@echo "== corruption suite, whole pipeline"
	$(BIN)/python $(SHARED)/tools/score_repair.py $(REPAIR_EVAL)/suite/gold.json $(REPAIR_EVAL)/out/articles.jsonl -v > $(REPAIR_EVAL)/score.txt || true
	@sed -n '/^type /,$$p' $(REPAIR_EVAL)/score.txt
	$(BIN)/newsclean process $(REPAIR_EVAL)/suite/raw $(REPAIR_EVAL)/out-stages -q -j 2 --config configs/repair/eval_stages.toml; test $$? -le 3
	@echo "== corruption suite, read + repair + normalize (configs/repair/eval_stages.toml)"
	$(BIN)/python $(SHARED)/tools/score_repair.py $(REPAIR_EVAL)/suite/gold.json $(REPAIR_EVAL)/out-stages/articles.jsonl -v > $(REPAIR_EVAL)/score-stages.txt || true
	@sed -n '/^type /,$$p' $(REPAIR_EVAL)/score-stages.txt
	@echo "== gbk_misaligned on suites drawn with other seeds (read + repair + normalize): how far the figure above moves with the draw"
	@for s in $(REPAIR_SPREAD_SEEDS); do \
	  $(BIN)/python $(SHARED)/tools/make_corruptions.py prepare $(REPAIR_EVAL)/seed$$s --seed $$s --types gbk_misaligned >/dev/null || exit 1; \
	  $(BIN)/newsclean process $(REPAIR_EVAL)/seed$$s/raw $(REPAIR_EVAL)/seed$$s/out -q -j 2 --config configs/repair/eval_stages.toml; test $$? -le 3 || exit 1; \
	  printf "seed %s: " $$s; $(BIN)/python $(SHARED)/tools/score_repair.py $(REPAIR_EVAL)/seed$$s/gold.json $(REPAIR_EVAL)/seed$$s/out/articles.jsonl | grep '^gbk_misaligned' | tee -a $(REPAIR_EVAL)/spread.txt; \
	done
	@awk '{n++; s+=$$3; if (n==1||$$3<lo) lo=$$3; if ($$3>hi) hi=$$3} END {printf "gbk_misaligned over the %d other draws: mean %.3f, from %.2f to %.2f\n", n, s/n, lo, hi}' $(REPAIR_EVAL)/spread.txt
	@echo "== real spans, ftfy's cases, speed"
	$(BIN)/python -m pipeline.repair.eval --shared $(SHARED)
	@echo "== samples (repair checks: 9月30日。活动期间, 经济质量优势, 分行业分领域实施质量攻坚, no ?, no pinyin)"
	$(BIN)/newsclean process raw $(REPAIR_EVAL)/seeds -q --force; test $$? -le 3
	$(BIN)/python $(SHARED)/tools/score_seeds.py $(REPAIR_EVAL)/seeds/articles.jsonl | grep -E '9月30日|经济质量优势|分行业分领域|\?|wǎng|dòng|zhì|seeds:' || true

# The character-pair counts the misaligned-GBK rule weighs edge characters with (pipeline/repair/make_bigrams.py):
# visible text of the raw GNE and content-extraction pages, never the corruption suite's sources.
.PHONY: repair-bigrams
repair-bigrams: $(STAMP)  ## repair: rebuild configs/repair/char_bigrams.tsv.gz from ../shared's raw HTML pages
	$(BIN)/python -m pipeline.repair.make_bigrams $(SHARED) configs/repair/char_bigrams.tsv.gz

# The dev corpus the repair thresholds are tuned on (pipeline/repair/devset.py): the suite's generators
# run on the SogouCS sohusite sample, never on the suite's sources; built, run through read + repair +
# normalize, and scored per damage type.
.PHONY: repair-devset
REPAIR_DEVSET ?= $(WORK)/repair-devset
# sohu (SogouCS, the default), tensite (SogouCA), or both: sohu,tensite
REPAIR_DEVSET_SOURCE ?= sohu

repair-devset: $(STAMP)  ## repair: the dev corpus the repair thresholds are tuned on (REPAIR_DEVSET_SOURCE=tensite: SogouCA), built and scored
	rm -rf $(REPAIR_DEVSET)
	$(BIN)/python -m pipeline.repair.devset $(REPAIR_DEVSET) --source $(REPAIR_DEVSET_SOURCE)
	$(BIN)/newsclean process $(REPAIR_DEVSET)/raw $(REPAIR_DEVSET)/out -q -j 2 --config configs/repair/eval_stages.toml; test $$? -le 3
	$(BIN)/python $(SHARED)/tools/score_repair.py $(REPAIR_DEVSET)/gold.json $(REPAIR_DEVSET)/out/articles.jsonl -v > $(REPAIR_DEVSET)/score.txt || true
	@sed -n '/^type /,$$p' $(REPAIR_DEVSET)/score.txt

# The word-bigram model the misaligned-GBK rule chooses edge characters with (pipeline/repair/make_word_lm.py):
# open-gram's language model, as Debian's sunpinyin-data ships it; tslminfo (sunpinyin-utils) reads it.
.PHONY: repair-word-lm
repair-word-lm: $(STAMP)  ## repair: rebuild configs/repair/word_lm.npz from Debian's sunpinyin-data (apt-get installs it when missing)
	@dpkg -s sunpinyin-data sunpinyin-utils >/dev/null 2>&1 \
	  || apt-get install -y -q sunpinyin-data sunpinyin-utils >/dev/null \
	  || { echo "repair-word-lm: needs Debian's sunpinyin-data and sunpinyin-utils (apt-get install them as root)"; exit 2; }
	$(BIN)/python -m pipeline.repair.make_word_lm configs/repair/word_lm.npz
