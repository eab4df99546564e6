//! Tables quoted in a report: SQL `INSERT … (columns) VALUES (…)` and CSV/TSV (or `;`/`|`-separated) text whose first row names the
//! columns. A column's name says what every value under it is (`dob`, `date_naissance`,
//! `passport_no`, `adresse`, `diagnostic`, `salaire`, `pnr`, `mot_de_passe`…), so each non-empty cell of such a
//! column is a finding of that kind, whatever its shape (a value must still fit the kind:
//! `validators::value_fits`). A record shown as a two-column Markdown table (`| dob | 1979-10-03 |`)
//! is read the same way, its first cell naming its second.

use super::ctx::Verdict;
use super::engine::Hit;
use super::rules::RULES;
use super::validators::{fold_name, named_category, phone_digits, published_row, value_fits};
use super::Category;

/// The rule a table cell's finding is reported under, by category.
pub(crate) fn rule_for(category: Category) -> Option<usize> {
    let id = match category {
        Category::PasswordAssignment => "password-table-column",
        Category::PhoneNumber => "phone-keyword",
        Category::DateOfBirth => "date-of-birth-column",
        Category::IdentityDocument => "named-identity-document",
        Category::PostalAddress => "named-postal-address",
        Category::HealthData => "named-health-data",
        Category::EmploymentData => "named-employment-data",
        Category::TaxRecord => "named-tax-record",
        Category::TravelRecord => "named-travel-record",
        Category::SessionCookie => "session-id",
        _ => return None,
    };
    RULES.iter().position(|r| r.id == id)
}

/// A named cell's hit, if its value fits the kind its column names: a phone number judged by its
/// digits too (a fiction range is documentation, a switchboard's round number no one's), and a
/// contact in a row that says it is published (`Standard,Accueil,…`) is none.
pub(crate) fn cell_hit(cat: Category, rule: usize, text: &str, s: usize, e: usize, row: &str) -> Option<Hit> {
    let v = text.as_bytes().get(s..e).filter(|v| !v.is_empty())?;
    let verdict = if cat == Category::PhoneNumber { phone_digits(v) } else { Verdict::Real };
    let contact = matches!(cat, Category::PhoneNumber | Category::PostalAddress);
    (verdict != Verdict::Reject && value_fits(cat, v) && !(contact && published_row(row))).then_some(Hit {
        start: s,
        end: e,
        rule,
        example: verdict == Verdict::Example,
        encoding: None,
    })
}

/// Each line of `text` with its byte offset, without its `\r\n` or `\n`.
fn lines_of(text: &str) -> Vec<(usize, &str)> {
    let mut lines = Vec::new();
    let mut pos = 0;
    for l in text.split('\n') {
        lines.push((pos, l.strip_suffix('\r').unwrap_or(l)));
        pos += l.len() + 1;
    }
    lines
}

/// A column of session ids (`session_id`, `sessionid`, `sid`, `session_token`).
fn session_column(name: &str) -> bool {
    matches!(fold_name(name.trim()).as_str(), "session_id" | "sessionid" | "sid" | "session_key" | "session_token")
}

/// The first `;` of `sql` outside single-quoted strings (`''` and MySQL's `\'` escape a quote
/// inside one).
fn unquoted_semicolon(sql: &str) -> Option<usize> {
    let (mut quoted, mut escaped) = (false, false);
    for (i, b) in sql.bytes().enumerate() {
        match b {
            _ if escaped => escaped = false,
            b'\\' if quoted => escaped = true,
            b'\'' => quoted = !quoted,
            b';' if !quoted => return Some(i),
            _ => {}
        }
    }
    None
}

/// The byte range `s..e` of `b` without the ASCII whitespace at either end.
pub(crate) fn trim_ascii_ws(b: &[u8], mut s: usize, mut e: usize) -> (usize, usize) {
    while s < e && b[s].is_ascii_whitespace() {
        s += 1;
    }
    while e > s && b[e - 1].is_ascii_whitespace() {
        e -= 1;
    }
    (s, e)
}

