"""Checks a Compose file against the Compose Specification's JSON schema, offline (Docker is not needed).

Usage: validate.py COMPOSE_SPEC_SCHEMA.json docker-compose.yml
Prints the number of services on success; each violation, with its path, on failure.
"""
import json
import sys

import jsonschema
import yaml


def main(schema_path, compose_path):
    schema = json.load(open(schema_path))
    compose = yaml.safe_load(open(compose_path))
    # The schema names draft-07 without the trailing '#' that jsonschema looks the draft up by.
    validator = jsonschema.Draft7Validator(schema)
    errors = sorted(validator.iter_errors(compose), key=lambda error: list(error.path))
    for error in errors:
        where = "/".join(str(part) for part in error.path) or "(root)"
        print(f"{compose_path}: {where}: {error.message}", file=sys.stderr)
    if errors:
        return 1
    print(len(compose.get("services", {})))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
