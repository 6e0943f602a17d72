//! The compiler's output as the tests compare it.

use ppkg_wizard::package::{Compiled, Content};

/// A provxml from its expected body lines (indentation included), with WCD's framing.
pub fn provxml(body: &[&str]) -> String {
    let mut s = String::from(
        "\u{feff}<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"yes\"?>\r\n<wap-provisioningdoc>",
    );
    for l in body {
        s.push_str("\r\n");
        s.push_str(l);
    }
    s.push_str("\r\n</wap-provisioningdoc>");
    s
}

/// The paths of the compiled files, in order.
pub fn names(c: &Compiled) -> Vec<&str> {
    c.files.iter().map(|f| f.path.as_str()).collect()
}

/// The text of compiled file `path` (which must be there and not an asset).
pub fn file_text(c: &Compiled, path: &str) -> String {
    match &c
        .file(path)
        .unwrap_or_else(|| panic!("no {path}; have {:?}", names(c)))
        .content
    {
        Content::Bytes(b) => String::from_utf8(b.clone()).unwrap(),
        Content::Asset(_) => panic!("{path} is an asset"),
    }
}

/// The value of attribute `name` in one element's text (our writer puts one element per
/// line), unescaped.
pub fn attr(line: &str, name: &str) -> Option<String> {
    let pat = format!(" {name}=\"");
    let start = line.find(&pat)? + pat.len();
    let end = line[start..].find('"')? + start;
    Some(unescape(&line[start..end]))
}

/// XML text with the escapes WCD and our writer use turned back into characters.
pub fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&apos;", "'")
        .replace("&#xD;", "\r")
        .replace("&#xA;", "\n")
        .replace("&#x9;", "\t")
        .replace("&amp;", "&")
}