/// Splits a row on `sep`, honouring double quotes; byte ranges of the cells (quotes excluded).
fn cells(line: &str, base: usize, sep: u8) -> Vec<(usize, usize)> {
    let b = line.as_bytes();
    let (mut out, mut i, mut start, mut quoted) = (Vec::new(), 0, 0, false);
    while i <= b.len() {
        if i == b.len() || b[i] == sep && !quoted {
            let (mut s, mut e) = trim_ascii_ws(b, start, i);
            if e > s + 1 && b[s] == b'"' && b[e - 1] == b'"' {
                s += 1;
                e -= 1;
            }
            out.push((base + s, base + e));
            start = i + 1;
        } else if b[i] == b'"' {
            quoted = !quoted;
        }
        i += 1;
    }
    out
}

/// Findings for the cells of every named column of every table in `text`.
pub(crate) fn table_hits(text: &str) -> Vec<Hit> {
    let mut out = Vec::new();
    let lines = lines_of(text);
    let mut i = 0;
    while i + 1 < lines.len() {
        let (hpos, header) = lines[i];
        // One pass over the line: separator counts, and out at the first byte no header holds
        // (prose and logs leave here, before anything is allocated).
        let mut counts = [0usize; 4];
        let headerish = header.len() <= 2000
            && header.bytes().all(|b| match b {
                b',' => {
                    counts[0] += 1;
                    true
                }
                b'\t' => {
                    counts[1] += 1;
                    true
                }
                b';' => {
                    counts[2] += 1;
                    true
                }
                b'|' => {
                    counts[3] += 1;
                    true
                }
                b if b.is_ascii_alphanumeric() || b >= 0x80 => true,
                b' ' | b'_' | b'-' | b'.' | b'\'' | b'/' | b'(' | b')' | b'#' | b'"' => true,
                _ => false,
            });
        let k = (0..4).max_by_key(|&k| counts[k]).unwrap_or(0);
        let (sep, n) = ([b',', b'\t', b';', b'|'][k], counts[k]);
        // A header is followed by a row with as many separators.
        if !headerish || n < 2 || lines[i + 1].1.bytes().filter(|&b| b == sep).count() < n {
            i += 1;
            continue;
        }
        let names = md_trim(cells(header, hpos, sep), header, sep);
        let wordy = names.iter().all(|&(s, e)| {
            let name = &text[s..e];
            !name.is_empty()
                && name.len() <= 40
                && name.chars().all(|c| c.is_alphanumeric() || " _-.'/()#°".contains(c))
                && name.chars().any(char::is_alphabetic)
        });
        if !wordy {
            i += 1;
            continue;
        }
        // A network flow's session (`src_ip,dst_ip,dst_port,…,session_id`) is no web session.
        let flows = names.iter().any(|&(s, e)| {
            let n = fold_name(&text[s..e]);
            n.contains("src_ip") || n.contains("dst_ip") || n.contains("port")
        });
        let columns: Vec<Option<(Category, usize)>> = names
            .iter()
            .map(|&(s, e)| {
                let name = &text[s..e];
                let session = session_column(name) && !flows;
                let cat = if session { Some(Category::SessionCookie) } else { named_category(name) };
                cat.and_then(|c| rule_for(c).map(|r| (c, r)))
            })
            .collect();
        let mut j = i + 1;
        while j < lines.len() {
            let (rpos, row) = lines[j];
            let row_cells = md_trim(cells(row, rpos, sep), row, sep);
            // A row may end with the separator (`…,14C,`): one more, empty cell.
            let trailing = row_cells.len() == names.len() + 1 && row_cells.last().is_some_and(|&(s, e)| e <= s);
            if row.trim().is_empty() || row_cells.len() != names.len() && !trailing {
                break;
            }
            // A Markdown table's rule line (`|---|:--:|`).
            if row.bytes().all(|b| matches!(b, b'|' | b'-' | b':' | b' ' | b'\t')) {
                j += 1;
                continue;
            }
            for (k, &(s, e)) in row_cells.iter().enumerate() {
                if let Some(Some((cat, rule))) = columns.get(k) {
                    out.extend(cell_hit(*cat, *rule, text, s, e, row));
                }
            }
            j += 1;
        }
        i = if j > i + 1 { j } else { i + 1 };
    }
    out.extend(field_table_hits(text));
    out.extend(declared_column_hits(text));
    out.extend(super::markup::markup_hits(text));
    out.extend(super::markup::copy_hits(text));
    out
}

