//! The fuzz targets on stable, in process, for CI: the committed corpus
//! (`fuzz/corpus/<target>`) and a few thousand deterministic mutations of it
//! (a built-in PRNG: byte flips, Turtle-significant and invalid UTF-8 bytes,
//! truncation, duplication, splicing) through the same one-input functions as
//! `cargo fuzz` (`tests/fuzz_harness`), plus every saved reproducer of
//! `fuzz/regressions/<target>`. A panic fails the test; each distinct one
//! (by location) is reported with its smallest input, written to a file.
//!
//! `FUZZ_SMOKE_ROUNDS=N` changes the number of mutations per target.

mod fuzz_harness;

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, Once};
use std::time::Instant;

/// Mutations per target: about 10-20 s each in a debug build on 2 cores.
const ROUNDS: &[(&str, usize)] = &[
    ("load_check", 1500),
    ("fmt_roundtrip", 3000),
    ("render_context", 800),
    ("record_value", 5000),
];

/// Corpus files larger than this are not run here (a big spec takes a
/// second to check in a debug build), only by `cargo fuzz`.
const MAX_SEED: u64 = 8 * 1024;

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz")
}

/// xorshift64*: deterministic, good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Self(seed | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    /// Uniform-ish in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Bytes that mean something to the Turtle lexer (and to a number).
const SIGNIFICANT: &[u8] = b"<>\"'.;,[]()@^\\#:_-+eE0123456789 \n\t";
/// Tokens worth splicing in whole.
const TOKENS: &[&[u8]] = &[
    b"@prefix ",
    b"@base ",
    b"PREFIX ",
    b"\"\"\"",
    b"'''",
    b"^^xsd:integer",
    b"^^xsd:decimal",
    b"^^xsd:date",
    b"@en",
    b"_:b0",
    b" a ",
    b"<>",
    b"( )",
    b"[ ]",
    b"\\u00e9",
    b"\\U0010FFFF",
    b"1e999999",
    b"99999999999999999999999",
    b"0.1234567890123456789",
    b"\r\n",
];
/// Invalid UTF-8: a lone continuation, a Latin-1 é, a truncated sequence,
/// an encoded surrogate, an overlong form, bytes never in UTF-8.
const INVALID_UTF8: &[&[u8]] = &[
    b"\x80",
    b"\xe9",
    b"\xc3",
    b"\xe2\x82",
    b"\xed\xa0\x80",
    b"\xc0\xaf",
    b"\xff",
    b"\xfe",
];

fn mutate(rng: &mut Rng, seeds: &[Vec<u8>]) -> Vec<u8> {
    let mut data = rng.pick(seeds).clone();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(data.len() + 1);
        match rng.below(9) {
            0 if !data.is_empty() => {
                let i = rng.below(data.len());
                data[i] ^= 1 << rng.below(8);
            }
            1 if !data.is_empty() => {
                let i = rng.below(data.len());
                data[i] = rng.next() as u8;
            }
            2 => data.insert(at, *rng.pick(SIGNIFICANT)),
            3 => {
                let token = rng.pick(TOKENS);
                data.splice(at..at, token.iter().copied());
            }
            4 if !data.is_empty() => {
                let end = (at + 1 + rng.below(64)).min(data.len());
                data.drain(at.min(end)..end);
            }
            5 => data.truncate(at),
            6 if !data.is_empty() => {
                let start = rng.below(data.len());
                let end = (start + 1 + rng.below(256)).min(data.len());
                let copy = data[start..end].to_vec();
                let times = 1 + rng.below(3);
                for _ in 0..times {
                    data.splice(at..at, copy.iter().copied());
                }
            }
            7 => {
                let other = rng.pick(seeds);
                let from = rng.below(other.len() + 1);
                data.truncate(at);
                data.extend_from_slice(&other[from..]);
            }
            _ => {
                let bytes = rng.pick(INVALID_UTF8);
                data.splice(at..at, bytes.iter().copied());
            }
        }
    }
    data
}

/// Panic messages and their locations, as the hook saw them (the payload
/// carries the message, not the location; a panic in a rayon worker comes
/// back to the caller with its payload).
static LOCATIONS: Mutex<BTreeMap<String, String>> = Mutex::new(BTreeMap::new());

fn install_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let message = payload_message(info.payload());
            let location = info
                .location()
                .map_or_else(|| "unknown location".to_owned(), |l| l.to_string());
            if let Ok(mut map) = LOCATIONS.lock() {
                map.insert(message, location);
            }
        }));
    });
}

fn payload_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "(a panic without a message)".to_owned()
    }
}

/// A distinct panic: its location, message and the smallest input seen.
struct Crash {
    message: String,
    input: Vec<u8>,
    origin: String,
    count: usize,
}

#[derive(Default)]
struct Crashes(BTreeMap<String, Crash>);

impl Crashes {
    fn run(&mut self, target: fn(&[u8]), input: &[u8], origin: impl FnOnce() -> String) {
        let Err(payload) = catch_unwind(AssertUnwindSafe(|| target(input))) else {
            return;
        };
        let message = payload_message(payload.as_ref());
        let location = LOCATIONS
            .lock()
            .map(|m| m.get(&message).cloned())
            .ok()
            .flatten()
            .unwrap_or_else(|| "unknown location".to_owned());
        let crash = self.0.entry(location).or_insert_with(|| Crash {
            message: message.clone(),
            input: input.to_vec(),
            origin: origin(),
            count: 0,
        });
        crash.count += 1;
        if input.len() < crash.input.len() {
            crash.input = input.to_vec();
            crash.message = message;
        }
    }

