#!/usr/bin/python3
"""Every control a user can reach has an accessible name (AT-SPI, as Orca sees it).

Starts the real kabinet binary twice under the test's own D-Bus session and
display: on the sign-in page, and signed in to the demo server (--demo). TAP.
"""
import os
import re
import subprocess
import sys
import time

import pyatspi

CONTROLS = {'push button', 'toggle button', 'check box', 'text', 'entry', 'password text',
            'spin button', 'list item', 'list box', 'menu item', 'combo box', 'switch',
            'link', 'slider', 'table cell', 'tree item', 'radio button'}


def controls(node, found):
    for i in range(node.childCount):
        child = node.getChildAtIndex(i)
        if child is None:
            continue
        try:
            if not child.getState().contains(pyatspi.STATE_VISIBLE):
                continue
            if child.getRoleName() in CONTROLS:
                found.append(child)
        except Exception:
            continue
        controls(child, found)
    return found


def process_id(app):
    try:
        return app.get_process_id()
    except Exception:
        return None


def app_node(timeout, pid):
    # The previous run's application may linger on the registry for a moment
    # after it ended, with no controls: only this run's process counts.
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for app in pyatspi.Registry.getDesktop(0):
            if (app is not None and app.name == 'kabinet' and app.childCount > 0 and
                    process_id(app) in (pid, None)):
                return app
        time.sleep(0.2)
    return None


def check(number, label, args, settle, env=None):
    proc = subprocess.Popen([os.environ['KABINET_BINARY']] + args, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        app = app_node(20, proc.pid)
        if app is None:
            print(f'not ok {number} {label}: the application never appeared on AT-SPI')
            return False
        time.sleep(settle)
        found = controls(app, [])
        # GTK 4.8 names a control without a name after its child's type
        # ("GtkImage"): that is no name for a listener either.
        unnamed = [f'{c.getRoleName()} “{c.name}” in “{c.parent.name if c.parent else ""}”'
                   for c in found if not c.name or re.fullmatch(r'Gtk[A-Z][A-Za-z]*', c.name)]
        print(f'# {label}: {len(found)} controls')
        if not found or unnamed:
            for u in unnamed:
                print(f'# unnamed: {u}')
            print(f'not ok {number} {label}')
            return False
        print(f'ok {number} {label}')
        return True
    finally:
        proc.terminate()
        proc.wait(10)


# Sections whose page the demo opens on, through the last-section key of a
# settings file in the test's own HOME.
SECTIONS = ['payments', 'invoices', 'installments', 'rename', 'service-actions']


def section_env(section):
    env = dict(os.environ, GSETTINGS_BACKEND='keyfile')
    subprocess.run(['gsettings', 'set', 'io.github.kabinet.Kabinet', 'last-section', section],
                   env=env, check=True)
    return env


def main():
    print(f'1..{2 + len(SECTIONS)}')
    ok = check(1, '/a11y/sign-in-page', [], 2)
    ok = check(2, '/a11y/cabinet', ['--demo'], 5) and ok
    for i, section in enumerate(SECTIONS):
        ok = check(3 + i, f'/a11y/{section}', ['--demo'], 5, section_env(section)) and ok
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
