#!/usr/bin/env bash
# Builds the release binary and puts `sluice` on PATH, with its shell completions. Idempotent:
# an installed binary that is already the built one is left alone.
#
#   scripts/install.sh [--prefix DIR] [--binary FILE]
#
# DIR defaults to /usr/local as root, ~/.local otherwise. --binary installs FILE, a sluice built
# already, instead of building one.
#
# Installs DIR/bin/sluice and the completions for bash
# (DIR/share/bash-completion/completions/sluice), zsh (DIR/share/zsh/site-functions/_sluice) and
# fish (DIR/share/fish/vendor_completions.d/sluice.fish). Prints the installed binary's path on
# standard output, everything else on standard error.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"

prefix=""
built=""
while (($#)); do
    case "$1" in
    --prefix) prefix="${2:?--prefix takes a directory}"; shift 2 ;;
    --prefix=*) prefix="${1#--prefix=}"; shift ;;
    --binary) built="${2:?--binary takes a file}"; shift 2 ;;
    -h | --help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install: unknown argument '$1' (usage: scripts/install.sh [--prefix DIR] [--binary FILE])" >&2; exit 2 ;;
    esac
done
if [ -z "$prefix" ]; then
    if [ "$(id -u)" -eq 0 ]; then prefix=/usr/local; else prefix="$HOME/.local"; fi
fi

if [ -z "$built" ]; then
    scripts/bootstrap.sh >&2
    echo "install: building the release binary" >&2
    # The Swift runtime and Foundation linked in (the C libraries stay shared): each process maps
    # and relocates a few MiB less of shared libraries (docs/benchmarks.md, "Resident memory").
    swift build -c release --static-swift-stdlib --product sluice >&2
    built="$(swift build -c release --static-swift-stdlib --show-bin-path)/sluice"
fi

# Copies $1 to $2 with mode $3 unless $2 already holds the same bytes.
place() {
    if ! cmp -s "$1" "$2"; then
        install -D -m "$3" "$1" "$2.new.$$"
        mv -f "$2.new.$$" "$2"
        echo "install: $2" >&2
    fi
}

place "$built" "$prefix/bin/sluice" 0755
completions="$(mktemp -d)"
trap 'rm -rf "$completions"' EXIT
for shell in bash zsh fish; do
    "$prefix/bin/sluice" --generate-completion-script "$shell" > "$completions/$shell"
done
place "$completions/bash" "$prefix/share/bash-completion/completions/sluice" 0644
place "$completions/zsh" "$prefix/share/zsh/site-functions/_sluice" 0644
place "$completions/fish" "$prefix/share/fish/vendor_completions.d/sluice.fish" 0644

case ":$PATH:" in
*":$prefix/bin:"*) ;;
*) echo "install: $prefix/bin is not on PATH; add it: export PATH=\"$prefix/bin:\$PATH\" (in ~/.profile to keep it)" >&2 ;;
esac
echo "$prefix/bin/sluice"
