//! A SPARQL store over HTTP: the SPARQL 1.1 Protocol (queries and updates)
//! and the SPARQL 1.1 Graph Store Protocol (a named graph replaced with
//! `PUT ?graph=…`, removed with `DELETE ?graph=…`). Any store that speaks
//! them will do: Oxigraph server, Apache Jena Fuseki, GraphDB, Virtuoso….
//!
//! Credentials come from the environment only, never from a flag or a file,
//! and are never printed: `SPEC_ENDPOINT_TOKEN` (a bearer token), or
//! `SPEC_ENDPOINT_USER` and `SPEC_ENDPOINT_PASSWORD` (basic). A request that
//! fails to connect, or gets a 5xx answer, is tried again after 0.5 s and 1 s;
//! every request has a time limit.

use crate::failure::Failure;
use std::io::Read;
use std::time::Duration;

/// Where the store's three services are.
#[derive(Debug, Clone)]
pub struct Endpoint {
    pub query: String,
    pub update: String,
    pub store: String,
    timeout: Duration,
    authorization: Option<String>,
}

/// A store's answer: status and body.
pub struct Answer {
    pub status: u16,
    pub body: String,
}

const ATTEMPTS: u32 = 3;

impl Endpoint {
    /// The services of a store at `base` (`http://127.0.0.1:7878` for
    /// Oxigraph server): `base/query`, `base/update` and `base/store`,
    /// each replaceable (Fuseki's graph store is `base/data`).
    pub fn new(
        base: &str,
        query: Option<&str>,
        update: Option<&str>,
        store: Option<&str>,
        timeout: Duration,
    ) -> Result<Self, Failure> {
        let base = base.trim_end_matches('/');
        if !(base.starts_with("http://") || base.starts_with("https://")) {
            return Err(Failure::new(format!(
                "--endpoint {base}: not an http:// or https:// URL"
            )));
        }
        let service = |given: Option<&str>, path: &str| {
            given.map_or_else(|| format!("{base}/{path}"), str::to_owned)
        };
        Ok(Self {
            query: service(query, "query"),
            update: service(update, "update"),
            store: service(store, "store"),
            timeout,
            authorization: authorization()?,
        })
    }

    fn agent(&self) -> ureq::Agent {
        ureq::Agent::config_builder()
            .timeout_global(Some(self.timeout))
            .http_status_as_error(false)
            .build()
            .into()
    }

