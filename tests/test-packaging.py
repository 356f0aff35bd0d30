#!/usr/bin/python3
"""test-packaging.py — the Flatpak manifests, metainfo and desktop file tell the truth (TAP).

What a Flathub reviewer checks and no validator does: the manifests are JSON
with the fields Flathub needs, on a GNOME runtime still supported when the
newest release came out, with only the permissions the README explains and no
Secret Service hole (libsecret uses the Secret portal in the sandbox); the
Flathub variant builds the newest release's archive by its checksum; the
metainfo claims 360 px, has dated releases with notes, and screenshots that
exist, in English and Russian, with captions; the desktop file's keywords are
translated.

Usage: test-packaging.py SOURCE_ROOT VERSION METAINFO DESKTOP
"""
import datetime
import json
import os
import re
import struct
import sys
import xml.etree.ElementTree as ET

from kb_tap import report

APP_ID = "io.github.kabinet.Kabinet"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
REQUIRED_FIELDS = ("id", "runtime", "runtime-version", "sdk", "command", "finish-args", "modules")
results = []


def ok(condition, name, detail=()):
    results.append((bool(condition), name, list(detail)))


def gnome_release(version):
    """GNOME 40 came out in March 2021, and one release every six months since."""
    months = 2021 * 12 + 2 + 6 * (version - 40)
    return datetime.date(months // 12, months % 12 + 1, 1)


def supported_on(version, day):
    """A GNOME runtime is supported for about a year after its release."""
    start = gnome_release(version)
    return start <= day < start.replace(year=start.year + 1)


def png_size(path):
    with open(path, "rb") as png:
        header = png.read(24)
    return struct.unpack(">II", header[16:24]) if header[:8] == b"\x89PNG\r\n\x1a\n" else None


def check_manifests(root, version, newest_date):
    with open(os.path.join(root, "README.md"), encoding="utf-8") as readme:
        readme_text = readme.read()
    manifests = {}
    for name in ("flatpak/" + APP_ID + ".json", "flatpak/flathub/" + APP_ID + ".json"):
        try:
            with open(os.path.join(root, name), encoding="utf-8") as source:
                manifests[name] = manifest = json.load(source)
        except (OSError, ValueError) as error:
            ok(False, f"{name} is JSON", [str(error)])
            continue
        missing = [field for field in REQUIRED_FIELDS if field not in manifest]
        ok(not missing and manifest["id"] == APP_ID and manifest["command"] == "kabinet",
           f"{name} has the fields Flathub requires", [f"missing: {missing}"])
        ok(manifest.get("runtime") == "org.gnome.Platform" and manifest.get("sdk") == "org.gnome.Sdk",
           f"{name} builds on the GNOME runtime")
        runtime = str(manifest.get("runtime-version", ""))
        ok(runtime.isdigit() and supported_on(int(runtime), newest_date),
           f"{name}: GNOME {runtime} is supported on {newest_date}, the newest release's date")
        args = manifest.get("finish-args", [])
        ok(not any("org.freedesktop.secrets" in arg for arg in args),
           f"{name} does not open the Secret Service (libsecret uses the portal)")
        unexplained = [arg for arg in args if f"`{arg}`" not in readme_text]
        ok(not unexplained, f"{name}: the README explains every permission", unexplained)
        # --demo runs /app/bin/kabinet-server (src/ui/shell/kb-session-manager-demo.c).
        dropped = [path for path in manifest.get("cleanup", []) if "bin" in path]
        ok(not dropped, f"{name} keeps kabinet-server, which --demo runs", dropped)

    dev = manifests.get("flatpak/" + APP_ID + ".json")
    flathub = manifests.get("flatpak/flathub/" + APP_ID + ".json")
    if dev and flathub:
        module = flathub["modules"][-1]
        sources = module.get("sources", [])
        archive = sources[0] if len(sources) == 1 else {}
        url = f"https://github.com/kabinet/kabinet/releases/download/v{version}/kabinet-{version}.tar.xz"
        ok(archive.get("type") == "archive" and archive.get("url") == url
           and re.fullmatch(r"[0-9a-f]{64}", archive.get("sha256", "")),
           f"the Flathub manifest builds the {version} archive by its sha256", [json.dumps(sources)])
        same = dict(flathub, modules=[dict(m, sources=None) for m in flathub["modules"]])
        same_dev = dict(dev, modules=[dict(m, sources=None) for m in dev["modules"]])
        ok(same == same_dev, "the Flathub manifest differs from the development one in its sources only",
           ["run build-aux/flathub-manifest VERSION ARCHIVE"])


def check_metainfo(root, version, path):
    component = ET.parse(path).getroot()
    requires = [(e.get("compare", "ge"), int(e.text)) for e in component.findall("requires/display_length")]
    recommends = [int(e.text) for e in component.findall("recommends/display_length")]
    ok(requires == [("ge", 360)] and all(length <= 360 for length in recommends),
       "the metainfo claims 360 px and nothing wider", [f"requires {requires}, recommends {recommends}"])

    releases = component.findall("releases/release")
    dates = [release.get("date", "") for release in releases]
    ok(releases and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) for d in dates) and dates == sorted(dates, reverse=True),
       "every release has a date, newest first", dates)
    ok(all(release.find("description") is not None for release in releases), "every release has notes")
    ok(releases and releases[0].get("version") == version,
       f"the newest release is the project's version {version}", [r.get("version") for r in releases])
    ok("later releases" not in ET.tostring(component, encoding="unicode"),
       "the description does not promise sections that are there now")

    shots = component.findall("screenshots/screenshot")
    ok(len(shots) >= 4, "several screenshots", [str(len(shots))])
    for number, shot in enumerate(shots, 1):
        captions = {c.get(XML_LANG): c.text for c in shot.findall("caption")}
        ok(captions.get(None) and captions.get("ru"), f"screenshot {number} has a caption in English and Russian",
           [repr(captions)])
        images = {i.get(XML_LANG): i for i in shot.findall("image")}
        problems = []
        for lang in (None, "ru"):
            image = images.get(lang)
            if image is None:
                problems.append(f"no image for {lang or 'en'}")
                continue
            local = os.path.join(root, "data", "screenshots", image.text.rsplit("/", 1)[-1])
            if not os.path.exists(local):
                problems.append(f"{local} does not exist")
            elif image.get("width") and png_size(local) != (int(image.get("width")), int(image.get("height"))):
                problems.append(f"{local} is {png_size(local)}, not {image.get('width')}x{image.get('height')}")
        ok(not problems, f"screenshot {number} is in data/screenshots in English and Russian", problems)
    return dates[0] if dates else "1970-01-01"


def check_desktop(path):
    keywords = {}
    with open(path, encoding="utf-8") as desktop:
        for line in desktop:
            match = re.match(r"Keywords(?:\[(\w+)\])?=(.*)", line.strip())
            if match:
                keywords[match.group(1) or "C"] = match.group(2).split(";")
    for lang, words in (("ru", ["кабинет", "абонент", "счёт", "платёж", "оператор"]),
                        ("be", ["кабінет", "абанент", "рахунак", "плацёж", "аператар"])):
        missing = [word for word in words if word not in keywords.get(lang, [])]
        ok(not missing, f"the desktop file's keywords are translated into {lang}", missing)


def main():
    root, version, metainfo, desktop = sys.argv[1:5]
    newest = check_metainfo(root, version, metainfo)
    check_manifests(root, version, datetime.date.fromisoformat(newest))
    check_desktop(desktop)
    ok(not supported_on(49, datetime.date(2026, 12, 6)) and supported_on(50, datetime.date(2026, 12, 6)),
       "GNOME 49 is out of support in December 2026 and 50 is not")

    return report(results)


if __name__ == "__main__":
    sys.exit(main())