/// Rows pasted without a header row, whose columns a sentence names just above or just below
/// them (`Extrait de adherents.tsv, colonnes : nom, adresse, code postal, ville, date de
/// naissance`, `(no header row in the paste; columns are name, NI number, salary, DOB)`): each
/// row of tab-, `;`- or `|`-separated cells, as many as the names, is read under them.
fn declared_column_hits(text: &str) -> Vec<Hit> {
    const CUES: &[&str] =
        &["colonnes :", "colonnes:", "colonnes\u{a0}:", "columns:", "columns :", "columns are", "colonnes sont"];
    let mut out = Vec::new();
    // Out fast, without a lowered copy of the text: `olumns` / `olonnes` (any first letter's case).
    let b = text.as_bytes();
    if memchr::memmem::find(b, b"olumns").is_none() && memchr::memmem::find(b, b"olonnes").is_none() {
        return out;
    }
    let lines = lines_of(text);
    for (i, &(_, line)) in lines.iter().enumerate() {
        let low = line.to_ascii_lowercase();
        let Some((at, cue)) = CUES.iter().find_map(|c| low.find(c).map(|a| (a, c.len()))) else { continue };
        let list = &line[at + cue..];
        let list = list.split(')').next().unwrap_or(list).trim().trim_end_matches('.');
        let names: Vec<&str> = list
            .split(',')
            .map(|n| n.trim().trim_start_matches("and ").trim_start_matches("et ").trim())
            .filter(|n| !n.is_empty())
            .collect();
        if names.len() < 3 || names.iter().any(|n| n.len() > 40) {
            continue;
        }
        let columns: Vec<Option<(Category, usize)>> =
            names.iter().map(|n| named_category(n).and_then(|c| rule_for(c).map(|r| (c, r)))).collect();
        if columns.iter().all(Option::is_none) {
            continue;
        }
        // The rows: the contiguous lines below the sentence, else those above it.
        let fits = |l: &str| {
            [b'\t', b';', b'|'].iter().find(|&&sep| l.bytes().filter(|&b| b == sep).count() + 1 == names.len()).copied()
        };
        let below: Vec<usize> = (i + 1..lines.len()).take_while(|&j| fits(lines[j].1).is_some()).collect();
        let rows =
            if below.is_empty() { (0..i).rev().take_while(|&j| fits(lines[j].1).is_some()).collect() } else { below };
        for j in rows {
            let (rpos, row) = lines[j];
            let Some(sep) = fits(row) else { continue };
            for (k, (s, e)) in cells(row, rpos, sep).into_iter().enumerate() {
                if let Some(Some((cat, rule))) = columns.get(k) {
                    out.extend(cell_hit(*cat, *rule, text, s, e, row));
                }
            }
        }
    }
    out
}

/// A Markdown row (`| a | b |`): the empty cells outside its first and last pipe are no columns.
fn md_trim(mut cells: Vec<(usize, usize)>, line: &str, sep: u8) -> Vec<(usize, usize)> {
    let t = line.trim();
    if sep == b'|' && t.starts_with('|') && cells.len() > 1 && cells[0].0 == cells[0].1 {
        cells.remove(0);
    }
    if sep == b'|' && t.ends_with('|') && cells.len() > 1 && cells.last().is_some_and(|c| c.0 == c.1) {
        cells.pop();
    }
    cells
}

