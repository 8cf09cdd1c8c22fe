# The runner's own measurements (issue 7's incremental target).
.PHONY: eval-incremental

eval-incremental: $(STAMP)  ## rerun after adding 10 articles to 2,000: time share of a full run, same bytes
	$(BIN)/python -m pipeline.benchmark.incremental --shared $(SHARED)
