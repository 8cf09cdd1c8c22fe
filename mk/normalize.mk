# Normalization (issue 4): script, punctuation, width, whitespace. README "Normalization policy".
.PHONY: eval-normalize

NORMALIZE_EVAL := $(WORK)/eval-normalize
NORMALIZE_PY := $(BIN)/python -m pipeline.normalize.eval --shared $(SHARED)

# One run of the government reports through a configuration ($(1): name, $(2): overlay or empty),
# then again through its own output (idempotence), then the figures ($(3): options of score).
define normalize_eval_run
	$(BIN)/newsclean process $(NORMALIZE_EVAL)/raw $(NORMALIZE_EVAL)/$(1) -q --force $(2); test $$? -le 3
	$(NORMALIZE_PY) again $(NORMALIZE_EVAL) $(1)
	$(BIN)/newsclean process $(NORMALIZE_EVAL)/$(1)-again $(NORMALIZE_EVAL)/$(1)-again-out -q --force $(2); test $$? -le 3
	$(NORMALIZE_PY) score $(NORMALIZE_EVAL) $(1) $(3) || true
endef

# Three configurations: the stage alone (read, normalize); as the pipeline runs it (read, repair,
# normalize); the whole pipeline, where "other changes" also count the lines boilerplate removes, so
# only its t2s residue and idempotence compare. Then the stage's speed on one core.
eval-normalize: $(STAMP)  ## normalize: t2s residue, Simplified change rate, idempotence, MB/s
	$(NORMALIZE_PY) prepare $(NORMALIZE_EVAL)
	@echo "== normalize alone (configs/normalize/eval_stages.toml)"
	$(call normalize_eval_run,stage,--config configs/normalize/eval_stages.toml)
	@echo "== read, repair, normalize (configs/normalize/eval_with_repair.toml)"
	$(call normalize_eval_run,repair,--config configs/normalize/eval_with_repair.toml)
	@echo "== whole pipeline"
	$(call normalize_eval_run,full,,--later-stages)
	@echo "== 著/着: Simplified reports through OpenCC s2tw (Taiwan usage) and back"
	$(NORMALIZE_PY) zhuzhe
	@echo "== speed of the normalize stage alone (one core)"
	$(NORMALIZE_PY) speed