/// Findings for the second cell of `| name | value |` rows (a record shown as a two-column
/// Markdown table, `Champ | Valeur`): the first cell names the second.
fn field_table_hits(text: &str) -> Vec<Hit> {
    let mut out = Vec::new();
    // `|\n` or `|\r\n` somewhere, in one memchr pass (this runs on every scan; two substring
    // searches over the whole text were ~6 % of scanning report prose).
    let b = text.as_bytes();
    let row_end =
        |j: usize| b.get(j + 1) == Some(&b'\n') || b.get(j + 1) == Some(&b'\r') && b.get(j + 2) == Some(&b'\n');
    if !memchr::memchr_iter(b'|', b).any(row_end) {
        return out;
    }
    let mut pos = 0;
    for l in text.split('\n') {
        let line = l.strip_suffix('\r').unwrap_or(l);
        let base = pos;
        pos += l.len() + 1;
        let t = line.trim();
        if !(t.starts_with('|') && t.ends_with('|')) || t.len() < 5 {
            continue;
        }
        let row = md_trim(cells(line, base, b'|'), line, b'|');
        if row.len() != 2 {
            continue;
        }
        let (name, (s, e)) = (&text[row[0].0..row[0].1], row[1]);
        let name = name.trim_matches('`').trim_matches('*');
        let Some((cat, rule)) = named_category(name).and_then(|c| rule_for(c).map(|r| (c, r))) else { continue };
        let (s, e) = strip_code(text, s, e);
        out.extend(cell_hit(cat, rule, text, s, e, line));
    }
    out
}

/// A cell's value without the backticks of inline code.
fn strip_code(text: &str, s: usize, e: usize) -> (usize, usize) {
    let b = text.as_bytes();
    if e > s + 1 && b[s] == b'`' && b[e - 1] == b'`' {
        (s + 1, e - 1)
    } else {
        (s, e)
    }
}

/// Findings for the values of `INSERT INTO t (col, …) VALUES (…), (…)` whose column is named.
pub(crate) fn insert_hits(text: &str) -> Vec<Hit> {
    let mut out = Vec::new();
    if !mentions_insert_into(text) {
        return out;
    }
    // Read in any ASCII case without a lowered copy of the whole text: the keywords are found
    // case-insensitively, the punctuation as it is.
    let b = text.as_bytes();
    let mut from = 0;
    while let Some(at) = insert_into_at(text, from) {
        from = at + 11;
        let Some(open) = text[at..].find('(').map(|o| at + o) else { break };
        let Some(close) = text[open..].find(')').map(|c| open + c) else { break };
        let Some(vals) = super::markup::find_ascii_ci(b, b"values", close) else { continue };
        if vals - close > 8 || open - at > 80 {
            continue;
        }
        let table_name = text[at + 11..open].to_ascii_lowercase();
        let table = table_kind(&table_name);
        let sessions = table_name.contains("session");
        let columns: Vec<Option<usize>> = text[open + 1..close]
            .split(',')
            .map(|c| {
                let name = c.trim().trim_matches(|ch| ch == '`' || ch == '"');
                // A sessions table's `id` is the session's id: what its cookie carries.
                if session_column(name) || sessions && fold_name(name) == "id" {
                    return rule_for(Category::SessionCookie);
                }
                named_category(name).or_else(|| table.filter(|_| is_free_text_column(name))).and_then(rule_for)
            })
            .collect();
        if columns.iter().all(Option::is_none) {
            continue;
        }
        // Each tuple of the VALUES list, up to the end of the statement (or, with no `;`, the end
        // of the line where the first tuple starts: `VALUES` may end its own line).
        let body = vals + 6 + text[vals + 6..].bytes().take_while(u8::is_ascii_whitespace).count();
        // The statement's `;`, not one inside a quoted value (`'Exceeds expectations; promotion'`).
        let end = match unquoted_semicolon(&text[body..]) {
            Some(e) => body + e,
            None => text[body..].find('\n').map_or(text.len(), |e| body + e),
        };
        let mut rest = vals + 6;
        while let Some(o) = text[rest..end].find('(').map(|o| rest + o) {
            let Some(c) = text[o..end].rfind(')').map(|c| o + c).filter(|&c| c > o) else { break };
            // The tuple ends at the first `)` outside quotes.
            let tuple_end = tuple_close(&text[o + 1..c + 1]).map_or(c, |t| o + 1 + t);
            for (k, (s, e)) in sql_cells(&text[o + 1..tuple_end], o + 1).into_iter().enumerate() {
                let (s, e) = strip_sql_quotes(text, s, e);
                if let Some(Some(rule)) = columns.get(k) {
                    out.extend(cell_hit(RULES[*rule].category, *rule, text, s, e, &text[o..tuple_end]));
                }
            }
            rest = tuple_end + 1;
        }
    }
    out
}

