#!/usr/bin/python3
"""test-contract.py — the reference server against docs/openapi.yaml.

Checks that every route kabinet-server serves is documented (and every
documented operation served), then drives a real server through every
operation, good and bad requests alike, and checks that each status code is
documented for the operation and that each JSON body matches the documented
schema (a structural check: types, required members, enums, patterns, refs).
It ends by stopping the server with SIGTERM and restarting it on the same
file: what was acknowledged is still there. Speaks TAP.

Usage: test-contract.py KABINET_SERVER OPENAPI_YAML
"""
import atexit
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
import uuid

import yaml

PREFIX = "/api/v1"
results = []


def ok(condition, name, detail=""):
    results.append((bool(condition), name, detail))
    return condition


class Validator:
    def __init__(self, document):
        self.document = document

    def resolve(self, schema):
        while "$ref" in schema:
            node = self.document
            for part in schema["$ref"].lstrip("#/").split("/"):
                node = node[part]
            schema = node
        return schema

    def check(self, value, schema, where="$"):
        """Returns a list of problems, empty when @value fits @schema."""
        schema = self.resolve(schema)
        problems = []
        for sub in schema.get("allOf", []):
            problems += self.check(value, sub, where)
        kind = schema.get("type")
        checks = {
            "object": lambda v: isinstance(v, dict),
            "array": lambda v: isinstance(v, list),
            "string": lambda v: isinstance(v, str),
            "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
            "boolean": lambda v: isinstance(v, bool),
        }
        if kind is not None and not checks[kind](value):
            return problems + [f"{where}: expected {kind}, got {type(value).__name__}"]
        if "enum" in schema and value not in schema["enum"]:
            problems.append(f"{where}: {value!r} not in {schema['enum']}")
        if "const" in schema and value != schema["const"]:
            problems.append(f"{where}: {value!r} is not {schema['const']!r}")
        if isinstance(value, str):
            if "pattern" in schema and not re.search(schema["pattern"], value):
                problems.append(f"{where}: {value!r} does not match {schema['pattern']}")
            fmt = schema.get("format")
            if fmt == "date" and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                problems.append(f"{where}: {value!r} is not a date")
            if fmt == "date-time" and not re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})", value):
                problems.append(f"{where}: {value!r} is not a date-time")
        if isinstance(value, int) and "minimum" in schema and value < schema["minimum"]:
            problems.append(f"{where}: {value} < {schema['minimum']}")
        if isinstance(value, dict):
            for member in schema.get("required", []):
                if member not in value:
                    problems.append(f"{where}: missing {member}")
            for member, sub in schema.get("properties", {}).items():
                if member in value:
                    problems += self.check(value[member], sub, f"{where}.{member}")
        if isinstance(value, list) and "items" in schema:
            for i, item in enumerate(value[:50]):
                problems += self.check(item, schema["items"], f"{where}[{i}]")
        return problems


def route_key(method, path):
    """'GET', '/api/v1/questions/{id}' → ('get', '/questions/{}')"""
    return method.lower(), re.sub(r"\{[^}]*\}", "{}", path[len(PREFIX):] if path.startswith(PREFIX) else path)


