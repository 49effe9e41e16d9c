# fuzz/fuzz.mk: libFuzzer targets (fuzz/README.md), included by the
# Makefile. `make fuzz` builds them and runs each for FUZZ_SECONDS
# (default 60); `make fuzz-smoke` replays fuzz/regressions/ and runs each
# for about 20 s (CI). Needs clang with libFuzzer (libclang-rt-dev).

FUZZ_CC      ?= clang
FUZZ_B        = build/fuzz
FUZZ_SECONDS ?= 60
FUZZ_SAN      = -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS   = $(WARN) $(CPPFLAGS) $(PKG_CFLAGS) -O1 -g -fno-omit-frame-pointer \
                $(FUZZ_SAN) -fsanitize=fuzzer-no-link
FUZZ_TARGETS  = pack config check fix request prefilter
# The batch command's CSV reader, once it exists.
FUZZ_TARGETS += $(if $(wildcard src/cli/csv.c),csv)
FUZZ_BINS     = $(FUZZ_TARGETS:%=$(FUZZ_B)/fuzz_%)
FUZZ_LIB_OBJ  = $(LIB_SRC:src/lib/%.c=$(FUZZ_B)/lib/%.o)
# The server's request handling without a socket: api_check.c, with
# routes.c for srv_reply_json/srv_reply_error and what routes.c links
# against: every server file but serve.c (the command), and the CLI's
# common.c (libmicrohttpd too; see fuzz/README.md for the split we want).
FUZZ_SRV_OBJ  = $(patsubst src/server/%.c,$(FUZZ_B)/server/%.o,$(filter-out src/server/serve.c,$(SRV_SRC))) \
                $(FUZZ_B)/cli/common.o

$(FUZZ_B)/lib/%.o: src/lib/%.c $(wildcard src/lib/*.h) include/peerlint.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -DPEERLINT_BUILDING -c $< -o $@

$(FUZZ_B)/server/%.o: src/server/%.c src/server/server.h src/cli/cli.h include/peerlint.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(SRV_CFLAGS) -Isrc/cli -c $< -o $@

$(FUZZ_B)/libpeerlint.a: $(FUZZ_LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(FUZZ_B)/fuzz_request: fuzz/fuzz_request.c fuzz/common.h $(FUZZ_SRV_OBJ) $(FUZZ_B)/libpeerlint.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(SRV_CFLAGS) -Isrc/server -Isrc/cli -fsanitize=fuzzer \
	  -o $@ $< $(FUZZ_SRV_OBJ) $(FUZZ_B)/libpeerlint.a $(PKG_LIBS) $(SRV_LIBS)

$(FUZZ_B)/fuzz_csv: fuzz/fuzz_csv.c $(FUZZ_B)/cli/csv.o
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Isrc/cli -fsanitize=fuzzer -o $@ $< $(FUZZ_B)/cli/csv.o

# The regex reader of the engine (src/lib/prefilter.h), with its promise.
$(FUZZ_B)/fuzz_prefilter: fuzz/fuzz_prefilter.c fuzz/common.h $(FUZZ_B)/libpeerlint.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Isrc/lib -fsanitize=fuzzer -o $@ $< $(FUZZ_B)/libpeerlint.a $(PKG_LIBS)

$(FUZZ_B)/fuzz_%: fuzz/fuzz_%.c fuzz/common.h tests/replay.h $(FUZZ_B)/libpeerlint.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_B)/libpeerlint.a $(PKG_LIBS)

fuzz-build: $(FUZZ_BINS)

# Runs every target for $(FUZZ_SECONDS) on a scratch copy of its seed
# corpus (fuzz/corpus/T is never written), after replaying its regressions.
fuzz: fuzz-build
	@FUZZ_B=$(FUZZ_B) bash fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-smoke: fuzz-build
	@FUZZ_B=$(FUZZ_B) bash fuzz/run.sh 20 $(FUZZ_TARGETS)

.PHONY: fuzz fuzz-smoke fuzz-build

$(FUZZ_B)/cli/%.o: src/cli/%.c $(wildcard src/cli/*.h) include/peerlint.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@