/// Whether `text` holds `insert into` in any ASCII case: one automaton pass (built once) rather
/// than an 11-byte comparison at every byte — this runs on every text scanned.
fn mentions_insert_into(text: &str) -> bool {
    insert_into_at(text, 0).is_some()
}

/// Where `insert into` (in any ASCII case) first stands at or after `from`.
fn insert_into_at(text: &str, from: usize) -> Option<usize> {
    use aho_corasick::automaton::Automaton;
    use aho_corasick::dfa::DFA;
    static DFA_: std::sync::OnceLock<Option<DFA>> = std::sync::OnceLock::new();
    match DFA_.get_or_init(|| DFA::builder().ascii_case_insensitive(true).build(["insert into"]).ok()) {
        Some(dfa) => dfa.try_find(&aho_corasick::Input::new(text).range(from..)).ok().flatten().map(|m| m.start()),
        None => text
            .as_bytes()
            .get(from..)?
            .windows(11)
            .position(|w| w.eq_ignore_ascii_case(b"insert into"))
            .map(|p| from + p),
    }
}

/// What a table holds, by its name (`patients`, `dossiers_medicaux`, `rh_salaries`,
/// `employee_reviews`): its free-text columns (`motif`, `notes`, `evaluation`) are then health or
/// HR data about the person of the row.
fn table_kind(name: &str) -> Option<Category> {
    let name = name.trim().trim_matches(|ch| ch == '`' || ch == '"');
    let f = fold_name(name);
    let has = |w: &str| f.contains(w);
    let token = |w: &str| f.split(|c: char| !c.is_ascii_alphanumeric()).any(|t| t == w);
    if ["patient", "medic", "sante", "hospital", "hopital", "clinic", "consultation", "diagnos"].iter().any(|w| has(w))
    {
        Some(Category::HealthData)
    } else if token("rh")
        || token("hr")
        || ["salari", "employee", "employe", "personnel", "payroll", "paie", "staff", "disciplin"]
            .iter()
            .any(|w| has(w))
    {
        Some(Category::EmploymentData)
    } else {
        None
    }
}

/// Columns whose name says only "free text about the row": what they hold is what the table holds.
fn is_free_text_column(name: &str) -> bool {
    let f = fold_name(name);
    [
        "motif",
        "reason",
        "raison",
        "notes",
        "note",
        "comment",
        "comments",
        "commentaire",
        "commentaires",
        "observation",
        "observations",
        "remarque",
        "remarques",
        "evaluation",
        "appraisal",
        "review",
        "avis",
    ]
    .contains(&f.as_str())
}

fn tuple_close(s: &str) -> Option<usize> {
    let (mut quoted, mut escaped) = (false, false);
    for (i, b) in s.bytes().enumerate() {
        if escaped {
            escaped = false;
            continue;
        }
        match b {
            b'\\' if quoted => escaped = true,
            b'\'' => quoted = !quoted,
            b')' if !quoted => return Some(i),
            _ => {}
        }
    }
    None
}

