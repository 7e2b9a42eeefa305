#!/usr/bin/env bash
# Builds a plain-text corpus in another language from Debian's fortune-cookie collections
# (quotations, proverbs, poems, anecdotes: apt-get install fortunes-de, fortunes-ru, fortunes-it,
# fortunes-es, …), for trying configs/text/char-lm.yaml on text that is not English: every
# collection of the language in file name order (ASCII-art collections left out), the '%' lines
# between fortunes kept as they are, cut at a line end after about BYTES bytes.
#
#   apt-get install fortunes-de && tools/fortunes-corpus.sh de 1000000 > /tmp/de-fortunes.txt
#   bin/recur train configs/text/char-lm.yaml --set data.path=/tmp/de-fortunes.txt
set -euo pipefail
lang=${1:?usage: tools/fortunes-corpus.sh LANG [BYTES] > corpus.txt}
bytes=${2:-1000000}
dir=/usr/share/games/fortunes/$lang
[ -d "$dir" ] || { echo "no fortunes for '$lang' under $dir (apt-get install fortunes-$lang)" >&2; exit 2; }
find "$dir" -maxdepth 1 -type f ! -name '*.dat' ! -name '*.u8' ! -name '*ascii*' | LC_ALL=C sort \
  | xargs cat | python3 -c "
import sys
text = sys.stdin.buffer.read()[:$bytes].decode('utf-8', 'ignore')
sys.stdout.write(text[:text.rfind('\n') + 1])
"
