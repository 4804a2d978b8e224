# luoshi — the README's commands. `make run` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
VENDOR := luoshi/core/static/vendor
HOST   ?= 127.0.0.1:8000

.PHONY: run test setup system-deps browser-deps vendor messages lint format bench load clean

run: setup
	$(BIN)/luoshi migrate --noinput
	$(BIN)/luoshi load-demo --if-empty
	$(BIN)/luoshi runserver $(HOST)

test: setup browser-deps
	$(BIN)/pytest $(PYTEST_ARGS)

setup: system-deps $(VENV)/.installed $(VENDOR)/.installed messages

# gettext compiles the translation catalogs; install it from Debian when missing and we are root.
system-deps:
	@command -v msgfmt >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; } || { echo "install gettext (msgfmt)"; exit 1; }

# Browser tests drive Debian's chromium; never a downloaded browser. The official documents
# and workbooks are rendered to PDF by LibreOffice (Writer and Calc, without its GUI) and read
# back with poppler's tools.
browser-deps:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "noto.*cjk"; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	  else echo "browser tests need: apt-get install chromium fonts-noto-cjk"; fi; fi
	@if ! command -v pdftoppm >/dev/null 2>&1 || ! dpkg-query -W -f='$${Status}' libreoffice-writer-nogui libreoffice-calc-nogui 2>/dev/null | grep -q "ok installed.*ok installed"; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils >/dev/null; \
	  else echo "document tests need: apt-get install libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils"; fi; fi

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

# Front-end libraries come from the npm registry and are served from our own static files,
# with the source maps they name (the production manifest storage refuses a missing one).
$(VENDOR)/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/
	cp node_modules/echarts/dist/echarts.min.js $(VENDOR)/
	cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.min.css.map $(VENDOR)/
	cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map $(VENDOR)/
	mkdir -p $(VENDOR)/fullcalendar
	cp node_modules/fullcalendar/index.global.min.js $(VENDOR)/fullcalendar/
	cp node_modules/@fullcalendar/core/locales/zh-cn.global.min.js $(VENDOR)/fullcalendar/
	mkdir -p $(VENDOR)/swagger-ui
	cp node_modules/swagger-ui-dist/swagger-ui-bundle.js node_modules/swagger-ui-dist/swagger-ui-bundle.js.map \
	   node_modules/swagger-ui-dist/swagger-ui.css node_modules/swagger-ui-dist/swagger-ui.css.map $(VENDOR)/swagger-ui/
	touch $@

messages: $(VENV)/.installed
	@cd luoshi && ../$(BIN)/django-admin compilemessages --ignore=node_modules -v 0 --settings=luoshi.config.settings --pythonpath=..

lint: setup
	$(BIN)/ruff check luoshi tests bench
	$(BIN)/ruff format --check luoshi tests bench

format: setup
	$(BIN)/ruff format luoshi tests bench
	$(BIN)/ruff check --fix luoshi tests bench

bench: setup
	$(BIN)/python -m bench $(BENCH_ARGS)

load: setup
	$(BIN)/python -m bench.load $(LOAD_ARGS)

clean:
	rm -rf $(VENV) node_modules $(VENDOR) var/*.sqlite3*
