//! Filters for markdown templates. Each is small and total: any value in,
//! text out, so a template never fails on odd data.

use minijinja::value::Value;
use std::borrow::Cow;

/// Escapes text for a markdown table cell: pipes, and line breaks as `<br>`.
///
/// One pass, and none when there is nothing to escape (most cells): it ran
/// for every cell of every table, 1,300 instructions a call as four
/// `replace`s.
pub fn cell(value: Value) -> String {
    cell_text(&text_of(&value)).into_owned()
}

/// `cell` on a string: borrowed when there is nothing to escape.
pub fn cell_text(text: &str) -> Cow<'_, str> {
    if !text.contains(['\\', '|', '\n']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '|' => out.push_str("\\|"),
            '\r' if chars.peek() == Some(&'\n') => {
                chars.next();
                out.push_str("<br>");
            }
            '\n' => out.push_str("<br>"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A Mermaid node id: letters, digits and `_` only (`:task-7.1` → `task_7_1`).
pub fn mermaid_id(value: Value) -> String {
    mermaid_id_text(&text_of(&value))
}

/// `mermaid_id` on a string.
pub fn mermaid_id_text(text: &str) -> String {
    let mut id: String = text
        .trim_start_matches(':')
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if id.is_empty() || id.starts_with(|c: char| c.is_ascii_digit()) {
        id.insert(0, 'n');
    }
    id
}

/// A Mermaid label: no characters that end a label or a gantt field
/// (`:` `;` `#` quotes, brackets), on one line.
pub fn mermaid_label(value: Value) -> String {
    mermaid_label_text(&text_of(&value))
}

/// `mermaid_label` on a string.
pub fn mermaid_label_text(text: &str) -> String {
    let cleaned: String =
        text.chars()
            .map(|c| match c {
                ':' | ';' | '#' | '"' | '`' | '[' | ']' | '(' | ')' | '{' | '}' | '<' | '>'
                | '|' => ' ',
                '\n' | '\r' | '\t' => ' ',
                c => c,
            })
            .collect();
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `42%` (one decimal at most), or `–` for no value.
pub fn percent(value: Value) -> String {
    percent_of(number_of(&value))
}

/// `percent` on a number.
pub fn percent_of(value: Option<f64>) -> String {
    match value.filter(|v| v.is_finite()) {
        Some(v) => format!(
            "{}%",
            crate::model::format_number((v * 10.0).round() / 10.0)
        ),
        None => "–".to_owned(),
    }
}

/// `2.4 days`, `1 day`, or `–`.
pub fn days(value: Value) -> String {
    days_of(number_of(&value))
}

/// `days` on a number.
pub fn days_of(value: Option<f64>) -> String {
    match value.filter(|v| v.is_finite()) {
        Some(v) => crate::model::format_days(v),
        None => "–".to_owned(),
    }
}

/// A number as a person writes it (`41`, `2.5`), or `–`.
pub fn number(value: Value) -> String {
    number_text(number_of(&value))
}

/// `number` on a number.
pub fn number_text(value: Option<f64>) -> String {
    match value.filter(|v| v.is_finite()) {
        Some(v) => crate::model::format_number(v),
        None => "–".to_owned(),
    }
}

/// `[x]` or `[ ]` for a checklist.
pub fn checkbox(value: Value) -> String {
    checkbox_of(value.is_true()).to_owned()
}

/// `checkbox` on a flag.
pub fn checkbox_of(checked: bool) -> &'static str {
    if checked {
        "[x]"
    } else {
        "[ ]"
    }
}

/// Text or `–` when the value is missing (none or undefined).
pub fn or_dash(value: Value) -> String {
    if value.is_none() || value.is_undefined() {
        "–".to_owned()
    } else {
        text_of(&value)
    }
}

/// A value with its unit: `90%`, `12 s`, `3 agents`, `1 agent` (a plural
/// unit word in the singular for exactly one).
pub fn quantity(value: Value, unit: Option<Value>) -> String {
    let unit = unit.map(|u| text_of(&u)).unwrap_or_default();
    quantity_of(number_of(&value), &unit)
}

/// `quantity` on a number and a unit (empty for none).
pub fn quantity_of(value: Option<f64>, unit: &str) -> String {
    let number = number_text(value);
    if unit.is_empty() {
        return number;
    }
    if unit == "%" {
        return format!("{number}%");
    }
    let plural_word = unit.len() >= 4
        && unit.ends_with('s')
        && !unit.ends_with("ss")
        && unit.chars().all(char::is_alphabetic);
    if number == "1" && plural_word {
        format!("1 {}", &unit[..unit.len() - 1])
    } else {
        format!("{number} {unit}")
    }
}

/// Text cut at about `limit` characters (default 200), at a word, with an
/// ellipsis: computed prose (a criterion's reasons) can list a hundred tasks.
pub fn shorten(value: Value, limit: Option<usize>) -> String {
    shorten_text(&text_of(&value), limit.unwrap_or(200))
}

/// `shorten` on a string.
pub fn shorten_text(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_owned();
    }
    let cut: String = text.chars().take(limit).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', ';', ' ']))
}

/// Text on one line: every run of white space (line breaks included) as one
/// space, for a list item or a heading.
pub fn oneline(value: Value) -> String {
    oneline_text(&text_of(&value))
}

/// `oneline` on a string.
pub fn oneline_text(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A status with its mark: `✅ Done`, `🔄 Active`, `⛔ Blocked`, `⏳ Pending`,
/// `✅ Passed`, `❌ Failed`; any other status as it is; `–` for none.
///
/// This and the filters below were macros of `macros.j2` (which still has
/// them, for templates that import it): a macro call in a table row, per
/// task, was about a tenth of the CPU of `spec render` (`perf`).
pub fn status(value: Value) -> String {
    match value.as_str() {
        Some(text) => status_of(Some(text)).to_owned(),
        None if value.is_true() => value.to_string(),
        None => "–".to_owned(),
    }
}

/// `status` on a status's text.
pub fn status_of(value: Option<&str>) -> &str {
    match value {
        Some("Done") => "✅ Done",
        Some("Active") => "🔄 Active",
        Some("Blocked") => "⛔ Blocked",
        Some("Pending") => "⏳ Pending",
        Some("Passed") => "✅ Passed",
        Some("Failed") => "❌ Failed",
        Some(other) if !other.is_empty() => other,
        _ => "–",
    }
}

/// A task's readiness in words: `done`, `under way`, `**ready to start**`,
/// `**blocked**`.
pub fn readiness(value: Value) -> String {
    readiness_of(value.as_str().unwrap_or_default()).to_owned()
}

/// `readiness` on a readiness's text.
pub fn readiness_of(value: &str) -> &'static str {
    match value {
        "done" => "done",
        "active" => "under way",
        "ready" => "**ready to start**",
        _ => "**blocked**",
    }
}

/// An agent reference's label, or `unassigned` for none.
pub fn agent(value: Value) -> Result<String, minijinja::Error> {
    if !value.is_true() {
        return Ok("unassigned".to_owned());
    }
    let label = value.get_attr("label")?;
    if label.is_undefined() {
        return Err(minijinja::Error::new(
            minijinja::ErrorKind::UndefinedError,
            "agent: the value has no label",
        ));
    }
    Ok(label.to_string())
}

/// A gate's state with its mark: `✅ passed`, `❌ failed`, `⏳ pending`, or `–`.
pub fn gate_state(value: Value) -> String {
    gate_state_of(value.as_str()).to_owned()
}

/// `gate_state` on a state's text.
pub fn gate_state_of(value: Option<&str>) -> &'static str {
    match value {
        Some("passed") => "✅ passed",
        Some("failed") => "❌ failed",
        Some("pending") => "⏳ pending",
        _ => "–",
    }
}

