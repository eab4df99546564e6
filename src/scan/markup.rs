//! Values named by markup: an XML element's name (`<BirthDate>1969-04-17</BirthDate>`), the
//! `Name` attribute of an element that holds the value further in (SAML's
//! `<Attribute Name="dateNaissance"><AttributeValue>…`), and the `<th>` header of an HTML
//! table's column (`<th>Date de naissance</th>` names every `<td>` under it). The name says what
//! the value is (`validators::named_category`), as for the keys of JSON or the columns of CSV.
//! Also PostgreSQL's `COPY … (columns) FROM stdin` rows, whose statement names the fields.

use super::engine::Hit;
use super::rules::RULES;
use super::structure::{rule_for, trim_ascii_ws};
use super::validators::{fold_name, named_category};
use super::Category;

/// Findings for the text content of named elements, attribute-named values and table cells.
pub(crate) fn markup_hits(text: &str) -> Vec<Hit> {
    let mut out = Vec::new();
    // One pass over the text for both `</` and `/>` (this runs on every scan; most texts hold
    // no markup): each `/` is looked at with its neighbours.
    let b = text.as_bytes();
    if !memchr::memchr_iter(b'/', b).any(|j| (j > 0 && b[j - 1] == b'<') || b.get(j + 1) == Some(&b'>')) {
        return out;
    }
    element_hits(text, &mut out);
    table_cell_hits(text, &mut out);
    out
}

/// PostgreSQL's `COPY t (col, …) FROM stdin;` followed by tab-separated rows up to `\.`: the
/// column list names each field, as a CSV header does.
pub(crate) fn copy_hits(text: &str) -> Vec<Hit> {
    let mut out = Vec::new();
    let mut from = 0;
    // Found without lowering the whole text: this runs on every scan, most texts hold no COPY.
    while let Some(at) = find_ascii_ci(text.as_bytes(), b"from stdin", from) {
        from = at + 10;
        let lo = at.saturating_sub(512);
        let line_start = text.as_bytes()[lo..at].iter().rposition(|&b| b == b'\n').map_or(lo, |i| lo + i + 1);
        if !text.is_char_boundary(line_start) {
            continue;
        }
        let head = text[line_start..at].to_ascii_lowercase();
        let (Some(open), Some(close)) = (head.find('('), head.rfind(')')) else { continue };
        if !head.trim_start().starts_with("copy ") || close < open {
            continue;
        }
        let names: Vec<&str> =
            text[line_start + open + 1..line_start + close].split(',').map(|n| n.trim().trim_matches('"')).collect();
        let Some(body) = text[at..].find('\n').map(|i| at + i + 1) else { continue };
        let mut pos = body;
        for line in text[body..].split('\n') {
            let row_start = pos;
            pos += line.len() + 1;
            let row = line.strip_suffix('\r').unwrap_or(line);
            if row == "\\." || row.is_empty() {
                break;
            }
            let mut cell_start = row_start;
            for (k, cell) in row.split('\t').enumerate() {
                if let Some(name) = names.get(k) {
                    if cell != "\\N" {
                        push(&mut out, text, name, cell_start, cell_start + cell.len());
                    }
                }
                cell_start += cell.len() + 1;
            }
        }
    }
    out
}

fn push(out: &mut Vec<Hit>, text: &str, name: &str, s: usize, e: usize) {
    let (s, e) = trim_ascii_ws(text.as_bytes(), s, e);
    let Some(cat) = named_category(name) else { return };
    let Some(rule) = rule_for(cat) else { return };
    // `AWS_SECRET_ACCESS_KEY` in a phpinfo table: the AWS secret key, by its name and length.
    let aws = cat == Category::PasswordAssignment
        && fold_name(name).contains("aws_secret")
        && e - s == 40
        && text.as_bytes()[s..e].iter().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/'));
    let rule = if aws { RULES.iter().position(|r| r.id == "aws-secret-access-key").unwrap_or(rule) } else { rule };
    out.extend(super::structure::cell_hit(cat, rule, text, s, e, ""));
}

/// The local name of a tag (`saml2:AttributeValue` → `AttributeValue`) starting at `i` (after
/// `<`), and where it ends.
fn tag_name(b: &[u8], i: usize) -> (&[u8], usize) {
    let end = b[i..]
        .iter()
        .position(|c| !(c.is_ascii_alphanumeric() || matches!(c, b':' | b'_' | b'-' | b'.')))
        .map_or(b.len(), |p| i + p);
    let full = &b[i..end];
    let local = full.iter().rposition(|&c| c == b':').map_or(full, |p| &full[p + 1..]);
    (local, end)
}

