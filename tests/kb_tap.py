"""kb_tap.py — the TAP report of the Python tests in the data suite.

Each check is (passed, name, detail): one `ok`/`not ok` line each, and the
detail of a failed check as comments under it, so that meson's log says what
to fix.
"""


def report(results):
    """Prints @results as TAP and returns the exit status: 0 when all passed."""
    print(f"1..{len(results)}")
    for number, (passed, name, detail) in enumerate(results, 1):
        print(f"{'ok' if passed else 'not ok'} {number} - {name}")
        if not passed:
            for line in detail or ["(nothing found)"]:
                print(f"# {line}")
    return 0 if all(passed for passed, _name, _detail in results) else 1