    /// Sends a request (built by `make` on each attempt), trying again on a
    /// connection failure or a 5xx answer; any other answer is returned.
    fn send(
        &self,
        what: &str,
        url: &str,
        make: &dyn Fn(&ureq::Agent) -> Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> Result<Answer, Failure> {
        let agent = self.agent();
        let mut last = String::new();
        for attempt in 0..ATTEMPTS {
            if attempt > 0 {
                std::thread::sleep(Duration::from_millis(500 << (attempt - 1)));
            }
            match make(&agent) {
                Ok(mut response) => {
                    let status = response.status().as_u16();
                    let mut body = String::new();
                    let _ = response.body_mut().as_reader().read_to_string(&mut body);
                    if status >= 500 {
                        last = format!("{status} {}", first_line(&body));
                        continue;
                    }
                    return Ok(Answer { status, body });
                }
                Err(ureq::Error::Timeout(_)) => {
                    return Err(Failure::new(format!(
                        "{what}: {url} did not answer within {} s",
                        self.timeout.as_secs_f64()
                    ))
                    .with_help(
                        "check that the store is running, or give it more time with --http-timeout",
                    ));
                }
                Err(error) => last = error.to_string(),
            }
        }
        Err(Failure::new(format!(
            "{what}: {url} failed after {ATTEMPTS} attempts: {last}"
        ))
        .with_help("check the URL and that the store is running (`spec publish --help` lists the service URLs)"))
    }

    fn with_auth<B>(&self, request: ureq::RequestBuilder<B>) -> ureq::RequestBuilder<B> {
        match &self.authorization {
            Some(value) => request.header("Authorization", value),
            None => request,
        }
    }

    /// Replaces the named graph `graph` with `ntriples` (GSP `PUT`).
    pub fn put_graph(&self, graph: &str, ntriples: &str) -> Result<(), Failure> {
        let answer = self.send("publishing", &self.store, &|agent| {
            self.with_auth(agent.put(&self.store))
                .query("graph", graph)
                .header("Content-Type", "application/n-triples")
                .send(ntriples)
        })?;
        expect_success("publishing", &self.store, &answer)
    }

    /// Removes the named graph `graph` (GSP `DELETE`); a graph that is not
    /// there is not an error.
    pub fn delete_graph(&self, graph: &str) -> Result<(), Failure> {
        let answer = self.send("removing a graph", &self.store, &|agent| {
            self.with_auth(agent.delete(&self.store))
                .query("graph", graph)
                .call()
        })?;
        if answer.status == 404 {
            return Ok(());
        }
        expect_success("removing a graph", &self.store, &answer)
    }

    /// Runs a query; the store's answer in `accept` (SPARQL JSON results,
    /// N-Triples).
    pub fn query(&self, query: &str, accept: &str) -> Result<String, Failure> {
        let answer = self.send("the query", &self.query, &|agent| {
            self.with_auth(agent.post(&self.query))
                .header("Content-Type", "application/sparql-query")
                .header("Accept", accept)
                .send(query)
        })?;
        expect_success("the query", &self.query, &answer)?;
        Ok(answer.body)
    }

    /// Runs an update.
    pub fn update(&self, update: &str) -> Result<(), Failure> {
        let answer = self.send("the update", &self.update, &|agent| {
            self.with_auth(agent.post(&self.update))
                .header("Content-Type", "application/sparql-update")
                .send(update)
        })?;
        expect_success("the update", &self.update, &answer)
    }
}

fn first_line(body: &str) -> &str {
    body.lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim()
}

/// A 2xx answer, or an error that says what the store said.
fn expect_success(what: &str, url: &str, answer: &Answer) -> Result<(), Failure> {
    match answer.status {
        200..=299 => Ok(()),
        401 | 403 => Err(Failure::new(format!(
            "{what}: {url} refused the credentials ({})",
            answer.status
        ))
        .with_help(
            "set SPEC_ENDPOINT_TOKEN (bearer), or SPEC_ENDPOINT_USER and SPEC_ENDPOINT_PASSWORD (basic)",
        )),
        status => Err(Failure::new(format!(
            "{what}: {url} answered {status}: {}",
            first_line(&answer.body)
        ))),
    }
}

/// The `Authorization` header from the environment, if any.
fn authorization() -> Result<Option<String>, Failure> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    if let Some(token) = var("SPEC_ENDPOINT_TOKEN") {
        return Ok(Some(format!("Bearer {token}")));
    }
    match (var("SPEC_ENDPOINT_USER"), var("SPEC_ENDPOINT_PASSWORD")) {
        (Some(user), Some(password)) => Ok(Some(format!(
            "Basic {}",
            base64(format!("{user}:{password}").as_bytes())
        ))),
        (Some(_), None) | (None, Some(_)) => Err(Failure::new(
            "set both SPEC_ENDPOINT_USER and SPEC_ENDPOINT_PASSWORD, or neither",
        )),
        (None, None) => Ok(None),
    }
}

/// Standard base64 with padding (RFC 4648), for basic authentication.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648() {
        for (input, expected) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("user:pässword", "dXNlcjpww6Rzc3dvcmQ="),
        ] {
            assert_eq!(base64(input.as_bytes()), expected, "{input}");
        }
    }

    #[test]
    fn services_derive_from_the_base_unless_given() {
        let e = Endpoint::new(
            "http://h:7878/",
            None,
            None,
            Some("http://h:7878/data"),
            Duration::from_secs(1),
        )
        .unwrap();
        assert_eq!(e.query, "http://h:7878/query");
        assert_eq!(e.update, "http://h:7878/update");
        assert_eq!(e.store, "http://h:7878/data");
        assert!(Endpoint::new("ftp://h", None, None, None, Duration::from_secs(1)).is_err());
    }
}
