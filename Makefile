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

$(BIN): $(CLI_OBJ) $(B)/libpeerlint.a
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(B)/libpeerlint.a $(PKG_LIBS)

$(B)/tests/%: tests/%.c tests/testutil.h $(B)/libpeerlint.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -Isrc/lib -o $@ $< $(B)/libpeerlint.a $(PKG_LIBS) -lcmocka -lpthread

test: all $(TEST_BIN)
	@PEERLINT_BIN=./$(BIN) bash tests/run.sh $(TEST_BIN)

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
