#!/usr/bin/env bash
# Refreshes the English translation from the Italian source texts.
#   packaging/translations.sh update    re-extract tr()/translate() texts into the .ts
#   packaging/translations.sh release   compile the .ts into the .qm the wall loads
#   packaging/translations.sh           both
# New texts arrive in the .ts marked "unfinished" with no translation: fill
# them in (Qt Linguist: .venv/bin/pyside6-linguist, or any editor), then
# release. tests/unit/ui/test_translation.py fails while one is empty or the
# .qm is older than the .ts.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
bin="$here/.venv/bin"
ts=resources/translations/occhio_en.ts
qm=resources/translations/occhio_en.qm

update() {
  # No line numbers in the .ts: they would change on every edit of the code.
  "$bin/pyside6-lupdate" app/ui/*.py app/application.py -no-obsolete \
    -locations none -source-language it -target-language en -ts "$ts"
}

release() {
  "$bin/pyside6-lrelease" "$ts" -qm "$qm"
}

case "${1:-all}" in
  update) update ;;
  release) release ;;
  all) update; release ;;
  *) echo "usage: $0 [update|release]" >&2; exit 2 ;;
esac
