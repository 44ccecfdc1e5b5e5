# The two commands a newcomer needs: `make run` and `make test`. Details in README.md.
SHELL := /bin/bash
.PHONY: run test build release bootstrap e2e clean

run:
	@scripts/run.sh

test:
	@scripts/test.sh

bootstrap:
	@scripts/bootstrap.sh

build: bootstrap
	@. scripts/env.sh && use_dev_rustflags && cargo leptos build && scripts/precompress.sh && scripts/phone.sh

# --precompress writes a .br and a .gz beside every file of the site, which the server sends
# instead of compressing the 3.6 MB wasm again for every download.
release: bootstrap
	@. scripts/env.sh && cargo leptos build --release --precompress && scripts/phone.sh

e2e:
	@scripts/e2e.sh

clean:
	cargo clean
