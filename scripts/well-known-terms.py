#!/usr/bin/env python3
"""Writes ontology/terms/<prefix>.txt: the terms of well-known vocabularies,
which `unknown-term` checks terms of those namespaces against and suggests
from. The lists come from rdflib's DefinedNamespace classes (rdflib comes
with pySHACL: `pip install pyshacl`). Run from the repository root:

    python3 scripts/well-known-terms.py

Each file: a header line `# <namespace> <prefix> <title>`, then one local
name per line, sorted.
"""
import pathlib
from rdflib import namespace as ns

VOCABULARIES = [
    ("rdf", "RDF", ns.RDF),
    ("rdfs", "RDF Schema", ns.RDFS),
    ("owl", "OWL", ns.OWL),
    ("xsd", "XML Schema datatypes", ns.XSD),
    ("sh", "SHACL", ns.SH),
    ("dcterms", "DCMI Metadata Terms", ns.DCTERMS),
    ("dc", "Dublin Core elements", ns.DC),
    ("foaf", "FOAF", ns.FOAF),
    ("skos", "SKOS", ns.SKOS),
    ("prov", "PROV-O", ns.PROV),
    ("doap", "DOAP", ns.DOAP),
    ("schema", "schema.org", ns.SDO),
    ("vann", "VANN", ns.VANN),
]


def terms(vocabulary):
    names = set()
    for klass in type.mro(vocabulary):
        names.update(getattr(klass, "__annotations__", {}).keys())
        names.update(getattr(klass, "_extras", []))
    return sorted(n for n in names if not n.startswith("_") or n[1:].isdigit())


def main():
    out = pathlib.Path("ontology/terms")
    out.mkdir(parents=True, exist_ok=True)
    for prefix, title, vocabulary in VOCABULARIES:
        names = terms(vocabulary)
        text = f"# {vocabulary._NS} {prefix} {title}\n" + "".join(f"{n}\n" for n in names)
        (out / f"{prefix}.txt").write_text(text)
        print(f"{prefix}: {len(names)} terms")


if __name__ == "__main__":
    main()
