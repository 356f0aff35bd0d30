#!/usr/bin/python3
"""Every source file with translatable strings is listed in po/POTFILES (TAP).

A file that is not listed has its strings left out of the catalogue: they
would show in English in a Russian session, and the next update of the
catalogues would drop their translations.
"""
import os
import re
import subprocess
import sys

root = sys.argv[1]
MARK = re.compile(r'(?<![A-Za-z0-9_])(_|N_|C_|NC_|ngettext|g_dngettext|g_dpgettext2) ?\(')

listed = set()
with open(os.path.join(root, 'po', 'POTFILES'), encoding='utf-8') as potfiles:
    for line in potfiles:
        line = line.strip()
        if line and not line.startswith('#'):
            listed.add(line)

files = subprocess.run(['git', '-C', root, 'ls-files', 'src', 'data'], capture_output=True,
                       text=True, check=False).stdout.split()
if not files:
    for top in ('src', 'data'):
        for folder, _dirs, names in os.walk(os.path.join(root, top)):
            files += [os.path.relpath(os.path.join(folder, n), root) for n in names]

missing = []
for path in sorted(files):
    if not path.endswith(('.c', '.ui')):
        continue
    with open(os.path.join(root, path), encoding='utf-8') as source:
        text = source.read()
    if (MARK.search(text) or 'translatable="yes"' in text) and path not in listed:
        missing.append(path)

gone = [path for path in sorted(listed) if not os.path.exists(os.path.join(root, path))]

print('1..2')
print(('ok' if not missing else 'not ok') + ' 1 - every file with translatable strings is in po/POTFILES')
for path in missing:
    print('# not listed: ' + path)
print(('ok' if not gone else 'not ok') + ' 2 - every file in po/POTFILES exists')
for path in gone:
    print('# missing file: ' + path)
sys.exit(1 if missing or gone else 0)
