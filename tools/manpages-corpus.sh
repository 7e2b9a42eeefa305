#!/usr/bin/env bash
# Builds a plain-text corpus in another language from the manual pages installed on this machine
# (Debian ships translated pages under /usr/share/man/LANG), for trying configs/text/char-lm.yaml
# on text that is not English: every page of the language rendered to UTF-8 text by groff, in file
# name order, indentation and trailing blanks removed, runs of spaces squeezed, cut at a line end
# after about BYTES bytes.
#
#   tools/manpages-corpus.sh de 1000000 > /tmp/de-manpages.txt
#   bin/recur train configs/text/char-lm.yaml --set data.path=/tmp/de-manpages.txt
set -euo pipefail
lang=${1:?usage: tools/manpages-corpus.sh LANG [BYTES] > corpus.txt}
bytes=${2:-1000000}
dir=/usr/share/man/$lang
[ -d "$dir" ] || { echo "no manual pages for '$lang' under $dir" >&2; exit 2; }
command -v groff >/dev/null || { echo "groff is needed (apt-get install groff)" >&2; exit 2; }
find "$dir" -name '*.gz' -path '*/man[0-9]*/*' | LC_ALL=C sort | while read -r page; do
  zcat "$page" | groff -k -Tutf8 -mandoc -rHY=0 -rLL=78n -P-cbou 2>/dev/null | col -bx
done | sed -E 's/^ +//; s/ +$//; s/([^ ])  +/\1 /g' | cat -s | python3 -c "
import sys
text = sys.stdin.buffer.read()[:$bytes].decode('utf-8', 'ignore')
sys.stdout.write(text[:text.rfind('\n') + 1])
"
