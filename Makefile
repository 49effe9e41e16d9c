# peerlint: `make` builds the library and ./peerlint; `make test` runs
# every test; `make demo` installs what is needed and checks a sample note.

CC      ?= cc
PREFIX  ?= /usr/local
DESTDIR ?=
DATADIR  = $(PREFIX)/share/peerlint
CFLAGS  ?= -O2 -g
WARN     = -std=c11 -Wall -Wextra -Werror -Wshadow -Wpointer-arith -Wvla \
           -Wformat=2 -Wno-format-nonliteral -Wno-unknown-warning-option -Wno-format-truncation
PKGS     = libpcre2-8 yaml-0.1 hunspell
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lpcre2-8 -lyaml -lhunspell) -lpthread
# The server (src/server/) alone uses libmicrohttpd and jansson.
SRV_PKGS   = libmicrohttpd jansson
SRV_CFLAGS := $(shell pkg-config --cflags $(SRV_PKGS) 2>/dev/null)
SRV_LIBS   := $(shell pkg-config --libs $(SRV_PKGS) 2>/dev/null || echo -lmicrohttpd -ljansson)
CPPFLAGS += -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Iinclude \
            -DPEERLINT_DATADIR=\"$(DATADIR)\"
ALL_CFLAGS = $(WARN) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS)

