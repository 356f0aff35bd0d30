#!/usr/bin/python3
"""test-openapi-strict.py — docs/openapi.yaml as a strict reader sees it (TAP).

A lenient reader (a YAML load and a look at the parts it wants) does not see a
`description` that a comma cut inside a flow mapping `{ … }`: the rest of the
sentence becomes a key of the schema, which a generator then rejects or, worse,
keeps. This test reads the whole document and says, for each problem, where it
is: a key appearing twice, a `description` or `summary` that is not a string,
and a key that OpenAPI 3.1 (with JSON Schema 2020-12) does not define in a
schema, an operation, a parameter, a response, a media type or a header.
It first shows that it finds the known defect in a small document of its own.

Usage: test-openapi-strict.py OPENAPI_YAML
"""
import os
import sys

import yaml

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from kb_tap import report  # noqa: E402  (tests/kb_tap.py)

# JSON Schema 2020-12 (core, applicator, unevaluated, validation, meta-data,
# format, content) and the keys OpenAPI 3.1 adds to a Schema Object.
SCHEMA_KEYS = {
    "$schema", "$id", "$ref", "$anchor", "$dynamicRef", "$dynamicAnchor", "$vocabulary",
    "$comment", "$defs",
    "allOf", "anyOf", "oneOf", "not", "if", "then", "else", "dependentSchemas",
    "prefixItems", "items", "contains", "properties", "patternProperties",
    "additionalProperties", "propertyNames", "unevaluatedItems", "unevaluatedProperties",
    "type", "enum", "const", "multipleOf", "maximum", "exclusiveMaximum", "minimum",
    "exclusiveMinimum", "maxLength", "minLength", "pattern", "maxItems", "minItems",
    "uniqueItems", "maxContains", "minContains", "maxProperties", "minProperties",
    "required", "dependentRequired",
    "title", "description", "default", "deprecated", "readOnly", "writeOnly", "examples",
    "format", "contentEncoding", "contentMediaType", "contentSchema",
    "discriminator", "xml", "externalDocs", "example",
}
# Where one schema holds others: a single schema, a list, or a map of them.
SUBSCHEMA_ONE = ("not", "if", "then", "else", "items", "contains", "additionalProperties",
                 "propertyNames", "unevaluatedItems", "unevaluatedProperties", "contentSchema")
SUBSCHEMA_LIST = ("allOf", "anyOf", "oneOf", "prefixItems")
SUBSCHEMA_MAP = ("properties", "patternProperties", "$defs", "dependentSchemas")

OPERATION_KEYS = {"tags", "summary", "description", "externalDocs", "operationId", "parameters",
                  "requestBody", "responses", "callbacks", "deprecated", "security", "servers"}
PATH_ITEM_KEYS = {"$ref", "summary", "description", "get", "put", "post", "delete", "options",
                  "head", "patch", "trace", "servers", "parameters"}
PARAMETER_KEYS = {"name", "in", "description", "required", "deprecated", "allowEmptyValue",
                  "style", "explode", "allowReserved", "schema", "example", "examples", "content"}
HEADER_KEYS = PARAMETER_KEYS - {"name", "in", "allowEmptyValue"}
REQUEST_BODY_KEYS = {"description", "content", "required"}
RESPONSE_KEYS = {"description", "headers", "content", "links"}
MEDIA_TYPE_KEYS = {"schema", "example", "examples", "encoding"}
REF_KEYS = {"$ref", "summary", "description"}
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


class StrictLoader(yaml.SafeLoader):
    """Refuses a mapping that names a key twice (YAML keeps the last silently)."""


def construct_mapping(loader, node, deep=False):
    seen = set()
    for key_node, _value in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"key {key!r} appears twice", key_node.start_mark)
        seen.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep)


StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)