/// The values of a tuple: split on commas outside single quotes (`'BPCO stade 2, pontage'` is
/// one value); byte ranges, spaces trimmed, quotes kept.
fn sql_cells(t: &str, base: usize) -> Vec<(usize, usize)> {
    let b = t.as_bytes();
    let (mut out, mut start, mut quoted, mut escaped) = (Vec::new(), 0, false, false);
    for i in 0..=b.len() {
        // `'N\'Guessan'`: a backslash-escaped quote stays inside the value.
        if escaped {
            escaped = false;
            continue;
        }
        if i < b.len() && b[i] == b'\\' && quoted {
            escaped = true;
        } else if i == b.len() || b[i] == b',' && !quoted {
            let (s, e) = trim_ascii_ws(b, start, i);
            out.push((base + s, base + e));
            start = i + 1;
        } else if b[i] == b'\'' {
            quoted = !quoted;
        }
    }
    out
}

fn strip_sql_quotes(text: &str, s: usize, e: usize) -> (usize, usize) {
    let b = text.as_bytes();
    if e > s + 1 && b[s] == b'\'' && b[e - 1] == b'\'' {
        (s + 1, e - 1)
    } else {
        (s, e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_named_column_makes_its_cells_findings() {
        let t = "id,nom,dob,ville\n1,Ann Lee,04/09/1994,Lyon\n2,Bo Chen,1981-03-07,Paris\n";
        let hits = table_hits(t);
        let got: Vec<&str> = hits.iter().map(|h| &t[h.start..h.end]).collect();
        assert_eq!(got, ["04/09/1994", "1981-03-07"]);
        assert!(table_hits("a,b,c\n1,2,3\n").is_empty());
    }

    #[test]
    fn insert_into_is_found_in_any_case() {
        for t in ["INSERT INTO t", "x insert into", "InSeRt InTo", "a\ninsert into\n"] {
            assert!(mentions_insert_into(t), "{t}");
        }
        for t in ["insert  into", "insertinto", "insert int", "", "INSERT\tINTO"] {
            assert!(!mentions_insert_into(t), "{t}");
        }
    }

    #[test]
    fn markdown_tables_are_read_by_their_names() {
        let t = "| Champ | Valeur |\n|---|---|\n| name | Ann Lee |\n| date_naissance | 1979-10-03 |\n| passeport | `24JX55520` |\n| created_at | 2023-01-11 |\n";
        let got: Vec<&str> = table_hits(t).iter().map(|h| &t[h.start..h.end]).collect();
        assert_eq!(got, ["1979-10-03", "24JX55520"]);
        let t = "| id | nom | dob |\n|----|-----|-----|\n| 1 | Ann Lee | 04/09/1994 |\n";
        let got: Vec<&str> = table_hits(t).iter().map(|h| &t[h.start..h.end]).collect();
        assert_eq!(got, ["04/09/1994"]);
        assert!(table_hits("| setting | value |\n|---|---|\n| timeout | 30 |\n").is_empty());
    }

    #[test]
    fn a_named_sql_column_makes_its_values_findings() {
        let t =
            "INSERT INTO patients (nom, naissance, pathologie) VALUES ('Ann Lee', '2000-11-19', 'schizophr\u{e9}nie');";
        let got: Vec<&str> = insert_hits(t).iter().map(|h| &t[h.start..h.end]).collect();
        assert_eq!(got, ["2000-11-19", "schizophr\u{e9}nie"]);
        // The table's name makes its free-text columns what it holds; `VALUES` may end its line.
        let t = "INSERT INTO rh_salaries (matricule, salaire_annuel, evaluation) VALUES\n('M1', 52000.00, 'blâme pour retards');";
        let got: Vec<&str> = insert_hits(t).iter().map(|h| &t[h.start..h.end]).collect();
        assert_eq!(got, ["52000.00", "blâme pour retards"]);
        let t = "INSERT INTO tickets (id, motif) VALUES (1, 'imprimante en panne');";
        assert!(insert_hits(t).is_empty());
    }
}