SONAME   = libpeerlint.so.0
B        = build
BIN      = peerlint
LIB_SRC  = $(sort $(wildcard src/lib/*.c))
LIB_OBJ  = $(LIB_SRC:src/lib/%.c=$(B)/lib/%.o)
CLI_SRC  = $(sort $(wildcard src/cli/*.c))
CLI_OBJ  = $(CLI_SRC:src/cli/%.c=$(B)/cli/%.o)
SRV_SRC  = $(sort $(wildcard src/server/*.c))
SRV_OBJ  = $(SRV_SRC:src/server/%.c=$(B)/server/%.o)
TEST_SH  = $(sort $(wildcard tests/test_*.sh))
TEST_SRC = $(sort $(wildcard tests/test_*.c))
TEST_BIN = $(TEST_SRC:tests/%.c=$(B)/tests/%)

.PHONY: all test demo deps clean install
all: $(BIN) $(B)/libpeerlint.a $(B)/$(SONAME)

$(B)/lib/%.o: src/lib/%.c $(wildcard src/lib/*.h) include/peerlint.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -DPEERLINT_BUILDING -fPIC -fvisibility=hidden -c $< -o $@

$(B)/cli/%.o: src/cli/%.c $(wildcard src/cli/*.h) include/peerlint.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(B)/libpeerlint.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(B)/$(SONAME): $(LIB_OBJ)
	$(CC) -shared -Wl,-soname,$(SONAME) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)
	ln -sf $(SONAME) $(B)/libpeerlint.so

$(B)/server/%.o: src/server/%.c src/server/server.h src/cli/cli.h include/peerlint.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SRV_CFLAGS) -Isrc/cli -c $< -o $@

# Objects embed DATADIR (from PREFIX): rebuild them when it changes, so an
# installed peerlint always finds its installed rules without flags.
$(B)/datadir.stamp: FORCE
	@mkdir -p $(@D); echo '$(DATADIR)' | cmp -s - $@ || echo '$(DATADIR)' > $@
$(LIB_OBJ) $(CLI_OBJ) $(SRV_OBJ): $(B)/datadir.stamp
FORCE:

$(BIN): $(CLI_OBJ) $(SRV_OBJ) $(B)/libpeerlint.a
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(SRV_OBJ) $(B)/libpeerlint.a $(PKG_LIBS) $(SRV_LIBS) -lpthread

$(B)/tests/%: tests/%.c tests/testutil.h tests/replay.h tests/server_util.h \
              $(B)/libpeerlint.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -Isrc/lib -o $@ $< $(B)/libpeerlint.a $(PKG_LIBS) -lcmocka -lpthread

test: all $(TEST_BIN)
	@PEERLINT_BIN=./$(BIN) bash tests/run.sh $(TEST_BIN) $(TEST_SH)

# Installs the Debian packages peerlint needs (as root), builds, and checks
# the bundled sample note.
deps:
	@bash .ci/deps

demo: deps all
	./peerlint check examples/sample-note.txt || test $$? -eq 1

clean:
	rm -rf $(B) peerlint

# The whole suite under AddressSanitizer and UndefinedBehaviorSanitizer,
# in its own build folder so it never mixes with the normal objects.
asan:
	$(MAKE) B=build/asan CC=clang \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  LDFLAGS="-fsanitize=address,undefined" BIN=build/asan/peerlint test

.PHONY: asan

# Benchmarks (bench/README.md): builds the drivers, generates the corpus in
# $(B)/bench and prints figures. Installs nothing; not part of `make test`.
BENCH_BIN = $(B)/bench/gen $(B)/bench/driver $(B)/bench/latency \
            $(B)/bench/rulecost
bench: all $(BENCH_BIN)
	@bash bench/run.sh $(B)/bench ./$(or $(BIN),peerlint) rules

$(B)/bench/gen: bench/gen.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $<

$(B)/bench/%: bench/%.c bench/common.h $(B)/libpeerlint.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -Isrc/lib -o $@ $< $(B)/libpeerlint.a $(PKG_LIBS)

.PHONY: bench

# make install PREFIX=/usr/local DESTDIR=: the command, the header, the
# shared (with its SONAME) and static library, peerlint.pc, the rules, the
# note templates, the man page, and web/ and dictionaries/ when they exist.
VERSION := $(shell sed -n 's/^\#define PEERLINT_VERSION "\(.*\)"/\1/p' include/peerlint.h)
LIBDIR  ?= $(PREFIX)/lib
MANDIR  ?= $(PREFIX)/share/man
INSTALL ?= install
D        = $(DESTDIR)
install: all
	$(INSTALL) -d $(D)$(PREFIX)/bin $(D)$(PREFIX)/include $(D)$(LIBDIR)/pkgconfig \
	  $(D)$(DATADIR)/rules $(D)$(MANDIR)/man1
	$(INSTALL) -m 755 $(BIN) $(D)$(PREFIX)/bin/peerlint
	$(INSTALL) -m 644 include/peerlint.h $(D)$(PREFIX)/include/peerlint.h
	$(INSTALL) -m 644 $(B)/libpeerlint.a $(D)$(LIBDIR)/libpeerlint.a
	$(INSTALL) -m 755 $(B)/$(SONAME) $(D)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(D)$(LIBDIR)/libpeerlint.so
	$(INSTALL) -m 644 rules/*.yaml $(D)$(DATADIR)/rules/
	$(INSTALL) -m 644 man/peerlint.1 $(D)$(MANDIR)/man1/peerlint.1
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' \
	  -e 's|@VERSION@|$(VERSION)|g' -e 's|@REQUIRES@|$(PKGS)|g' \
	  peerlint.pc.in > $(D)$(LIBDIR)/pkgconfig/peerlint.pc
	if [ -d web ]; then cp -R web $(D)$(DATADIR)/; fi
	if [ -d dictionaries ]; then cp -R dictionaries $(D)$(DATADIR)/; fi
	$(INSTALL) -d $(D)$(DATADIR)/templates && $(INSTALL) -m 644 templates/*.yaml $(D)$(DATADIR)/templates/
	$(INSTALL) -d $(D)$(DATADIR)/examples
	$(INSTALL) -m 644 examples/sample-note.txt $(D)$(DATADIR)/examples/

# The many-threads test under ThreadSanitizer, library sources included,
# in its own build folder.
tsan:
	$(MAKE) B=build/tsan CC=clang CFLAGS="-O1 -g -fsanitize=thread" \
	  LDFLAGS="-fsanitize=thread" BIN=build/tsan/peerlint build/tsan/tests/test_threads
	TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" build/tsan/tests/test_threads

# wrk against a running `peerlint serve` on loopback (needs Debian's wrk).
bench-server: all
	bash bench/server.sh

.PHONY: tsan bench-server FORCE

# The command-line tests with every peerlint run under valgrind (leaks
# and memory errors fail the run). PCRE2's JIT code is opaque to valgrind,
# so these runs use the interpreter (same findings).
valgrind: all $(B)/tests/test_cli
	PEERLINT_NO_JIT=1 PEERLINT_BIN="valgrind -q --leak-check=full \
	  --errors-for-leak-kinds=definite,indirect --error-exitcode=99 ./$(BIN)" \
	  $(B)/tests/test_cli

.PHONY: valgrind

# libFuzzer targets: make fuzz (FUZZ_SECONDS each), make fuzz-smoke (CI).
include fuzz/fuzz.mk

# The web page (web/) end to end in Debian's headless Chromium against the
# real `peerlint serve` (installs chromium and playwright-core when missing;
# screenshots in $(B)/web-screenshots).
web-test: all
	bash tests/web/run.sh

.PHONY: web-test