/// `<Name …>value</…Name>` with no markup inside, and `<x Name="n"…>…<y>value</y>`.
fn element_hits(text: &str, out: &mut Vec<Hit>) {
    let b = text.as_bytes();
    let mut i = 0;
    // The name carried by the last `Name="…"` attribute, and where it was seen.
    let mut named_by_attr: Option<(String, usize)> = None;
    while let Some(p) = b[i..].iter().position(|&c| c == b'<') {
        let open = i + p;
        i = open + 1;
        if b.get(i).is_none_or(|c| !c.is_ascii_alphabetic()) {
            continue;
        }
        let (name, name_end) = tag_name(b, i);
        let Some(gt) = b[name_end..].iter().position(|&c| c == b'>' || c == b'<').map(|p| name_end + p) else { break };
        if b[gt] != b'>' {
            continue;
        }
        let attrs = &text[name_end..gt];
        let own_name = attr_value(attrs, "name").or_else(|| attr_value(attrs, "key"));
        // `<add key="ClearTextPassword" value="…" />`: one attribute names another's value.
        if let (Some(n), Some(v)) = (own_name, attr_value(attrs, "value")) {
            let at = v.as_ptr() as usize - text.as_ptr() as usize;
            push(out, text, n, at, at + v.len());
        }
        if b[gt - 1] == b'/' {
            continue;
        }
        if let Some(v) = own_name.or_else(|| attr_value(attrs, "friendlyname")) {
            named_by_attr = Some((v.to_string(), gt));
        }
        // Text content up to the next tag, which must close this one.
        let Some(lt) = b[gt + 1..].iter().position(|&c| c == b'<').map(|p| gt + 1 + p) else { break };
        if b.get(lt + 1) != Some(&b'/') || lt - gt > 200 {
            continue;
        }
        let (close, _) = tag_name(b, lt + 2);
        if close != name {
            continue;
        }
        let name_s = String::from_utf8_lossy(name);
        let before = out.len();
        push(out, text, &name_s, gt + 1, lt);
        if out.len() == before {
            // `<string name="code_pin">512887</string>` names its own content; SAML's
            // `<Attribute Name="…">` the `<AttributeValue>` inside it.
            if let Some((n, at)) = &named_by_attr {
                if *at == gt || gt - at < 200 && name_s.to_ascii_lowercase().contains("value") {
                    push(out, text, n, gt + 1, lt);
                }
            }
        }
    }
}

/// The value of attribute `want` (ASCII case-insensitive) in a tag's attribute text.
fn attr_value<'a>(attrs: &'a str, want: &str) -> Option<&'a str> {
    let lower = attrs.to_ascii_lowercase();
    let mut from = 0;
    while let Some(p) = lower[from..].find(want) {
        let at = from + p;
        from = at + want.len();
        let prev_ok = at == 0 || lower.as_bytes()[at - 1].is_ascii_whitespace();
        let rest = &attrs[at + want.len()..];
        if prev_ok && (rest.starts_with("=\"") || rest.starts_with("='")) {
            let q = &rest[1..2];
            return rest[2..].find(q).map(|e| &rest[2..2 + e]);
        }
    }
    None
}

/// Cells of the text content of `<th>`/`<td>` elements in one `<tr>` row.
fn row_cells(text: &str, s: usize, e: usize) -> Vec<(bool, usize, usize)> {
    let lower = text[s..e].to_ascii_lowercase();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(p) = lower[from..].find("<t") {
        let at = from + p;
        from = at + 2;
        let kind = lower.as_bytes().get(at + 2).copied();
        if !matches!(kind, Some(b'h' | b'd')) || !matches!(lower.as_bytes().get(at + 3), Some(b'>' | b' ')) {
            continue;
        }
        // The cell's text runs to the next tag, which must close it (cells holding markup are
        // left out): each byte is looked at once.
        let Some(gt) = lower[at + 3..].find(['>', '<']).map(|g| at + 3 + g) else { break };
        if lower.as_bytes()[gt] != b'>' {
            from = gt;
            continue;
        }
        let gt = gt + 1;
        let end = lower[gt..].find('<').map_or(lower.len(), |c| gt + c);
        let close = if kind == Some(b'h') { "</th>" } else { "</td>" };
        if lower[end..].starts_with(close) {
            out.push((kind == Some(b'h'), s + gt, s + end));
        } else {
            out.push((kind == Some(b'h'), s + gt, s + gt));
        }
        from = end;
    }
    out
}

