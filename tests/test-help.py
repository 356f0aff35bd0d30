#!/usr/bin/python3
"""`kabinet --help`, `kabinet --version` and `kabinet-server --help` in Russian (TAP).

Run with LANGUAGE=ru and the build's catalogues (KABINET_LOCALEDIR), as a
Russian session runs them: every option the programs describe is described
in Russian, as the catalogue translates it, and its English text is gone;
`kabinet --version` prints the application's Russian name and the version
and exits 0.

Arguments: the kabinet binary, the kabinet-server binary, the version.
"""
import gettext
import os
import subprocess
import sys

kabinet, server, version = sys.argv[1:4]
catalogue = gettext.translation('kabinet', os.environ['KABINET_LOCALEDIR'], languages=['ru'])

# The option descriptions (and argument names) each command shows.
HELP = {
    (kabinet, '--help'): [
        'Start the built-in demo server and sign in to it',
        'Show the version and exit',
    ],
    (server, '--help'): [
        '— the Kabinet reference server',
        'Port on 127.0.0.1 (0: a free one)',
        'Database file (default: a temporary one, removed at exit)',
        'Data for a new database: demo, large or none',
        'Enables the operator endpoints',
        'Answer new questions after SECONDS',
        'Print every METHOD /path served, and exit',
        'PORT', 'FILE', 'SEED', 'TOKEN', 'SECONDS',
    ],
    (server, 'answer', '--help'): [
        'QUESTION_ID TEXT — answer a question as the operator',
        'The server’s database',
        'Who answers (default: Оператор)',
        'FILE', 'NAME',
    ],
}

results = []


def run(*command):
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=60)


for command, msgids in HELP.items():
    done = run(*command)
    name = ' '.join([os.path.basename(command[0])] + list(command[1:]))
    problems = []
    if done.returncode != 0:
        problems.append(f'exit status {done.returncode}: {done.stderr.strip()}')
    for msgid in msgids:
        russian = catalogue.gettext(msgid)
        if russian == msgid:
            problems.append(f'“{msgid}” has no Russian translation')
        elif russian not in done.stdout:
            problems.append(f'“{russian}” is not shown')
        # An argument name such as FILE may stand inside a translated
        # sentence of the summary; a description must not stay English.
        if ' ' in msgid and msgid in done.stdout:
            problems.append(f'“{msgid}” is shown in English')
    results.append((f'{name} in Russian', problems, done.stdout))

done = run(kabinet, '--version')
expected = f'{catalogue.gettext("Kabinet")} {version}\n'
problems = []
if done.returncode != 0:
    problems.append(f'exit status {done.returncode}: {done.stderr.strip()}')
if done.stdout != expected:
    problems.append(f'printed {done.stdout!r}, not {expected!r}')
if catalogue.gettext('Kabinet') == 'Kabinet':
    problems.append('the application name has no Russian translation')
results.append(('kabinet --version in Russian', problems, done.stdout))

print(f'1..{len(results)}')
for number, (name, problems, output) in enumerate(results, 1):
    print(f'{"not ok" if problems else "ok"} {number} {name}')
    for problem in problems:
        print(f'# {problem}')
    if problems:
        for line in output.splitlines():
            print(f'#   | {line}')
