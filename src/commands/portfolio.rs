//! `spec render --endpoint URL`: the portfolio across every spec published
//! to a SPARQL store (by any workspace), read with plain SPARQL from the
//! computed facts `spec publish` put there: gates failing anywhere, work
//! ready to start, agents' load across campaigns.

use crate::endpoint::Endpoint;
use crate::failure::Failure;
use crate::vocabulary::NAMESPACE;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

#[derive(Debug, Serialize)]
pub struct Portfolio {
    pub endpoint: String,
    pub workspaces: usize,
    pub specs: Vec<PublishedSpec>,
    pub failing_gates: Vec<GateRow>,
    pub ready: Vec<TaskRow>,
    pub agents: Vec<AgentLoad>,
}

#[derive(Debug, Default, Serialize)]
pub struct PublishedSpec {
    pub workspace: String,
    pub name: String,
    pub graph: String,
    pub published_at: String,
    pub commit: Option<String>,
    pub tasks_total: u64,
    pub tasks_done: u64,
    pub ready: u64,
    pub gates_passed: u64,
    pub gates_failed: u64,
    pub gates_pending: u64,
}

#[derive(Debug, Serialize)]
pub struct GateRow {
    pub workspace: String,
    pub spec: String,
    pub gate: String,
    pub reasons: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct TaskRow {
    pub workspace: String,
    pub spec: String,
    pub task: String,
    pub agent: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct AgentLoad {
    pub agent: String,
    pub open_tasks: u64,
    pub campaigns: Vec<String>,
}

/// The rows of a SELECT, each a map from variable to value (`sg:` and
/// `rdfs:` declared).
pub(super) fn select(
    store: &Endpoint,
    query: &str,
) -> Result<Vec<HashMap<String, String>>, Failure> {
    let query = format!(
        "PREFIX sg: <{NAMESPACE}>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n{query}"
    );
    let body = store.query(&query, "application/sparql-results+json")?;
    let json: serde_json::Value = serde_json::from_str(&body).map_err(|e| {
        Failure::new(format!(
            "the store's answer is not SPARQL JSON results: {e}"
        ))
    })?;
    Ok(json["results"]["bindings"]
        .as_array()
        .map(|rows| {
            rows.iter()
                .map(|row| {
                    row.as_object()
                        .map(|o| {
                            o.iter()
                                .filter_map(|(k, v)| {
                                    Some((k.clone(), v["value"].as_str()?.to_owned()))
                                })
                                .collect()
                        })
                        .unwrap_or_default()
                })
                .collect()
        })
        .unwrap_or_default())
}

fn number(row: &HashMap<String, String>, key: &str) -> u64 {
    row.get(key).and_then(|v| v.parse().ok()).unwrap_or(0)
}

/// The last segment of an IRI, when a resource has no title.
fn local(iri: &str) -> String {
    iri.rsplit(['#', '/']).next().unwrap_or(iri).to_owned()
}

/// A resource's title (`title_key`), else the end of its IRI (`iri_key`).
fn title_or_local(row: &HashMap<String, String>, title_key: &str, iri_key: &str) -> String {
    row.get(title_key)
        .cloned()
        .unwrap_or_else(|| local(row.get(iri_key).map_or("", String::as_str)))
}

pub fn read(store: &Endpoint) -> Result<Portfolio, Failure> {
    let mut specs: BTreeMap<String, PublishedSpec> = BTreeMap::new();
    for row in select(
        store,
        "SELECT ?g ?name ?ws ?at ?commit WHERE { GRAPH ?m { ?g a sg:PublishedSpec ; rdfs:label ?name ; sg:workspace ?ws ; sg:publishedAt ?at . OPTIONAL { ?g sg:commit ?commit } } }",
    )? {
        let graph = row.get("g").cloned().unwrap_or_default();
        specs.insert(
            graph.clone(),
            PublishedSpec {
                workspace: row.get("ws").cloned().unwrap_or_default(),
                name: row.get("name").cloned().unwrap_or_default(),
                graph,
                published_at: row.get("at").cloned().unwrap_or_default(),
                commit: row.get("commit").cloned(),
                ..PublishedSpec::default()
            },
        );
    }
    for row in select(
        store,
        "SELECT ?g ?state (COUNT(?t) AS ?n) WHERE { GRAPH ?g { ?t sg:readiness ?state } } GROUP BY ?g ?state",
    )? {
        let Some(spec) = row.get("g").and_then(|g| specs.get_mut(g)) else {
            continue;
        };
        let n = number(&row, "n");
        spec.tasks_total += n;
        match row.get("state").map(String::as_str) {
            Some("done") => spec.tasks_done += n,
            Some("ready") => spec.ready += n,
            _ => {}
        }
    }
    for row in select(
        store,
        "SELECT ?g ?state (COUNT(?gate) AS ?n) WHERE { GRAPH ?g { ?gate sg:computedState ?state } } GROUP BY ?g ?state",
    )? {
        let Some(spec) = row.get("g").and_then(|g| specs.get_mut(g)) else {
            continue;
        };
        let n = number(&row, "n");
        match row.get("state").map(|s| local(s)).as_deref() {
            Some("Passed") => spec.gates_passed += n,
            Some("Failed") => spec.gates_failed += n,
            _ => spec.gates_pending += n,
        }
    }
    let name_of = |graph: &str| {
        specs
            .get(graph)
            .map(|s| (s.workspace.clone(), s.name.clone()))
    };
    let mut failing: BTreeMap<(String, String, String), Vec<String>> = BTreeMap::new();
    for row in select(
        store,
        "SELECT ?g ?gate ?title ?reason WHERE { GRAPH ?g { ?gate sg:computedState sg:Failed . OPTIONAL { ?gate sg:title ?title } OPTIONAL { ?gate sg:computedReason ?reason } } }",
    )? {
        let Some((workspace, spec)) = row.get("g").and_then(|g| name_of(g)) else {
            continue;
        };
        let gate = title_or_local(&row, "title", "gate");
        let reasons = failing.entry((workspace, spec, gate)).or_default();
        if let Some(reason) = row.get("reason") {
            if !reasons.contains(reason) {
                reasons.push(reason.clone());
            }
        }
    }
    let mut ready: Vec<TaskRow> = Vec::new();
    for row in select(
        store,
        "SELECT ?g ?task ?title ?agent WHERE { GRAPH ?g { ?task sg:readiness \"ready\" . OPTIONAL { ?task sg:title ?title } OPTIONAL { ?task sg:assignee ?a . OPTIONAL { ?a sg:title ?agent } } } }",
    )? {
        let Some((workspace, spec)) = row.get("g").and_then(|g| name_of(g)) else {
            continue;
        };
        ready.push(TaskRow {
            workspace,
            spec,
            task: title_or_local(&row, "title", "task"),
            agent: row.get("agent").cloned(),
        });
    }
    ready.sort_by(|a, b| (&a.workspace, &a.spec, &a.task).cmp(&(&b.workspace, &b.spec, &b.task)));
    let mut load: BTreeMap<String, (u64, BTreeSet<String>)> = BTreeMap::new();
    for row in select(
        store,
        "SELECT ?g ?a ?agent (COUNT(?task) AS ?open) WHERE { GRAPH ?g { ?task sg:readiness ?r ; sg:assignee ?a . FILTER(?r != \"done\") OPTIONAL { ?a sg:title ?agent } } } GROUP BY ?g ?a ?agent",
    )? {
        let Some((workspace, spec)) = row.get("g").and_then(|g| name_of(g)) else {
            continue;
        };
        let agent = title_or_local(&row, "agent", "a");
        let entry = load.entry(agent).or_default();
        entry.0 += number(&row, "open");
        entry.1.insert(format!("{workspace}: {spec}"));
    }
    let mut agents: Vec<AgentLoad> = load
        .into_iter()
        .map(|(agent, (open_tasks, campaigns))| AgentLoad {
            agent,
            open_tasks,
            campaigns: campaigns.into_iter().collect(),
        })
        .collect();
    // The most loaded first; among equals, by name.
    agents.sort_by(|a, b| b.open_tasks.cmp(&a.open_tasks).then(a.agent.cmp(&b.agent)));
    let workspaces = specs
        .values()
        .map(|s| s.workspace.as_str())
        .collect::<BTreeSet<_>>()
        .len();
    let mut specs: Vec<PublishedSpec> = specs.into_values().collect();
    specs.sort_by(|a, b| (&a.workspace, &a.name).cmp(&(&b.workspace, &b.name)));
    Ok(Portfolio {
        endpoint: store.query.clone(),
        workspaces,
        specs,
        failing_gates: failing
            .into_iter()
            .map(|((workspace, spec, gate), reasons)| GateRow {
                workspace,
                spec,
                gate,
                reasons,
            })
            .collect(),
        ready,
        agents,
    })
}
