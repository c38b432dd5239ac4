"""Validates the custom resources of a rendering strictly against their CRDs' schemas, offline.

kubernetes-validate knows only Kubernetes' own kinds and skips the rest with a warning; this does
for the chart's ServiceMonitor what it does for the rest: unknown fields are errors.
Usage: validate-crd-objects.py RENDERED.yaml CRD.yaml [CRD.yaml ...]
"""
import sys

import jsonschema
import yaml


def strict(schema):
    """The CRD's structural schema, with every object closed unless it keeps unknown fields on purpose."""
    if isinstance(schema, dict):
        schema = {key: strict(value) for key, value in schema.items()}
        if "properties" in schema and not schema.get("x-kubernetes-preserve-unknown-fields"):
            schema.setdefault("additionalProperties", False)
        return schema
    if isinstance(schema, list):
        return [strict(item) for item in schema]
    return schema


def main(rendered_path, *crd_paths):
    schemas = {}
    for path in crd_paths:
        crd = yaml.safe_load(open(path))
        for version in crd["spec"]["versions"]:
            api_version = f"{crd['spec']['group']}/{version['name']}"
            schemas[(api_version, crd["spec"]["names"]["kind"])] = strict(version["schema"]["openAPIV3Schema"])
    checked = 0
    for document in yaml.safe_load_all(open(rendered_path)):
        schema = document and schemas.get((document["apiVersion"], document["kind"]))
        if not schema:
            continue
        errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(document), key=lambda error: list(error.path))
        for error in errors:
            where = "/".join(str(part) for part in error.path) or "(root)"
            print(f"{document['kind']}/{document['metadata']['name']}: {where}: {error.message}", file=sys.stderr)
        if errors:
            return 1
        checked += 1
    if checked == 0:
        print(f"{rendered_path}: no object of the given CRDs' kinds", file=sys.stderr)
        return 1
    print(checked)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
