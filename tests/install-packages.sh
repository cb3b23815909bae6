# Sourced by run.sh and test.sh: the Debian packages Twinscope needs, and
# install_missing, which installs those not there yet (through sudo when
# not root) and says nothing when all are.

BUILD_PACKAGES=(
  meson ninja-build pkg-config gcc
  libglib2.0-dev libgtk-4-dev libadwaita-1-dev libcairo2-dev
  libcjson-dev libpaho-mqtt-dev libsoup-3.0-dev
  desktop-file-utils appstream gettext
)

# What the window runs: the built-in MQTT broker is a private mosquitto
# when none answers on 127.0.0.1:1883.
RUN_PACKAGES=(
  mosquitto
)

TEST_PACKAGES=(
  xvfb xauth xdotool
  mosquitto mosquitto-clients openssl
  flatpak-builder
  python3 python3-jsonschema prometheus wrk
  clang libclang-rt-14-dev
  locales iproute2
)

install_missing() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' \
      || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0

  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  echo "Installing: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq >/dev/null
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# The French locale the translation tests run under: C.UTF-8 with
# LANGUAGE=fr translates, but only fr_FR's LC_NUMERIC has a decimal comma.
generate_test_locale() {
  locale -a 2>/dev/null | grep -qi '^fr_FR\.utf-\?8$' && return 0
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  echo "Generating the fr_FR.UTF-8 locale" >&2
  "${sudo[@]}" sed -i 's/^# *\(fr_FR\.UTF-8 UTF-8\)/\1/' /etc/locale.gen
  "${sudo[@]}" locale-gen >/dev/null
}

# The npm tools the tests run (tests/package.json: an OpenAPI validator,
# an MCAP reader, and the tutorial's MQTT client with its TypeScript compiler),
# into tests/node_modules; quiet, and nothing to do when they are there.
# They go on PATH, where the tests look for them from any build directory.
install_npm_tools() {
  command -v npm >/dev/null || install_missing nodejs npm
  if [ ! -x tests/node_modules/.bin/swagger-cli ] || [ ! -x tests/node_modules/.bin/tsc ] ||
     [ tests/package-lock.json -nt tests/node_modules/.package-lock.json ]; then
    npm ci --prefix tests --no-audit --no-fund --silent >/dev/null
  fi
  export PATH="$PWD/tests/node_modules/.bin:$PATH"
}

# Configures the build directory once; ninja reconfigures it by itself
# when a meson.build changes.
build_twinscope() {
  if [ ! -f build/build.ninja ]; then
    meson setup build --buildtype=debugoptimized -Dwerror=true >/dev/null
  fi
  ninja -C build >/dev/null
}