    /// Fails with every distinct panic, each input written to a temp file.
    fn assert_none(self, target: &str, what: &str) {
        if self.0.is_empty() {
            return;
        }
        let mut report = format!("{target}: {} distinct panic(s) in {what}:\n", self.0.len());
        for (n, (location, crash)) in self.0.into_iter().enumerate() {
            // Unique across the tests of this run, which go in parallel.
            static SAVED: AtomicUsize = AtomicUsize::new(0);
            let path = std::env::temp_dir().join(format!(
                "fuzz_smoke-{}-{target}-{n}-{}.bin",
                std::process::id(),
                SAVED.fetch_add(1, Ordering::Relaxed)
            ));
            let saved = match std::fs::write(&path, &crash.input) {
                Ok(()) => path.display().to_string(),
                Err(e) => format!("(not saved: {e})"),
            };
            let message: String = crash.message.chars().take(300).collect();
            report.push_str(&format!(
                "- at {location} ({} input(s)), first from {}: {message}\n  smallest input ({} bytes): {saved}\n",
                crash.count,
                crash.origin,
                crash.input.len()
            ));
        }
        // The hook keeps panics quiet: say it here (shown for a failed test).
        eprintln!("{report}");
        panic!("{report}");
    }
}

fn target(name: &str) -> fn(&[u8]) {
    fuzz_harness::TARGETS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, f)| *f)
        .unwrap_or_else(|| panic!("no fuzz target {name}"))
}

fn smoke(name: &str) {
    install_hook();
    let function = target(name);
    let rounds = std::env::var("FUZZ_SMOKE_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| {
            ROUNDS
                .iter()
                .find(|(n, _)| *n == name)
                .map_or(1000, |r| r.1)
        });
    let all = fuzz_harness::files(&fuzz_dir().join("corpus").join(name));
    assert!(!all.is_empty(), "fuzz/corpus/{name} is empty");
    let (files, large): (Vec<PathBuf>, Vec<PathBuf>) = all
        .into_iter()
        .partition(|f| f.metadata().map_or(0, |m| m.len()) <= MAX_SEED);
    if !large.is_empty() {
        println!(
            "{name}: {} corpus file(s) over {MAX_SEED} bytes left to `cargo fuzz` (too slow in a debug build)",
            large.len()
        );
    }
    assert!(
        !files.is_empty(),
        "no corpus file of fuzz/corpus/{name} is small enough"
    );
    let seeds: Vec<Vec<u8>> = files
        .iter()
        .map(|f| std::fs::read(f).expect("a corpus file reads"))
        .collect();
    let started = Instant::now();
    let mut crashes = Crashes::default();
    for (file, seed) in files.iter().zip(&seeds) {
        crashes.run(function, seed, || format!("corpus file {}", file.display()));
    }
    // The seed depends on the target's name, so each target sees its own sequence.
    let seed = name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    let mut rng = Rng::new(seed);
    for round in 0..rounds {
        let input = mutate(&mut rng, &seeds);
        crashes.run(function, &input, || format!("mutation {round}"));
    }
    println!(
        "{name}: {} corpus files and {rounds} mutations in {:.1} s",
        seeds.len(),
        started.elapsed().as_secs_f64()
    );
    crashes.assert_none(name, "the corpus and its mutations");
}

#[test]
fn load_check_survives_mutations() {
    smoke("load_check");
}

#[test]
fn fmt_roundtrip_survives_mutations() {
    smoke("fmt_roundtrip");
}

#[test]
fn render_context_survives_mutations() {
    smoke("render_context");
}

#[test]
fn record_value_survives_mutations() {
    smoke("record_value");
}

/// Every reproducer saved by a fuzzing session no longer panics.
#[test]
fn regressions_do_not_panic() {
    install_hook();
    let mut failing = Vec::new();
    for (name, function) in fuzz_harness::TARGETS {
        let files = fuzz_harness::files(&fuzz_dir().join("regressions").join(name));
        println!("{name}: {} saved reproducer(s)", files.len());
        let mut crashes = Crashes::default();
        for file in &files {
            let input = std::fs::read(file).expect("a reproducer reads");
            crashes.run(*function, &input, || file.display().to_string());
        }
        if let Err(e) = catch_unwind(AssertUnwindSafe(|| {
            crashes.assert_none(name, "fuzz/regressions")
        })) {
            failing.push(payload_message(e.as_ref()));
        }
    }
    if !failing.is_empty() {
        eprintln!("{}", failing.join("\n"));
        panic!("{}", failing.join("\n"));
    }
}

/// Replays one saved reproducer of `fuzz/regressions/<target>/`.
fn replay(target_name: &str, file: &str) {
    install_hook();
    let path = fuzz_dir().join("regressions").join(target_name).join(file);
    let input = std::fs::read(&path).expect("the reproducer is committed");
    let mut crashes = Crashes::default();
    crashes.run(target(target_name), &input, || path.display().to_string());
    crashes.assert_none(target_name, file);
}

// The panics and property failures known when the fuzzers were added (issue
// 13), now fixed: each replay guards against its return.

/// A `\xe9` byte: the loader's U+FFFD is 3 bytes, the parse-error span 1
/// (`report/human.rs`: "byte index 1 is not a char boundary").
#[test]
fn regression_invalid_utf8_span() {
    replay("load_check", "invalid-utf8-span");
}

/// A syntax error at column 65,537: miette's "Formatting argument out of range".
#[test]
fn regression_column_past_65535() {
    replay("load_check", "column-past-65535");
}

/// `spec record` accepted a 1000-digit integer that `spec check` rejects.
#[test]
fn regression_record_refuses_1000_digit_integer() {
    replay("record_value", "integer-1000-digits");
}

/// `spec record` accepted 19 fraction digits, past xsd:decimal's 18 in oxsdatatypes.
#[test]
fn regression_record_refuses_19_fraction_digits() {
    replay("record_value", "decimal-19-fraction-digits");
}
