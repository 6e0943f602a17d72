//! Writing customizations.xml and AnswerFile.xml exactly as WCD does: UTF-8 BOM, CRLF,
//! two-space indentation, `<x a="b" />` self-closing tags, no final newline.

use super::{Customizations, Node, PACKAGE_CONFIG_NS, PackageConfig, SETTINGS_NS};

/// Which of WCD's two copies of the settings to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum XmlFlavor {
    /// `customizations.xml`: everything, display `Name` attributes kept.
    Customizations,
    /// `AnswerFile.xml`: the `<Settings>` subtree with every `Name` attribute removed.
    AnswerFile,
}

const BOM: &str = "\u{feff}";
const DECL: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>";

/// The whole document as WCD writes `/Multivariant/0/customizations.xml`.
pub fn write_customizations(doc: &Customizations) -> String {
    let mut w = Out::default();
    w.raw(BOM);
    w.raw(DECL);
    w.line(0, "<WindowsCustomizations>");
    package_config(&mut w, &doc.package, &doc.empty_package_fields);
    settings(&mut w, doc, 1, XmlFlavor::Customizations);
    w.line(0, "</WindowsCustomizations>");
    w.finish()
}

/// `/CommonSettings/1/AnswerFile.xml`: the `<Settings>` subtree at column 0, no `Name`
/// attributes.
pub fn write_answer_file(doc: &Customizations) -> String {
    let mut w = Out::default();
    w.raw(BOM);
    w.raw(DECL);
    settings(&mut w, doc, 0, XmlFlavor::AnswerFile);
    w.finish()
}

fn package_config(w: &mut Out, p: &PackageConfig, empty: &[String]) {
    w.line(1, &format!("<PackageConfig xmlns=\"{PACKAGE_CONFIG_NS}\">"));
    let fields: [(&str, Option<&str>); 7] = [
        ("ID", Some(&p.id)),
        ("Name", Some(&p.name)),
        ("Version", Some(&p.version)),
        ("OwnerType", Some(&p.owner_type)),
        ("Rank", Some(&p.rank)),
        ("Notes", p.notes.as_deref()),
        ("Description", p.description.as_deref()),
    ];
    for (name, value) in fields {
        match value {
            Some("") if empty.iter().any(|e| e == name) => w.line(2, &format!("<{name} />")),
            Some(v) => w.line(2, &format!("<{name}>{}</{name}>", escape_text(v))),
            None => {}
        }
    }
    w.line(1, "</PackageConfig>");
}

fn settings(w: &mut Out, doc: &Customizations, depth: usize, flavor: XmlFlavor) {
    if doc.settings.is_empty() {
        w.line(depth, &format!("<Settings xmlns=\"{SETTINGS_NS}\" />"));
        return;
    }
    w.line(depth, &format!("<Settings xmlns=\"{SETTINGS_NS}\">"));
    for n in &doc.settings {
        node(w, n, depth + 1, flavor);
    }
    w.line(depth, "</Settings>");
}

fn node(w: &mut Out, n: &Node, depth: usize, flavor: XmlFlavor) {
    let mut open = format!("<{}", n.name);
    for (k, v) in &n.attrs {
        if flavor == XmlFlavor::AnswerFile && k == "Name" {
            continue;
        }
        open.push_str(&format!(" {k}=\"{}\"", escape_attr(v)));
    }
    if n.children.is_empty() {
        match &n.text {
            Some(t) => w.line(depth, &format!("{open}>{}</{}>", escape_text(t), n.name)),
            None => w.line(depth, &format!("{open} />")),
        }
        return;
    }
    w.line(depth, &format!("{open}>"));
    for c in &n.children {
        node(w, c, depth + 1, flavor);
    }
    w.line(depth, &format!("</{}>", n.name));
}

/// Element text as .NET's XmlWriter escapes it: `&`, `<`, `>`; quotes stay.
pub(crate) fn escape_text(s: &str) -> String {
    escape(s, false)
}

/// Attribute values as .NET escapes them: also `"`, and line breaks/tabs as references.
pub(crate) fn escape_attr(s: &str) -> String {
    escape(s, true)
}

/// `&`, `<`, `>` and CR always; `"`, LF and tab too in an attribute value.
fn escape(s: &str, attr: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#xD;"),
            '"' if attr => out.push_str("&quot;"),
            '\n' if attr => out.push_str("&#xA;"),
            '\t' if attr => out.push_str("&#x9;"),
            c => out.push(c),
        }
    }
    out
}

/// Line-oriented output with WCD's conventions: CRLF between lines, none at the end.
#[derive(Default)]
pub(crate) struct Out {
    buf: String,
}

impl Out {
    pub(crate) fn raw(&mut self, s: &str) {
        self.buf.push_str(s);
    }

    /// Starts a new line (CRLF unless this is the first) at `depth` × 2 spaces.
    pub(crate) fn line(&mut self, depth: usize, s: &str) {
        if !self.buf.is_empty() && !self.buf.ends_with('\u{feff}') {
            self.buf.push_str("\r\n");
        }
        for _ in 0..depth {
            self.buf.push_str("  ");
        }
        self.buf.push_str(s);
    }

    pub(crate) fn finish(self) -> String {
        self.buf
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_keeps_quotes_and_line_feeds_attributes_do_not() {
        let s = "a&b<c>d\"e\r\nf\tg";
        assert_eq!(escape_text(s), "a&amp;b&lt;c&gt;d\"e&#xD;\nf\tg");
        assert_eq!(escape_attr(s), "a&amp;b&lt;c&gt;d&quot;e&#xD;&#xA;f&#x9;g");
    }
}
