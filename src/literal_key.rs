//! A literal as a hash-map key that a borrowed literal can look up: the
//! interning dictionaries (the dataset's, `load/dataset.rs`, and the SHACL
//! graph's, `shacl/graph.rs`) find a `LiteralRef` without building an owned
//! `Literal` for each lookup (two strings copied, then dropped).

use oxrdf::{Literal, LiteralRef};
use std::borrow::Borrow;
use std::hash::{Hash, Hasher};

/// An owned literal as a key; look it up with `&literal_ref as &dyn AsLiteral`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LiteralKey(pub Literal);

/// A literal, owned or borrowed, as the dictionaries hash and compare it.
pub(crate) trait AsLiteral {
    fn literal(&self) -> LiteralRef<'_>;
}

impl AsLiteral for LiteralKey {
    fn literal(&self) -> LiteralRef<'_> {
        self.0.as_ref()
    }
}

impl AsLiteral for LiteralRef<'_> {
    fn literal(&self) -> LiteralRef<'_> {
        *self
    }
}

impl Hash for LiteralKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.literal().hash(state);
    }
}

impl Hash for dyn AsLiteral + '_ {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.literal().hash(state);
    }
}

impl PartialEq for dyn AsLiteral + '_ {
    fn eq(&self, other: &Self) -> bool {
        self.literal() == other.literal()
    }
}

impl Eq for dyn AsLiteral + '_ {}

impl<'a> Borrow<dyn AsLiteral + 'a> for LiteralKey {
    fn borrow(&self) -> &(dyn AsLiteral + 'a) {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxrdf::vocab::xsd;

    #[test]
    fn a_borrowed_literal_finds_its_owned_key() {
        let mut map = rustc_hash::FxHashMap::default();
        map.insert(LiteralKey(Literal::new_simple_literal("2")), 1);
        map.insert(LiteralKey(Literal::new_typed_literal("2", xsd::INTEGER)), 2);
        map.insert(
            LiteralKey(Literal::new_language_tagged_literal_unchecked("two", "en")),
            3,
        );
        let get = |l: LiteralRef<'_>| map.get(&l as &dyn AsLiteral).copied();
        assert_eq!(get(LiteralRef::new_simple_literal("2")), Some(1));
        assert_eq!(
            get(LiteralRef::new_typed_literal("2", xsd::INTEGER)),
            Some(2)
        );
        assert_eq!(
            get(LiteralRef::new_language_tagged_literal_unchecked(
                "two", "en"
            )),
            Some(3)
        );
        assert_eq!(get(LiteralRef::new_typed_literal("2", xsd::DECIMAL)), None);
        assert_eq!(
            get(LiteralRef::new_language_tagged_literal_unchecked(
                "two", "fr"
            )),
            None
        );
    }
}
