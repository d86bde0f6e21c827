//! Profiles: another vocabulary aligned with the campaign model, as a Turtle
//! file of `rdfs:subClassOf`, `rdfs:subPropertyOf`, `owl:equivalentClass` and
//! `owl:equivalentProperty` axioms towards `sg:` terms
//! (`ontology/profiles/spec-kit.ttl`).
//!
//! A bundled profile is on for a spec that uses one of its namespaces (the
//! profile's `vann:preferredNamespaceUri`); spec.toml `profiles = [...]` turns
//! a bundled profile (by name) or a file of the workspace (by path) on for
//! every spec. Rules whose header says `# profile: <name>` run only where
//! that profile is on.

use crate::load::parse::parse_turtle;
use oxigraph::model::{Term, Triple};
use std::path::Path;
use std::sync::{Arc, OnceLock};

const PREFERRED_NAMESPACE: &str = "http://purl.org/vocab/vann/preferredNamespaceUri";

/// `(name, text)` of every bundled profile.
pub const BUNDLED: &[(&str, &str)] = &[(
    "spec-kit",
    include_str!("../ontology/profiles/spec-kit.ttl"),
)];

/// One profile: its alignment axioms and the namespaces that switch it on.
#[derive(Debug)]
pub struct Profile {
    /// `spec-kit`, or the file's path as written in spec.toml.
    pub name: String,
    /// The namespaces it aligns: a spec using one of them gets the profile.
    pub namespaces: Vec<String>,
    pub triples: Vec<Triple>,
}

impl Profile {
    /// Reads a profile's Turtle; an error says what is wrong (and where).
    pub fn parse(name: &str, text: &str) -> Result<Self, String> {
        let parsed = parse_turtle(text);
        if let Some(error) = parsed.errors.first() {
            let before = &text.as_bytes()[..error.start.min(text.len())];
            let line = before.iter().filter(|b| **b == b'\n').count() + 1;
            return Err(format!("line {line}: {}", error.message));
        }
        Ok(Self::from_triples(name, parsed.triples))
    }

    /// A profile of parsed triples.
    fn from_triples(name: &str, triples: Vec<Triple>) -> Self {
        let namespaces = triples
            .iter()
            .filter(|t| t.predicate.as_str() == PREFERRED_NAMESPACE)
            .filter_map(|t| match &t.object {
                Term::Literal(l) => Some(l.value().to_owned()),
                Term::NamedNode(n) => Some(n.as_str().to_owned()),
                _ => None,
            })
            .collect();
        Self {
            name: name.to_owned(),
            namespaces,
            triples,
        }
    }

    /// A profile file of the workspace.
    pub fn load(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("{}: cannot read the profile: {e}", path.display()))?;
        Self::parse(&path.display().to_string(), &text)
            .map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Whether `triples` use one of the profile's namespaces (as a property
    /// or a class).
    fn used_by(&self, triples: &[Triple]) -> bool {
        !self.namespaces.is_empty()
            && triples.iter().any(|t| {
                let class = match &t.object {
                    Term::NamedNode(n) if t.predicate == oxrdf::vocab::rdf::TYPE => n.as_str(),
                    _ => "",
                };
                self.namespaces.iter().any(|ns| {
                    t.predicate.as_str().starts_with(ns.as_str()) || class.starts_with(ns.as_str())
                })
            })
    }
}

/// The bundled profiles, parsed at build time (build.rs; a test in
/// vocabulary.rs compares them with `BUNDLED` parsed at run time).
pub fn bundled() -> &'static [Arc<Profile>] {
    static PROFILES: OnceLock<Vec<Arc<Profile>>> = OnceLock::new();
    PROFILES.get_or_init(|| {
        BUNDLED
            .iter()
            .map(|(name, _)| {
                let triples = crate::vocabulary::bundled_profile(name)
                    .unwrap_or_else(|| panic!("build.rs does not embed profile {name}"));
                Arc::new(Profile::from_triples(name, triples))
            })
            .collect()
    })
}

/// The profiles a session knows: each on for every spec (named in spec.toml)
/// or only for the specs that use its namespaces.
#[derive(Debug, Clone)]
pub struct Profiles {
    entries: Vec<(Arc<Profile>, bool)>,
}

impl Default for Profiles {
    /// The bundled profiles, each on where its namespaces are used.
    fn default() -> Self {
        Self {
            entries: bundled().iter().map(|p| (p.clone(), false)).collect(),
        }
    }
}

impl Profiles {
    /// Turns a profile on for every spec: a bundled profile's name, or else
    /// a profile file (relative to `root`).
    pub fn force(&mut self, name: &str, root: &Path) -> Result<(), String> {
        if let Some(entry) = self.entries.iter_mut().find(|(p, _)| p.name == name) {
            entry.1 = true;
            return Ok(());
        }
        let path = root.join(name);
        if !name.ends_with(".ttl") || !path.is_file() {
            let known: Vec<&str> = BUNDLED.iter().map(|(n, _)| *n).collect();
            return Err(format!(
                "unknown profile `{name}`: neither a bundled profile ({}) nor a .ttl file of the workspace",
                known.join(", ")
            ));
        }
        self.entries.push((Arc::new(Profile::load(&path)?), true));
        Ok(())
    }

    /// The profiles on for a spec of these triples.
    pub fn in_force(&self, triples: &[Triple]) -> Vec<&Profile> {
        self.entries
            .iter()
            .filter(|(profile, forced)| *forced || profile.used_by(triples))
            .map(|(profile, _)| profile.as_ref())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_profiles_parse_and_name_their_namespace() {
        let profiles = bundled();
        assert_eq!(profiles.len(), BUNDLED.len());
        let spec_kit = &profiles[0];
        assert_eq!(spec_kit.name, "spec-kit");
        assert_eq!(spec_kit.namespaces, ["http://github.com/github/spec-kit#"]);
        assert!(spec_kit.triples.len() > 20);
    }

    #[test]
    fn a_profile_is_on_where_its_namespace_is_used() {
        let uses = parse_turtle(
            "@prefix sk: <http://github.com/github/spec-kit#> . <http://e/#t> a sk:Task .",
        )
        .triples;
        let other = parse_turtle("<http://e/#t> <http://e/#p> 1 .").triples;
        let profiles = Profiles::default();
        assert_eq!(profiles.in_force(&uses).len(), 1);
        assert!(profiles.in_force(&other).is_empty());
        let mut forced = Profiles::default();
        forced.force("spec-kit", Path::new(".")).unwrap();
        assert_eq!(forced.in_force(&other).len(), 1);
        let error = forced.force("nope", Path::new(".")).unwrap_err();
        assert!(error.contains("unknown profile `nope`"), "{error}");
    }
}
