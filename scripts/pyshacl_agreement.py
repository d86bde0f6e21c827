#!/usr/bin/env python3
"""Runs pySHACL and `spec shacl` on the same shapes and data and compares
their validation results (focus node, path, value, source shape, constraint
component, severity). Exit 0 when they agree, 1 when they differ, 2 when
pySHACL is not installed.

usage: pyshacl_agreement.py SPEC_BINARY SHAPES DATA [DATA ...]
"""
import subprocess
import sys

try:
    import pyshacl
    from rdflib import BNode, Graph, Namespace, RDF
except ImportError:
    print("pySHACL is not installed (pip install pyshacl)", file=sys.stderr)
    sys.exit(2)

SH = Namespace("http://www.w3.org/ns/shacl#")


def key(graph, term):
    if term is None:
        return "-"
    if isinstance(term, BNode):
        # A path is compared by structure; any other blank node matches any.
        if (term, SH.inversePath, None) in graph:
            return "^" + key(graph, graph.value(term, SH.inversePath))
        if (term, RDF.first, None) in graph:
            return "(" + " / ".join(key(graph, t) for t in graph.items(term)) + ")"
        for p, mark in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
            if (term, p, None) in graph:
                return key(graph, graph.value(term, p)) + mark
        if (term, SH.alternativePath, None) in graph:
            return "(" + " | ".join(key(graph, t) for t in graph.items(graph.value(term, SH.alternativePath))) + ")"
        return "_"
    return term.n3()


def results(report, shapes):
    both = report + shapes
    out = []
    for r in report.subjects(RDF.type, SH.ValidationResult):
        out.append(
            (
                key(both, report.value(r, SH.focusNode)),
                key(both, report.value(r, SH.resultPath)),
                key(both, report.value(r, SH.value)),
                key(both, report.value(r, SH.sourceConstraintComponent)),
                key(both, report.value(r, SH.resultSeverity)),
            )
        )
    return sorted(out)


def main():
    spec, shapes_file, data_files = sys.argv[1], sys.argv[2], sys.argv[3:]
    data = Graph()
    for f in data_files:
        data.parse(f, format="turtle")
    shapes = Graph().parse(shapes_file, format="turtle")
    _, py_report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=False)
    args = [spec, "shacl", "--shapes", shapes_file, "--format", "turtle"]
    for f in data_files:
        args += ["--data", f]
    ours = subprocess.run(args, capture_output=True, text=True)
    if ours.returncode not in (0, 1):
        print(ours.stderr, file=sys.stderr)
        sys.exit(1)
    spec_report = Graph().parse(data=ours.stdout, format="turtle")
    theirs, mine = results(py_report, shapes), results(spec_report, shapes)
    if theirs == mine:
        print(f"agree: {len(mine)} results")
        sys.exit(0)
    for r in sorted(set(theirs) - set(mine)):
        print("only pySHACL:", r)
    for r in sorted(set(mine) - set(theirs)):
        print("only spec:   ", r)
    sys.exit(1)


main()
