//! GitHub Actions workflow commands: one `::error …::message` line per finding,
//! which Actions turns into annotations on the pull request.

use crate::finding::{Finding, Severity};
use std::fmt::Write;

/// Escapes a command's message (its data): `%`, CR and LF.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command's property value: as data, plus `:` and `,`.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(findings: &[&Finding]) -> String {
    let mut out = String::new();
    for finding in findings {
        let command = match finding.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut properties = Vec::new();
        if let Some(location) = &finding.location {
            properties.push(format!("file={}", escape_property(&location.file)));
            properties.push(format!("line={}", location.line));
            properties.push(format!("col={}", location.column));
        }
        properties.push(format!(
            "title={}",
            escape_property(&format!("spec {}", finding.code))
        ));
        let mut message = finding.message.clone();
        if let Some(help) = &finding.help {
            message = format!("{message}\nhelp: {help}");
        }
        let _ = writeln!(
            out,
            "::{command} {}::{}",
            properties.join(","),
            escape_data(&message)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_github_documents() {
        assert_eq!(escape_data("100% done\r\nnext"), "100%25 done%0D%0Anext");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
