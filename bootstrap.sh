#!/usr/bin/env bash
# Installs the Debian packages kpiflow needs to build, test and benchmark,
# and only those that are missing, so a second run costs a few seconds.
# Usage: ./bootstrap.sh [--fuzz] [--bench]
set -euo pipefail

packages=(
  # build
  g++ cmake make pkg-config
  # libraries (developers' guide: chosen dependencies)
  libzip-dev libexpat1-dev libxlsxwriter-dev libyaml-cpp-dev
  libboost-program-options-dev doctest-dev libsqlite3-dev libfmt-dev
  libssl-dev  # SHA-256 of each return, for the history store
  nlohmann-json3-dev  # the JSON issue list (validate --json)
  libgmime-3.0-dev  # returns that arrive inside saved e-mails (.eml), and chase drafts
  libpq-dev   # a team's shared store on PostgreSQL (--db postgresql://...)
  # test oracles: what we write and read is checked with openpyxl
  python3 python3-openpyxl python3-yaml
  libreoffice-calc-nogui  # LibreOffice must open the workbooks we write, and makes export --pdf's PDF
  poppler-utils  # the tests read that PDF back (pdfinfo, pdftotext)
  chromium  # export --html's report is opened in a real browser, headless, by the tests
  tidy      # and checked by an HTML validator
  postgresql  # the store tests start their own server (initdb, pg_ctl) to run on PostgreSQL too
)
for arg in "$@"; do
  case "$arg" in
    --fuzz)  packages+=(clang libclang-rt-14-dev) ;;
    --bench) packages+=(hyperfine time python3-openpyxl xlsx2csv) ;;
    *) echo "bootstrap.sh: unknown option '$arg' (use --fuzz or --bench)" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then sudo=(sudo); fi
echo "bootstrap.sh: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
