# Issue 9: speed, memory and the Dask backend (README "Speed and scaling").
.PHONY: bench bench-memory

BENCH_ARTICLES ?= 2000
BENCH_JSON ?= $(WORK)/bench.json

bench: $(STAMP)  ## throughput, stage shares, memory vs the naive peer and the I/O floor (work/bench.json)
	$(BIN)/newsclean bench --articles $(BENCH_ARTICLES) --shared $(SHARED) --work $(WORK)/bench --json $(BENCH_JSON)

bench-memory: $(STAMP)  ## peak memory at 20,000 articles vs 2,000 (slow: several minutes)
	$(BIN)/newsclean bench --articles 20000 --memory-only --shared $(SHARED) --work $(WORK)/bench --json $(WORK)/bench-memory.json
