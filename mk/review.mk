# Reviewing what a run changed (issue 7): README "Reviewing changes".
.PHONY: git-diff-setup report review-diff

git-diff-setup: $(STAMP)  ## once per clone: git diff / git log -p show processed/*.jsonl one block per article
	$(BIN)/python -m pipeline.review.textconv --install

REPORT ?= $(WORK)/report.html
report: $(STAMP)  ## write $(WORK)/report.html for processed/ (DIFF=REV: only what changed since REV)
	@mkdir -p $(dir $(REPORT))
	$(BIN)/newsclean report $(REPORT) --out processed $(if $(DIFF),--diff $(DIFF))

review-diff: $(STAMP)  ## what processed/ changed since the last commit: one line per article
	$(BIN)/newsclean diff --stat