def main():
    program, spec_path = sys.argv[1], sys.argv[2]
    document = yaml.safe_load(open(spec_path, encoding="utf-8"))
    validator = Validator(document)

    ok(document.get("openapi", "").startswith("3.1"), "the document is OpenAPI 3.1")

    documented = {}
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in ("get", "post", "put", "delete", "patch"):
                documented[route_key(method, PREFIX + path)] = operation

    served = subprocess.run([program, "--list-routes"], capture_output=True, text=True, check=True).stdout.split("\n")
    served = [line.split(" ", 1) for line in served if line]
    served_keys = {route_key(m, p) for m, p in served}
    for method, path in served:
        ok(route_key(method, path) in documented, f"{method} {path} is in openapi.yaml")
    for key in sorted(documented):
        ok(key in served_keys, f"{key[0].upper()} {key[1]} of openapi.yaml is served")

    workdir = tempfile.mkdtemp(prefix="kb-contract-")
    db = os.path.join(workdir, "server.db")
    started = []

    def clean_up():
        # Whatever happened above: no server outlives the test, no file its folder.
        for server in started:
            if server.poll() is None:
                server.kill()
                server.wait()
        shutil.rmtree(workdir, ignore_errors=True)

    atexit.register(clean_up)

    def start():
        server = subprocess.Popen([program, "--port", "0", "--db", db, "--seed", "demo", "--operator-token", "op-secret"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        started.append(server)
        line = server.stdout.readline()
        match = re.match(r"Listening on (http://127\.0\.0\.1:\d+)", line)
        if not match:
            server.kill()
            raise SystemExit(f"Bail out! kabinet-server said {line!r}")
        return server, match.group(1)

    server, origin = start()
    seen_operations = set()

    def call(method, path, token=None, body=None, headers=None, raw=None, template=None):
        """Sends a request and checks its reply against the document."""
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        request = urllib.request.Request(origin + PREFIX + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", "Bearer " + token)
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, content_type, payload = response.status, response.headers.get("Content-Type", ""), response.read()
        except urllib.error.HTTPError as error:
            status, content_type, payload = error.code, error.headers.get("Content-Type", ""), error.read()

        key = route_key(method, PREFIX + (template or path.split("?")[0]))
        operation = documented.get(key)
        name = f"{method} {template or path} → {status}"
        if not ok(operation is not None, name, "operation not documented"):
            return status, None
        seen_operations.add(key)
        response_doc = operation["responses"].get(str(status))
        if not ok(response_doc is not None, name, f"status {status} not documented"):
            return status, None
        response_doc = validator.resolve(response_doc)
        parsed = None
        if "application/json" in content_type:
            parsed = json.loads(payload)
            schema = response_doc.get("content", {}).get("application/json", {}).get("schema")
            problems = validator.check(parsed, schema) if schema else ["no JSON schema documented"]
            ok(not problems, name, "; ".join(problems[:5]))
        else:
            ok(status in (204, 304) or "content" in response_doc, name, f"unexpected {content_type}")
        return status, parsed

    # Session and client.
    call("POST", "/session", body={"login": "demo", "password": "nope"})
    call("POST", "/session", raw=b"{broken")
    call("POST", "/session", body={"login": 5})
    _, session = call("POST", "/session", body={"login": "demo", "password": "demo"})
    token = session["token"]
    _, other_session = call("POST", "/session", body={"login": "demo2", "password": "demo2"})
    other = other_session["token"]
    call("GET", "/client")
    call("GET", "/client", token="made-up")
    call("GET", "/client", token=token)
    call("PUT", "/client/invoice-delivery", token=token, body={"method": "email", "address": "buh@example.by"})
    call("PUT", "/client/invoice-delivery", token=token, body={"method": "fax"})

    # Payments, invoices, installments.
    call("GET", "/payments", token=token)
    call("GET", "/payments?from=2024-13-01", token=token, template="/payments")
    call("POST", "/payments/unconfirmed", token=token, headers={"Idempotency-Key": "p1"},
         body={"date": "2024-05-01", "amount_minor": 1000, "order_number": "12", "purpose": "Оплата"})
    call("POST", "/payments/unconfirmed", token=token, headers={"Idempotency-Key": "p1"},
         body={"date": "2024-05-01", "amount_minor": 1000, "order_number": "12", "purpose": "Оплата"})
    call("POST", "/payments/unconfirmed", token=token, headers={"Idempotency-Key": "p1"},
         body={"date": "2024-05-01", "amount_minor": 2000, "order_number": "12", "purpose": "Оплата"})
    _, invoices = call("GET", "/invoices", token=token)
    invoice = invoices["invoices"][0]["id"]
    status, _ = call("POST", f"/invoices/{invoice}/email", token=token, body={"email": "buh@example.by"},
                     template="/invoices/{id}/email")
    ok(status in (202, 409), "ordering an invoice is accepted or refused by the calendar")
    call("POST", f"/invoices/{invoice}/email", token=token, body={"email": "buh@example.by", "format": "txt"},
         template="/invoices/{id}/email")
    call("POST", f"/invoices/{invoice}/email", token=token, body={"email": "buh@example.by", "format": "doc"},
         template="/invoices/{id}/email")
    for document_format in ("pdf", "xlsx", "txt", "docx"):
        call("GET", f"/invoices/{invoice}/document?format={document_format}", token=token,
             template="/invoices/{id}/document")
    call("POST", f"/invoices/{invoice}/email", token=other, body={"email": "buh@example.by"},
         template="/invoices/{id}/email")
    call("GET", f"/invoices/{invoice}/document", token=token, template="/invoices/{id}/document")
    call("GET", f"/invoices/{invoice}/document", token=other, template="/invoices/{id}/document")
    call("GET", "/installments", token=token)

    # Subscribers, renames, services.
    _, page = call("GET", "/subscribers?limit=3", token=token, template="/subscribers")
    subscriber = page["subscribers"][0]
    call("GET", "/subscribers?limit=0", token=token, template="/subscribers")
    call("GET", f"/subscribers/{subscriber['id']}", token=token, template="/subscribers/{id}")
    call("GET", f"/subscribers/{subscriber['id']}", token=other, template="/subscribers/{id}")
    status, _ = call("POST", f"/subscribers/{subscriber['id']}/rename", token=token, body={"name": "Отдел кадров"},
                     template="/subscribers/{id}/rename")
    ok(status in (202, 409), "renaming is accepted or refused by the calendar")
    call("POST", f"/subscribers/{subscriber['id']}/rename", token=token, body={"name": ""},
         template="/subscribers/{id}/rename")
    rows = [{"number": s["number"], "name": "Склад"} for s in page["subscribers"]] + [{"number": "+3751", "name": "x"}]
    status, _ = call("POST", "/rename-batches", token=token, body={"rows": rows})
    ok(status in (201, 409), "a rename batch is accepted or refused by the calendar")
    if status == 201:
        call("POST", "/rename-batches", token=token, body={"rows": rows, "all_or_nothing": True})
    _, history = call("GET", "/rename-batches", token=token)
    for batch in (history or {}).get("batches", [])[:2]:
        call("GET", f"/rename-batches/{batch['id']}", token=token, template="/rename-batches/{id}")
    call("GET", "/rename-batches/999999", token=token, template="/rename-batches/{id}")
    call("GET", "/services", token=token)
    numbers = [s["number"] for s in page["subscribers"]]
    call("POST", "/service-orders", token=token, body={"action": "add", "service": "conference", "subscribers": numbers + ["+375290000000"]})
    call("POST", "/service-orders", token=token, body={"action": "add", "service": "conference", "subscribers": numbers, "all_or_nothing": True})
    call("POST", "/service-orders", token=token, body={"action": "add", "service": "nope", "subscribers": numbers})
    _, orders = call("GET", "/service-orders", token=token)
    call("GET", "/service-orders?status=partial", token=token, template="/service-orders")
    call("GET", "/service-orders?status=nope", token=token, template="/service-orders")
    order = orders["orders"][0]["id"]
    call("GET", f"/service-orders/{order}", token=token, template="/service-orders/{id}")
    call("GET", f"/service-orders/{order}", token=other, template="/service-orders/{id}")
    call("POST", "/service-orders", token=token, raw=b" " * (17 * 1024 * 1024))

    # The operator's requests that the operations above made.
    _, requests = call("GET", "/requests", token=token)
    ok(bool(requests and requests["requests"]), "the operations made requests")
    call("GET", "/requests?kind=rename&status=accepted", token=token, template="/requests")
    call("GET", "/requests?status=finished", token=token, template="/requests")
    call("GET", f"/requests?since={requests['cursor']}", token=token, template="/requests")
    first = requests["requests"][0]["id"]
    call("GET", f"/requests/{first}", token=token, template="/requests/{id}")
    call("GET", f"/requests/{first}", token=other, template="/requests/{id}")

    # Feedback and the operator side.
    call("POST", "/questions", token=token, body={"text": "Без ключа"})
    key = str(uuid.uuid4())
    _, question = call("POST", "/questions", token=token, headers={"Idempotency-Key": key}, body={"text": "Контрактный вопрос"})
    call("POST", "/questions", token=token, headers={"Idempotency-Key": key}, body={"text": "Контрактный вопрос"})
    call("POST", "/questions", token=token, headers={"Idempotency-Key": key}, body={"text": "Другой"})
    call("POST", "/questions", token=token, headers={"Idempotency-Key": "k2"}, raw=b"x" * (70 * 1024))
    qid = question["id"]
    _, listing = call("GET", "/questions", token=token)
    call("GET", "/questions?since=-1", token=token, template="/questions")
    tag = None
    request = urllib.request.Request(origin + PREFIX + "/questions", headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(request) as response:
        tag = response.headers["ETag"]
    call("GET", "/questions", token=token, headers={"If-None-Match": tag})
    call("GET", f"/questions/{qid}", token=token, template="/questions/{id}")
    call("GET", f"/questions/{qid}", token=other, template="/questions/{id}")
    call("GET", "/operator/questions?status=new", token="op-secret", template="/operator/questions")
    call("GET", "/operator/questions", token=token)
    call("POST", f"/operator/questions/{qid}/status", token="op-secret", body={"status": "in_progress"},
         template="/operator/questions/{id}/status")
    call("POST", f"/operator/questions/{qid}/answers", token="op-secret", body={"text": "Ответ", "author": "Оператор"},
         template="/operator/questions/{id}/answers")
    call("POST", f"/operator/questions/{qid}/status", token="op-secret", body={"status": "new"},
         template="/operator/questions/{id}/status")
    call("POST", f"/operator/questions/{qid}/answers", token="op-secret", body={},
         template="/operator/questions/{id}/answers")
    call("POST", "/operator/questions/999999/answers", token="op-secret", body={"text": "?"},
         template="/operator/questions/{id}/answers")
    # Feedback, second wave: attachments, follow-ups, rating, closing.
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 16
    named = {"Content-Type": "image/png", "Content-Disposition": "attachment; filename*=UTF-8''%D0%A1%D0%BA%D1%80%D0%B8%D0%BD.png"}
    _, uploaded = call("POST", "/attachments", token=token, raw=png, headers={**named, "Idempotency-Key": "a1"})
    call("POST", "/attachments", token=token, raw=png, headers={**named, "Idempotency-Key": "a1"})
    call("POST", "/attachments", token=token, raw=b"\x7fELF\2\1\1\0", headers={**named, "Idempotency-Key": "a2"})
    call("POST", "/attachments", token=token, raw=png, headers=named)
    call("POST", "/attachments", token=token, raw=b"a" * (10 * 1024 * 1024 + 1),
         headers={**named, "Idempotency-Key": "a3"})
    call("POST", "/attachments", token=token, raw=b"other", headers={**named, "Idempotency-Key": "a1"})
    aid = uploaded["id"]
    call("GET", f"/attachments/{aid}", token=token, template="/attachments/{id}")
    call("GET", f"/attachments/{aid}", token=other, template="/attachments/{id}")
    call("POST", "/questions", token=other, headers={"Idempotency-Key": "q-other"},
         body={"text": "Чужое вложение", "attachment_ids": [aid]})
    call("POST", "/questions", token=token, headers={"Idempotency-Key": "q-six"},
         body={"text": "Шесть", "attachment_ids": [str(n) for n in range(1, 7)]})
    _, with_file = call("POST", "/questions", token=token, headers={"Idempotency-Key": "q-file"},
                        body={"text": "С вложением", "attachment_ids": [aid]})
    call("POST", "/questions", token=token, headers={"Idempotency-Key": "q-again"},
         body={"text": "Снова", "attachment_ids": [aid]})
    fid = with_file["id"]
    messages = f"/questions/{fid}/messages"
    call("POST", messages, token=token, body={"text": "Без ключа"}, template="/questions/{id}/messages")
    call("POST", messages, token=token, headers={"Idempotency-Key": "m1"}, body={"text": "Уточнение"},
         template="/questions/{id}/messages")
    call("POST", messages, token=token, headers={"Idempotency-Key": "m1"}, body={"text": "Уточнение"},
         template="/questions/{id}/messages")
    call("POST", messages, token=token, headers={"Idempotency-Key": "m1"}, body={"text": "Другое"},
         template="/questions/{id}/messages")
    call("POST", messages, token=token, headers={"Idempotency-Key": "m2"}, body={"text": "Чужой файл", "attachment_ids": ["999999"]},
         template="/questions/{id}/messages")
    call("POST", messages, token=token, headers={"Idempotency-Key": "m3"}, body={"text": "Занятый файл", "attachment_ids": [aid]},
         template="/questions/{id}/messages")
    call("POST", messages, token=token, headers={"Idempotency-Key": "m4"}, body={"text": ""},
         template="/questions/{id}/messages")
    call("POST", messages, token=token, headers={"Idempotency-Key": "m5"},
         body={"text": "Шесть", "attachment_ids": [str(n) for n in range(1, 7)]}, template="/questions/{id}/messages")
    call("POST", "/questions/999999/messages", token=token, headers={"Idempotency-Key": "m6"}, body={"text": "?"},
         template="/questions/{id}/messages")
    call("PUT", f"/questions/{fid}/rating", token=token, body={"score": "good"}, template="/questions/{id}/rating")
    _, op_file = call("POST", f"/operator/questions/{fid}/attachments", token="op-secret", raw=b"%PDF-1.4\n%%EOF\n",
                      headers={"Content-Disposition": "attachment; filename=act.pdf"},
                      template="/operator/questions/{id}/attachments")
    call("POST", f"/operator/questions/{fid}/attachments", token="op-secret", raw=b"MZ\x90\0",
         headers={"Content-Disposition": "attachment; filename=act.pdf"}, template="/operator/questions/{id}/attachments")
    call("POST", "/operator/questions/999999/attachments", token="op-secret", raw=b"%PDF-1.4\n",
         headers={"Content-Disposition": "attachment; filename=act.pdf"}, template="/operator/questions/{id}/attachments")
    call("POST", f"/operator/questions/{fid}/attachments", token="op-secret", raw=b"a" * (10 * 1024 * 1024 + 1),
         headers={"Content-Disposition": "attachment; filename=big.txt"}, template="/operator/questions/{id}/attachments")
    call("POST", f"/operator/questions/{fid}/attachments", token="op-secret", raw=b"text",
         template="/operator/questions/{id}/attachments")
    call("POST", f"/operator/questions/{fid}/answers", token="op-secret",
         body={"text": "Акт во вложении", "attachment_ids": [op_file["id"]]}, template="/operator/questions/{id}/answers")
    call("POST", f"/operator/questions/{fid}/answers", token="op-secret",
         body={"text": "Много", "attachment_ids": [str(n) for n in range(1, 7)]}, template="/operator/questions/{id}/answers")
    call("PUT", f"/questions/{fid}/rating", token=token, body={"score": "bad", "comment": "Не помогло"},
         template="/questions/{id}/rating")
    call("PUT", f"/questions/{fid}/rating", token=token, body={"score": "meh"}, template="/questions/{id}/rating")
    call("PUT", f"/questions/{fid}/rating", token=other, body={"score": "good"}, template="/questions/{id}/rating")
    _, rated = call("GET", f"/questions/{fid}", token=token, template="/questions/{id}")
    ok(rated is not None and rated.get("rating", {}).get("score") == "bad" and len(rated.get("messages", [])) == 2,
       "a rated conversation shows its rating and both messages")
    call("POST", f"/questions/{fid}/close", token=token, template="/questions/{id}/close")
    call("POST", f"/questions/{fid}/close", token=other, template="/questions/{id}/close")
    call("POST", f"/questions/{qid}/read", token=token, template="/questions/{id}/read")
    call("POST", "/questions/999999/read", token=token, template="/questions/{id}/read")
    call("GET", "/events", token=token)
    call("GET", "/events")
    call("DELETE", "/session", token=token)
    call("DELETE", "/session", token=token)

    for key in sorted(documented):
        ok(key in seen_operations, f"{key[0].upper()} {key[1]} was exercised")

    # A clean stop on SIGTERM, and the acknowledged question survives it.
    server.send_signal(signal.SIGTERM)
    try:
        code = server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        code = None
    ok(code == 0, "kabinet-server exits 0 on SIGTERM", f"exit {code}")
    server, origin = start()
    _, again = call("POST", "/session", body={"login": "demo", "password": "demo"})
    _, found = call("GET", f"/questions/{qid}", token=again["token"], template="/questions/{id}")
    ok(found is not None and found.get("text") == "Контрактный вопрос", "an acknowledged question survives a restart")
    server.send_signal(signal.SIGINT)
    ok(server.wait(timeout=10) == 0, "kabinet-server exits 0 on SIGINT")

    print(f"1..{len(results)}")
    for number, (passed, name, detail) in enumerate(results, 1):
        print(f"{'ok' if passed else 'not ok'} {number} {name}" + ("" if passed or not detail else f" # {detail}"))
    return 0 if all(passed for passed, _, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