/// A metric's state with its mark: `✅ met`, `❌ not met`, `✅ within limit`,
/// `❌ over limit`, or `⏳ unmeasured`.
pub fn metric_state(value: Value) -> String {
    metric_state_of(value.as_str()).to_owned()
}

/// `metric_state` on a state's text.
pub fn metric_state_of(value: Option<&str>) -> &'static str {
    match value {
        Some("met") => "✅ met",
        Some("not met") => "❌ not met",
        Some("within limit") => "✅ within limit",
        Some("over limit") => "❌ over limit",
        _ => "⏳ unmeasured",
    }
}

/// A count and a word that agrees with it: `1 task`, `3 tasks`.
pub fn plural(count: Value, word: Value) -> String {
    let ending = if number_of(&count) == Some(1.0) {
        ""
    } else {
        "s"
    };
    format!("{count} {word}{ending}")
}

/// `plural` on a count.
pub fn plural_of(count: usize, word: &str) -> String {
    let ending = if count == 1 { "" } else { "s" };
    format!("{count} {word}{ending}")
}

fn number_of(value: &Value) -> Option<f64> {
    if value.is_none() || value.is_undefined() {
        return None;
    }
    f64::try_from(value.clone()).ok().filter(|v| v.is_finite())
}

fn text_of(value: &Value) -> String {
    if value.is_none() || value.is_undefined() {
        String::new()
    } else if let Some(s) = value.as_str() {
        s.to_owned()
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_is_escaped_as_the_four_replaces_did() {
        let replaced = |text: &str| {
            text.replace('\\', "\\\\")
                .replace('|', "\\|")
                .replace("\r\n", "<br>")
                .replace('\n', "<br>")
        };
        for text in [
            "",
            "plain",
            "a|b",
            "\\|",
            "\\\\n",
            "one\r\ntwo\nthree\rfour",
            "\r",
            "\r\r\n\n",
            "ends with \\",
            "é | ü\n",
            "|\r\n|",
        ] {
            assert_eq!(cell(Value::from(text)), replaced(text), "{text:?}");
        }
        assert_eq!(cell(Value::from(42)), "42");
        assert_eq!(cell(Value::from(())), "");
    }

    #[test]
    fn escapes_for_markdown_and_mermaid() {
        assert_eq!(cell(Value::from("a | b\nc")), "a \\| b<br>c");
        assert_eq!(mermaid_id(Value::from(":task-7.1")), "task_7_1");
        assert_eq!(mermaid_id(Value::from("7-up")), "n7_up");
        assert_eq!(
            mermaid_label(Value::from("Task 7.1: Build (infra)")),
            "Task 7.1 Build infra"
        );
        assert_eq!(percent(Value::from(99.44)), "99.4%");
        assert_eq!(days(Value::from(1.0)), "1 day");
        assert_eq!(days(Value::from(2.4)), "2.4 days");
        assert_eq!(or_dash(Value::from(())), "–");
    }

    #[test]
    fn shorten_cuts_at_a_word() {
        assert_eq!(shorten(Value::from("a b c"), Some(10)), "a b c");
        assert_eq!(
            shorten(Value::from("alpha beta gamma; delta"), Some(12)),
            "alpha beta…"
        );
    }

    #[test]
    fn quantities_agree_in_number() {
        let q = |v: f64, u: &str| quantity(Value::from(v), Some(Value::from(u)));
        assert_eq!(q(1.0, "agents"), "1 agent");
        assert_eq!(q(13.0, "agents"), "13 agents");
        assert_eq!(q(1.0, "ms"), "1 ms");
        assert_eq!(q(1.0, "process"), "1 process");
        assert_eq!(q(96.5, "%"), "96.5%");
        assert_eq!(quantity(Value::from(2.5), None), "2.5");
    }

    #[test]
    fn oneline_joins_lines_and_spaces() {
        assert_eq!(oneline(Value::from("a\n  b\tc ")), "a b c");
        assert_eq!(oneline(Value::from(())), "");
    }

    #[test]
    fn marks_as_the_macros_gave_them() {
        assert_eq!(status(Value::from("Done")), "✅ Done");
        assert_eq!(status(Value::from("Review")), "Review");
        assert_eq!(status(Value::from(())), "–");
        assert_eq!(status(Value::from("")), "–");
        assert_eq!(readiness(Value::from("ready")), "**ready to start**");
        assert_eq!(readiness(Value::from("blocked")), "**blocked**");
        assert_eq!(gate_state(Value::from("failed")), "❌ failed");
        assert_eq!(gate_state(Value::from(())), "–");
        assert_eq!(metric_state(Value::from("over limit")), "❌ over limit");
        assert_eq!(metric_state(Value::from(())), "⏳ unmeasured");
        assert_eq!(plural(Value::from(1), Value::from("task")), "1 task");
        assert_eq!(plural(Value::from(0), Value::from("task")), "0 tasks");
        let agent_ref = Value::from_serialize(std::collections::BTreeMap::from([("label", "Ana")]));
        assert_eq!(agent(agent_ref).unwrap(), "Ana");
        assert_eq!(agent(Value::from(())).unwrap(), "unassigned");
        assert!(
            agent(Value::from_serialize(std::collections::BTreeMap::from([(
                "id", "a"
            )])))
            .is_err()
        );
    }
}
