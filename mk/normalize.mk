# Normalization (issue 4): script, punctuation, width, whitespace. README "Normalization policy".
.PHONY: eval-normalize

NORMALIZE_EVAL := $(WORK)/eval-normalize
NORMALIZE_ONLY := configs/normalize/eval_stages.toml

# The government reports as raw JSONL, through the stages up to normalize (the figures of issue 4),
# then again through their own output (idempotence); then the whole pipeline for comparison (its
# boilerplate stage removes lines, so only the t2s residue and idempotence are comparable); then speed.
eval-normalize: $(STAMP)  ## normalize: t2s residue, Simplified change rate, idempotence, MB/s
	$(BIN)/python -m pipeline.normalize.eval --shared $(SHARED) prepare $(NORMALIZE_EVAL)
	$(BIN)/newsclean process $(NORMALIZE_EVAL)/raw $(NORMALIZE_EVAL)/stage -q --force --config $(NORMALIZE_ONLY)
	$(BIN)/python -m pipeline.normalize.eval --shared $(SHARED) again $(NORMALIZE_EVAL) stage
	$(BIN)/newsclean process $(NORMALIZE_EVAL)/stage-again $(NORMALIZE_EVAL)/stage-again-out -q --force --config $(NORMALIZE_ONLY)
	@echo "== read, repair, normalize ($(NORMALIZE_ONLY))"
	$(BIN)/python -m pipeline.normalize.eval --shared $(SHARED) score $(NORMALIZE_EVAL) stage || true
	$(BIN)/newsclean process $(NORMALIZE_EVAL)/raw $(NORMALIZE_EVAL)/full -q --force; test $$? -le 3
	$(BIN)/python -m pipeline.normalize.eval --shared $(SHARED) again $(NORMALIZE_EVAL) full
	$(BIN)/newsclean process $(NORMALIZE_EVAL)/full-again $(NORMALIZE_EVAL)/full-again-out -q --force; test $$? -le 3
	@echo "== whole pipeline"
	$(BIN)/python -m pipeline.normalize.eval --shared $(SHARED) score $(NORMALIZE_EVAL) full || true
	@echo "== speed of the normalize stage alone (one core)"
	$(BIN)/python -m pipeline.normalize.eval --shared $(SHARED) speed
