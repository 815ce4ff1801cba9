# Berth: build, install, run and test. Run as root on Debian 12.
#   make run      install dependencies, build, install, start berthd, create busybox:latest
#   make test     install dependencies, build (Debug) and run every test
#   make test-compat-dockerd  the compatibility tests against a private real dockerd (reference run)
#   make install  build (Release) and install the binaries only
#   make clean    remove build outputs (installed files and images stay)

PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
LIBDIR     ?= $(PREFIX)/lib/berth
RID        ?= linux-x64
CONFIG     ?= Release
TEST_CONFIG ?= Debug
OUT        ?= out
# true (default): publish berthd with Native AOT (≈40 MB RSS instead of ≈110 MB JIT); false: framework-dependent.
DAEMON_AOT ?= true

BERTH  := $(BINDIR)/berth
SHELL  := /bin/bash
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE := 1

# Any source or build-settings change republishes; nothing else does.
BUILD_INPUTS := Directory.Build.props Directory.Packages.props nuget.config Berth.slnx \
	$(shell find src -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.json' -o -name '*.props' -o -name '*.targets' \) \
		-not -path '*/bin/*' -not -path '*/obj/*' 2>/dev/null)

ifeq ($(DAEMON_AOT),true)
DAEMON_PUBLISH_FLAGS := -p:PublishAot=true
else
DAEMON_PUBLISH_FLAGS := -p:PublishAot=false --self-contained false
endif

.PHONY: all run test test-compat-dockerd test-deps install uninstall deps build publish start-daemon busybox-image clean FORCE

all: publish

deps:
	@scripts/install-deps.sh

# ---- build -------------------------------------------------------------------------------

publish: $(OUT)/cli/berth $(OUT)/daemon/berthd

$(OUT)/cli/berth: $(BUILD_INPUTS) | deps
	rm -rf $(OUT)/cli
	dotnet publish src/Berth.Cli -c $(CONFIG) -r $(RID) -o $(OUT)/cli
	touch $@

# Remembers the DAEMON_AOT value, so switching it republishes the daemon.
$(OUT)/.daemon-aot: FORCE
	@mkdir -p $(OUT)
	@echo "$(DAEMON_AOT)" | cmp -s - $@ || echo "$(DAEMON_AOT)" > $@

$(OUT)/daemon/berthd: $(BUILD_INPUTS) $(OUT)/.daemon-aot | deps
	rm -rf $(OUT)/daemon
	dotnet publish src/Berth.Daemon -c $(CONFIG) -r $(RID) $(DAEMON_PUBLISH_FLAGS) -o $(OUT)/daemon
	touch $@

# Debug build of the whole solution, used by the tests (no AOT: CI time).
build: deps
	dotnet build Berth.slnx -c $(TEST_CONFIG)

# ---- install -----------------------------------------------------------------------------

install: $(BINDIR)/berth $(BINDIR)/berthd

$(BINDIR)/berth: $(OUT)/cli/berth
	install -D -m 0755 $< $@

$(LIBDIR)/berthd: $(OUT)/daemon/berthd
	rm -rf $(LIBDIR).new
	mkdir -p $(dir $(LIBDIR))
	cp -a $(OUT)/daemon $(LIBDIR).new
	rm -f $(LIBDIR).new/*.pdb $(LIBDIR).new/*.dbg
	rm -rf $(LIBDIR)
	mv $(LIBDIR).new $(LIBDIR)
	touch $@

$(BINDIR)/berthd: $(LIBDIR)/berthd
	mkdir -p $(BINDIR)
	ln -sfn $(LIBDIR)/berthd $@

uninstall:
	rm -f $(BINDIR)/berth $(BINDIR)/berthd
	rm -rf $(LIBDIR)

# ---- run ---------------------------------------------------------------------------------

start-daemon: install
	BERTHD=$(BINDIR)/berthd scripts/start-daemon.sh

busybox-image: start-daemon
	BERTH=$(BERTH) scripts/ensure-busybox-image.sh

run: busybox-image
	$(BERTH) images
	$(BERTH) run --rm busybox echo hello

# ---- test --------------------------------------------------------------------------------

test-deps:
	@scripts/install-deps.sh --test

test: test-deps build
	CONFIG=$(TEST_CONFIG) RESULTS=$(OUT)/test-results scripts/run-tests.sh

# The Category=Compatibility tests against Debian's dockerd 20.10 instead of berthd: proves their
# expectations are Docker's. A separate run (dockerd adds host iptables chains), one dockerd at a time.
test-compat-dockerd: test-deps
	dotnet build tests/Berth.Integration.Tests -c $(TEST_CONFIG)
	BERTH_TEST_ENGINE=dockerd dotnet test tests/Berth.Integration.Tests --no-build -c $(TEST_CONFIG) \
		--filter "Category=Compatibility" --logger "console;verbosity=normal" \
		--logger trx --results-directory $(OUT)/test-results-dockerd --blame-hang-timeout 10m \
		-- xUnit.ParallelizeTestCollections=false

FORCE:

clean:
	rm -rf $(OUT) .testdata
	find src tests -type d \( -name bin -o -name obj \) -prune -exec rm -rf {} +