/// An HTML table: the `<th>` row names the columns, each later row's `<td>` cells are their values.
fn table_cell_hits(text: &str, out: &mut Vec<Hit>) {
    // Each row runs from its `<tr` to the next one (or the end): one pass over the text, which
    // is not lowered as a whole (this runs on every scan; most texts hold no table).
    let mut starts: Vec<usize> = Vec::new();
    let mut from = 0;
    while let Some(at) = find_ascii_ci(text.as_bytes(), b"<tr", from) {
        starts.push(at);
        from = at + 3;
    }
    if starts.is_empty() {
        return;
    }
    let mut header: Vec<String> = Vec::new();
    for (k, &s) in starts.iter().enumerate() {
        let e = starts.get(k + 1).copied().unwrap_or(text.len());
        let cells = row_cells(text, s, e);
        if !cells.is_empty() && cells.iter().all(|c| c.0) {
            header = cells.iter().map(|&(_, a, b)| text[a..b].trim().to_string()).collect();
            continue;
        }
        // A record shown as name / value rows (phpinfo, a framework's error page):
        // `<tr><td>APP_KEY</td><td>base64:…</td></tr>`.
        if header.is_empty() && cells.len() == 2 && cells.iter().all(|c| !c.0) {
            let (name, (a, b)) = (&text[cells[0].1..cells[0].2], (cells[1].1, cells[1].2));
            if !name.contains('<') && !text[a..b].contains('<') {
                push(out, text, name.trim(), a, b);
            }
            continue;
        }
        for (k, &(th, a, b)) in cells.iter().enumerate() {
            if th || text[a..b].contains('<') {
                continue;
            }
            if let Some(name) = header.get(k) {
                push(out, text, name, a, b);
            }
        }
    }
}

/// The first place at or after `from` where `hay` holds `needle` (lowercase ASCII), in any ASCII
/// case. Hand-written rather than `to_ascii_lowercase` + `find`: no copy of the text per scan.
pub(crate) fn find_ascii_ci(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let (first, upper) = (needle[0], needle[0].to_ascii_uppercase());
    let last = hay.len().checked_sub(needle.len())?;
    let mut i = from;
    while i <= last {
        let k = memchr::memchr2(first, upper, &hay[i..=last])?;
        let j = i + k;
        if hay[j..j + needle.len()].eq_ignore_ascii_case(needle) {
            return Some(j);
        }
        i = j + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<&str> {
        markup_hits(text).iter().map(|h| &text[h.start..h.end]).collect()
    }

    #[test]
    fn element_names_attribute_names_and_table_headers_name_values() {
        assert_eq!(values("<Customer><BirthDate>1969-04-17</BirthDate><Id>C-5</Id></Customer>"), ["1969-04-17"]);
        assert_eq!(
            values(
                r#"<saml2:Attribute Name="dateNaissance"><saml2:AttributeValue>1974-05-30</saml2:AttributeValue></saml2:Attribute>"#
            ),
            ["1974-05-30"]
        );
        assert_eq!(
            values(r#"<string name="user_phone">07 90 49 21 23</string><string name="theme">dark</string>"#),
            ["07 90 49 21 23"]
        );
        assert_eq!(
            values(
                r#"<add key="ClearTextPassword" value="ugfyv3dddeovsfje5bw47kah" /><add key="Username" value="build" />"#
            ),
            ["ugfyv3dddeovsfje5bw47kah"]
        );
        assert_eq!(values("<table>\n<tr><td>APP_KEY</td><td>base64:r0st3JWacgKm8tq+ZIDEgRTqIjMMV4oUPaiJX+Q2djA=</td></tr>\n<tr><td>APP_ENV</td><td>production</td></tr>\n</table>"), ["base64:r0st3JWacgKm8tq+ZIDEgRTqIjMMV4oUPaiJX+Q2djA="]);
        let copy = "COPY public.clients (id, nom, passeport, pnr) FROM stdin;\n9021\tESCANDE\t17FT62039\tLLFQY4\n\\.\n";
        let found: Vec<&str> = copy_hits(copy).iter().map(|h| &copy[h.start..h.end]).collect();
        assert_eq!(found, ["17FT62039", "LLFQY4"]);
        let table = "<table><tr><th>Nom</th><th>Date de naissance</th></tr>\n<tr><td>Odile</td><td>1955-01-17</td></tr></table>";
        assert_eq!(values(table), ["1955-01-17"]);
        // Names that say nothing personal, and a build date, are not findings.
        assert!(values("<build><BuildDate>2024-01-02</BuildDate><version>1.2</version></build>").is_empty());
        assert!(values(
            "<table><tr><th>Version</th><th>Date</th></tr><tr><td>1.2</td><td>2024-01-02</td></tr></table>"
        )
        .is_empty());
    }
}
