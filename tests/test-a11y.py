#!/usr/bin/python3
"""Every control a user can reach has a proper accessible name (AT-SPI, as Orca sees it).

Starts the real kabinet binary under the test's own D-Bus session and display:
on the sign-in page, then signed in to the demo server (--demo) once per
section of the sidebar, and from there opens the sub-views a user reaches:
Feedback's thread, history and Ask form, Rename's tabs, Service Actions'
history. In each view every control shown must have a name, without a
mnemonic's underscore, that is not the name of a widget type nor says the
same words twice. Runs in the
language of LANGUAGE (meson runs it in Russian and in English). TAP.
"""
import os
import re
import subprocess
import sys
import time

import pyatspi

CONTROLS = {'push button', 'toggle button', 'check box', 'text', 'entry', 'password text',
            'spin button', 'list item', 'list box', 'menu item', 'combo box', 'switch',
            'link', 'slider', 'table cell', 'tree item', 'radio button', 'page tab'}

# GTK 4.8 names a control without a name after its type ("GtkToggleButton").
GTYPE_NAME = re.compile(r'(Gtk|Adw|Kb)[A-Z]\w+')

RUSSIAN = os.environ.get('LANGUAGE', '').startswith('ru')


def tr(english, russian):
    return russian if RUSSIAN else english


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


def problem(control):
    name = control.name
    if not name:
        return 'no name'
    if '_' in name:
        return 'an underscore'
    if GTYPE_NAME.fullmatch(name):
        return 'a type name'
    # A label set by hand on top of the one GTK finds: "Войти Войти".
    half = len(name) // 2
    if len(name) % 2 == 1 and name[half] == ' ' and name[:half] == name[half + 1:]:
        return 'the same words twice'
    return None


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


def find_control(app, role, name):
    for control in controls(app, []):
        try:
            if control.getRoleName() in role.split('|') and control.name == name:
                return control
        except Exception:
            continue
    return None


def shows_text(node, text):
    for i in range(node.childCount):
        child = node.getChildAtIndex(i)
        if child is None:
            continue
        try:
            # GTK 4.8 reports no "showing" state below the window; a label
            # is "visible" only while it has something to say.
            if child.name == text and child.getState().contains(pyatspi.STATE_VISIBLE):
                return True
        except Exception:
            continue
        if shows_text(child, text):
            return True
    return False


def back_from_missing_question(app):
    """The thread of a question that is not there ended in its error."""
    text = tr('The question was not found.', 'Вопрос не найден.')
    deadline = time.monotonic() + 10
    while not shows_text(app, text):
        if time.monotonic() > deadline:
            raise LookupError('the thread does not say the question was not found')
        time.sleep(0.5)
    click(app, 'push button', tr('Back to Request History', 'Назад к истории обращений'))


def click(app, role, name):
    """Clicks a control through AT-SPI, as a screen reader user would."""
    control = find_control(app, role, name)
    if control is None:
        raise LookupError(f'no {role} “{name}”')
    action = control.queryAction()
    for i in range(action.nActions):
        if action.getName(i) in ('click', 'toggle', 'activate'):
            action.doAction(i)
            return
    raise LookupError(f'{role} “{name}” cannot be clicked')