class Checker:
    def __init__(self, document):
        self.document = document
        self.problems = []

    def problem(self, where, text):
        self.problems.append(f"{where}: {text}")

    def keys(self, node, allowed, where):
        if not isinstance(node, dict):
            self.problem(where, f"expected a mapping, got {type(node).__name__}")
            return False
        for key in node:
            if not isinstance(key, str):
                self.problem(where, f"key {key!r} is not a string")
            elif key not in allowed and not key.startswith("x-"):
                self.problem(where, f"key {key!r} is not defined by OpenAPI 3.1")
        for key in ("description", "summary", "title"):
            if key in node and not isinstance(node[key], str):
                self.problem(f"{where}.{key}", f"is a {type(node[key]).__name__}, not a string")
        return True

    def schema(self, node, where):
        if isinstance(node, bool):
            return  # true and false are schemas in 2020-12.
        if not self.keys(node, SCHEMA_KEYS, where):
            return
        for key in SUBSCHEMA_ONE:
            if key in node:
                self.schema(node[key], f"{where}.{key}")
        for key in SUBSCHEMA_LIST:
            for i, sub in enumerate(node.get(key, []) or []):
                self.schema(sub, f"{where}.{key}[{i}]")
        for key in SUBSCHEMA_MAP:
            for name, sub in (node.get(key) or {}).items():
                self.schema(sub, f"{where}.{key}.{name}")

    def content(self, node, where):
        for media, item in (node or {}).items():
            if self.keys(item, MEDIA_TYPE_KEYS, f"{where}.{media}") and "schema" in item:
                self.schema(item["schema"], f"{where}.{media}.schema")

    def parameter(self, node, where, allowed=PARAMETER_KEYS):
        if self.keys(node, REF_KEYS if "$ref" in node else allowed, where):
            if "schema" in node:
                self.schema(node["schema"], f"{where}.schema")
            self.content(node.get("content"), f"{where}.content")

    def response(self, node, where):
        if not self.keys(node, REF_KEYS if "$ref" in node else RESPONSE_KEYS, where):
            return
        for name, header in (node.get("headers") or {}).items():
            self.parameter(header, f"{where}.headers.{name}", HEADER_KEYS)
        self.content(node.get("content"), f"{where}.content")

    def run(self):
        components = self.document.get("components", {})
        for name, node in components.get("schemas", {}).items():
            self.schema(node, f"#/components/schemas/{name}")
        for name, node in components.get("parameters", {}).items():
            self.parameter(node, f"#/components/parameters/{name}")
        for name, node in components.get("headers", {}).items():
            self.parameter(node, f"#/components/headers/{name}", HEADER_KEYS)
        for name, node in components.get("responses", {}).items():
            self.response(node, f"#/components/responses/{name}")
        for name, node in components.get("requestBodies", {}).items():
            if self.keys(node, REQUEST_BODY_KEYS, f"#/components/requestBodies/{name}"):
                self.content(node.get("content"), f"#/components/requestBodies/{name}.content")
        for path, item in self.document.get("paths", {}).items():
            where = f"#/paths/{path}"
            if not self.keys(item, PATH_ITEM_KEYS, where):
                continue
            for i, parameter in enumerate(item.get("parameters", [])):
                self.parameter(parameter, f"{where}.parameters[{i}]")
            for method in METHODS:
                if method not in item:
                    continue
                operation = item[method]
                at = f"{where}.{method}"
                if not self.keys(operation, OPERATION_KEYS, at):
                    continue
                for i, parameter in enumerate(operation.get("parameters", [])):
                    self.parameter(parameter, f"{at}.parameters[{i}]")
                body = operation.get("requestBody")
                if body is not None and self.keys(body, REF_KEYS if "$ref" in body else REQUEST_BODY_KEYS,
                                                  f"{at}.requestBody"):
                    self.content(body.get("content"), f"{at}.requestBody.content")
                for status, response in (operation.get("responses") or {}).items():
                    self.response(response, f"{at}.responses.{status}")
        for i, tag in enumerate(self.document.get("tags", [])):
            self.keys(tag, {"name", "description", "externalDocs"}, f"#/tags[{i}]")
        return self.problems


def check_text(text):
    """The problems of a document given as YAML text."""
    try:
        document = yaml.load(text, Loader=StrictLoader)
    except yaml.YAMLError as error:
        return [f"not strict YAML: {error}"]
    return Checker(document).run()


# The defect this test exists for, as it stood in docs/openapi.yaml.
CANARY = """
openapi: 3.1.0
components:
  schemas:
    ValidationError:
      type: object
      properties:
        field: { type: string, description: The member, query parameter or header at fault. }
"""


def main():
    results = []
    canary = check_text(CANARY)
    results.append((any("query parameter or header at fault." in p for p in canary),
                    "a description cut by a comma in a flow mapping is found", canary))
    twice = check_text("a: 1\na: 2\n")
    results.append((len(twice) == 1, "a key given twice is found", twice))

    with open(sys.argv[1], encoding="utf-8") as spec:
        problems = check_text(spec.read())
    results.append((not problems, "every description is a string and every key is OpenAPI's",
                    problems))

    return report(results)


if __name__ == "__main__":
    sys.exit(main())
