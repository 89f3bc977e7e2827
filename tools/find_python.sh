#!/usr/bin/env bash
# Print the path of a Python 3.10 interpreter (Rasa 3.6 supports 3.8-3.10; we pin 3.10).
# Order: $PYTHON, python3.10 / python3 on PATH, pyenv's installed versions, common prefixes.
set -u
want="3.10"

is_wanted() {
    local candidate="$1"
    [ -n "$candidate" ] || return 1
    local version
    version="$("$candidate" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)" || return 1
    [ "$version" = "$want" ]
}

candidates=()
[ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
for name in python3.10 python3 python; do
    path="$(command -v "$name" 2>/dev/null)" && candidates+=("$path")
done
pyenv_root="${PYENV_ROOT:-}"
if [ -z "$pyenv_root" ] && command -v pyenv >/dev/null 2>&1; then
    pyenv_root="$(pyenv root 2>/dev/null)"
fi
[ -z "$pyenv_root" ] && pyenv_root="$HOME/.pyenv"
for dir in "$pyenv_root"/versions/3.10*; do
    [ -x "$dir/bin/python" ] && candidates+=("$dir/bin/python")
done
candidates+=(/usr/bin/python3.10 /usr/local/bin/python3.10)

for candidate in "${candidates[@]}"; do
    if is_wanted "$candidate"; then
        echo "$candidate"
        exit 0
    fi
done

cat >&2 <<MSG
ERROR: no Python $want interpreter found.
Rasa Open Source 3.6 runs on Python 3.8-3.10 only and this project is pinned to Python $want.
Looked at: \$PYTHON, python3.10/python3/python on PATH, $pyenv_root/versions/3.10.*, /usr/bin/python3.10.
Install one (e.g. 'pyenv install 3.10' or 'apt-get install python3.10 python3.10-venv'),
or point PYTHON at it: make run PYTHON=/path/to/python3.10
MSG
exit 1