def open_question(question_id):
    """What a notification's action does: the app.open-question action, over D-Bus."""
    app_id = os.environ.get('KABINET_APP_ID', 'io.github.kabinet.Kabinet')
    subprocess.run(['gdbus', 'call', '--session', '--dest', app_id,
                    '--object-path', '/' + app_id.replace('.', '/'),
                    '--method', 'org.gtk.Actions.Activate', 'open-question',
                    f"[<'{question_id}'>]", '{}'],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


class Run:
    def __init__(self):
        self.number = 0
        self.ok = True
        self.walked = 0

    def check_view(self, app, label):
        self.number += 1
        found = controls(app, [])
        self.walked += len(found)
        bad = []
        for c in found:
            try:
                why = problem(c)
                if why:
                    parent = c.parent.name if c.parent else ''
                    bad.append(f'{c.getRoleName()} “{c.name}” in “{parent}”: {why}')
            except Exception:
                continue
        print(f'# {label}: {len(found)} controls')
        if not found or bad:
            for b in sorted(set(bad)):
                print(f'# {bad.count(b)} × {b}')
            print(f'not ok {self.number} {label}')
            self.ok = False
        else:
            print(f'ok {self.number} {label}')

    def fail(self, label, why):
        self.number += 1
        print(f'not ok {self.number} {label}: {why}')
        self.ok = False

    def check_running(self, proc, app, label):
        """Walks the view, or says how the application ended if it is gone."""
        try:
            self.check_view(app, label)
        except Exception as e:
            try:
                status = proc.wait(5)
            except subprocess.TimeoutExpired:
                status = None
            if status is None:
                self.fail(label, f'the application left AT-SPI but still runs: {e}')
            elif status < 0:
                self.fail(label, f'the application was killed by signal {-status}')
            else:
                self.fail(label, f'the application ended (status {status})')
            return False
        return True

    def launch(self, label, args, settle, env=None, steps=()):
        """Walks the first view, then each of @steps: (label, action, settle)."""
        # Its messages go to the test's stderr, out of the TAP stream.
        proc = subprocess.Popen([os.environ['KABINET_BINARY']] + args, env=env,
                                stdout=subprocess.DEVNULL)
        try:
            app = app_node(20, proc.pid)
            if app is None:
                self.fail(label, 'the application never appeared on AT-SPI')
                return
            time.sleep(settle)
            if not self.check_running(proc, app, label):
                return
            for step_label, action, step_settle in steps:
                if proc.poll() is not None:
                    self.fail(step_label, f'the application ended (status {proc.returncode})')
                    continue
                try:
                    action(app)
                except Exception as e:
                    self.fail(step_label, e)
                    continue
                time.sleep(step_settle)
                if not self.check_running(proc, app, step_label):
                    return
        finally:
            if proc.poll() is None:
                # SIGTERM is how a session ends the app: it must quit as
                # Quit does, leaving no demo database behind.
                proc.terminate()
                try:
                    status = proc.wait(10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    status = proc.wait(10)
                if status != 0:
                    self.fail(label + ', SIGTERM', f'the application did not quit cleanly (status {status})')


# Every section of the sidebar but Log Out, which is no page. The demo opens
# on the last section, read from a settings file in the test's own HOME.
SECTIONS = ['personal-information', 'payments', 'invoices', 'installments', 'subscribers',
            'feedback', 'rename', 'service-actions']


def section_env(section):
    env = dict(os.environ, GSETTINGS_BACKEND='keyfile')
    subprocess.run(['gsettings', 'set', 'io.github.kabinet.Kabinet', 'last-section', section],
                   env=env, check=True)
    return env


# A view switcher's button (AdwViewSwitcher, GtkStackSwitcher).
TAB = 'page tab|toggle button|radio button'


def sub_views(section):
    if section == 'feedback':
        return [
            # A question that is not there: the thread says so, with its
            # Back button; that leads to the history, whose first row opens.
            ('/a11y/feedback/thread-error', lambda app: open_question('0'), 3),
            ('/a11y/feedback/history', back_from_missing_question, 3),
            ('/a11y/feedback/thread',
             lambda app: click(app, 'push button', tr('View', 'Просмотр')), 3),
            ('/a11y/feedback/history-again',
             lambda app: click(app, 'push button', tr('Back to Request History',
                                                      'Назад к истории обращений')), 2),
            ('/a11y/feedback/ask',
             lambda app: click(app, 'push button', tr('Ask a Question', 'Задать вопрос')), 2),
        ]
    if section == 'rename':
        return [
            ('/a11y/rename/list', lambda app: click(app, TAB, tr('From a List', 'По списку')), 2),
            ('/a11y/rename/history', lambda app: click(app, TAB, tr('History', 'История')), 2),
        ]
    if section == 'service-actions':
        return [
            ('/a11y/service-actions/history',
             lambda app: click(app, TAB, tr('Order History', 'История заявок')), 3),
        ]
    return []


def main():
    run = Run()
    run.launch('/a11y/sign-in-page', [], 2)
    for section in SECTIONS:
        run.launch(f'/a11y/{section}', ['--demo'], 5, section_env(section), sub_views(section))
    print(f'# {run.walked} controls walked in all')
    print(f'1..{run.number}')
    return 0 if run.ok else 1


if __name__ == '__main__':
    sys.exit(main())
